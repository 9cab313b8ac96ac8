jest.mock('@salesforce/customPermission/SMS_Reject_Offers', () => ({ __esModule: true, default: true }), {
    virtual: true
});

import { createRecord } from 'lightning/uiRecordApi';
import { empApiMock, subscribe, unsubscribe } from 'lightning/empApi';
import { graphqlMock } from 'lightning/graphql';
import { open as openUtility, updateUtility } from 'lightning/platformUtilityBarApi';
import createRecordError from './data/createRecordError.json';
import graphqlErrors from './data/graphqlErrors.json';
import agentEvent from './data/agentEvent.json';
import { CHANNEL, IDS, createRecordAnswers, mountPanel, resetPlatform } from './panelHarness';
import type { Harness } from './panelHarness';
import {
    NOW,
    addNode,
    conversationData,
    fields,
    nodeOf,
    removeNode,
    setFields,
    stateData
} from '../../../../../test/panelFixtures';
import type { GqlData } from '../../../../../test/panelFixtures';
import { expectAccessible, resetDom } from '../../../../../test/test-utils';
import { PENDING_GIVE_UP_MS, PENDING_RECHECK_MS, POLL_INTERVAL_MS, REFRESH_COALESCE_MS } from '../smsAgentPanel';

type Props = Record<string, unknown>;

function props(el: HTMLElement | null): Props {
    if (!el) throw new Error('element not rendered');
    return el as unknown as Props;
}

function lastCreate(): { apiName: string; fields: Record<string, unknown> } {
    const calls = jest.mocked(createRecord).mock.calls;
    return calls[calls.length - 1][0] as { apiName: string; fields: Record<string, unknown> };
}

function dispatch(el: HTMLElement | null, type: string, detail: unknown) {
    el!.dispatchEvent(new CustomEvent(type, { detail }));
}

function withAction(data: GqlData, id: string, values: Record<string, unknown>): GqlData {
    return addNode(
        data,
        'SMS_Agent_Action__c',
        { Id: id, ...fields({ Interaction__c: null, Message__c: null, Result_Detail__c: null, ...values }) },
        true
    );
}

async function advance(ms: number, h: Harness) {
    jest.advanceTimersByTime(ms);
    await h.settle();
}

describe('c-sms-agent-panel', () => {
    beforeEach(() => {
        jest.useFakeTimers({ now: NOW });
        resetPlatform();
    });

    afterEach(() => {
        resetDom();
        jest.useRealTimers();
    });

    it('shows the service status, the offer, the interactions oldest on top and the oldest conversation', async () => {
        const h = await mountPanel();
        expect(props(h.$('c-sms-status-menu')).status).toBe('Available');
        const offers = h.$$('c-sms-offer-card');
        expect(offers.map((o) => (props(o).offer as { id: string }).id)).toEqual([IDS.offer]);
        const items = props(h.$('c-sms-interaction-list')).items as Array<{ interaction: { id: string } }>;
        expect(items.map((i) => i.interaction.id)).toEqual([IDS.urgent, IDS.active]);
        const conversation = props(h.$('c-sms-conversation'));
        expect((conversation.interaction as { id: string }).id).toBe(IDS.urgent);
        expect((conversation.conversation as { messages: unknown[] }).messages).toHaveLength(5);
        expect(graphqlMock.configOf('smsConversation')?.variables).toEqual({ interactionId: IDS.urgent });
        expect(graphqlMock.configOf('smsPanelState')?.variables).toEqual({
            userId: IDS.user,
            userKey: IDS.user
        });
        expect(h.$('.sms-panel__open-count')!.textContent).toBe('Open interactions: 3');
        await expectAccessible(h.element);
    });

    it('B2: asks for a status change, shows it pending, and shows it once the service has set it', async () => {
        const h = await mountPanel();
        dispatch(h.$('c-sms-status-menu'), 'statuschange', { status: 'On Break' });
        await h.settle();
        expect(lastCreate()).toEqual({
            apiName: 'SMS_Agent_Action__c',
            fields: { Type__c: 'Set Status', Requested_Status__c: 'On Break' }
        });
        const menu = props(h.$('c-sms-status-menu'));
        expect(menu.pendingStatus).toBe('On Break');
        expect(menu.status).toBe('Available');
        await h.emitState(setFields(stateData(), 'SMS_Agent__c', IDS.agent, { Status__c: 'On Break' }));
        expect(props(h.$('c-sms-status-menu')).status).toBe('On Break');
        expect(props(h.$('c-sms-status-menu')).pendingStatus).toBeNull();
    });

    it('B3, B4, B20: a new offer shows while the agent works on others, announced and with the utility opened', async () => {
        const h = await mountPanel();
        const data = stateData();
        const second = { ...nodeOf(stateData(), 'SMS_Interaction__c', IDS.offer), Id: 'a02000000000004AAA' };
        Object.assign(
            second,
            fields({ Customer_Phone__c: '+14155550142', Offer_Expires_At__c: '2026-11-25T15:00:45.000Z' })
        );
        addNode(data, 'SMS_Interaction__c', second);
        jest.mocked(openUtility).mockClear();
        await h.emitState(data);
        expect(h.$$('c-sms-offer-card').map((o) => (props(o).offer as { id: string }).id)).toEqual([
            IDS.offer,
            'a02000000000004AAA'
        ]);
        expect(props(h.$('c-sms-offer-card')).canReject).toBe(true);
        expect((props(h.$('c-sms-conversation')).interaction as { id: string }).id).toBe(IDS.urgent);
        expect(h.$('.sms-panel__live')!.textContent).toBe('New SMS offer from +1 (415) 555-0142.');
        expect(openUtility).toHaveBeenCalledWith('utility-1', { autoFocus: false });
        expect(updateUtility).toHaveBeenCalledWith('utility-1', { highlighted: true });
    });

    it('does not open the utility for an offer when the admin turned that off', async () => {
        const h = await mountPanel({ props: { openOnOffer: false } });
        const data = stateData();
        addNode(data, 'SMS_Interaction__c', {
            ...nodeOf(stateData(), 'SMS_Interaction__c', IDS.offer),
            Id: 'a02000000000004AAA'
        });
        jest.mocked(openUtility).mockClear();
        await h.emitState(data);
        expect(openUtility).not.toHaveBeenCalled();
    });

    it('accepts an offer: pending until the service makes it Active, then opens it and tells the CRM seam', async () => {
        const h = await mountPanel({ props: { newCustomerObject: 'Lead' } });
        dispatch(h.$('c-sms-offer-card'), 'accept', { interactionId: IDS.offer });
        await h.settle();
        expect(lastCreate()).toEqual({
            apiName: 'SMS_Agent_Action__c',
            fields: { Type__c: 'Accept', Interaction__c: IDS.offer }
        });
        expect(props(h.$('c-sms-offer-card')).pending).toBe('accept');
        expect(h.events.interactionaccepted).toEqual([]);

        const accepted = setFields(stateData(), 'SMS_Interaction__c', IDS.offer, {
            Status__c: 'Active',
            Accepted_At__c: '2026-11-25T15:00:05.000Z'
        });
        await h.emitState(accepted);
        expect(h.$$('c-sms-offer-card')).toHaveLength(0);
        expect((props(h.$('c-sms-conversation')).interaction as { id: string }).id).toBe(IDS.offer);
        expect(graphqlMock.configOf('smsConversation')?.variables).toEqual({ interactionId: IDS.offer });
        expect(h.events.interactionaccepted).toEqual([
            {
                interactionId: IDS.offer,
                direction: 'Inbound',
                customerPhone: '+14155550199',
                matchedRecordIds: ['003000000000002AAA', '00Q000000000001AAA'],
                matchCount: 2,
                popOnAccept: true,
                newCustomerObject: 'Lead'
            }
        ]);
        const items = props(h.$('c-sms-interaction-list')).items as Array<{ interaction: { id: string } }>;
        expect(items.map((i) => i.interaction.id)).toEqual([IDS.urgent, IDS.active, IDS.offer]);
        expect(updateUtility).toHaveBeenLastCalledWith('utility-1', { highlighted: false });
    });

    it('B6: after a reject the offer goes and the status menu shows On Break set by the service', async () => {
        const h = await mountPanel();
        dispatch(h.$('c-sms-offer-card'), 'reject', { interactionId: IDS.offer });
        await h.settle();
        expect(lastCreate().fields).toEqual({ Type__c: 'Reject', Interaction__c: IDS.offer });
        expect(props(h.$('c-sms-offer-card')).pending).toBe('reject');
        const after = removeNode(stateData(), 'SMS_Interaction__c', IDS.offer);
        setFields(after, 'SMS_Agent__c', IDS.agent, { Status__c: 'On Break', Status_Reason__c: 'Rejected Offer' });
        await h.emitState(after);
        expect(h.$$('c-sms-offer-card')).toHaveLength(0);
        expect(props(h.$('c-sms-status-menu'))).toMatchObject({ status: 'On Break', statusReason: 'Rejected Offer' });
    });

    it('B6: when an offer lapses the panel re-reads the records and shows what the service decided', async () => {
        const h = await mountPanel();
        dispatch(h.$('c-sms-offer-card'), 'expire', { interactionId: IDS.offer });
        await h.settle();
        expect(createRecord).not.toHaveBeenCalled();
        await advance(REFRESH_COALESCE_MS, h);
        expect(h.refresh.state).toHaveBeenCalledTimes(1);
        const after = removeNode(stateData(), 'SMS_Interaction__c', IDS.offer);
        setFields(after, 'SMS_Agent__c', IDS.agent, { Status__c: 'On Break', Status_Reason__c: 'Missed Offer' });
        await h.emitState(after);
        expect(props(h.$('c-sms-status-menu'))).toMatchObject({ status: 'On Break', statusReason: 'Missed Offer' });
    });

    it('tells the agent when the service refuses a request, in words', async () => {
        const h = await mountPanel();
        dispatch(h.$('c-sms-offer-card'), 'accept', { interactionId: IDS.offer });
        await h.settle();
        const actionId = (await jest.mocked(createRecord).mock.results[0].value).id as string;
        await h.emitState(
            withAction(stateData(), actionId, {
                Type__c: 'Accept',
                Interaction__c: IDS.offer,
                Result__c: 'Refused',
                Result_Detail__c: 'TRANSITION_NOT_ALLOWED'
            })
        );
        expect(h.toasts).toEqual([
            {
                title: 'The SMS was not accepted',
                message:
                    'The interaction has already moved on (for example the offer lapsed or it was already wrapped up).',
                variant: 'error'
            }
        ]);
        expect(props(h.$('c-sms-offer-card')).pending).toBeNull();
    });

    it('shows a failed request as a toast with the label and the platform’s reason', async () => {
        const h = await mountPanel();
        jest.mocked(createRecord).mockRejectedValueOnce(createRecordError);
        dispatch(h.$('c-sms-conversation'), 'end', { interactionId: IDS.urgent });
        await h.settle();
        expect(h.toasts).toEqual([
            {
                title: 'The interaction was not ended',
                message: 'insufficient access rights on cross-reference id: a02000000000002',
                variant: 'error'
            }
        ]);
        expect(props(h.$('c-sms-conversation')).endPending).toBe(false);
    });

    it('re-reads the records when a request gets no answer, then stops waiting with a warning', async () => {
        const h = await mountPanel();
        dispatch(h.$('c-sms-status-menu'), 'stopnewchange', { stopNew: true });
        await h.settle();
        expect(lastCreate().fields).toEqual({ Type__c: 'Stop New' });
        expect(props(h.$('c-sms-status-menu')).pendingStopNew).toBe(true);
        await advance(PENDING_RECHECK_MS + REFRESH_COALESCE_MS, h);
        expect(h.refresh.state).toHaveBeenCalled();
        await advance(PENDING_GIVE_UP_MS - PENDING_RECHECK_MS, h);
        expect(props(h.$('c-sms-status-menu')).pendingStopNew).toBeNull();
        expect(h.toasts.at(-1)).toEqual({
            title: 'Stop new was not changed',
            message: 'The service has not answered yet. Check your connection and try again.',
            variant: 'warning'
        });
    });

    it('B19: Stop new shows as pending, then as the service holds it', async () => {
        const h = await mountPanel();
        dispatch(h.$('c-sms-status-menu'), 'stopnewchange', { stopNew: true });
        await h.settle();
        await h.emitState(setFields(stateData(), 'SMS_Agent__c', IDS.agent, { Stop_New__c: true }));
        expect(props(h.$('c-sms-status-menu'))).toMatchObject({ stopNew: true, pendingStopNew: null });
        dispatch(h.$('c-sms-status-menu'), 'stopnewchange', { stopNew: false });
        await h.settle();
        expect(lastCreate().fields).toEqual({ Type__c: 'Resume New' });
    });

    it('B9: sends a message as an outbound SMS_Message__c, clears the composer and shows it until the record arrives', async () => {
        const h = await mountPanel();
        const composer = h.$('c-sms-composer.sms-panel__composer')!;
        dispatch(composer, 'draftchange', { value: 'It ships today.' });
        dispatch(composer, 'send', { value: 'It ships today.' });
        await h.settle();
        expect(lastCreate()).toEqual({
            apiName: 'SMS_Message__c',
            fields: {
                Interaction__c: IDS.urgent,
                Direction__c: 'Outbound',
                Source__c: 'Agent',
                Status__c: 'Queued',
                Body__c: 'It ships today.'
            }
        });
        const messageId = (await jest.mocked(createRecord).mock.results[0].value).id as string;
        expect(props(h.$('c-sms-composer.sms-panel__composer')).value).toBe('');
        expect(props(h.$('c-sms-conversation')).pendingMessages).toEqual([{ id: messageId, body: 'It ships today.' }]);

        const withMessage = conversationData();
        addNode(
            withMessage,
            'SMS_Message__c',
            {
                Id: messageId,
                ...fields({
                    Direction__c: 'Outbound',
                    Source__c: 'Agent',
                    Body__c: 'It ships today.',
                    Status__c: 'Queued',
                    CreatedDate: '2026-11-25T15:00:01.000Z'
                })
            },
            true
        );
        await h.emitConversation(withMessage);
        expect(props(h.$('c-sms-conversation')).pendingMessages).toEqual([]);
    });

    it('keeps the draft when a message cannot be sent, and says why', async () => {
        const h = await mountPanel();
        jest.mocked(createRecord).mockRejectedValueOnce(createRecordError);
        const composer = h.$('c-sms-composer.sms-panel__composer')!;
        dispatch(composer, 'draftchange', { value: 'Still here?' });
        dispatch(composer, 'send', { value: 'Still here?' });
        await h.settle();
        expect(h.toasts[0]).toMatchObject({ title: 'Your message was not sent', variant: 'error' });
        dispatch(h.$('c-sms-interaction-list'), 'select', { interactionId: IDS.active });
        await h.settle();
        dispatch(h.$('c-sms-interaction-list'), 'select', { interactionId: IDS.urgent });
        await h.settle();
        expect(props(h.$('c-sms-composer.sms-panel__composer')).value).toBe('Still here?');
    });

    it('resends a failed message through a Resend action (X6)', async () => {
        const h = await mountPanel();
        dispatch(h.$('c-sms-conversation'), 'resend', { interactionId: IDS.urgent, messageId: IDS.failedMessage });
        await h.settle();
        expect(lastCreate().fields).toEqual({
            Type__c: 'Resend',
            Interaction__c: IDS.urgent,
            Message__c: IDS.failedMessage
        });
        expect(props(h.$('c-sms-conversation')).resendPendingIds).toEqual([IDS.failedMessage]);
    });

    it('disables sending to an opted-out customer, with the reason', async () => {
        const h = await mountPanel({
            state: setFields(stateData(), 'SMS_Interaction__c', IDS.urgent, { Customer_Opted_Out__c: true })
        });
        expect(props(h.$('c-sms-composer.sms-panel__composer'))).toMatchObject({
            disabled: true,
            disabledReason: "This customer opted out of SMS (they texted STOP), so you can't send messages."
        });
    });

    it('B10, B12: End leads to the post-processing countdown, the disposition picker and Wrap up', async () => {
        const h = await mountPanel();
        dispatch(h.$('c-sms-conversation'), 'end', { interactionId: IDS.urgent });
        await h.settle();
        expect(lastCreate().fields).toEqual({ Type__c: 'End', Interaction__c: IDS.urgent });
        expect(props(h.$('c-sms-conversation')).endPending).toBe(true);
        expect(h.$('c-sms-wrap-up')).toBeNull();

        const ended = setFields(stateData(), 'SMS_Interaction__c', IDS.urgent, {
            Status__c: 'Post-processing',
            Terminated_At__c: '2026-11-25T15:00:02.000Z',
            Wrap_Up_Deadline__c: '2026-11-25T15:02:02.000Z',
            Disposition_Required__c: true
        });
        await h.emitState(ended);
        expect(h.events.interactionterminated).toEqual([{ interactionId: IDS.urgent, status: 'Post-processing' }]);
        expect(h.$('c-sms-composer.sms-panel__composer')).toBeNull();
        const wrapUp = props(h.$('c-sms-wrap-up'));
        expect((wrapUp.interaction as { wrapUpDeadline: string }).wrapUpDeadline).toBe('2026-11-25T15:02:02.000Z');
        expect(wrapUp.dispositionOptions).toEqual([
            { label: 'Resolved', value: 'Resolved' },
            { label: 'Follow-up needed', value: 'Follow_Up' },
            { label: 'Wrong number', value: 'Wrong_Number' }
        ]);

        dispatch(h.$('c-sms-wrap-up'), 'wrapup', { interactionId: IDS.urgent, disposition: 'Resolved' });
        await h.settle();
        expect(lastCreate().fields).toEqual({
            Type__c: 'Wrap Up',
            Interaction__c: IDS.urgent,
            Disposition__c: 'Resolved'
        });
        expect(props(h.$('c-sms-wrap-up')).pending).toBe(true);
    });

    it('B11: once the service closes the interaction and sets the agent Available, the panel shows that', async () => {
        const ended = setFields(stateData(), 'SMS_Interaction__c', IDS.urgent, {
            Status__c: 'Post-processing',
            Wrap_Up_Deadline__c: '2026-11-25T15:00:10.000Z'
        });
        setFields(ended, 'SMS_Agent__c', IDS.agent, { Status__c: 'Post-processing' });
        const h = await mountPanel({ state: ended });
        expect(props(h.$('c-sms-status-menu')).status).toBe('Post-processing');
        expect(h.$('c-sms-wrap-up')).not.toBeNull();
        await advance(10000, h);
        const closed = removeNode(stateData(), 'SMS_Interaction__c', IDS.urgent);
        setFields(closed, 'SMS_Agent__c', IDS.agent, { Status__c: 'Available', Status_Reason__c: 'System' });
        await h.emitState(closed);
        expect(props(h.$('c-sms-status-menu')).status).toBe('Available');
        expect(h.$('c-sms-wrap-up')).toBeNull();
        expect((props(h.$('c-sms-conversation')).interaction as { id: string }).id).toBe(IDS.active);
    });

    it('B18, B21: handles several interactions; selecting one opens its conversation', async () => {
        const h = await mountPanel();
        dispatch(h.$('c-sms-interaction-list'), 'select', { interactionId: IDS.active });
        await h.settle();
        expect(graphqlMock.configOf('smsConversation')?.variables).toEqual({ interactionId: IDS.active });
        expect((props(h.$('c-sms-conversation')).interaction as { id: string }).id).toBe(IDS.active);
        const items = props(h.$('c-sms-interaction-list')).items as Array<{
            interaction: { id: string };
            selected: boolean;
        }>;
        expect(items.map((i) => [i.interaction.id, i.selected])).toEqual([
            [IDS.urgent, false],
            [IDS.active, true]
        ]);
    });

    it('B22: unread and past SLA blinks until opened, and again after a newer customer message', async () => {
        const h = await mountPanel();
        const alertsOf = (id: string) =>
            (
                props(h.$('c-sms-interaction-list')).items as Array<{
                    interaction: { id: string };
                    alerts: { blinkOrange: boolean; unreadLevel: string };
                }>
            ).find((i) => i.interaction.id === id)!.alerts;
        // The oldest interaction opened by itself: seen.
        dispatch(h.$('c-sms-interaction-list'), 'select', { interactionId: IDS.active });
        await h.settle();
        expect(alertsOf(IDS.urgent)).toMatchObject({ unreadLevel: 'red', blinkOrange: false });
        await h.emitState(
            setFields(stateData(), 'SMS_Interaction__c', IDS.urgent, {
                Unread_Count__c: 3,
                Last_Customer_Message_At__c: '2026-11-25T14:59:59.000Z'
            })
        );
        expect(alertsOf(IDS.urgent)).toMatchObject({ unreadLevel: 'red', blinkOrange: true });
        expect(h.$('.sms-panel__live')!.textContent).toBe('New message from +447700900123.');
    });

    it('B23–B27: Add interaction → SMS, send, and a confirmation once the service has opened it', async () => {
        const h = await mountPanel();
        expect(h.$('c-sms-new-sms')).toBeNull();
        dispatch(h.$('lightning-button-menu.sms-panel__add'), 'select', { value: 'sms' });
        await h.settle();
        const form = h.$('c-sms-new-sms');
        expect(props(form).channels).toHaveLength(2);
        expect(props(form).quickAnswers).toHaveLength(2);
        dispatch(form, 'send', {
            channelId: IDS.channelUs,
            customerPhone: '+14155550123',
            body: 'Your parcel is ready.'
        });
        await h.settle();
        expect(lastCreate()).toEqual({
            apiName: 'SMS_Agent_Action__c',
            fields: {
                Type__c: 'Start Outbound',
                Channel__c: IDS.channelUs,
                Customer_Phone__c: '+14155550123',
                Body__c: 'Your parcel is ready.'
            }
        });
        expect(props(h.$('c-sms-new-sms')).pending).toBe(true);
        expect(h.toasts).toEqual([]);

        const actionId = (await jest.mocked(createRecord).mock.results[0].value).id as string;
        const data = withAction(stateData(), actionId, {
            Type__c: 'Start Outbound',
            Result__c: 'Applied',
            Interaction__c: 'a02000000000009AAA'
        });
        addNode(data, 'SMS_Interaction__c', {
            ...nodeOf(stateData(), 'SMS_Interaction__c', IDS.active),
            Id: 'a02000000000009AAA',
            ...fields({
                Direction__c: 'Outbound',
                Customer_Phone__c: '+14155550123',
                Accepted_At__c: null,
                Initiated_At__c: '2026-11-25T15:00:03.000Z'
            })
        });
        await h.emitState(data);
        expect(h.toasts).toEqual([
            {
                title: 'SMS sent',
                message: 'Your SMS to +1 (415) 555-0123 is on its way. Its delivery status shows in the conversation.',
                variant: 'success'
            }
        ]);
        expect(h.$('c-sms-new-sms')).toBeNull();
        expect((props(h.$('c-sms-conversation')).interaction as { id: string }).id).toBe('a02000000000009AAA');
        expect(h.events.interactionaccepted).toEqual([expect.objectContaining({ direction: 'Outbound' })]);
    });

    it('B28: an outbound interaction wraps up like any other', async () => {
        const data = setFields(stateData(), 'SMS_Interaction__c', IDS.active, {
            Direction__c: 'Outbound',
            Status__c: 'Post-processing',
            Wrap_Up_Deadline__c: '2026-11-25T15:01:00.000Z'
        });
        const h = await mountPanel({ state: data });
        dispatch(h.$('c-sms-interaction-list'), 'select', { interactionId: IDS.active });
        await h.settle();
        dispatch(h.$('c-sms-wrap-up'), 'wrapup', { interactionId: IDS.active, disposition: 'Follow_Up' });
        await h.settle();
        expect(lastCreate().fields).toEqual({
            Type__c: 'Wrap Up',
            Interaction__c: IDS.active,
            Disposition__c: 'Follow_Up'
        });
    });

    it('keeps the New SMS form and says why when the service refuses it', async () => {
        const h = await mountPanel();
        dispatch(h.$('lightning-button-menu.sms-panel__add'), 'select', { value: 'sms' });
        await h.settle();
        dispatch(h.$('c-sms-new-sms'), 'send', { channelId: IDS.channelUs, customerPhone: '+14155550123', body: 'Hi' });
        await h.settle();
        const actionId = (await jest.mocked(createRecord).mock.results[0].value).id as string;
        await h.emitState(
            withAction(stateData(), actionId, {
                Type__c: 'Start Outbound',
                Result__c: 'Refused',
                Result_Detail__c: 'OPTED_OUT'
            })
        );
        expect(h.toasts).toEqual([
            {
                title: 'The new SMS was not sent',
                message: 'This customer has opted out of SMS from this number.',
                variant: 'error'
            }
        ]);
        expect(props(h.$('c-sms-new-sms')).pending).toBe(false);
    });

    describe('events', () => {
        it('subscribes to the channel named on the agent record, for new events only', async () => {
            const custom = setFields(stateData(), 'SMS_Agent__c', IDS.agent, {
                Event_Channel__c: '/event/SMS_Agent_Event__e'
            });
            await mountPanel({ state: custom });
            expect(subscribe).toHaveBeenCalledTimes(1);
            expect(subscribe).toHaveBeenCalledWith(CHANNEL, -1, expect.any(Function));
        });

        it('ignores events for other agents', async () => {
            const h = await mountPanel();
            await h.fire({ Recipient_Id__c: '005000000000001AAA', Sequence__c: 1 });
            await advance(REFRESH_COALESCE_MS, h);
            expect(h.refresh.state).not.toHaveBeenCalled();
        });

        it('coalesces a burst of events into one refresh', async () => {
            const h = await mountPanel();
            for (let seq = 1; seq <= 5; seq += 1) {
                empApiMock.fireMessage(CHANNEL, {
                    ...agentEvent.data.payload,
                    Type__c: 'interaction_changed',
                    Interaction_Id__c: IDS.active,
                    Sequence__c: seq
                });
                jest.advanceTimersByTime(20);
            }
            await advance(REFRESH_COALESCE_MS, h);
            expect(h.refresh.state).toHaveBeenCalledTimes(1);
            expect(h.refresh.conversation).not.toHaveBeenCalled();
        });

        it('re-reads the open conversation on a message event about it, not on one about another', async () => {
            const h = await mountPanel();
            await h.fire({ Type__c: 'message', Interaction_Id__c: IDS.active, Sequence__c: 1 });
            await advance(REFRESH_COALESCE_MS, h);
            expect(h.refresh.conversation).not.toHaveBeenCalled();
            await h.fire({ Type__c: 'message', Interaction_Id__c: IDS.urgent, Sequence__c: 2 });
            await advance(REFRESH_COALESCE_MS, h);
            expect(h.refresh.conversation).toHaveBeenCalledTimes(1);
            expect(h.refresh.state).toHaveBeenCalledTimes(2);
        });

        it('resyncs every read when the event sequence has a gap', async () => {
            const h = await mountPanel();
            await h.fire({ Sequence__c: 10 });
            await advance(REFRESH_COALESCE_MS, h);
            expect(h.refresh.config).not.toHaveBeenCalled();
            await h.fire({ Sequence__c: 13 });
            await advance(REFRESH_COALESCE_MS, h);
            expect(h.refresh.state).toHaveBeenCalledTimes(2);
            expect(h.refresh.conversation).toHaveBeenCalledTimes(1);
            expect(h.refresh.config).toHaveBeenCalledTimes(1);
        });

        it('shows a subscription error as a banner (role="alert"), polls meanwhile, and resubscribes', async () => {
            const h = await mountPanel();
            empApiMock.failNextSubscribe(new Error('Handshake denied'));
            empApiMock.fireError({ channel: '/meta/connect', error: '403::Unknown client', successful: false });
            await h.settle();
            const banner = h.$('c-sms-notice.sms-panel__stream-down');
            expect(props(banner)).toMatchObject({
                variant: 'error',
                heading: 'Live updates are interrupted',
                details: ['403::Unknown client']
            });
            expect(banner!.shadowRoot!.querySelector('[role="alert"]')).not.toBeNull();

            await advance(1000, h); // the first retry fails (Handshake denied)
            expect(h.$('c-sms-notice.sms-panel__stream-down')).not.toBeNull();
            await advance(2000, h); // the second, twice as late, succeeds
            expect(h.$('c-sms-notice.sms-panel__stream-down')).toBeNull();
            expect(empApiMock.subscribedChannels()).toEqual([CHANNEL]);
            await advance(REFRESH_COALESCE_MS, h);
            // Events may have been missed while down: every read is refreshed once.
            expect(h.refresh.state).toHaveBeenCalledTimes(1);
            expect(h.refresh.conversation).toHaveBeenCalledTimes(1);
            expect(h.refresh.config).toHaveBeenCalledTimes(1);
            await expectAccessible(h.element);
        });

        it('re-reads the records on a timer while the stream stays down', async () => {
            const h = await mountPanel();
            empApiMock.failNextSubscribe(new Error('Handshake denied'), 10);
            empApiMock.fireError({ channel: '/meta/connect', error: '403::Unknown client', successful: false });
            await h.settle();
            await advance(POLL_INTERVAL_MS + REFRESH_COALESCE_MS, h);
            expect(h.refresh.state).toHaveBeenCalledTimes(1);
            expect(h.refresh.conversation).toHaveBeenCalledTimes(1);
            expect(h.$('c-sms-notice.sms-panel__stream-down')).not.toBeNull();
        });

        it('reconnects at once on request', async () => {
            const h = await mountPanel();
            empApiMock.failNextSubscribe(new Error('Handshake denied'));
            empApiMock.fireError({ channel: '/meta/connect', error: '403::Unknown client', successful: false });
            await h.settle();
            await advance(1000, h);
            dispatch(h.$('c-sms-notice.sms-panel__stream-down'), 'action', undefined);
            await h.settle();
            expect(h.$('c-sms-notice.sms-panel__stream-down')).toBeNull();
        });

        it('unsubscribes when the panel is removed', async () => {
            const h = await mountPanel();
            document.body.removeChild(h.element);
            await h.settle();
            expect(unsubscribe).toHaveBeenCalledWith(expect.objectContaining({ channel: CHANNEL }));
            expect(empApiMock.subscribedChannels()).toEqual([]);
        });

        it('says when live updates are not available and polls', async () => {
            empApiMock.setEnabled(false);
            const h = await mountPanel();
            expect(props(h.$('c-sms-notice.sms-panel__stream-unavailable')).variant).toBe('warning');
            await advance(POLL_INTERVAL_MS + REFRESH_COALESCE_MS, h);
            expect(h.refresh.state).toHaveBeenCalledTimes(1);
        });
    });

    it('shows a load error as words, with the details behind a disclosure', async () => {
        const h = await mountPanel({ conversation: null });
        graphqlMock.emitErrors('smsPanelState', graphqlErrors, h.refresh.state);
        await h.settle();
        const notice = h.$('c-sms-notice.sms-panel__state-error');
        expect(props(notice)).toMatchObject({
            heading: 'Your SMS work could not be loaded',
            details: [graphqlErrors[0].message]
        });
        expect(notice!.shadowRoot!.querySelector('details summary')!.textContent).toBe('Details');
    });

    it('tells a user without an agent record what to ask for, and subscribes to nothing', async () => {
        const data = stateData();
        data.uiapi.query.SMS_Agent__c.edges = [];
        data.uiapi.query.SMS_Interaction__c.edges = [];
        const h = await mountPanel({ state: data, conversation: null });
        expect(props(h.$('c-sms-notice.sms-panel__not-agent')).heading).toBe('You are not set up as an SMS agent');
        expect(h.$('c-sms-status-menu')).toBeNull();
        expect(subscribe).not.toHaveBeenCalled();
        await expectAccessible(h.element);
    });
});

describe('c-sms-agent-panel before the records arrive', () => {
    afterEach(resetDom);

    it('shows a spinner with a label', async () => {
        resetPlatform();
        createRecordAnswers();
        const { createElement } = await import('lwc');
        const { default: Panel } = await import('c/smsAgentPanel');
        const element = createElement('c-sms-agent-panel', { is: Panel });
        document.body.appendChild(element);
        await Promise.resolve();
        const spinner = element.shadowRoot!.querySelector('lightning-spinner') as HTMLElement & {
            alternativeText: string;
        };
        expect(spinner.alternativeText).toBe('Loading your SMS work');
        await expect(element).toBeAccessible();
    });
});
