/**
 * The real-org connector against local servers speaking Salesforce's protocols: OAuth JWT bearer
 * and REST over HTTP, the Pub/Sub API over gRPC (Salesforce's proto, real Avro), all on
 * 127.0.0.1 and backed by one local org so that a record insert fires the Flow's event.
 */
import { ActionProcessor } from './actions';
import { AgentEventOutbox } from './economy/outbox';
import { isConnectorError } from './errors';
import { AGENT_EVENT_TOPIC, OBJECTS } from './model';
import type { RealOrg } from './realOrg';
import { RecordSync } from './relay';
import { withRetry } from './retry';
import { createRealOrgEnv, type RealOrgEnv } from './testing/realOrgEnv';
import { RecordingHandler } from './testing/support';
import type { BusEventMessage } from './local/eventBus';

let env: RealOrgEnv;
const cleanups: Array<() => Promise<void>> = [];

beforeEach(async () => {
    env = await createRealOrgEnv();
    cleanups.push(env.cleanup);
});

afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
});

const tokenRequests = () => env.fake.requests.filter((r) => r.path === '/services/oauth2/token').length;

describe('JWT bearer flow', () => {
    test('signs in as the integration user and never logs the token', async () => {
        await env.real.connect();
        expect(env.real.integrationUserId).toBe(env.org.integrationUserId);
        const token = env.real.auth.current()!.accessToken;
        expect(env.sink.text()).toContain('connected to the org');
        expect(env.sink.text()).not.toContain(token);
    });

    test('a refused assertion is a clear error, and the boot retry gets through once the app is fixed', async () => {
        const wrong = env.newRealOrg({ consumerKey: 'not-the-app' });
        const error = await wrong.connect().catch((e: unknown) => e);
        expect(isConnectorError(error, 'AUTH_REFUSED')).toBe(true);
        expect((error as Error).message).toMatch(/invalid_client_id: client identifier invalid/);
        expect((error as Error).message).toMatch(/consumer key/);

        // The user is not pre-authorized yet: refused; the admin approves it while the service retries.
        const fake = env.fake as unknown as { options: { users: Record<string, string> } };
        delete fake.options.users['integration@sms.local'];
        let attempts = 0;
        const connected = withRetry(
            async () => {
                attempts++;
                if (attempts === 2) fake.options.users['integration@sms.local'] = env.org.integrationUserId;
                await env.real.connect();
            },
            { initialMs: 10, retryable: (e) => isConnectorError(e) }
        );
        await connected;
        expect(attempts).toBe(2);
        expect(env.real.health().org).toBe(true);
    });

    test('an expired session (401 INVALID_SESSION_ID) gets a fresh token and the call is repeated', async () => {
        await env.real.connect();
        await env.real.loadConfiguration();
        expect(tokenRequests()).toBe(1);
        env.fake.expireTokens();
        const config = await env.real.loadConfiguration();
        expect(config.queues).toHaveLength(1);
        expect(tokenRequests()).toBe(2);
        expect(env.fake.requests.some((r) => r.status === 401)).toBe(true);
        // Pub/Sub too: UNAUTHENTICATED → fresh token → published.
        env.fake.expireTokens();
        await env.real.publishAgentEvents([{ recipientId: env.ada, type: 'resync', interactionId: null, sequence: 1 }]);
        expect(tokenRequests()).toBe(3);
    });

    test('an org that refuses every fresh token stops with a clear error instead of looping', async () => {
        await env.real.connect();
        env.fake.fail(
            'GET',
            /\/query$/,
            401,
            [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
            50
        );
        const error = await env.real.loadConfiguration().catch((e: unknown) => e);
        expect(isConnectorError(error)).toBe(true);
        expect((error as Error).message).toMatch(/refused five fresh access tokens/);
        expect(tokenRequests()).toBeLessThanOrEqual(6);
    });
});

describe('REST', () => {
    test('4xx: a bad query is a typed client error, not retried; a bad record fails alone', async () => {
        await env.real.connect();
        const before = env.fake.requests.length;
        const error = await env.real.rest.query('SELECT Nope__c FROM SMS_Queue__c').catch((e: unknown) => e);
        expect(isConnectorError(error, 'REST_CLIENT_ERROR')).toBe(true);
        expect((error as Error).message).toMatch(/INVALID_FIELD/);
        expect(env.fake.requests.length - before).toBe(1);

        const results = await env.real.writeRecords([
            {
                object: OBJECTS.interaction,
                externalIdField: 'External_Id__c',
                externalId: 'a',
                fields: { Status__c: 'Queued' }
            },
            {
                object: OBJECTS.interaction,
                externalIdField: 'External_Id__c',
                externalId: 'b',
                fields: { Status__c: 'Sleeping' }
            }
        ]);
        expect(results[0]).toMatchObject({ ok: true, created: true });
        expect(results[1]).toMatchObject({ ok: false, error: { code: 'FIELD_INTEGRITY_EXCEPTION' } });
    });

    test('5xx: retried with backoff, then a retryable server error', async () => {
        await env.real.connect();
        env.fake.fail('GET', /\/query$/, 503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server unavailable' }], 1);
        const config = await env.real.loadConfiguration();
        expect(config.channels).toHaveLength(1);
        env.fake.fail('PATCH', /\/composite\/sobjects/, 500, '<html>Internal Server Error</html>', 3);
        const error = await env.real
            .writeRecords([
                { object: OBJECTS.interaction, externalIdField: 'External_Id__c', externalId: 'x', fields: {} }
            ])
            .catch((e: unknown) => e);
        expect(isConnectorError(error, 'REST_SERVER_ERROR')).toBe(true);
        expect((error as { retryable: boolean }).retryable).toBe(true);
    });

    test('writes are batched in sObject Collections of 200, upserts by external Id, lookups by external Id', async () => {
        await env.real.connect();
        const before = env.fake.requests.length;
        const writes = Array.from({ length: 250 }, (_v, i) => ({
            object: OBJECTS.interaction,
            externalIdField: 'External_Id__c',
            externalId: `int-${i}`,
            fields: { Status__c: 'Queued', Customer_Phone__c: '+14155550101' }
        }));
        const results = await env.real.writeRecords(writes);
        expect(results.every((r) => r.ok && r.created)).toBe(true);
        const composite = env.fake.requests
            .slice(before)
            .filter((r) => r.path.startsWith('/services/data/v62.0/composite/sobjects'));
        expect(composite).toHaveLength(2);
        const again = await env.real.writeRecords([{ ...writes[0], fields: { Status__c: 'Offered' } }]);
        expect(again[0]).toMatchObject({ ok: true, created: false, id: results[0].id });
        const [msg] = await env.real.writeRecords([
            {
                object: OBJECTS.message,
                externalIdField: 'Provider_Message_Id__c',
                externalId: 'SM123',
                fields: { Direction__c: 'Inbound', Status__c: 'Received', Body__c: 'hi' },
                refs: {
                    Interaction__c: { object: OBJECTS.interaction, externalIdField: 'External_Id__c', value: 'int-7' }
                }
            }
        ]);
        expect(env.org.get(msg.id!)!.Interaction__c).toBe(results[7].id);
    });

    test('phone search: SOSL IN PHONE FIELDS over the seed data’s mixed formats, literals escaped', async () => {
        await env.real.connect();
        const jane = env.org.insert('Contact', { LastName: 'Doe', Phone: '(415) 555-0101' });
        const jim = env.org.insert('Contact', { LastName: 'Roe', MobilePhone: '+1 415-555-0101' });
        const acme = env.org.insert('Account', { Name: 'Acme', Phone: '4155550101' });
        const open = env.org.insert('Lead', { LastName: 'Open', Company: 'X', Phone: '1-415-555-0101' });
        env.org.insert('Lead', { LastName: 'Done', Company: 'Y', Phone: '415.555.0101', IsConverted: true });
        env.org.insert('Contact', { LastName: 'Other', Phone: '(212) 555-0101' });
        const found = await env.real.searchPhone('+14155550101');
        expect(found.map((f) => f.id).sort()).toEqual([jane, jim, acme, open].sort());
        // A crafted "number" cannot break out of the search term: only its digits are searched.
        const crafted = await env.real.searchPhone('+1415555}0101 OR {x');
        expect(crafted.map((f) => f.id).sort()).toEqual([jane, jim, acme, open].sort());
        expect(env.fake.requests.filter((r) => r.path.endsWith('/search/')).every((r) => r.status === 200)).toBe(true);
    });

    test('configuration and who holds SMS_Reject_Offers come from SOQL', async () => {
        await env.real.connect();
        const config = await env.real.loadConfiguration();
        expect(config.rejectPermissionUserIds).toEqual([env.ada]);
        expect(config.agents.map((a) => a.userId).sort()).toEqual([env.ada, env.bo].sort());
        expect(config.channels[0]).toMatchObject({ phoneNumber: '+14155550100', queueId: env.queue });
    });

    test('the boot-time org check says exactly what is missing', async () => {
        await env.real.connect();
        const ok = await env.real.checkSetup();
        expect(ok.filter((f) => !f.ok)).toEqual([]);
        env.fake.activeFlows = ['SMS_Publish_Agent_Action'];
        env.pubsub.setAccess('/event/SMS_Agent_Action__e', { canSubscribe: false });
        const findings = (await env.real.checkSetup()).filter((f) => !f.ok).map((f) => f.detail);
        expect(findings).toEqual([
            expect.stringMatching(/cannot subscribe to SMS_Agent_Action__e/),
            expect.stringMatching(/The Flow SMS_Publish_Outbound_Message is missing or inactive/)
        ]);
    });
});

describe('Pub/Sub API', () => {
    async function listen(real: RealOrg, handler: RecordingHandler, batchSize = 5) {
        const processor = new ActionProcessor(real, env.store, handler, env.log);
        const before = env.org.bus.subscriberCount();
        const sub = await real.subscribeActions({
            loadReplayId: processor.loadReplayId,
            onBatch: processor.onBatch,
            batchSize
        });
        // The stream starts at the tip once the server has taken the first FetchRequest.
        await until(() => env.org.bus.subscriberCount() > before, 'the subscription');
        return { processor, sub };
    }

    async function until(predicate: () => boolean, what: string, ms = 8000): Promise<void> {
        const deadline = Date.now() + ms;
        while (!predicate()) {
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
            await new Promise((r) => setTimeout(r, 10));
        }
    }

    test('round trip: action event → handler → records written → agent event published', async () => {
        await env.real.connect();
        const handler = new RecordingHandler([env.ada, env.bo]);
        const outbox = new AgentEventOutbox(env.real, env.store, { debounceMs: 10, maxDelayMs: 50 });
        const sync = new RecordSync(env.real, env.store, outbox, env.log);
        const interactionId = await sync.interaction({
            id: 'int-rt',
            status: 'Offered',
            agentUserId: env.ada,
            queueId: env.queue,
            channelId: env.channel,
            customerPhone: '+14155550199',
            direction: 'Inbound',
            initiatedAt: Date.now()
        });
        handler.holders.set('int-rt', env.ada);
        // What the router does on accept: the interaction becomes Active and the agent is told.
        handler.apply = async (command) => {
            handler.commands.push(command);
            if (command.kind === 'accept') {
                await sync.interaction({
                    id: command.interactionId,
                    status: 'Active',
                    agentUserId: command.userId,
                    queueId: env.queue,
                    channelId: env.channel,
                    customerPhone: '+14155550199',
                    direction: 'Inbound',
                    initiatedAt: Date.now(),
                    acceptedAt: Date.now()
                });
                await sync.nudge(command.userId, 'interaction_changed', command.interactionId);
            }
            return { ok: true };
        };
        const panel: BusEventMessage[] = [];
        env.org.bus.subscribe('panel-ada', AGENT_EVENT_TOPIC, -1, (m) => panel.push(m));
        const { processor, sub } = await listen(env.real, handler);
        cleanups.push(() => sub.close());
        const action = env.org.insert(OBJECTS.action, { Type__c: 'Accept', Interaction__c: interactionId }, env.ada);
        await until(() => panel.length > 0, 'the agent event');
        expect(handler.commands).toEqual([{ kind: 'accept', userId: env.ada, interactionId: 'int-rt' }]);
        expect(env.org.get(interactionId)).toMatchObject({ Status__c: 'Active', OwnerId: env.ada });
        expect(env.org.get(action)).toMatchObject({ Result__c: 'Applied' });
        expect(panel[0].data.payload).toMatchObject({
            Recipient_Id__c: env.ada,
            Type__c: 'interaction_changed',
            Interaction_Id__c: interactionId,
            Sequence__c: 1,
            CreatedById: env.org.integrationUserId
        });
        expect(processor.stats.applied).toBe(1);
    });

    test('stream killed mid-batch, then again while processing, and a restart: 0 lost, 0 applied twice', async () => {
        await env.real.connect();
        const handler = new RecordingHandler([env.ada]);
        const slow = handler.apply.bind(handler);
        handler.apply = async (c) => {
            await new Promise((r) => setTimeout(r, 2));
            return slow(c);
        };
        const inserted: string[] = [];
        // The first stream dies after 7 events (mid-batch: 5, then 2 of the next 5).
        env.pubsub.failNextStreamAfter(7);
        const resumed = await listen(env.real, handler, 5);
        for (let i = 0; i < 20; i++) {
            inserted.push(
                env.org.insert(
                    OBJECTS.action,
                    { Type__c: 'Set Status', Requested_Status__c: i % 2 ? 'Available' : 'On Break' },
                    env.ada
                )
            );
        }
        await until(() => handler.commands.length >= 10, 'half the actions');
        env.pubsub.killStreams();
        await until(() => handler.commands.length >= 20, 'all actions');
        await resumed.sub.close();

        // A restart: a new process (new RealOrg) with the same store resumes after the last processed event.
        for (let i = 0; i < 5; i++) {
            inserted.push(env.org.insert(OBJECTS.action, { Type__c: 'Stop New' }, env.ada));
        }
        const restarted = env.newRealOrg();
        await restarted.connect();
        const after = await listen(restarted, handler, 5);
        cleanups.push(() => after.sub.close());
        await until(() => handler.commands.length >= 25, 'the actions sent while down');
        await new Promise((r) => setTimeout(r, 100));
        expect(handler.commands).toHaveLength(25);
        const results = inserted.map((id) => env.org.get(id)!.Result__c);
        expect(results.every((r) => r === 'Applied')).toBe(true);
        expect(env.pubsub.stats.subscribeCalls).toBeGreaterThanOrEqual(4);
        expect(env.pubsub.stats.maxInFlight).toBeLessThanOrEqual(5);
    });
});
