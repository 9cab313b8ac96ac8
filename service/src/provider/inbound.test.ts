/**
 * The inbound webhook over real HTTP: signatures (accepted, forged, missing, wrong URL), durable
 * storage before 200, redeliveries, hand-over to the router (again at start-up), keywords.
 */
import { describeEachDb } from '../../test/databases';
import {
    ACCOUNT_SID,
    AUTH_TOKEN,
    COMPANY,
    CUSTOMER,
    eventually,
    startHarness,
    type Harness
} from '../../test/providerHarness';
import { INBOUND_PATH } from './edge';
import { InMemoryRouting } from './memoryRouting';
import { twilioSignature } from './simulator';

function inboundParams(overrides: Record<string, string> = {}): Record<string, string> {
    return {
        MessageSid: 'SM' + 'a'.repeat(32),
        SmsSid: 'SM' + 'a'.repeat(32),
        AccountSid: ACCOUNT_SID,
        From: CUSTOMER,
        To: COMPANY,
        Body: 'Hello, is my order ready?',
        NumMedia: '0',
        NumSegments: '1',
        SmsStatus: 'received',
        ApiVersion: '2010-04-01',
        ...overrides
    };
}

async function postSigned(
    h: Harness,
    params: Record<string, string>,
    options: { signUrl?: string; token?: string; signature?: string | null; path?: string } = {}
): Promise<Response> {
    const path = options.path ?? INBOUND_PATH;
    const url = `${h.appUrl}${path}`;
    const signature =
        options.signature === undefined
            ? twilioSignature(options.token ?? AUTH_TOKEN, options.signUrl ?? url, params)
            : options.signature;
    return fetch(url, {
        method: 'POST',
        headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(signature === null ? {} : { 'x-twilio-signature': signature })
        },
        body: new URLSearchParams(params).toString()
    });
}

async function count(h: Harness, table = 'provider_messages'): Promise<number> {
    const row = await h.t.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
    return Number(row?.n ?? 0);
}

describeEachDb('provider inbound webhook', (open) => {
    let h: Harness;
    beforeEach(async () => {
        h = await startHarness(open);
    });
    afterEach(async () => {
        await h?.close();
    });

    it('accepts a correctly signed webhook, stores the message whole before answering 200, and hands it to the router', async () => {
        const body = 'A long message. '.repeat(200); // 3,200 characters: inbound messages are never cut.
        const response = await postSigned(h, inboundParams({ Body: body }));
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('text/xml');
        expect(await response.text()).toContain('<Response></Response>');
        // Stored by the time the webhook was answered.
        const row = await h.t.db.get<{ body: string; customer_number: string; channel_number: string; status: string }>(
            'SELECT body, customer_number, channel_number, status FROM provider_messages WHERE provider_sid = ?',
            ['SM' + 'a'.repeat(32)]
        );
        expect(row).toEqual({ body, customer_number: CUSTOMER, channel_number: COMPANY, status: 'received' });
        const handed = await eventually(() => h.routing.handed[0]);
        expect(handed).toMatchObject({ channelNumber: COMPANY, customerNumber: CUSTOMER, customerOptedOut: false });
        const message = await eventually(async () => {
            const m = await h.edge.getMessage(handed.messageId);
            return m?.routedAt ? m : undefined;
        });
        expect(message).toMatchObject({ interactionId: 'interaction-1', queueId: 'queue-1', recordStatus: 'Received' });
    });

    it('refuses a forged signature with 403 and stores nothing', async () => {
        const response = await postSigned(h, inboundParams(), { token: 'f'.repeat(32) });
        expect(response.status).toBe(403);
        expect(await count(h)).toBe(0);
    });

    it('refuses a request without a signature with 403 and stores nothing', async () => {
        const response = await postSigned(h, inboundParams(), { signature: null });
        expect(response.status).toBe(403);
        expect(await count(h)).toBe(0);
    });

    it('refuses a signature made for another URL with 403 and stores nothing', async () => {
        const response = await postSigned(h, inboundParams(), { signUrl: `https://attacker.example${INBOUND_PATH}` });
        expect(response.status).toBe(403);
        expect(await count(h)).toBe(0);
    });

    it('refuses a signed request whose fields were changed afterwards', async () => {
        const params = inboundParams();
        const signature = twilioSignature(AUTH_TOKEN, `${h.appUrl}${INBOUND_PATH}`, params);
        const response = await postSigned(h, { ...params, Body: 'Send the refund to another account' }, { signature });
        expect(response.status).toBe(403);
        expect(await count(h)).toBe(0);
    });

    it('answers a signed webhook of another account with 400 and stores nothing', async () => {
        const response = await postSigned(h, inboundParams({ AccountSid: 'AC' + 'f'.repeat(32) }));
        expect(response.status).toBe(400);
        expect(await count(h)).toBe(0);
    });

    it('stores a redelivered MessageSid once and hands it over once', async () => {
        const first = await postSigned(h, inboundParams());
        const second = await postSigned(h, inboundParams());
        expect([first.status, second.status]).toEqual([200, 200]);
        expect(await count(h)).toBe(1);
        await eventually(async () => (await count(h)) === 1 && h.routing.messageIds.length === 1);
        await h.edge.kickRouting();
        expect(h.routing.messageIds).toHaveLength(1);
    });

    it('stores one message when the simulator delivers the same webhook twice', async () => {
        h.sim.setFaults({ duplicateWebhooks: 1 });
        const sent = await h.sim.sendFromCustomer({ from: CUSTOMER, to: COMPANY, body: 'Twice?' });
        expect(sent.webhook).toMatchObject({ attempts: 2, httpStatus: 200, delivered: true });
        expect(await count(h)).toBe(1);
    });

    it('hands messages over in arrival order, and again at start-up those the router did not take', async () => {
        const down = new InMemoryRouting();
        down.failNext = Number.MAX_SAFE_INTEGER;
        await h.restart({ routing: down });
        for (const body of ['first', 'second', 'third']) {
            await h.sim.sendFromCustomer({ from: CUSTOMER, to: COMPANY, body });
        }
        expect(await count(h)).toBe(3);
        const unrouted = await h.t.db.get<{ n: number }>(
            'SELECT COUNT(*) AS n FROM provider_messages WHERE routed_at IS NULL'
        );
        expect(Number(unrouted?.n)).toBe(3);

        // A restart with a working router hands every stored message over, oldest first.
        const up = new InMemoryRouting();
        await h.restart({ routing: up });
        await eventually(async () => {
            const left = await h.t.db.get<{ n: number }>(
                'SELECT COUNT(*) AS n FROM provider_messages WHERE routed_at IS NULL'
            );
            return Number(left?.n) === 0;
        });
        const bodies = [];
        for (const id of up.messageIds) bodies.push((await h.edge.getMessage(id))?.body);
        expect(bodies).toEqual(['first', 'second', 'third']);
    });

    it('retries the hand-over when the router fails for a moment', async () => {
        h.routing.failNext = 2;
        await h.sim.sendFromCustomer({ from: CUSTOMER, to: COMPANY, body: 'Are you there?' });
        await eventually(async () => {
            const left = await h.t.db.get<{ n: number }>(
                'SELECT COUNT(*) AS n FROM provider_messages WHERE routed_at IS NULL'
            );
            return Number(left?.n) === 0;
        });
        expect(h.routing.handed.length).toBe(3);
        expect(h.routing.messageIds).toHaveLength(1);
    });

    it('keeps handing over other customers’ messages while one conversation is refused, each in order', async () => {
        const other = '+14155550124';
        let refuse = true;
        const accepted: string[] = [];
        h.routing.refuseWhen = (m) => {
            const refused = refuse && m.customerNumber === CUSTOMER;
            if (!refused) accepted.push(m.messageId);
            return refused;
        };
        await h.sim.sendFromCustomer({ from: CUSTOMER, to: COMPANY, body: 'refused 1' });
        await h.sim.sendFromCustomer({ from: other, to: COMPANY, body: 'other 1' });
        await h.sim.sendFromCustomer({ from: CUSTOMER, to: COMPANY, body: 'refused 2' });
        await h.sim.sendFromCustomer({ from: other, to: COMPANY, body: 'other 2' });
        const bodies = async () => {
            const out: string[] = [];
            for (const id of new Set(accepted)) out.push((await h.edge.getMessage(id))?.body ?? '');
            return out;
        };
        await eventually(async () => (await bodies()).length === 2);
        expect(await bodies()).toEqual(['other 1', 'other 2']);
        // The refused conversation waits; its second message was never handed over before its first.
        const refusedTries = h.routing.handed.filter((m) => m.customerNumber === CUSTOMER);
        expect(new Set(refusedTries.map((m) => m.messageId)).size).toBe(1);
        const waiting = await h.t.db.get<{ route_attempts: number; route_error: string }>(
            "SELECT route_attempts, route_error FROM provider_messages WHERE body = 'refused 1'"
        );
        expect(waiting).toMatchObject({ route_error: 'UNKNOWN_CHANNEL' });
        expect(Number(waiting?.route_attempts)).toBeGreaterThanOrEqual(1);

        refuse = false;
        await eventually(async () => (await bodies()).length === 4, 5_000);
        expect(await bodies()).toEqual(['other 1', 'other 2', 'refused 1', 'refused 2']);
    });

    it('normalises the numbers it receives to E.164', async () => {
        await postSigned(h, inboundParams({ From: '(415) 555-0123', MessageSid: 'SM' + 'b'.repeat(32) }));
        const row = await h.t.db.get<{ customer_number: string }>('SELECT customer_number FROM provider_messages');
        expect(row?.customer_number).toBe(CUSTOMER);
    });
});
