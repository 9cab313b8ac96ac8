import fs from 'fs';
import path from 'path';
import { runGraphQL } from './graphql';
import { LocalOrg } from './localOrg';
import { loadSeed } from './seed';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** The panel's queries, verbatim from the component's source. */
function panelQueries(): Record<string, string> {
    const source = fs.readFileSync(
        path.join(ROOT, 'force-app', 'main', 'default', 'lwc', 'smsQueries', 'smsQueries.ts'),
        'utf8'
    );
    const out: Record<string, string> = {};
    for (const m of source.matchAll(/export const (\w+) = gql`([^`]*)`/g)) out[m[1]] = m[2];
    return out;
}

interface Edge {
    node: Record<string, unknown>;
}

const ids = (result: { data: unknown }, object: string): string[] =>
    ((result.data as { uiapi: { query: Record<string, { edges: Edge[] }> } }).uiapi.query[object].edges ?? []).map(
        (e) => String(e.node.Id)
    );

const nodes = (result: { data: unknown }, object: string): Record<string, unknown>[] =>
    (result.data as { uiapi: { query: Record<string, { edges: Edge[] }> } }).uiapi.query[object].edges.map(
        (e) => e.node
    );

function world() {
    let clock = Date.parse('2026-03-02T10:00:00.000Z');
    const org = new LocalOrg({ now: () => (clock += 1000) });
    loadSeed(org, path.join(ROOT, 'data'));
    const agentRec1 = org.get(org.refs.get('SmsAgentRef1')!)!;
    const agentRec2 = org.get(org.refs.get('SmsAgentRef2')!)!;
    const ada = String(agentRec1.User__c);
    const bo = String(agentRec2.User__c);
    const channel = org.find('SMS_Channel__c', { Active__c: true })[0];
    const queue = org.get(String(channel.Queue__c))!;
    const contact = org.find('Contact').find((c) => c.AccountId !== null)!;
    const interaction = (fields: Record<string, string | number | boolean | null>) =>
        org.insert('SMS_Interaction__c', { Channel__c: String(channel.Id), Queue__c: String(queue.Id), ...fields });
    const active = interaction({
        External_Id__c: 'i-active',
        OwnerId: ada,
        Status__c: 'Active',
        Customer_Phone__c: '+14155550101',
        Accepted_At__c: '2026-03-02T09:00:00.000Z',
        Contact__c: String(contact.Id)
    });
    const offered = interaction({ External_Id__c: 'i-offered', OwnerId: ada, Status__c: 'Offered' });
    const wrapping = interaction({
        External_Id__c: 'i-wrap',
        OwnerId: ada,
        Status__c: 'Post-processing',
        Accepted_At__c: '2026-03-02T08:00:00.000Z',
        Disposition__c: 'Resolved'
    });
    const closed = interaction({ External_Id__c: 'i-closed', OwnerId: ada, Status__c: 'Closed' });
    const bos = interaction({
        External_Id__c: 'i-bo',
        OwnerId: bo,
        Status__c: 'Active',
        Accepted_At__c: '2026-03-02T07:00:00.000Z'
    });
    const messages = ['first', 'second', 'third'].map((body, i) =>
        org.insert('SMS_Message__c', {
            Interaction__c: active,
            Direction__c: i % 2 === 0 ? 'Inbound' : 'Outbound',
            Status__c: i % 2 === 0 ? 'Received' : 'Delivered',
            Body__c: body
        })
    );
    org.insert('SMS_Message__c', { Interaction__c: bos, Direction__c: 'Inbound', Body__c: 'other' });
    const actions = ['Accept', 'Link Record', 'Set Status'].map((type) =>
        org.insert('SMS_Agent_Action__c', { Type__c: type, Interaction__c: active }, ada)
    );
    const boAction = org.insert('SMS_Agent_Action__c', { Type__c: 'Accept', Interaction__c: bos }, bo);
    return {
        org,
        ada,
        bo,
        agentRec1,
        channel,
        queue,
        contact,
        active,
        offered,
        wrapping,
        closed,
        bos,
        messages,
        actions,
        boAction
    };
}

describe('the local org’s UI API GraphQL', () => {
    const queries = panelQueries();

    test('the component file holds the panel’s queries, and each one runs without errors', () => {
        expect(Object.keys(queries)).toEqual(
            expect.arrayContaining(['PANEL_STATE_QUERY', 'CONVERSATION_QUERY', 'PANEL_CONFIG_QUERY', 'CHAT_LOG_QUERY'])
        );
        const w = world();
        for (const [name, query] of Object.entries(queries)) {
            const result = runGraphQL(w.org, query, { userId: w.ada, userKey: w.ada, interactionId: w.active }, w.ada);
            expect({ name, errors: result.errors }).toEqual({ name, errors: [] });
        }
    });

    test('PANEL_STATE_QUERY: the agent’s record, their open interactions by acceptance, their latest requests', () => {
        const w = world();
        const result = runGraphQL(w.org, queries.PANEL_STATE_QUERY, { userId: w.ada, userKey: w.ada }, w.ada);
        expect(result.errors).toEqual([]);
        const [agent] = nodes(result, 'SMS_Agent__c');
        expect(agent).toMatchObject({
            Id: w.agentRec1.Id,
            Name: { value: 'Agent 1' },
            Status__c: { value: 'Offline' },
            Max_Interactions__c: { value: 3 },
            Stop_New__c: { value: false }
        });
        expect(nodes(result, 'SMS_Agent__c')).toHaveLength(1);
        // Offered, Active, Post-processing only; Accepted_At__c ascending with nulls first; Bo's is not theirs.
        expect(ids(result, 'SMS_Interaction__c')).toEqual([w.offered, w.wrapping, w.active]);
        const active = nodes(result, 'SMS_Interaction__c')[2];
        expect(active).toMatchObject({
            Customer_Phone__c: { value: '+14155550101' },
            Channel__c: { value: w.channel.Id },
            Channel__r: { Name: { value: w.channel.Name }, Phone_Number__c: { value: w.channel.Phone_Number__c } },
            Queue__r: { Name: { value: w.queue.Name } },
            Status__c: { value: 'Active' },
            Accepted_At__c: { value: '2026-03-02T09:00:00.000Z' },
            Contact__c: { value: w.contact.Id },
            Lead__c: { value: null },
            SLA_Breached__c: { value: false }
        });
        expect(nodes(result, 'SMS_Interaction__c')[1]).toMatchObject({ Disposition__c: { value: 'Resolved' } });
        // Newest first, only the requests this user made.
        expect(ids(result, 'SMS_Agent_Action__c')).toEqual([...w.actions].reverse());
        expect(nodes(result, 'SMS_Agent_Action__c')[0]).toMatchObject({
            Type__c: { value: 'Set Status' },
            Interaction__c: { value: w.active },
            CreatedDate: { value: expect.stringMatching(/^2026-03-02T10:00:\d\d\.000Z$/) }
        });
    });

    test('sharing: another agent sees none of the agent’s interactions, messages or requests', () => {
        const w = world();
        const state = runGraphQL(w.org, queries.PANEL_STATE_QUERY, { userId: w.ada, userKey: w.ada }, w.bo);
        expect(state.errors).toEqual([]);
        expect(ids(state, 'SMS_Interaction__c')).toEqual([]);
        expect(ids(state, 'SMS_Agent_Action__c')).toEqual([]);
        const conversation = runGraphQL(w.org, queries.CONVERSATION_QUERY, { interactionId: w.active }, w.bo);
        expect(ids(conversation, 'SMS_Message__c')).toEqual([]);
        // A supervisor (View All on interactions) sees everyone's open ones.
        const supervisor = w.org.createUser({ LastName: 'Sup', Username: 'sup@sms.local' }, ['SMS_Supervisor']);
        const all = runGraphQL(
            w.org,
            `query { uiapi { query { SMS_Interaction__c(where: { Status__c: { in: ["Active", "Offered"] } }, orderBy: { External_Id__c: { order: ASC } }) {
                edges { node { Id Owner { Name { value } } } } totalCount } } } }`,
            {},
            supervisor
        );
        expect(all.errors).toEqual([]);
        expect(ids(all, 'SMS_Interaction__c')).toEqual([w.active, w.bos, w.offered]);
        expect(nodes(all, 'SMS_Interaction__c').map((n) => n.Owner)).toEqual([
            { Name: { value: 'Agent 1' } },
            { Name: { value: 'Agent 2' } },
            { Name: { value: 'Agent 1' } }
        ]);
    });

    test('CONVERSATION_QUERY newest first, CHAT_LOG_QUERY oldest first, of one interaction', () => {
        const w = world();
        const conversation = runGraphQL(w.org, queries.CONVERSATION_QUERY, { interactionId: w.active }, w.ada);
        expect(conversation.errors).toEqual([]);
        expect(ids(conversation, 'SMS_Message__c')).toEqual([...w.messages].reverse());
        expect(nodes(conversation, 'SMS_Message__c')[0]).toMatchObject({
            Direction__c: { value: 'Inbound' },
            Body__c: { value: 'third' },
            Status__c: { value: 'Received' },
            Resend_Of__c: { value: null }
        });
        expect(
            (conversation.data as { uiapi: { query: { SMS_Message__c: { pageInfo: unknown } } } }).uiapi.query
                .SMS_Message__c.pageInfo
        ).toEqual({ hasNextPage: false });
        const log = runGraphQL(w.org, queries.CHAT_LOG_QUERY, { interactionId: w.active }, w.ada);
        expect(ids(log, 'SMS_Message__c')).toEqual(w.messages);
        expect(nodes(log, 'SMS_Message__c').map((n) => n.Interaction__c)).toEqual(
            w.messages.map(() => ({ value: w.active }))
        );
        // A 15-character Id finds the same records.
        const short = runGraphQL(w.org, queries.CHAT_LOG_QUERY, { interactionId: w.active.slice(0, 15) }, w.ada);
        expect(ids(short, 'SMS_Message__c')).toEqual(w.messages);
    });

    test('PANEL_CONFIG_QUERY: active channels and quick answers by name', () => {
        const w = world();
        const result = runGraphQL(w.org, queries.PANEL_CONFIG_QUERY, {}, w.ada);
        expect(result.errors).toEqual([]);
        const channelNames = nodes(result, 'SMS_Channel__c').map((n) => (n.Name as { value: string }).value);
        const expectedChannels = w.org
            .find('SMS_Channel__c', { Active__c: true })
            .map((c) => String(c.Name))
            .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
        expect(channelNames).toEqual(expectedChannels);
        const answers = nodes(result, 'SMS_Quick_Answer__c').map((n) => (n.Name as { value: string }).value);
        expect(answers).toEqual(['Opening hours', 'Reset your password', 'Track your order']);
    });

    test('where: eq, ne, in, nin, lt, gt, lte, gte, like, and, or, not; values from variables, also in lists', () => {
        const w = world();
        const run = (where: string, variables: Record<string, unknown> = {}, decl = '') =>
            ids(
                runGraphQL(
                    w.org,
                    `query q${decl} { uiapi { query { SMS_Interaction__c(where: ${where}, orderBy: { External_Id__c: { order: ASC } }, first: 50) { edges { node { Id } } } } } }`,
                    variables,
                    w.ada
                ),
                'SMS_Interaction__c'
            );
        expect(run('{ Status__c: { eq: "active" } }')).toEqual([w.active]);
        expect(run('{ Status__c: { ne: "Active" } }')).toEqual([w.closed, w.offered, w.wrapping]);
        expect(run('{ Status__c: { nin: ["Active", "Closed"] } }')).toEqual([w.offered, w.wrapping]);
        expect(run('{ Status__c: { in: [$a, "Closed"] } }', { a: 'Offered' }, '($a: String)')).toEqual([
            w.closed,
            w.offered
        ]);
        expect(run('{ Status__c: { in: $s } }', { s: ['Post-processing', 'Offered'] }, '($s: [String])')).toEqual([
            w.offered,
            w.wrapping
        ]);
        expect(run('{ Accepted_At__c: { lt: { value: "2026-03-02T09:00:00.000Z" } } }')).toEqual([w.wrapping]);
        expect(run('{ Accepted_At__c: { lte: { value: "2026-03-02T09:00:00.000Z" } } }')).toEqual([
            w.active,
            w.wrapping
        ]);
        expect(
            run('{ Accepted_At__c: { gt: { value: $t } } }', { t: '2026-03-02T08:00:00Z' }, '($t: DateTime)')
        ).toEqual([w.active]);
        expect(run('{ Accepted_At__c: { gte: { value: "2026-03-02T08:00:00Z" } } }')).toEqual([w.active, w.wrapping]);
        expect(run('{ Accepted_At__c: { eq: null } }')).toEqual([w.closed, w.offered]);
        expect(run('{ External_Id__c: { like: "I-%ED" } }')).toEqual([w.closed, w.offered]);
        expect(run('{ or: [{ Status__c: { eq: "Closed" } }, { External_Id__c: { eq: "i-wrap" } }] }')).toEqual([
            w.closed,
            w.wrapping
        ]);
        expect(run('{ and: [{ Status__c: { ne: "Closed" } }, { not: { Accepted_At__c: { eq: null } } }] }')).toEqual([
            w.active,
            w.wrapping
        ]);
        expect(run('{ Id: { eq: $id } }', { id: w.offered }, '($id: ID)')).toEqual([w.offered]);
        expect(run('{ Contact__c: { eq: $c } }', { c: w.contact.Id }, '($c: ID)')).toEqual([w.active]);
        expect(run('{ SLA_Breached__c: { eq: false }, Status__c: { eq: "Offered" } }')).toEqual([w.offered]);
    });

    test('orderBy with several keys and nulls, first, pages with after, totalCount, __typename', () => {
        const w = world();
        const query = `query page($after: String) { uiapi { query {
            SMS_Interaction__c(orderBy: { Accepted_At__c: { order: DESC, nulls: LAST }, External_Id__c: { order: DESC } }, first: 2, after: $after) {
                edges { node { Id __typename } cursor }
                pageInfo { hasNextPage hasPreviousPage endCursor }
                totalCount
            } } } }`;
        const one = runGraphQL(w.org, query, {}, w.ada);
        expect(one.errors).toEqual([]);
        expect(ids(one, 'SMS_Interaction__c')).toEqual([w.active, w.wrapping]);
        expect(nodes(one, 'SMS_Interaction__c')[0].__typename).toBe('SMS_Interaction__c');
        const conn = (r: { data: unknown }) =>
            (r.data as { uiapi: { query: { SMS_Interaction__c: unknown } } }).uiapi.query.SMS_Interaction__c as {
                pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
                totalCount: number;
            };
        expect(conn(one).pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
        expect(conn(one).totalCount).toBe(4);
        const two = runGraphQL(w.org, query, { after: conn(one).pageInfo.endCursor }, w.ada);
        expect(ids(two, 'SMS_Interaction__c')).toEqual([w.offered, w.closed]);
        expect(conn(two).pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
        // first defaults to 10, as on the platform.
        for (let i = 0; i < 12; i++) w.org.insert('SMS_Quick_Answer__c', { Name: `QA ${i}`, Active__c: true });
        const many = runGraphQL(
            w.org,
            '{ uiapi { query { SMS_Quick_Answer__c { edges { node { Id } } } } } }',
            {},
            w.ada
        );
        expect(ids(many, 'SMS_Quick_Answer__c')).toHaveLength(10);
    });

    test('relationships: Owner, nested lookups, null when empty; displayValue of picklists and date/times', () => {
        const w = world();
        const result = runGraphQL(
            w.org,
            `{ uiapi { query { SMS_Interaction__c(where: { External_Id__c: { in: ["i-active", "i-offered"] } }, orderBy: { External_Id__c: { order: ASC } }) {
                edges { node {
                    Owner { Name { value } ... on User { Username { value } } }
                    Contact__r { Name { value } Account { Name { value } } }
                    Status__c { value displayValue label }
                    Accepted_At__c { value displayValue }
                    CreatedBy { Id }
                    Match_Count__c { value displayValue }
                } } } } } }`,
            {},
            w.ada
        );
        expect(result.errors).toEqual([]);
        const account = w.org.get(String(w.contact.AccountId))!;
        const [active, offered] = nodes(result, 'SMS_Interaction__c');
        expect(active).toMatchObject({
            Owner: { Name: { value: 'Agent 1' }, Username: { value: 'agent1@sms.local' } },
            Contact__r: {
                Name: { value: [w.contact.FirstName, w.contact.LastName].filter(Boolean).join(' ') },
                Account: { Name: { value: account.Name } }
            },
            Status__c: { value: 'Active', displayValue: 'Active', label: 'Active' },
            Accepted_At__c: { value: '2026-03-02T09:00:00.000Z', displayValue: expect.any(String) },
            CreatedBy: { Id: w.org.integrationUserId }
        });
        expect(offered).toMatchObject({ Contact__r: null, Accepted_At__c: { value: null, displayValue: null } });
    });

    test('refused like the platform: unknown objects and fields, bad operators, missing variables, mutations, first over 2000', () => {
        const w = world();
        const err = (query: string, variables: Record<string, unknown> = {}) => {
            const result = runGraphQL(w.org, query, variables, w.ada);
            expect(result.data).toBeNull();
            expect(result.errors.length).toBeGreaterThan(0);
            return result.errors.map((e) => e.message).join('\n');
        };
        expect(err('{ uiapi { query { Nope__c { edges { node { Id } } } } } }')).toMatch(/Nope__c/);
        expect(err('{ uiapi { query { SMS_Message__c { edges { node { Nope__c { value } } } } } } }')).toMatch(
            /Nope__c.*SMS_Message__c/
        );
        expect(err('{ uiapi { query { SMS_Message__c { edges { node { Body__c } } } } } }')).toMatch(/selection/);
        expect(err('{ uiapi { query { SMS_Message__c(where: { Body__c: { eq: "x" } }) { totalCount } } } }')).toMatch(
            /Body__c/
        );
        expect(
            err('{ uiapi { query { SMS_Message__c(where: { Segments__c: { like: "1" } }) { totalCount } } } }')
        ).toMatch(/like/);
        expect(err(queries.CONVERSATION_QUERY)).toMatch(/\$interactionId/);
        expect(err('mutation { uiapi { query { SMS_Message__c { totalCount } } } }')).toMatch(/mutation/i);
        expect(err('{ uiapi { query { SMS_Message__c { edges { node { Id } } ')).toMatch(/Syntax Error/);
        const tooMany = runGraphQL(
            w.org,
            '{ uiapi { query { SMS_Message__c(first: 2001) { totalCount } } } }',
            {},
            w.ada
        );
        expect(tooMany.errors[0].message).toMatch(/2000/);
        // Named fragments are plain GraphQL and work.
        const fragment = runGraphQL(
            w.org,
            `query { uiapi { query { SMS_Agent__c(first: 1) { edges { node { ...agent } } } } } }
             fragment agent on SMS_Agent__c { Id Name { value } }`,
            {},
            w.ada
        );
        expect(fragment.errors).toEqual([]);
        expect(nodes(fragment, 'SMS_Agent__c')[0]).toHaveProperty('Name.value');
    });

    test('date literals, ne keeping empty fields as SOQL does, and a lookup to several objects as a union', () => {
        const w = world();
        const run = (where: string, now = Date.parse('2026-03-02T15:00:00Z')) =>
            ids(
                runGraphQL(
                    w.org,
                    `{ uiapi { query { SMS_Interaction__c(where: ${where}, orderBy: { External_Id__c: { order: ASC } }) { edges { node { Id } } } } } }`,
                    {},
                    w.ada,
                    { now }
                ),
                'SMS_Interaction__c'
            );
        expect(run('{ Accepted_At__c: { eq: { literal: TODAY } } }')).toEqual([w.active, w.wrapping]);
        expect(run('{ Accepted_At__c: { eq: { literal: YESTERDAY } } }')).toEqual([]);
        expect(run('{ Accepted_At__c: { gte: { literal: TODAY } } }', Date.parse('2026-03-01T12:00:00Z'))).toEqual([
            w.active,
            w.wrapping
        ]);
        expect(run('{ Accepted_At__c: { lt: { literal: TODAY } } }', Date.parse('2026-03-03T12:00:00Z'))).toEqual([
            w.active,
            w.wrapping
        ]);
        expect(run('{ Accepted_At__c: { ne: { value: "2026-03-02T09:00:00.000Z" } } }')).toEqual([
            w.closed,
            w.offered,
            w.wrapping
        ]);
        const lead = w.org.find('Lead')[0];
        w.org.insert('Task', { Subject: 'SMS', WhoId: String(lead.Id), WhatId: null });
        const tasks = runGraphQL(
            w.org,
            `{ uiapi { query { Task { edges { node {
                Who { __typename ... on Lead { Company { value } } ... on Contact { Email { value } } }
                What { __typename }
            } } } } } }`,
            {},
            w.ada
        );
        expect(tasks.errors).toEqual([]);
        expect(nodes(tasks, 'Task')).toEqual([
            { Who: { __typename: 'Lead', Company: { value: lead.Company ?? null } }, What: null }
        ]);
    });

    test('scope MINE keeps the records the user owns', () => {
        const w = world();
        const supervisor = w.org.createUser({ LastName: 'Sup', Username: 'sup@sms.local' }, ['SMS_Supervisor']);
        w.org.insert('SMS_Interaction__c', { External_Id__c: 'i-sup', OwnerId: supervisor, Status__c: 'Active' });
        const result = runGraphQL(
            w.org,
            '{ uiapi { query { SMS_Interaction__c(scope: MINE) { edges { node { External_Id__c { value } } } } } } }',
            {},
            supervisor
        );
        expect(nodes(result, 'SMS_Interaction__c').map((n) => n.External_Id__c)).toEqual([{ value: 'i-sup' }]);
    });
});
