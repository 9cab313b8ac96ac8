/**
 * The simulator on its own terms: the REST subset with basic auth, Twilio's error shapes, the
 * customer-phone page and its admin API (send, read, live events, faults).
 */
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { createSqliteTestDb } from '../../../test/databases';
import { COMPANY, CUSTOMER, eventually, startHarness, type Harness } from '../../../test/providerHarness';
import { startSimulator, type SimMessage, type Simulator } from '.';

const SID = 'AC' + '1'.repeat(32);
const TOKEN = 'token-' + '2'.repeat(26);
/** A JSON answer, read as the shape the test expects. */
async function json<T>(response: Response): Promise<T> {
    return (await response.json()) as T;
}

interface MessageJson {
    sid: string;
    uri: string;
    date_created: string;
}

const basic = (sid: string, token: string) => `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`;

describe('simulator REST API', () => {
    let sim: Simulator;
    beforeEach(async () => {
        sim = await startSimulator({ accountSid: SID, authToken: TOKEN, numbers: [COMPANY], sendDelayMs: 60_000 });
    });
    afterEach(async () => {
        await sim.close();
    });

    const create = (form: Record<string, string>, auth = basic(SID, TOKEN)) =>
        fetch(`${sim.url}/2010-04-01/Accounts/${SID}/Messages.json`, {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(form).toString()
        });

    it('creates, fetches and lists messages in Twilio’s JSON shape', async () => {
        const response = await create({ To: CUSTOMER, From: COMPANY, Body: 'Hello 🙂' });
        expect(response.status).toBe(201);
        const message = await json<MessageJson>(response);
        expect(message).toMatchObject({
            account_sid: SID,
            api_version: '2010-04-01',
            body: 'Hello 🙂',
            direction: 'outbound-api',
            from: COMPANY,
            to: CUSTOMER,
            status: 'queued',
            num_segments: '1',
            error_code: null,
            error_message: null
        });
        expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
        expect(message.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);

        const fetched = await fetch(`${sim.url}${message.uri}`, { headers: { authorization: basic(SID, TOKEN) } });
        expect(await fetched.json()).toMatchObject({ sid: message.sid, body: 'Hello 🙂' });

        await create({ To: '+14155550124', From: COMPANY, Body: 'Someone else' });
        const list = await fetch(
            `${sim.url}/2010-04-01/Accounts/${SID}/Messages.json?To=${encodeURIComponent(CUSTOMER)}`,
            {
                headers: { authorization: basic(SID, TOKEN) }
            }
        );
        const page = await json<{ messages: MessageJson[] }>(list);
        expect(page.messages.map((m) => m.sid)).toEqual([message.sid]);
    });

    it('refuses wrong credentials with 401 and code 20003', async () => {
        const response = await create({ To: CUSTOMER, From: COMPANY, Body: 'x' }, basic(SID, 'wrong'));
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({ code: 20003, status: 401 });
        expect(sim.messages()).toHaveLength(0);
    });

    it.each([
        ['no To', { From: COMPANY, Body: 'x' }, 21604],
        ['no From', { To: CUSTOMER, Body: 'x' }, 21603],
        ['no Body', { To: CUSTOMER, From: COMPANY }, 21602],
        ['an invalid To', { To: '12345', From: COMPANY, Body: 'x' }, 21211],
        ['a From not of the account', { To: CUSTOMER, From: '+14155550111', Body: 'x' }, 21606],
        ['a Body over 1,600 characters', { To: CUSTOMER, From: COMPANY, Body: 'x'.repeat(1601) }, 21617]
    ])('refuses a create with %s with 400 and Twilio’s error code', async (_name, form, code) => {
        const response = await create(form);
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({
            code,
            status: 400,
            more_info: `https://www.twilio.com/docs/errors/${code}`
        });
        expect(sim.messages()).toHaveLength(0);
    });

    it('refuses messages to a customer who texted STOP to that number (21610) until START', async () => {
        await sim.sendFromCustomer({ from: CUSTOMER, to: COMPANY, body: 'STOP' });
        expect((await json<{ code: number }>(await create({ To: CUSTOMER, From: COMPANY, Body: 'x' }))).code).toBe(
            21610
        );
        await sim.sendFromCustomer({ from: CUSTOMER, to: COMPANY, body: 'start' });
        expect((await create({ To: CUSTOMER, From: COMPANY, Body: 'x' })).status).toBe(201);
    });

    it('takes faults over its admin API and uses them up in order', async () => {
        const put = await fetch(`${sim.url}/admin/faults`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ createFaults: [{ type: 'error-before', status: 503 }, { type: 'error-after' }] })
        });
        expect(put.status).toBe(200);
        expect((await create({ To: CUSTOMER, From: COMPANY, Body: 'one' })).status).toBe(503);
        expect(sim.messages()).toHaveLength(0);
        expect((await create({ To: CUSTOMER, From: COMPANY, Body: 'two' })).status).toBe(500);
        expect(sim.messages()).toHaveLength(1); // created before the 500
        expect((await create({ To: CUSTOMER, From: COMPANY, Body: 'three' })).status).toBe(201);

        const bad = await fetch(`${sim.url}/admin/faults`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ createFaults: [{ type: 'explode' }] })
        });
        expect(bad.status).toBe(400);
        const reset = await fetch(`${sim.url}/admin/faults`, { method: 'DELETE' });
        expect((await json<{ createFaults: unknown[] }>(reset)).createFaults).toEqual([]);
    });

    it('signs webhooks so that the twilio package’s validateRequest accepts them', async () => {
        const received: { url: string; signature: string; params: Record<string, string> }[] = [];
        const http = await import('http');
        const server = http.createServer((req, res) => {
            let body = '';
            req.on('data', (chunk) => (body += chunk));
            req.on('end', () => {
                received.push({
                    url: `http://127.0.0.1:${(server.address() as { port: number }).port}${req.url}`,
                    signature: String(req.headers['x-twilio-signature']),
                    params: Object.fromEntries(new URLSearchParams(body))
                });
                res.end('<Response/>');
            });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
        try {
            const port = (server.address() as { port: number }).port;
            sim.setSmsUrl(`http://127.0.0.1:${port}/sms?site=a%20b&x=1`);
            await sim.sendFromCustomer({ from: CUSTOMER, to: COMPANY, body: 'Ünïcödé & spaces + signs' });
            expect(received).toHaveLength(1);
            const [hook] = received;
            expect(hook.params).toMatchObject({
                From: CUSTOMER,
                To: COMPANY,
                Body: 'Ünïcödé & spaces + signs',
                AccountSid: SID
            });
            expect(validateRequest(TOKEN, hook.signature, hook.url, hook.params)).toBe(true);
            expect(validateRequest('other-token', hook.signature, hook.url, hook.params)).toBe(false);
        } finally {
            await new Promise((resolve) => server.close(resolve));
        }
    });
});

describe('customer-phone page', () => {
    let h: Harness;
    beforeEach(async () => {
        h = await startHarness(createSqliteTestDb);
    });
    afterEach(async () => {
        await h?.close();
    });

    it('serves an accessible page with its script and style', async () => {
        const page = await fetch(`${h.sim.url}/`);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toContain('text/html');
        const html = await page.text();
        expect(html).toContain('<html lang="en">');
        for (const id of ['customer', 'company', 'body']) expect(html).toMatch(new RegExp(`<label for="${id}"`));
        expect(html).toContain('aria-live="polite"');
        expect(html).toContain('role="alert"');
        expect(html).toContain('<button id="send" type="submit"');
        for (const [path, type] of [
            ['/phone.js', 'text/javascript'],
            ['/phone.css', 'text/css']
        ]) {
            const asset = await fetch(`${h.sim.url}${path}`);
            expect(asset.status).toBe(200);
            expect(asset.headers.get('content-type')).toContain(type);
        }
        const numbers = await json<{ numbers: string[] }>(await fetch(`${h.sim.url}/admin/numbers`));
        expect(numbers.numbers).toContain(COMPANY);
    });

    it('sends from any customer number to a company number, and shows the reply with its delivery status live', async () => {
        const events: { body: string; direction: string; status: string }[] = [];
        const controller = new AbortController();
        const stream = await fetch(`${h.sim.url}/admin/events`, { signal: controller.signal });
        expect(stream.headers.get('content-type')).toContain('text/event-stream');
        const reading = (async () => {
            const decoder = new TextDecoder();
            let buffer = '';
            try {
                for await (const chunk of stream.body as AsyncIterable<Uint8Array>) {
                    buffer += decoder.decode(chunk, { stream: true });
                    let end;
                    while ((end = buffer.indexOf('\n\n')) >= 0) {
                        const block = buffer.slice(0, end);
                        buffer = buffer.slice(end + 2);
                        const data = block.split('\n').find((line) => line.startsWith('data: '));
                        if (data) events.push(JSON.parse(data.slice(6)));
                    }
                }
            } catch {
                // aborted
            }
        })();

        const customer = '+447911123456';
        const sent = await fetch(`${h.sim.url}/admin/send`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ from: customer, to: COMPANY, body: 'Hi from the phone page' })
        });
        expect(sent.status).toBe(201);
        const { message } = await json<{ message: SimMessage }>(sent);
        expect(message).toMatchObject({ direction: 'inbound', webhook: { delivered: true, httpStatus: 200 } });
        const handed = await eventually(() => h.routing.handed[0]);
        expect(handed.customerNumber).toBe(customer);

        await h.edge.sendMessage({ channelNumber: COMPANY, customerNumber: customer, body: 'Hello from the agent' });
        await eventually(() =>
            events.some(
                (e) => e.direction === 'outbound-api' && e.body === 'Hello from the agent' && e.status === 'delivered'
            )
        );
        const conversation = await json<{ messages: SimMessage[] }>(
            await fetch(
                `${h.sim.url}/admin/messages?customer=${encodeURIComponent(customer)}&company=${encodeURIComponent(COMPANY)}`
            )
        );
        expect(conversation.messages.map((m) => [m.body, m.status])).toEqual([
            ['Hi from the phone page', 'received'],
            ['Hello from the agent', 'delivered']
        ]);
        controller.abort();
        await reading;
    });

    it('explains a refused send from the page', async () => {
        const refused = await fetch(`${h.sim.url}/admin/send`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ from: 'my phone', to: COMPANY, body: 'Hi' })
        });
        expect(refused.status).toBe(400);
        expect((await json<{ message: string }>(refused)).message).toBe(
            'The customer number must be in E.164, e.g. +14155550123.'
        );
    });
});
