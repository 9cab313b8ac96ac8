/**
 * `npm run service` as it runs against a real org, end to end with the real router: the service
 * built by createService({ mode: 'real' }) from environment variables, talking to local servers
 * that speak Salesforce's protocols — OAuth JWT bearer and REST over HTTP, the Pub/Sub API over
 * gRPC with Avro (testing/fakeSalesforce.ts, testing/fakePubSub.ts) — all backed by one local
 * org whose Flows publish the agents' actions; the SMS provider is the simulator over HTTP.
 */
import { randomBytes } from 'crypto';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { createService, type RealService } from '../createService';
import type { BusEventMessage } from '../connector/local/eventBus';
import { AGENT_EVENT_TOPIC, OBJECTS } from '../connector/model';
import { CONSUMER_KEY, createRealOrgEnv, type RealOrgEnv } from '../connector/testing/realOrgEnv';
import { captureLogger } from '../connector/testing/support';
import { INBOUND_PATH } from '../provider';
import { startSimulator, type Simulator } from '../provider/simulator';
import { eventually } from '../../test/providerHarness';

const CUSTOMER = '+14155550143';
const COMPANY = '+14155550100';

let env: RealOrgEnv;
let sim: Simulator;
let service: RealService | undefined;
let dir: string;

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

beforeEach(async () => {
    env = await createRealOrgEnv();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-real-'));
    // Both agents are members of the queue; Ada holds SMS Reject Offers (testing/support.ts).
    for (const user of [env.ada, env.bo]) {
        env.org.insert(OBJECTS.member, {
            Queue__c: env.queue,
            Agent__c: env.org.find(OBJECTS.agent, { User__c: user })[0].Id
        });
    }
    sim = await startSimulator({
        accountSid: `AC${randomBytes(16).toString('hex')}`,
        authToken: randomBytes(16).toString('hex'),
        numbers: [COMPANY],
        sendDelayMs: 10,
        deliverDelayMs: 10
    });
});

afterEach(async () => {
    await service?.close();
    service = undefined;
    await sim.close();
    await env.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
});

async function startService(): Promise<RealService> {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    sim.setSmsUrl(`${publicUrl}${INBOUND_PATH}`);
    const { log } = captureLogger();
    const started = await createService({
        mode: 'real',
        env: {
            PORT: String(port),
            HOST: '127.0.0.1',
            SQLITE_FILE: path.join(dir, 'service.sqlite'),
            SF_LOGIN_URL: env.fake.url,
            SF_CONSUMER_KEY: CONSUMER_KEY,
            SF_USERNAME: 'integration@sms.local',
            SF_PRIVATE_KEY_PATH: env.keyFile,
            SF_PUBSUB_ENDPOINT: env.pubsub.endpoint,
            SF_EVENT_DEBOUNCE_MS: '10',
            SF_EVENT_MAX_DELAY_MS: '30',
            SMS_PROVIDER: 'simulator',
            SMS_ACCOUNT_SID: sim.accountSid,
            SMS_AUTH_TOKEN: sim.authToken,
            SMS_API_BASE_URL: sim.url,
            SMS_PUBLIC_URL: publicUrl,
            SMS_SEND_BACKOFF_MS: '10',
            SMS_RECONCILE_DELAY_MS: '20'
        },
        pubSubInsecure: true,
        logger: log,
        timers: false
    });
    await started.ready;
    return started;
}

/** An action inserted as the agent in the org; the Flow publishes it over the Pub/Sub API. */
async function act(userId: string, fields: Record<string, string | null>): Promise<Record<string, unknown>> {
    const id = env.org.insert(OBJECTS.action, fields, userId);
    return eventually(() => {
        const r = env.org.get(id)!;
        return r.Result__c !== 'Pending' ? r : undefined;
    }, 8000);
}

test('inbound SMS → routed → records over REST → offer over the Pub/Sub API; accept and reply over the same path', async () => {
    service = await startService();
    const panel: Array<{ payload: Record<string, unknown>; interaction: boolean; messages: number }> = [];
    env.org.bus.subscribe('ada-panel', AGENT_EVENT_TOPIC, -1, (m: BusEventMessage) => {
        if (m.data.payload.Recipient_Id__c !== env.ada) return;
        const id = m.data.payload.Interaction_Id__c;
        panel.push({
            payload: m.data.payload,
            interaction: typeof id === 'string' && env.org.get(id, env.ada) !== null,
            messages: typeof id === 'string' ? env.org.find(OBJECTS.message, { Interaction__c: id }, env.ada).length : 0
        });
    });
    expect(await (await fetch(`${service.url}/readyz`)).json()).toMatchObject({ ready: true });

    const available = await act(env.ada, { Type__c: 'Set Status', Requested_Status__c: 'Available' });
    expect(available).toMatchObject({ Result__c: 'Applied', Result_Detail__c: null });
    await eventually(() => env.org.find(OBJECTS.agent, { User__c: env.ada })[0].Status__c === 'Available');

    await sim.sendFromCustomer({ from: CUSTOMER, to: COMPANY, body: 'Do you open on Sunday?' });
    const offer = await eventually(() => panel.find((e) => e.payload.Type__c === 'offer'));
    // The records were written over REST before the event went out over the Pub/Sub API.
    expect(offer).toMatchObject({ interaction: true, messages: 1 });
    const interaction = env.org.get(String(offer.payload.Interaction_Id__c))!;
    expect(interaction).toMatchObject({ Status__c: 'Offered', OwnerId: env.ada, Customer_Phone__c: CUSTOMER });
    expect(env.fake.requests.some((r) => r.path.includes('/composite/sobjects'))).toBe(true);

    expect((await act(env.ada, { Type__c: 'Accept', Interaction__c: String(interaction.Id) })).Result__c).toBe(
        'Applied'
    );
    await eventually(() => env.org.get(String(interaction.Id))!.Status__c === 'Active');
    const reply = env.org.insert(
        OBJECTS.message,
        {
            Interaction__c: interaction.Id,
            Direction__c: 'Outbound',
            Source__c: 'Agent',
            Status__c: 'Queued',
            Body__c: 'Yes, 10 to 4.'
        },
        env.ada
    );
    await eventually(() => env.org.get(reply)!.Status__c === 'Delivered', 8000);
    expect(sim.messages({ customer: CUSTOMER, direction: 'outbound-api' }).map((m) => m.body)).toEqual([
        'Yes, 10 to 4.'
    ]);

    // Bo may not touch Ada's conversation: refused in the org's record, in the shared vocabulary.
    const foreign = await act(env.bo, { Type__c: 'End', Interaction__c: String(interaction.Id) });
    expect(foreign).toMatchObject({ Result__c: 'Refused', Result_Detail__c: 'NOT_YOUR_INTERACTION' });

    // The server drops the event stream: the service resumes after the last processed event.
    env.pubsub.killStreams();
    const ended = await act(env.ada, { Type__c: 'End', Interaction__c: String(interaction.Id) });
    expect(ended.Result__c).toBe('Applied');
    await eventually(() => env.org.get(String(interaction.Id))!.Status__c === 'Post-processing');
    const db = service.db;
    const processed = async (): Promise<number> =>
        Number(
            (await db.get<{ n: number }>(
                "SELECT COUNT(*) AS n FROM connector_actions WHERE state IN ('Applied', 'Refused')"
            ))!.n
        );
    // Set Status, Accept, the reply, Bo's End, Ada's End: each once. The End's claim is closed just
    // after its record is written, so wait for it; a second application would make six.
    await eventually(async () => (await processed()) >= 5);
    expect(await processed()).toBe(5);
});

test('until the org answers, /readyz says so while the service retries; then it is ready', async () => {
    // The org's login endpoint fails the first attempt (an outage); the boot retries with backoff.
    env.fake.fail('POST', /\/services\/oauth2\/token/, 503, { error: 'unavailable' }, 1);
    const port = await freePort();
    sim.setSmsUrl(`http://127.0.0.1:${port}${INBOUND_PATH}`);
    const { log } = captureLogger();
    service = await createService({
        mode: 'real',
        env: {
            PORT: String(port),
            HOST: '127.0.0.1',
            SQLITE_FILE: path.join(dir, 'later.sqlite'),
            SF_LOGIN_URL: env.fake.url,
            SF_CONSUMER_KEY: CONSUMER_KEY,
            SF_USERNAME: 'integration@sms.local',
            SF_PRIVATE_KEY_PATH: env.keyFile,
            SF_PUBSUB_ENDPOINT: env.pubsub.endpoint,
            SMS_PROVIDER: 'simulator',
            SMS_ACCOUNT_SID: sim.accountSid,
            SMS_AUTH_TOKEN: sim.authToken,
            SMS_API_BASE_URL: sim.url,
            SMS_PUBLIC_URL: `http://127.0.0.1:${port}`
        },
        pubSubInsecure: true,
        logger: log,
        timers: false
    });
    const early = await fetch(`${service.url}/readyz`);
    expect(early.status).toBe(503);
    expect(await early.json()).toMatchObject({ ready: false, store: true, org: false });
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    // A customer writing meanwhile is stored at once and handed over once the service is up.
    await sim.sendFromCustomer({ from: CUSTOMER, to: COMPANY, body: 'Hello?' });
    await service.ready;
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
    await eventually(() => env.org.find(OBJECTS.interaction, { Customer_Phone__c: CUSTOMER }).length === 1, 5000);
});

test('a service that never reaches the org still stops when asked, keeping the messages it stored', async () => {
    env.fake.fail('POST', /\/services\/oauth2\/token/, 503, { error: 'unavailable' }, 1000);
    const port = await freePort();
    sim.setSmsUrl(`http://127.0.0.1:${port}${INBOUND_PATH}`);
    const { log } = captureLogger();
    service = await createService({
        mode: 'real',
        env: {
            PORT: String(port),
            HOST: '127.0.0.1',
            SQLITE_FILE: path.join(dir, 'never.sqlite'),
            SF_LOGIN_URL: env.fake.url,
            SF_CONSUMER_KEY: CONSUMER_KEY,
            SF_USERNAME: 'integration@sms.local',
            SF_PRIVATE_KEY_PATH: env.keyFile,
            SF_PUBSUB_ENDPOINT: env.pubsub.endpoint,
            SMS_PROVIDER: 'simulator',
            SMS_ACCOUNT_SID: sim.accountSid,
            SMS_AUTH_TOKEN: sim.authToken,
            SMS_API_BASE_URL: sim.url,
            SMS_PUBLIC_URL: `http://127.0.0.1:${port}`
        },
        pubSubInsecure: true,
        logger: log,
        timers: false
    });
    const sent = await sim.sendFromCustomer({ from: CUSTOMER, to: COMPANY, body: 'Still there?' });
    expect(sent.webhook).toMatchObject({ httpStatus: 200 });
    const stored = await service.db.get<{ routed_at: number | null }>(
        'SELECT routed_at FROM provider_messages WHERE provider_sid = ?',
        [sent.sid]
    );
    expect(stored).toEqual({ routed_at: null });
    // The hand-over waits for the configuration; stopping ends the wait instead of hanging.
    await service.close();
    service = undefined;
});
