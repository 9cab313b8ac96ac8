/**
 * The local console's HTTP side (B34): who may sign in, what a page is given, and the endpoints the
 * local lightning/* modules call — as the signed-in person, with the platform's answer shapes.
 * The browser side is proven by e2e/*.test.ts.
 */
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { createService, type LocalService } from '../../service/src/createService';
import { createLogger } from '../../service/src/log';
import { registerConsole } from './server';

let service: LocalService;
let dataDir: string;
let agent1: string;
let agent2: string;

beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-console-server-'));
    service = await createService({
        mode: 'local',
        dataDir,
        logger: createLogger({ level: 'silent' }),
        register: (app, handles) =>
            registerConsole(app, handles as LocalService, { code: async () => 'console.log("bundle")' })
    });
    [agent1, agent2] = service.users().agents.map((a) => a.userId);
});

afterAll(async () => {
    await service?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
});

function call(
    method: string,
    route: string,
    user: string | null,
    body?: unknown
): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
    return fetch(`${service.url}${route}`, {
        method,
        redirect: 'manual',
        headers: {
            ...(user ? { 'x-local-user': user } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {})
        },
        body: body !== undefined ? JSON.stringify(body) : undefined
    }).then(async (r) => {
        const text = await r.text();
        let json: unknown = null;
        try {
            json = JSON.parse(text);
        } catch {
            json = null;
        }
        return { status: r.status, json, text, headers: r.headers };
    });
}

test('the sign-in page offers each person of the local org, with what they may do', async () => {
    const page = await call('GET', '/', null);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/console?as=${agent1}`);
    expect(page.text).toMatch(/Agent 1<\/a> <span[^>]*>agent, may reject offers/);
    expect(page.text).toMatch(/Agent 2<\/a> <span[^>]*>agent, cannot reject offers/);
    expect(page.text).toContain('supervisor');
    expect(page.text).toContain(service.simulator.url);
});

test('a console page carries its person; an unknown person is sent back to sign in', async () => {
    const page = await call('GET', `/console?as=${agent2}`, null);
    expect(page.status).toBe(200);
    const session = JSON.parse(/window\.__localSession = (.*);<\/script>/.exec(page.text)![1]);
    expect(session).toMatchObject({ userId: agent2, role: 'agent', customPermissions: [] });
    const first = await call('GET', `/console?as=${agent1}`, null);
    expect(JSON.parse(/window\.__localSession = (.*);<\/script>/.exec(first.text)![1]).customPermissions).toEqual([
        'SMS_Reject_Offers'
    ]);
    const unknown = await call('GET', '/console?as=005000000000999AAA', null);
    expect(unknown.status).toBe(302);
    expect(unknown.headers.get('location')).toBe('/');
    expect((await call('GET', '/console/app.js', null)).text).toBe('console.log("bundle")');
});

test('the UI API answers only a signed-in person, as that person', async () => {
    const anonymous = await call('POST', '/api/ui/graphql', null, {
        query: '{ uiapi { query { Contact { edges { node { Id } } } } } }'
    });
    expect(anonymous.status).toBe(401);
    const contacts = await call('POST', '/api/ui/graphql', agent1, {
        query: '{ uiapi { query { Contact(first: 200) { edges { node { Id Name { value } } } } } } }',
        variables: {}
    });
    expect(contacts.status).toBe(200);
    const names = (
        contacts.json as {
            data: { uiapi: { query: { Contact: { edges: Array<{ node: { Name: { value: string } } }> } } } };
        }
    ).data.uiapi.query.Contact.edges.map((e) => e.node.Name.value);
    expect(names).toContain('Maria Garcia');

    const maria = service.org.find('Contact', { LastName: 'Garcia' })[0].Id as string;
    const tab = await call('GET', `/api/console/record/${maria}`, agent1);
    expect(tab.status).toBe(200);
    expect(tab.json).toMatchObject({
        objectInfo: { apiName: 'Contact' },
        record: { id: maria, fields: { LastName: { value: 'Garcia' } } }
    });
    const missing = await call('GET', '/api/console/record/003000000000999AAA', agent1);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual([expect.objectContaining({ errorCode: 'NOT_FOUND' })]);
});

test('a record is created as the person and refused with the UI API error shape', async () => {
    const created = await call('POST', '/api/ui/records', agent2, {
        apiName: 'Case',
        fields: { Subject: 'Parcel lost', SuppliedPhone: '+14155550177' }
    });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    expect(service.org.get(id)).toMatchObject({ Subject: 'Parcel lost', CreatedById: agent2 });

    const refused = await call('POST', '/api/ui/records', agent2, { apiName: 'Case', fields: { NoSuchField__c: 'x' } });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual([expect.objectContaining({ errorCode: 'INVALID_FIELD' })]);
});

test("an event stream delivers the person's channel and is counted per person, as empApi clients are", async () => {
    const channel = `/event/SMS_Agent_Event__e`;
    const received: string[] = [];
    const request = http.get(
        `${service.url}/api/events?${new URLSearchParams({ topic: channel, replayId: '-1', user: agent1 })}`
    );
    const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    const got = new Promise<void>((resolve) => {
        response.on('data', (chunk: Buffer) => {
            for (const line of chunk.toString().split('\n'))
                if (line.startsWith('data: ')) received.push(line.slice(6));
            if (received.length > 0) resolve();
        });
    });
    const before = service.org.bus.snapshot().byClient[`empApi:${agent1}`] ?? 0;
    await service.org.publishAgentEvents([{ recipientId: agent1, type: 'resync', interactionId: null, sequence: 1 }]);
    await got;
    request.destroy();
    expect(JSON.parse(received[0])).toMatchObject({
        channel,
        data: { payload: { Recipient_Id__c: agent1, Type__c: 'resync' } }
    });
    expect(service.org.bus.snapshot().byClient[`empApi:${agent1}`]).toBe(before + 1);

    const unknownTopic = await call('GET', `/api/events?topic=%2Fevent%2FNope__e&user=${agent1}`, null);
    expect(unknownTopic.status).toBe(400);
});
