import { pendingKey, settleWithMessages, settleWithState } from 'c/smsPending';
import type { PendingRequest } from 'c/smsPending';
import { readConversation, readPanelState } from 'c/smsModel';
import type { ActionView, PanelStateData } from 'c/smsModel';
import { IDS, conversationData, setFields, stateData } from '../../../../../test/panelFixtures';

function read(data = stateData()) {
    return readPanelState(data as unknown as PanelStateData);
}

function request(values: Partial<PendingRequest> & Pick<PendingRequest, 'kind'>): PendingRequest {
    return { key: pendingKey(values.kind, values.interactionId), recordId: 'a05000000000009AAA', since: 0, ...values };
}

function action(
    result: 'Pending' | 'Applied' | 'Refused',
    detail: string | null = null,
    extra: Partial<ActionView> = {}
) {
    return {
        id: 'a05000000000009AAA',
        type: 'Accept',
        interactionId: IDS.offer,
        messageId: null,
        result,
        detail,
        ...extra
    };
}

describe('c/smsPending', () => {
    it('keeps a request pending while its action is Pending and the records show nothing new', () => {
        const { agent, interactions } = read();
        const accept = request({ kind: 'accept', interactionId: IDS.offer });
        expect(settleWithState([accept], agent, interactions, [action('Pending')], new Set())).toEqual([]);
    });

    it('settles a refused action with the reason the service gave', () => {
        const { agent, interactions } = read();
        const reject = request({ kind: 'reject', interactionId: IDS.offer });
        const [settled] = settleWithState(
            [reject],
            agent,
            interactions,
            [action('Refused', 'NOT_PERMITTED')],
            new Set()
        );
        expect(settled).toMatchObject({ outcome: 'refused', detail: 'NOT_PERMITTED' });
    });

    it('settles an applied action', () => {
        const { agent, interactions } = read();
        const [settled] = settleWithState(
            [request({ kind: 'end', interactionId: IDS.active })],
            agent,
            interactions,
            [action('Applied')],
            new Set()
        );
        expect(settled.outcome).toBe('applied');
    });

    it('settles a status change once the agent record shows it, and not before', () => {
        const status = request({ kind: 'status', requestedStatus: 'On Break' });
        const before = read();
        expect(settleWithState([status], before.agent, before.interactions, [], new Set())).toEqual([]);
        const after = read(setFields(stateData(), 'SMS_Agent__c', IDS.agent, { Status__c: 'On Break' }));
        expect(settleWithState([status], after.agent, after.interactions, [], new Set())[0].outcome).toBe('observed');
    });

    it('settles Stop new, accept, end and wrap up from the records', () => {
        const data = setFields(stateData(), 'SMS_Agent__c', IDS.agent, { Stop_New__c: true });
        setFields(data, 'SMS_Interaction__c', IDS.offer, { Status__c: 'Active' });
        setFields(data, 'SMS_Interaction__c', IDS.active, { Status__c: 'Post-processing' });
        data.uiapi.query.SMS_Interaction__c.edges = data.uiapi.query.SMS_Interaction__c.edges.filter(
            (e) => e.node.Id !== IDS.urgent
        );
        const { agent, interactions } = read(data);
        const requests = [
            request({ kind: 'stopNew', stopNew: true }),
            request({ kind: 'accept', interactionId: IDS.offer }),
            request({ kind: 'end', interactionId: IDS.active }),
            request({ kind: 'wrapup', interactionId: IDS.urgent })
        ];
        expect(settleWithState(requests, agent, interactions, [], new Set()).map((s) => s.request.kind)).toEqual([
            'stopNew',
            'accept',
            'end',
            'wrapup'
        ]);
    });

    it('finds the interaction a Start Outbound opened', () => {
        const data = setFields(stateData(), 'SMS_Interaction__c', IDS.active, {
            Direction__c: 'Outbound',
            Customer_Phone__c: '+14155550123'
        });
        const { agent, interactions } = read(data);
        const outbound = request({ kind: 'outbound', customerPhone: '+14155550123', channelId: IDS.channelUs });
        const known = new Set([IDS.urgent, IDS.offer]);
        const [settled] = settleWithState(
            [outbound],
            agent,
            interactions,
            [action('Applied', null, { interactionId: null })],
            known
        );
        expect(settled).toMatchObject({ outcome: 'applied', interactionId: IDS.active });
        const [seen] = settleWithState([outbound], agent, interactions, [], known);
        expect(seen).toMatchObject({ outcome: 'observed', interactionId: IDS.active });
    });

    it('settles a sent message when its record appears, and a resend when the new copy appears', () => {
        const messages = readConversation(conversationData() as never).messages;
        const sent = request({ kind: 'message', recordId: 'a06000000000005AAA', interactionId: IDS.urgent });
        const waiting = request({ kind: 'message', recordId: 'a06000000000099AAA', interactionId: IDS.urgent });
        expect(settleWithMessages([sent, waiting], messages).map((s) => s.request.recordId)).toEqual([
            'a06000000000005AAA'
        ]);
        const resend = request({ kind: 'resend', messageId: IDS.failedMessage });
        expect(settleWithMessages([resend], messages)).toEqual([]);
        const withCopy = [...messages, { ...messages[2], id: 'a06000000000010AAA', resendOf: IDS.failedMessage }];
        expect(settleWithMessages([resend], withCopy)).toHaveLength(1);
    });

    it('settles a Link Record once the interaction holds the record (on its 15-character Id), not before', () => {
        const link = request({ kind: 'link', interactionId: IDS.offer, linkedRecordId: '003000000000002AAA' });
        const before = read();
        expect(settleWithState([link], before.agent, before.interactions, [], new Set())).toEqual([]);
        const after = read(setFields(stateData(), 'SMS_Interaction__c', IDS.offer, { Contact__c: '003000000000002' }));
        expect(settleWithState([link], after.agent, after.interactions, [], new Set())).toEqual([
            { request: link, outcome: 'observed', detail: null, interactionId: IDS.offer }
        ]);
        const linkCase = request({ kind: 'link', interactionId: IDS.offer, linkedRecordId: '500000000000001AAA' });
        const withCase = read(
            setFields(stateData(), 'SMS_Interaction__c', IDS.offer, { Case__c: '500000000000001AAA' })
        );
        expect(settleWithState([linkCase], withCase.agent, withCase.interactions, [], new Set())).toHaveLength(1);
    });
});
