import { createRecord } from 'lightning/uiRecordApi';
import {
    ActionInputError,
    acceptOffer,
    endInteraction,
    inputErrorMessage,
    linkRecord,
    refusalMessage,
    rejectOffer,
    resendMessage,
    sendMessage,
    setStatus,
    setStopNew,
    startOutbound,
    wrapUp
} from 'c/smsActions';
import createdAction from '../../smsAgentPanel/__tests__/data/createdAction.json';
import createError from '../../smsAgentPanel/__tests__/data/createRecordError.json';

const mockedCreate = jest.mocked(createRecord);

describe('c/smsActions', () => {
    beforeEach(() => {
        mockedCreate.mockReset();
        mockedCreate.mockResolvedValue(createdAction as never);
    });

    it.each([
        ['Set Status', () => setStatus('On Break'), { Requested_Status__c: 'On Break' }],
        ['Stop New', () => setStopNew(true), {}],
        ['Resume New', () => setStopNew(false), {}],
        ['Accept', () => acceptOffer('a02000000000003AAA'), { Interaction__c: 'a02000000000003AAA' }],
        ['Reject', () => rejectOffer('a02000000000003AAA'), { Interaction__c: 'a02000000000003AAA' }],
        ['End', () => endInteraction('a02000000000001AAA'), { Interaction__c: 'a02000000000001AAA' }],
        [
            'Wrap Up',
            () => wrapUp('a02000000000001AAA', 'Resolved'),
            { Interaction__c: 'a02000000000001AAA', Disposition__c: 'Resolved' }
        ],
        [
            'Resend',
            () => resendMessage('a02000000000002AAA', 'a06000000000003AAA'),
            { Interaction__c: 'a02000000000002AAA', Message__c: 'a06000000000003AAA' }
        ],
        [
            'Link Record',
            () => linkRecord('a02000000000002AAA', '003000000000001AAA'),
            { Interaction__c: 'a02000000000002AAA', Linked_Record_Id__c: '003000000000001AAA' }
        ],
        [
            'Start Outbound',
            () => startOutbound({ channelId: 'a03000000000001AAA', customerPhone: '+14155550123', body: 'Hello' }),
            { Channel__c: 'a03000000000001AAA', Customer_Phone__c: '+14155550123', Body__c: 'Hello' }
        ]
    ])('writes a %s action record and resolves its Id', async (type, call, fields) => {
        await expect(call()).resolves.toBe('a05000000000002AAA');
        expect(mockedCreate).toHaveBeenCalledWith({
            apiName: 'SMS_Agent_Action__c',
            fields: { Type__c: type, ...fields }
        });
    });

    it('leaves the disposition out of a wrap-up without one', async () => {
        await wrapUp('a02000000000001AAA', null);
        expect(mockedCreate.mock.calls[0][0].fields).toEqual({
            Type__c: 'Wrap Up',
            Interaction__c: 'a02000000000001AAA'
        });
    });

    it('writes an agent message as an outbound, queued SMS_Message__c', async () => {
        mockedCreate.mockResolvedValue({
            ...createdAction,
            apiName: 'SMS_Message__c',
            id: 'a06000000000010AAA'
        } as never);
        await expect(sendMessage('a02000000000002AAA', 'On its way')).resolves.toBe('a06000000000010AAA');
        expect(mockedCreate).toHaveBeenCalledWith({
            apiName: 'SMS_Message__c',
            fields: {
                Interaction__c: 'a02000000000002AAA',
                Direction__c: 'Outbound',
                Source__c: 'Agent',
                Status__c: 'Queued',
                Body__c: 'On its way'
            }
        });
    });

    it('refuses an empty or over-long message before writing anything', async () => {
        await expect(sendMessage('a02000000000002AAA', '   ')).rejects.toMatchObject({ code: 'EMPTY_MESSAGE' });
        await expect(sendMessage('a02000000000002AAA', 'x'.repeat(1501))).rejects.toBeInstanceOf(ActionInputError);
        expect(() =>
            startOutbound({ channelId: 'a03000000000001AAA', customerPhone: '+14155550123', body: 'é'.repeat(1501) })
        ).toThrow(expect.objectContaining({ code: 'MESSAGE_TOO_LONG' }));
        expect(mockedCreate).not.toHaveBeenCalled();
        await expect(sendMessage('a02000000000002AAA', 'x'.repeat(1500))).resolves.toBeDefined();
    });

    it('passes the UI API error through when the record cannot be created', async () => {
        mockedCreate.mockRejectedValue(createError);
        await expect(acceptOffer('a02000000000003AAA')).rejects.toBe(createError);
    });

    it('turns the service refusal codes into words, with a generic text for unknown ones', () => {
        expect(refusalMessage('REJECT_NOT_PERMITTED')).toBe(
            "You don't have permission for this. Ask your administrator."
        );
        expect(refusalMessage('OPTED_OUT')).toBe('This customer has opted out of SMS from this number.');
        expect(refusalMessage('TRANSITION_NOT_ALLOWED')).toMatch(/already moved on/);
        expect(refusalMessage('CAPACITY_REACHED')).toBe(
            'You already have as many interactions as you may handle at once.'
        );
        // Label names are not codes: the service writes codes only.
        expect(refusalMessage('SMS_Actions_Refused_Transition')).toBe('The service did not carry out this request.');
        expect(refusalMessage('SOMETHING_NEW')).toBe('The service did not carry out this request.');
        expect(refusalMessage(null)).toBe('The service did not carry out this request.');
    });

    it('says input problems in words', async () => {
        const empty = await sendMessage('a02000000000002AAA', '').catch((error: ActionInputError) => error);
        expect(inputErrorMessage(empty as ActionInputError)).toBe('Write a message first.');
        const tooLong = await sendMessage('a02000000000002AAA', 'x'.repeat(1501)).catch((e: ActionInputError) => e);
        expect(inputErrorMessage(tooLong as ActionInputError)).toBe('The message is longer than 1,500 characters.');
    });
});
