import {
    DEFAULT_EVENT_CHANNEL,
    interactionAlerts,
    interactionTransitions,
    offeredInteractions,
    readConversation,
    readPanelConfig,
    readPanelState,
    workingInteractions
} from 'c/smsModel';
import type { InteractionView, PanelStateData } from 'c/smsModel';
import { IDS, conversationData, configData, setFields, stateData } from '../../../../../test/panelFixtures';

function state(data = stateData()) {
    return readPanelState(data as unknown as PanelStateData);
}

function interaction(id: string, values: Record<string, unknown> = {}): InteractionView {
    const data = setFields(stateData(), 'SMS_Interaction__c', id, values);
    const found = state(data).interactions.find((i) => i.id === id);
    if (!found) throw new Error('missing');
    return found;
}

describe('c/smsModel reading the GraphQL records', () => {
    it('reads the agent, the open interactions and the latest actions', () => {
        const read = state();
        expect(read.agent).toMatchObject({
            id: IDS.agent,
            name: 'Ada Agent',
            status: 'Available',
            stopNew: false,
            openInteractions: 3,
            eventChannel: '/event/SMS_Agent_Event__e'
        });
        expect(read.interactions.map((i) => i.id)).toEqual([IDS.urgent, IDS.active, IDS.offer]);
        const offer = read.interactions.find((i) => i.id === IDS.offer);
        expect(offer).toMatchObject({
            status: 'Offered',
            customerPhone: '+14155550199',
            queueName: 'Sales',
            matchCount: 2,
            matchedRecordIds: ['003000000000002AAA', '00Q000000000001AAA'],
            offerExpiresAt: '2026-11-25T15:00:30.000Z'
        });
        expect(read.actions[0]).toMatchObject({ type: 'Set Status', result: 'Applied' });
    });

    it('falls back to the default event channel when the agent record names none', () => {
        const data = setFields(stateData(), 'SMS_Agent__c', IDS.agent, { Event_Channel__c: null });
        expect(state(data).agent?.eventChannel).toBe(DEFAULT_EVENT_CHANNEL);
    });

    it('reads no agent when the user has no agent record', () => {
        const data = stateData();
        data.uiapi.query.SMS_Agent__c.edges = [];
        expect(state(data).agent).toBeNull();
    });

    it('puts messages back in reading order and says when the oldest were left out', () => {
        const data = conversationData();
        const read = readConversation(data as never);
        expect(read.messages.map((m) => m.body)).toEqual([
            'Hi, my order has not arrived yet.',
            'Sorry to hear that. Could you send me the order number?',
            'Are you still there?',
            'It is 10-4471.',
            'Hello?'
        ]);
        expect(read.messages[2]).toMatchObject({
            status: 'Failed',
            errorMessage: 'Unreachable destination handset',
            errorCode: '30003'
        });
        expect(read.truncated).toBe(false);
        data.uiapi.query.SMS_Message__c.pageInfo = { hasNextPage: true };
        expect(readConversation(data as never).truncated).toBe(true);
    });

    it('reads channels and quick answers', () => {
        const config = readPanelConfig(configData() as never);
        expect(config.channels).toEqual([
            { id: IDS.channelUs, name: 'Support US', phoneNumber: '+14155550100' },
            { id: 'a03000000000002AAA', name: 'Support UK', phoneNumber: '+442079460000' }
        ]);
        expect(config.quickAnswers[0]).toMatchObject({
            title: 'Delivery times',
            link: 'https://help.example.com/delivery'
        });
        expect(config.quickAnswers[1].link).toBe('');
    });
});

describe('c/smsModel ordering', () => {
    it('lists accepted interactions oldest accepted first and offers soonest expiring first (B21)', () => {
        const read = state();
        expect(workingInteractions(read.interactions).map((i) => i.id)).toEqual([IDS.urgent, IDS.active]);
        expect(offeredInteractions(read.interactions).map((i) => i.id)).toEqual([IDS.offer]);
    });

    it('places an outbound interaction by when it started', () => {
        const outbound = interaction(IDS.active, {
            Direction__c: 'Outbound',
            Accepted_At__c: null,
            Initiated_At__c: '2026-11-25T14:00:00.000Z'
        });
        const urgent = interaction(IDS.urgent);
        expect(workingInteractions([urgent, outbound]).map((i) => i.id)).toEqual([IDS.active, IDS.urgent]);
    });
});

describe('c/smsModel alerts (B22)', () => {
    const closed = { selected: false };

    it('customer message arrived: the customer wrote last', () => {
        const alerts = interactionAlerts(
            interaction(IDS.active, { Last_Customer_Message_At__c: '2026-11-25T14:45:00.000Z' }),
            closed
        );
        expect(alerts.lastWriter).toBe('customer');
        expect(alerts.codes).toContain('customer_waiting');
    });

    it('awaiting the customer: the agent replied last', () => {
        const alerts = interactionAlerts(interaction(IDS.active), closed);
        expect(alerts.lastWriter).toBe('agent');
        expect(alerts.codes).toEqual(['awaiting_customer']);
    });

    it('past SLA', () => {
        const alerts = interactionAlerts(interaction(IDS.active, { SLA_Breached__c: true }), closed);
        expect(alerts.pastSla).toBe(true);
        expect(alerts.codes).toContain('past_sla');
    });

    it('unread messages are orange', () => {
        const alerts = interactionAlerts(
            interaction(IDS.urgent, { SLA_Breached__c: false, Delivery_Failed__c: false }),
            closed
        );
        expect(alerts).toMatchObject({ unreadCount: 2, unreadLevel: 'orange', blinkOrange: false });
        expect(alerts.codes).toEqual(['customer_waiting', 'unread']);
    });

    it('unread and past SLA are red and blink orange until opened', () => {
        const urgent = interaction(IDS.urgent);
        expect(interactionAlerts(urgent, closed)).toMatchObject({ unreadLevel: 'red', blinkOrange: true });
        expect(interactionAlerts(urgent, { selected: true }).blinkOrange).toBe(false);
        expect(
            interactionAlerts(urgent, { selected: false, openedAtCustomerMessage: urgent.lastCustomerMessageAt })
                .blinkOrange
        ).toBe(false);
        const newer = interaction(IDS.urgent, { Last_Customer_Message_At__c: '2026-11-25T14:59:00.000Z' });
        expect(
            interactionAlerts(newer, { selected: false, openedAtCustomerMessage: urgent.lastCustomerMessageAt })
                .blinkOrange
        ).toBe(true);
        expect(interactionAlerts(urgent, closed).codes).toContain('unread_past_sla');
    });

    it('a failed delivery', () => {
        const alerts = interactionAlerts(interaction(IDS.urgent), closed);
        expect(alerts.deliveryFailed).toBe(true);
        expect(alerts.codes).toContain('delivery_failed');
    });

    it('ended and in post-processing (blinks red until wrapped up), with no SLA alert', () => {
        const alerts = interactionAlerts(
            interaction(IDS.urgent, { Status__c: 'Post-processing', Delivery_Failed__c: false }),
            { selected: true }
        );
        expect(alerts.postProcessing).toBe(true);
        expect(alerts.pastSla).toBe(false);
        expect(alerts.codes).toEqual(['post_processing', 'unread']);
    });
});

describe('c/smsModel transitions', () => {
    const map = (list: InteractionView[]) => new Map(list.map((i) => [i.id, i]));

    it('reports nothing on the first read (a reload pops nothing)', () => {
        expect(interactionTransitions(undefined, state().interactions)).toEqual({
            newOffers: [],
            accepted: [],
            terminated: [],
            removed: []
        });
    });

    it('reports a new offer, an accepted offer, an ended interaction and a removed one', () => {
        const before = state().interactions;
        const afterData = setFields(stateData(), 'SMS_Interaction__c', IDS.offer, { Status__c: 'Active' });
        setFields(afterData, 'SMS_Interaction__c', IDS.active, { Status__c: 'Post-processing' });
        afterData.uiapi.query.SMS_Interaction__c.edges = afterData.uiapi.query.SMS_Interaction__c.edges.filter(
            (e) => e.node.Id !== IDS.urgent
        );
        const after = state(afterData).interactions;
        const t = interactionTransitions(map(before), after);
        expect(t.accepted.map((i) => i.id)).toEqual([IDS.offer]);
        expect(t.terminated.map((i) => i.id).sort()).toEqual([IDS.active, IDS.urgent].sort());
        expect(t.removed).toEqual([IDS.urgent]);
        expect(interactionTransitions(map(after), before).newOffers.map((i) => i.id)).toEqual([IDS.offer]);
    });

    it('reports a new outbound interaction as accepted', () => {
        const before = state().interactions.filter((i) => i.id !== IDS.active);
        const outbound = interaction(IDS.active, { Direction__c: 'Outbound' });
        const t = interactionTransitions(map(before), [...before, outbound]);
        expect(t.accepted.map((i) => i.id)).toEqual([IDS.active]);
    });
});

describe('c/smsModel conversation order', () => {
    it('keeps reading order even when the answer is not newest first', () => {
        const data = conversationData();
        const edges = data.uiapi.query.SMS_Message__c.edges;
        [edges[0], edges[3]] = [edges[3], edges[0]];
        expect(readConversation(data as never).messages.map((m) => m.createdDate)).toEqual([
            '2026-11-25T14:29:30.000Z',
            '2026-11-25T14:34:00.000Z',
            '2026-11-25T14:35:00.000Z',
            '2026-11-25T14:50:00.000Z',
            '2026-11-25T14:50:30.000Z'
        ]);
    });
});
