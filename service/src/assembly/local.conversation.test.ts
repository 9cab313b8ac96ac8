/**
 * Round trips through the assembled service in local mode, over real HTTP on 127.0.0.1: the
 * provider simulator posts signed webhooks and receives the sends, the SMS edge stores and sends,
 * the router decides, the connector writes the local org's records and publishes to each agent's
 * own event channel. Agents act only as the panel does: by inserting records as themselves.
 */
import { OBJECTS, AGENT_ACTION_EVENT, AGENT_ACTION_TOPIC, AGENT_EVENT_TOPIC } from '../connector/model';
import type { Rec } from '../connector/local/localOrg';
import {
    act,
    agentMessage,
    agentRecord,
    DANIEL,
    eventually,
    goAvailable,
    interactionsOf,
    MARIA,
    messagesOf,
    openPanel,
    SALES,
    startLocal,
    STRANGER,
    SUPPORT,
    type LocalHarness,
    type Panel
} from '../../test/localService';
import { panelFields } from '../../test/panelQueries';
import type { RecordWrite, WriteResult } from '../connector/types';

let h: LocalHarness;
let p1: Panel;
let p2: Panel;
/** Every field the service wrote, by object (its writes to the org all go through writeRecords). */
const written = new Map<string, Set<string>>();
const bodies = [
    'Where is my order 1234?',
    'On its way, it ships today.',
    'Thanks! Card ending 4242.',
    'Are you still there?',
    'Need help with my invoice',
    'Hello, anyone?'
];

beforeAll(async () => {
    h = await startLocal();
    const org = h.service.org;
    const writeRecords = org.writeRecords.bind(org);
    org.writeRecords = (writes: readonly RecordWrite[]): Promise<WriteResult[]> => {
        for (const w of writes) {
            const fields = written.get(w.object) ?? new Set<string>();
            for (const f of [...Object.keys(w.fields), ...Object.keys(w.refs ?? {}), w.externalIdField ?? 'Id'])
                fields.add(f);
            written.set(w.object, fields);
        }
        return writeRecords(writes);
    };
    p1 = openPanel(h.service, h.agent1);
    p2 = openPanel(h.service, h.agent2);
    await goAvailable(h.service, h.agent1);
});

afterAll(async () => {
    p1?.close();
    p2?.close();
    await h?.close();
});

const org = () => h.service.org;
const ofType = (panel: Panel, type: string, interactionId?: unknown) =>
    panel.events.filter(
        (e) => e.Type__c === type && (interactionId === undefined || e.Interaction_Id__c === interactionId)
    );

describe('the assembled service, local mode', () => {
    let maria: Rec;

    test('each agent’s panel follows its own filtered channel; a status change is answered on it (B2, X9)', async () => {
        expect(p1.topic).toMatch(/^\/event\/SMS_Agent_\w{18}__chn$/);
        expect(p2.topic).not.toBe(p1.topic);
        expect(agentRecord(h.service, h.agent1)).toMatchObject({ Status__c: 'Available', Status_Reason__c: 'Agent' });
        await eventually(() => ofType(p1, 'agent_state').length > 0);
        expect(p2.events).toEqual([]);
    });

    test('a signed inbound SMS is stored, routed and written, and only then offered on the agent’s channel (B1, B14, X1)', async () => {
        const sent = await h.service.simulator.sendFromCustomer({ from: MARIA, to: SALES, body: bodies[0] });
        expect(sent.webhook).toMatchObject({ httpStatus: 200, delivered: true });
        await eventually(() => ofType(p1, 'offer').length === 1);
        maria = interactionsOf(h.service, MARIA)[0];
        const contact = org().find('Contact', { LastName: 'Garcia' })[0];
        expect(maria).toMatchObject({
            Status__c: 'Offered',
            Direction__c: 'Inbound',
            OwnerId: h.agent1,
            Agent__c: agentRecord(h.service, h.agent1).Id,
            Channel__c: org().find(OBJECTS.channel, { Phone_Number__c: SALES })[0].Id,
            Queue__c: org().find(OBJECTS.queue, { Name: 'Sales' })[0].Id,
            Match_Count__c: 1,
            Matched_Record_Ids__c: contact.Id,
            Unread_Count__c: 1,
            Customer_Opted_Out__c: false
        });
        expect(Date.parse(String(maria.Offer_Expires_At__c)) - Date.parse(String(maria.Offered_At__c))).toBe(45_000);
        // The panel reads records when the event arrives: they were there, readable by the agent.
        const offer = p1.seen[p1.events.findIndex((e) => e.Type__c === 'offer')];
        expect(offer.interaction?.Id).toBe(maria.Id);
        expect(offer.messages).toBe(1);
        expect(ofType(p1, 'offer')[0]).toMatchObject({ Recipient_Id__c: h.agent1, Interaction_Id__c: maria.Id });
        expect(messagesOf(h.service, String(maria.Id))).toEqual([
            expect.objectContaining({
                Direction__c: 'Inbound',
                Source__c: 'Customer',
                Status__c: 'Received',
                Body__c: bodies[0],
                Provider_Message_Id__c: sent.sid,
                Segments__c: 1,
                Encoding__c: 'GSM-7'
            })
        ]);
        expect(agentRecord(h.service, h.agent1).Open_Interactions__c).toBe(1);
        expect(p2.events).toEqual([]);
        // The other agent cannot read it: interactions are private to their owner.
        expect(org().get(String(maria.Id), h.agent2)).toBeNull();
    });

    test('an unsigned webhook is refused and stores nothing', async () => {
        const before = (await h.service.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM provider_messages'))!.n;
        const response = await fetch(`${h.service.url}/webhooks/sms/inbound`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
                MessageSid: 'SM00000000000000000000000000000001',
                AccountSid: h.service.simulator.accountSid,
                From: MARIA,
                To: SALES,
                Body: 'forged'
            }).toString()
        });
        expect(response.status).toBe(403);
        const after = (await h.service.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM provider_messages'))!.n;
        expect(Number(after)).toBe(Number(before));
    });

    test('accept, then chat both ways with delivery statuses; a failed delivery is flagged and resent (B3, B9, B22, X6)', async () => {
        const accepted = await act(h.service, h.agent1, { Type__c: 'Accept', Interaction__c: maria.Id });
        expect(accepted).toMatchObject({ Result__c: 'Applied', Result_Detail__c: null });
        expect(accepted.Processed_At__c).toEqual(expect.any(String));
        const audit = await h.service.db.get<{ state: string; acting_user_id: string }>(
            'SELECT state, acting_user_id FROM connector_actions WHERE record_id = ?',
            [String(accepted.Id)]
        );
        expect(audit).toEqual({ state: 'Applied', acting_user_id: h.agent1 });
        await eventually(() => org().get(String(maria.Id))!.Status__c === 'Active');
        expect(org().get(String(maria.Id))!.Accepted_At__c).toEqual(expect.any(String));
        await eventually(() => ofType(p1, 'interaction_changed', maria.Id).length > 0);

        // The agent replies: sent through the provider, Queued → Sent → Delivered on the record.
        const reply = agentMessage(h.service, h.agent1, String(maria.Id), bodies[1]);
        const delivered = await eventually(() => {
            const r = org().get(reply)!;
            return r.Status__c === 'Delivered' ? r : undefined;
        });
        const atProvider = h.service.simulator.messages({ customer: MARIA, company: SALES, direction: 'outbound-api' });
        expect(atProvider).toHaveLength(1);
        expect(atProvider[0]).toMatchObject({ body: bodies[1], status: 'delivered' });
        expect(delivered).toMatchObject({
            Provider_Message_Id__c: atProvider[0].sid,
            Segments__c: 1,
            Encoding__c: 'GSM-7',
            Error_Code__c: null
        });
        expect(delivered.Sent_At__c).toEqual(expect.any(String));
        expect(delivered.Delivered_At__c).toEqual(expect.any(String));
        await eventually(() => ofType(p1, 'message', maria.Id).length > 0);
        expect(org().get(String(maria.Id))).toMatchObject({ Unread_Count__c: 0 });

        // The customer answers: a new message record and the unread count on the interaction.
        const messageEvents = ofType(p1, 'message', maria.Id).length;
        await h.service.simulator.sendFromCustomer({ from: MARIA, to: SALES, body: bodies[2] });
        await eventually(() => messagesOf(h.service, String(maria.Id)).length === 3);
        await eventually(() => org().get(String(maria.Id))!.Unread_Count__c === 1);
        await eventually(() => ofType(p1, 'message', maria.Id).length > messageEvents);
        expect(org().get(String(maria.Id))!.Last_Customer_Message_At__c).toEqual(expect.any(String));

        // The carrier cannot deliver the next one: Failed with its code and text, the interaction flagged.
        h.service.simulator.setFaults({ failDeliveries: { count: 1, status: 'undelivered', errorCode: 30003 } });
        const lost = agentMessage(h.service, h.agent1, String(maria.Id), bodies[3]);
        await eventually(() => org().get(lost)!.Status__c === 'Failed');
        expect(org().get(lost)).toMatchObject({
            Error_Code__c: '30003',
            Error_Message__c: 'Unreachable destination handset'
        });
        await eventually(() => org().get(String(maria.Id))!.Delivery_Failed__c === true);

        // Resend: a new message pointing to the failed one, delivered; the flag clears.
        const resend = await act(h.service, h.agent1, {
            Type__c: 'Resend',
            Interaction__c: maria.Id,
            Message__c: lost
        });
        expect(resend.Result__c).toBe('Applied');
        const copy = await eventually(() =>
            org()
                .find(OBJECTS.message, { Resend_Of__c: lost })
                .find((m) => m.Status__c === 'Delivered')
        );
        expect(copy).toMatchObject({ Direction__c: 'Outbound', Source__c: 'Agent', Body__c: bodies[3] });
        await eventually(() => org().get(String(maria.Id))!.Delivery_Failed__c === false);
        // A resend of a message that did not fail is refused in words the panel knows.
        const again = await act(h.service, h.agent1, {
            Type__c: 'Resend',
            Interaction__c: maria.Id,
            Message__c: reply
        });
        expect(again).toMatchObject({ Result__c: 'Refused', Result_Detail__c: 'NOT_RESENDABLE' });
    });

    test('a foreign action and a forged action event are refused and audited, never applied (security)', async () => {
        const foreign = await act(h.service, h.agent2, { Type__c: 'End', Interaction__c: maria.Id });
        expect(foreign).toMatchObject({ Result__c: 'Refused', Result_Detail__c: 'NOT_YOUR_INTERACTION' });
        expect(org().get(String(maria.Id))!.Status__c).toBe('Active');
        // The refusal reaches the one who asked, on their own channel.
        await eventually(() => ofType(p2, 'interaction_changed').length > 0);

        // An event naming Agent 2 for a message Agent 1 wrote (no Flow ran for it): not sent.
        const note = org().insert(
            OBJECTS.message,
            {
                Interaction__c: maria.Id,
                Direction__c: 'Outbound',
                Source__c: 'Agent',
                Status__c: 'Sent',
                Body__c: 'not for sending'
            },
            h.agent1
        );
        const sends = h.service.simulator.messages({ direction: 'outbound-api' }).length;
        org().bus.publish(
            AGENT_ACTION_EVENT,
            { Record_Id__c: note, Object__c: OBJECTS.message, Type__c: 'Send', Acting_User_Id__c: h.agent2 },
            h.agent2
        );
        await eventually(async () => {
            const row = await h.service.db.get<{ state: string; detail: string }>(
                'SELECT state, detail FROM connector_actions WHERE record_id = ?',
                [note]
            );
            return row?.state === 'Refused' ? row : undefined;
        });
        expect(org().get(note)).toMatchObject({ Status__c: 'Failed', Error_Code__c: 'FORGED_ACTION' });
        expect(h.service.simulator.messages({ direction: 'outbound-api' })).toHaveLength(sends);
        expect(h.sink.text()).toMatch(/agent action refused/);
    });

    test('end → post-processing → wrap up, the disposition required by the queue (B10, B12)', async () => {
        const offers = ofType(p1, 'offer').length;
        await h.service.simulator.sendFromCustomer({ from: DANIEL, to: SUPPORT, body: bodies[4] });
        await eventually(() => ofType(p1, 'offer').length > offers);
        const daniel = interactionsOf(h.service, DANIEL)[0];
        expect(daniel).toMatchObject({ Status__c: 'Offered', Match_Count__c: 2, Disposition_Required__c: true });
        expect((await act(h.service, h.agent1, { Type__c: 'Accept', Interaction__c: daniel.Id })).Result__c).toBe(
            'Applied'
        );
        expect((await act(h.service, h.agent1, { Type__c: 'End', Interaction__c: daniel.Id })).Result__c).toBe(
            'Applied'
        );
        const ended = org().get(String(daniel.Id))!;
        expect(ended.Status__c).toBe('Post-processing');
        expect(Date.parse(String(ended.Wrap_Up_Deadline__c)) - Date.parse(String(ended.Terminated_At__c))).toBe(
            120_000
        );
        const refused = await act(h.service, h.agent1, { Type__c: 'Wrap Up', Interaction__c: daniel.Id });
        expect(refused).toMatchObject({ Result__c: 'Refused', Result_Detail__c: 'DISPOSITION_REQUIRED' });
        expect(org().get(String(daniel.Id))!.Status__c).toBe('Post-processing');
        const wrapped = await act(h.service, h.agent1, {
            Type__c: 'Wrap Up',
            Interaction__c: daniel.Id,
            Disposition__c: 'Resolved'
        });
        expect(wrapped.Result__c).toBe('Applied');
        expect(org().get(String(daniel.Id))).toMatchObject({ Status__c: 'Closed', Disposition__c: 'Resolved' });
        expect(org().get(String(daniel.Id))!.Wrapped_Up_At__c).toEqual(expect.any(String));
    });

    test('Link Record stores the customer record and remembers the pick for the number (B17, X2)', async () => {
        const daniel = interactionsOf(h.service, DANIEL)[0];
        const lead = String(org().find('Lead', { LastName: 'Kim' })[0].Id);
        const contact = String(org().find('Contact', { LastName: 'Kim' })[0].Id);
        // The search found both; the contact came first.
        expect(String(daniel.Matched_Record_Ids__c).split(',')).toEqual([contact, lead]);
        const kase = String(org().find('Case')[0].Id);
        const account = String(org().find('Account')[0].Id);
        const link = (interaction: Rec[string], record: string) =>
            act(h.service, h.agent1, {
                Type__c: 'Link Record',
                Interaction__c: interaction,
                Linked_Record_Id__c: record
            });
        expect((await link(daniel.Id, lead)).Result__c).toBe('Applied');
        expect((await link(daniel.Id, kase)).Result__c).toBe('Applied');
        expect(org().get(String(daniel.Id))).toMatchObject({ Lead__c: lead, Case__c: kase });
        expect((await link(maria.Id, account)).Result__c).toBe('Applied');
        expect((await link(maria.Id, String(maria.Matched_Record_Ids__c))).Result__c).toBe('Applied');
        expect(org().get(String(maria.Id))).toMatchObject({
            Account__c: account,
            Contact__c: maria.Matched_Record_Ids__c
        });
        // Not a customer record, or no such record: refused in the panel's words.
        const queue = String(org().find(OBJECTS.queue)[0].Id);
        expect(await link(daniel.Id, queue)).toMatchObject({
            Result__c: 'Refused',
            Result_Detail__c: 'INVALID_RECORD'
        });
        expect(await link(daniel.Id, '003000000000000AAA')).toMatchObject({
            Result__c: 'Refused',
            Result_Detail__c: 'INVALID_RECORD'
        });

        // Daniel writes again: the lead the agent picked comes first now.
        const offers = ofType(p1, 'offer').length;
        await h.service.simulator.sendFromCustomer({ from: DANIEL, to: SUPPORT, body: bodies[4] });
        await eventually(() => ofType(p1, 'offer').length > offers);
        const again = interactionsOf(h.service, DANIEL).find((i) => i.Id !== daniel.Id)!;
        expect(String(again.Matched_Record_Ids__c).split(',')).toEqual([lead, contact]);
        for (const [type, extra] of [
            ['Accept', {}],
            ['End', {}],
            ['Wrap Up', { Disposition__c: 'Information Provided' }]
        ] as const) {
            expect(
                (await act(h.service, h.agent1, { Type__c: type, Interaction__c: again.Id, ...extra })).Result__c
            ).toBe('Applied');
        }
    });

    test('at the post-processing deadline the interaction closes itself and the agent is Available again (B11)', async () => {
        expect((await act(h.service, h.agent1, { Type__c: 'End', Interaction__c: maria.Id })).Result__c).toBe(
            'Applied'
        );
        // Only wrap-up work left: the agent's status is Post-processing.
        await eventually(() => agentRecord(h.service, h.agent1).Status__c === 'Post-processing');
        h.clock.set(h.clock.now() + 61_000);
        const fired = await h.service.runDueTimers();
        expect(fired.map((f) => f.kind)).toContain('wrap_up_deadline');
        await eventually(() => org().get(String(maria.Id))!.Status__c === 'Closed');
        await eventually(() => agentRecord(h.service, h.agent1).Status__c === 'Available');
        expect(agentRecord(h.service, h.agent1).Open_Interactions__c).toBe(0);
    });

    test('reject needs the permission; reject and lapse put the agent On Break and the SMS moves on (B5, B6)', async () => {
        await goAvailable(h.service, h.agent2);
        // Agent 1 takes nothing new for now: the next SMS can only go to Agent 2.
        expect((await act(h.service, h.agent1, { Type__c: 'Stop New' })).Result__c).toBe('Applied');
        await eventually(() => agentRecord(h.service, h.agent1).Stop_New__c === true);
        await h.service.simulator.sendFromCustomer({ from: STRANGER, to: SALES, body: bodies[5] });
        await eventually(() => ofType(p2, 'offer').length === 1);
        const stranger = interactionsOf(h.service, STRANGER)[0];
        expect(stranger).toMatchObject({ OwnerId: h.agent2, Match_Count__c: 0 });

        // Agent 2 lacks SMS Reject Offers: refused, still offered.
        const refused = await act(h.service, h.agent2, { Type__c: 'Reject', Interaction__c: stranger.Id });
        expect(refused).toMatchObject({ Result__c: 'Refused', Result_Detail__c: 'REJECT_NOT_PERMITTED' });
        expect(org().get(String(stranger.Id))!.Status__c).toBe('Offered');

        // The acceptance interval passes: Agent 2 goes On Break, the SMS waits for the next agent.
        h.clock.set(Date.parse(String(org().get(String(stranger.Id))!.Offer_Expires_At__c)) + 1000);
        await h.service.runDueTimers();
        await eventually(() => ofType(p2, 'offer_withdrawn', stranger.Id).length === 1);
        expect(agentRecord(h.service, h.agent2)).toMatchObject({
            Status__c: 'On Break',
            Status_Reason__c: 'Missed Offer'
        });
        await eventually(() => org().get(String(stranger.Id))!.Status__c === 'Queued');
        expect(org().get(String(stranger.Id))!.OwnerId).toBe(org().integrationUserId);

        // Agent 1 takes new work again: offered at once; they reject it (they hold the permission).
        expect((await act(h.service, h.agent1, { Type__c: 'Resume New' })).Result__c).toBe('Applied');
        await eventually(() => ofType(p1, 'offer', stranger.Id).length === 1);
        const rejected = await act(h.service, h.agent1, { Type__c: 'Reject', Interaction__c: stranger.Id });
        expect(rejected.Result__c).toBe('Applied');
        await eventually(() => agentRecord(h.service, h.agent1).Status__c === 'On Break');
        expect(agentRecord(h.service, h.agent1).Status_Reason__c).toBe('Rejected Offer');
        await eventually(() => org().get(String(stranger.Id))!.Status__c === 'Queued');

        // Still unanswered past the queue's SLA target: flagged on the record (B22).
        h.clock.set(Date.parse(String(org().get(String(stranger.Id))!.SLA_Due_At__c)) + 1000);
        expect((await h.service.runDueTimers()).map((f) => f.kind)).toContain('sla');
        await eventually(() => org().get(String(stranger.Id))!.SLA_Breached__c === true);
    });

    test('every field the panel and the supervisor view read is one the service writes, or one the admin, the org or the agent writes', () => {
        // Written by others, on purpose: the org (Id, Name auto-numbers, CreatedDate), the admin
        // (agent settings and event channel, numbers, quick answers, queues and their members),
        // the agent (the chat log's Task Id; the request and the message they insert).
        const others: Record<string, string[]> = {
            SMS_Agent__c: ['Id', 'Name', 'User__c', 'Max_Interactions__c', 'Event_Channel__c'],
            SMS_Queue__c: [
                'Id',
                'Name',
                'SLA_Target_Seconds__c',
                'Max_Interactions__c',
                'Dedicated_Agent__c',
                'Active__c'
            ],
            SMS_Queue_Member__c: ['Id', 'Queue__c', 'Agent__c'],
            SMS_Interaction__c: ['Id', 'Name', 'Chat_Log_Task_Id__c'],
            SMS_Agent_Action__c: ['Id', 'Type__c', 'Interaction__c', 'Message__c', 'CreatedDate'],
            SMS_Message__c: ['Id', 'CreatedDate'],
            SMS_Channel__c: ['Id', 'Name', 'Phone_Number__c'],
            SMS_Quick_Answer__c: ['Id', 'Name', 'Answer__c', 'Link__c']
        };
        const missing: string[] = [];
        const reads = panelFields();
        expect([...reads.keys()].sort()).toEqual(Object.keys(others).sort());
        for (const [object, fields] of reads) {
            for (const field of fields) {
                if (!written.get(object)?.has(field) && !others[object].includes(field))
                    missing.push(`${object}.${field}`);
            }
        }
        expect(missing).toEqual([]);
    });

    test('no event payload and no log line carries a phone number or message text', async () => {
        const payloads: string[] = [];
        org().bus.subscribe('audit', AGENT_EVENT_TOPIC, -2, (m) => payloads.push(JSON.stringify(m)));
        org().bus.subscribe('audit', AGENT_ACTION_TOPIC, -2, (m) => payloads.push(JSON.stringify(m)));
        await org().bus.drain();
        expect(payloads.length).toBeGreaterThan(20);
        const logs = h.sink.text();
        expect(h.sink.lines.length).toBeGreaterThan(10);
        const numbers = [MARIA, DANIEL, STRANGER].flatMap((n) => [
            n,
            n.slice(2),
            `${n.slice(2, 5)}-${n.slice(5, 8)}-${n.slice(8)}`
        ]);
        for (const needle of [...bodies, ...numbers]) {
            for (const p of payloads) expect(p).not.toContain(needle);
            expect(logs).not.toContain(needle);
        }
    });
});
