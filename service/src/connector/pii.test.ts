/**
 * No event payload and no log line ever contains a phone number or message text — through the
 * whole real-org path: phone search, records with numbers and bodies, agent sends, an outbound
 * start, refusals, REST errors that quote a number, Pub/Sub events both ways, at debug level.
 */
import { ActionProcessor } from './actions';
import { AgentEventOutbox } from './economy/outbox';
import { AGENT_ACTION_TOPIC, AGENT_EVENT_TOPIC, OBJECTS } from './model';
import { RecordSync } from './relay';
import { RouterBridge, type OutboundSender, type RouterApi, type RouterInteraction } from './routerBridge';
import { createRealOrgEnv, type RealOrgEnv } from './testing/realOrgEnv';

const CUSTOMER = '+14155550142';
const OTHER = '+14155550177';
const SECRET_TEXTS = [
    'My card ending 4242 was charged twice',
    'Refund issued for order 7781',
    'Hello from the outbound start'
];
const NUMBER_FORMS = ['4155550142', '415-555-0142', '555-0142', '(415) 555-0142', '4155550177', '555-0177'];

let env: RealOrgEnv;
afterEach(async () => env?.cleanup());

async function until(predicate: () => boolean, ms = 8000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate()) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 10));
    }
}

test('no phone number and no message text in any event payload or log line', async () => {
    env = await createRealOrgEnv();
    const { org, real, store, log } = env;
    await real.connect();
    org.insert('Contact', { LastName: 'Doe', Phone: '(415) 555-0142' });
    const outbox = new AgentEventOutbox(real, store, { debounceMs: 5, maxDelayMs: 20, log });
    const sync = new RecordSync(real, store, outbox, log);
    const base: RouterInteraction = {
        id: 'i-pii',
        queueId: env.queue,
        channelNumber: '+14155550100',
        channelId: env.channel,
        customerNumber: CUSTOMER,
        direction: 'Inbound',
        status: 'Active',
        agentId: env.ada,
        initiatedAt: Date.now(),
        offeredAt: null,
        offerExpiresAt: null,
        acceptedAt: Date.now(),
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
        lastAgentMessageAt: null
    };
    const interactions = new Map<string, RouterInteraction>([[base.id, base]]);
    let refuseNextSend = false;
    const router: RouterApi = {
        setStatus: async () => undefined,
        setStopNew: async () => undefined,
        accept: async () => undefined,
        reject: async () => undefined,
        end: async () => undefined,
        wrapUp: async () => undefined,
        startOutbound: async (input) => {
            const started = {
                ...base,
                id: 'i-out',
                customerNumber: input.customerNumber,
                direction: 'Outbound' as const
            };
            interactions.set(started.id, started);
            return { interaction: started };
        },
        authorizeSend: async ({ interactionId }) => {
            if (refuseNextSend) {
                refuseNextSend = false;
                throw Object.assign(new Error('TRANSITION_NOT_ALLOWED'), { code: 'TRANSITION_NOT_ALLOWED' });
            }
            const i = interactions.get(interactionId)!;
            return {
                interactionId,
                channelNumber: i.channelNumber,
                channelId: i.channelId,
                customerNumber: i.customerNumber
            };
        },
        agentMessageSent: async () => undefined,
        getInteraction: async (id) => interactions.get(id)!,
        getAgentState: async (userId) => ({
            userId,
            name: 'Ada',
            status: 'Available',
            statusReason: 'Agent',
            statusChangedAt: Date.now(),
            stopNew: false,
            openCount: 1
        }),
        configure: async () => undefined,
        subscribe: () => ({ stop: async () => undefined })
    };
    let sent = 0;
    // Stands in for the SMS edge: it writes the message record as the provider accepts it.
    const sender: OutboundSender = {
        send: async ({ authorization, body, messageRecordId }) => {
            const providerMessageId = `SM${String(++sent).padStart(32, '0')}`;
            await sync.message({
                ...(messageRecordId
                    ? { recordId: messageRecordId }
                    : { providerMessageId, direction: 'Outbound', source: 'Agent', body }),
                interactionId: authorization.interactionId,
                status: 'Sent',
                segments: 1,
                encoding: 'GSM-7'
            });
        }
    };
    const bridge = new RouterBridge(router, real, sync, sender, log);
    await bridge.refreshConfiguration();
    const processor = new ActionProcessor(real, store, bridge, log);
    const before = org.bus.subscriberCount();
    const sub = await real.subscribeActions({
        loadReplayId: processor.loadReplayId,
        onBatch: processor.onBatch,
        batchSize: 3
    });
    await until(() => org.bus.subscriberCount() > before);

    // The router's view written out, with the phone search; a customer message stored.
    const interactionId = await sync.interaction({
        id: base.id,
        status: 'Active',
        agentUserId: env.ada,
        queueId: env.queue,
        channelId: env.channel,
        customerPhone: CUSTOMER,
        direction: 'Inbound',
        initiatedAt: Date.now()
    });
    await sync.message({
        providerMessageId: 'SMin1',
        interactionId: base.id,
        direction: 'Inbound',
        source: 'Customer',
        body: SECRET_TEXTS[0],
        status: 'Received'
    });
    await bridge.relay([
        {
            id: 1,
            userId: env.ada,
            seq: 1,
            type: 'interaction_changed',
            interactionId: base.id,
            reason: 'customer_message',
            at: Date.now()
        }
    ]);
    // The agent replies; a second reply is refused; the agent starts an outbound conversation.
    const reply = org.insert(
        OBJECTS.message,
        {
            Interaction__c: interactionId,
            Direction__c: 'Outbound',
            Source__c: 'Agent',
            Status__c: 'Queued',
            Body__c: SECRET_TEXTS[1]
        },
        env.ada
    );
    await until(() => org.get(reply)!.Status__c === 'Sent');
    refuseNextSend = true;
    const refused = org.insert(
        OBJECTS.message,
        {
            Interaction__c: interactionId,
            Direction__c: 'Outbound',
            Source__c: 'Agent',
            Status__c: 'Queued',
            Body__c: SECRET_TEXTS[1]
        },
        env.ada
    );
    await until(() => org.get(refused)!.Status__c === 'Failed');
    const start = org.insert(
        OBJECTS.action,
        { Type__c: 'Start Outbound', Channel__c: env.channel, Customer_Phone__c: OTHER, Body__c: SECRET_TEXTS[2] },
        env.ada
    );
    await until(() => org.get(start)!.Result__c === 'Applied');
    // A REST error that quotes the customer's number.
    env.fake.fail(
        'PATCH',
        /\/composite\/sobjects/,
        400,
        [{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: `Number ${CUSTOMER} (415) 555-0142 is blocked` }],
        1
    );
    // The error travels up to whoever logs it (the router's outbox consumer logs failed deliveries).
    const failure = await sync.interaction({ ...(await sync_view()), id: base.id }).catch((e: unknown) => e);
    expect(String((failure as Error).message)).toContain('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    log.error({ err: failure }, 'relaying a router event failed');
    await outbox.flushAll();
    await sub.close();

    // Every event ever on the bus, both topics, as delivered.
    const payloads: string[] = [];
    org.bus.subscribe('audit', AGENT_EVENT_TOPIC, -2, (m) => payloads.push(JSON.stringify(m)));
    org.bus.subscribe('audit', AGENT_ACTION_TOPIC, -2, (m) => payloads.push(JSON.stringify(m)));
    await org.bus.drain();
    expect(payloads.filter((p) => p.includes('SMS_Agent_Event__e')).length).toBeGreaterThanOrEqual(1);
    expect(payloads.filter((p) => p.includes('SMS_Agent_Action__e')).length).toBe(3);
    const logs = env.sink.text();
    expect(env.sink.lines.length).toBeGreaterThanOrEqual(4);
    expect(logs).toMatch(/relaying a router event failed/);
    for (const needle of [...SECRET_TEXTS, ...NUMBER_FORMS]) {
        for (const p of payloads) expect(p).not.toContain(needle);
        expect(logs).not.toContain(needle);
    }
    // The records do hold them: protected by sharing, where they belong.
    expect(org.get(reply)!.Body__c).toBe(SECRET_TEXTS[1]);
    expect(org.find(OBJECTS.interaction, { External_Id__c: 'i-out' })[0].Customer_Phone__c).toBe(OTHER);

    async function sync_view() {
        return {
            status: 'Active' as const,
            agentUserId: env.ada,
            queueId: env.queue,
            channelId: env.channel,
            customerPhone: CUSTOMER,
            direction: 'Inbound' as const,
            initiatedAt: Date.now()
        };
    }
});
