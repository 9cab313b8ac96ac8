/**
 * The router port, against a recording stand-in for the routing engine (the real engine is
 * merged separately; the round trip through it is tested once both are on one branch).
 */
import { createSqliteTestDb, type TestDatabase } from '../../test/databases';
import { migrate } from '../db';
import { AgentEventOutbox } from './economy/outbox';
import { AGENT_EVENT_TOPIC, OBJECTS } from './model';
import { RecordSync } from './relay';
import { RouterBridge, toRouterConfig, type RouterApi, type RouterInteraction } from './routerBridge';
import { ConnectorStore, connectorMigrations } from './store';
import { captureLogger, smallOrg } from './testing/support';
import { Metrics } from '../metrics';
import type { BusEventMessage } from './local/eventBus';

function interaction(over: Partial<RouterInteraction>): RouterInteraction {
    return {
        id: 'r-1',
        queueId: '',
        channelNumber: '+14155550100',
        channelId: null,
        customerNumber: '+14155550101',
        direction: 'Inbound',
        status: 'Offered',
        agentId: null,
        initiatedAt: Date.UTC(2026, 0, 5, 9),
        offeredAt: Date.UTC(2026, 0, 5, 9),
        offerExpiresAt: Date.UTC(2026, 0, 5, 9, 0, 30),
        acceptedAt: null,
        terminatedAt: null,
        wrapUpDeadline: null,
        wrappedUpAt: null,
        disposition: null,
        dispositionRequired: false,
        unreadCount: 1,
        awaitingReplySince: null,
        slaDueAt: null,
        slaBreached: false,
        deliveryFailed: false,
        lastCustomerMessageAt: null,
        lastAgentMessageAt: null,
        ...over
    };
}

describe('router bridge', () => {
    let t: TestDatabase;
    beforeEach(async () => {
        t = await createSqliteTestDb();
        await migrate(t.db, connectorMigrations);
    });
    afterEach(async () => t.drop());

    test('configuration from the org becomes the router’s snapshot', async () => {
        const s = smallOrg();
        s.org.insert(OBJECTS.member, {
            Queue__c: s.queue,
            Agent__c: s.org.find(OBJECTS.agent, { User__c: s.ada })[0].Id
        });
        const snapshot = toRouterConfig(await s.org.loadConfiguration());
        expect(snapshot.members).toEqual([{ queueId: s.queue, userIds: [s.ada] }]);
        expect(snapshot.agents.find((a) => a.userId === s.ada)).toMatchObject({ canReject: true });
        expect(snapshot.agents.find((a) => a.userId === s.bo)).toMatchObject({ canReject: false });
        expect(snapshot.channels).toEqual([
            { phoneNumber: '+14155550100', channelId: s.channel, queueId: s.queue, active: true }
        ]);
    });

    test('router events become records, then one targeted nudge; commands map to the router’s API and its refusals', async () => {
        const s = smallOrg();
        const { log } = captureLogger();
        const store = new ConnectorStore(t.db);
        const outbox = new AgentEventOutbox(s.org, store, { debounceMs: 5, maxDelayMs: 10 });
        const sync = new RecordSync(s.org, store, outbox, log);
        const calls: Array<[string, unknown]> = [];
        const current = interaction({ queueId: s.queue, channelId: s.channel, agentId: s.ada });
        const router: RouterApi = {
            setStatus: async (i) => calls.push(['setStatus', i]),
            setStopNew: async (i) => calls.push(['setStopNew', i]),
            accept: async (i) => calls.push(['accept', i]),
            reject: async () => {
                throw Object.assign(new Error('REJECT_NOT_PERMITTED'), { code: 'REJECT_NOT_PERMITTED' });
            },
            end: async (i) => calls.push(['end', i]),
            wrapUp: async (i) => calls.push(['wrapUp', i]),
            startOutbound: async () => ({ interaction: current }),
            authorizeSend: async () => ({
                interactionId: 'r-1',
                channelNumber: '+14155550100',
                channelId: s.channel,
                customerNumber: '+14155550101'
            }),
            agentMessageSent: async (i) => calls.push(['agentMessageSent', i]),
            getInteraction: async () => current,
            getAgentState: async (userId) => ({
                userId,
                name: 'Ada',
                status: 'Available',
                statusReason: 'Agent',
                statusChangedAt: Date.now(),
                stopNew: false,
                openCount: 1
            }),
            configure: async (snap) => calls.push(['configure', snap]),
            subscribe: () => ({ stop: async () => undefined })
        };
        const bridge = new RouterBridge(router, s.org, sync, null, log);
        expect(await bridge.refreshConfiguration()).toBe(true);
        expect(await bridge.refreshConfiguration()).toBe(false);
        const phoneContact = s.org.insert('Contact', { LastName: 'Doe', Phone: '(415) 555-0101' });
        const panel: BusEventMessage[] = [];
        s.org.bus.subscribe('panel', AGENT_EVENT_TOPIC, -1, (m) => panel.push(m));
        await bridge.relay([
            { id: 1, userId: s.ada, seq: 1, type: 'offer', interactionId: 'r-1', reason: 'offered', at: Date.now() }
        ]);
        await outbox.flushAll();
        await s.org.bus.drain();
        const recordId = await store.recordId(OBJECTS.interaction, 'r-1');
        expect(s.org.get(recordId!)).toMatchObject({
            Status__c: 'Offered',
            OwnerId: s.ada,
            Match_Count__c: 1,
            Matched_Record_Ids__c: phoneContact,
            Offer_Expires_At__c: '2026-01-05T09:00:30.000Z'
        });
        expect(panel.map((m) => m.data.payload)).toEqual([
            expect.objectContaining({ Recipient_Id__c: s.ada, Type__c: 'offer', Interaction_Id__c: recordId })
        ]);

        expect(await bridge.apply({ kind: 'accept', userId: s.ada, interactionId: 'r-1' })).toEqual({ ok: true });
        expect(calls.at(-1)).toEqual(['accept', { actor: s.ada, interactionId: 'r-1' }]);
        expect(await bridge.apply({ kind: 'reject', userId: s.bo, interactionId: 'r-1' })).toEqual({
            ok: false,
            code: 'REJECT_NOT_PERMITTED'
        });
        expect(
            await bridge.apply({ kind: 'send', userId: s.ada, interactionId: 'r-1', messageRecordId: 'x', body: 'hi' })
        ).toEqual({
            ok: false,
            code: 'PROVIDER_UNAVAILABLE'
        });
        expect(await bridge.interactionAgent('r-1')).toBe(s.ada);
        expect(bridge.isAgent(s.bo)).toBe(true);
    });

    test('a batch of router events is written in one request per object, agents’ load included, and counted', async () => {
        const s = smallOrg();
        const { log } = captureLogger();
        const store = new ConnectorStore(t.db);
        const outbox = new AgentEventOutbox(s.org, store, { debounceMs: 5, maxDelayMs: 10 });
        const writes: string[][] = [];
        const port = Object.assign(Object.create(s.org) as typeof s.org, {
            writeRecords: async (w: Parameters<typeof s.org.writeRecords>[0]) => {
                writes.push(w.map((x) => x.object));
                return s.org.writeRecords(w);
            }
        });
        const sync = new RecordSync(port, store, outbox, log);
        const states = new Map<string, RouterInteraction>([
            ['r-1', interaction({ id: 'r-1', queueId: s.queue, agentId: s.ada })],
            ['r-2', interaction({ id: 'r-2', queueId: s.queue, agentId: s.ada, customerNumber: '+14155550102' })]
        ]);
        const router = {
            getInteraction: async (id: string) => states.get(id)!,
            getAgentState: async (userId: string) => ({
                userId,
                name: 'Ada',
                status: 'Available' as const,
                statusReason: 'Agent' as const,
                statusChangedAt: Date.now(),
                stopNew: false,
                openCount: 2
            })
        } as unknown as RouterApi;
        const metrics = new Metrics();
        const bridge = new RouterBridge(router, port, sync, null, log, metrics);
        const at = Date.now();
        await bridge.relay([
            { id: 1, userId: s.ada, seq: 1, type: 'offer', interactionId: 'r-1', reason: 'offered', at },
            { id: 2, userId: s.ada, seq: 2, type: 'offer', interactionId: 'r-2', reason: 'offered', at },
            {
                id: 3,
                userId: s.ada,
                seq: 3,
                type: 'interaction_changed',
                interactionId: 'r-1',
                reason: 'customer_message',
                at
            }
        ]);
        expect(writes).toEqual([[OBJECTS.interaction, OBJECTS.interaction], [OBJECTS.agent]]);
        expect(s.org.find(OBJECTS.agent, { User__c: s.ada })[0].Open_Interactions__c).toBe(2);
        expect(await metrics.render()).toMatch(/^sms_offers_total 2$/m);
        await outbox.flushAll();
    });
});
