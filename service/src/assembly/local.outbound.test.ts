/**
 * The assembled service in local mode: an agent starts an SMS (B23–B27), the customer's reply
 * after the conversation closed goes to the channel's queue (B30), opt-out (X5), the HELP reply and
 * the after-hours reply (X7) — over real HTTP through the provider simulator.
 */
import { AGENT_ERRORS } from '../agentErrors';
import { OBJECTS } from '../connector/model';
import type { Rec } from '../connector/local/localOrg';
import {
    act,
    AFTER_HOURS,
    agentMessage,
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

let h: LocalHarness;
let p1: Panel;
const org = () => h.service.org;
const channel = (phone: string) => String(org().find(OBJECTS.channel, { Phone_Number__c: phone })[0].Id);
const sentTo = (customer: string, company = SALES) =>
    h.service.simulator.messages({ customer, company, direction: 'outbound-api' });

beforeAll(async () => {
    h = await startLocal();
    p1 = openPanel(h.service, h.agent1);
    await goAvailable(h.service, h.agent1);
});

afterAll(async () => {
    p1?.close();
    await h?.close();
});

async function closeInteraction(id: string | number | boolean | null): Promise<void> {
    expect((await act(h.service, h.agent1, { Type__c: 'End', Interaction__c: id })).Result__c).toBe('Applied');
    const wrapped = await act(h.service, h.agent1, {
        Type__c: 'Wrap Up',
        Interaction__c: id,
        Disposition__c: 'Resolved'
    });
    expect(wrapped.Result__c).toBe('Applied');
    expect(org().get(String(id))!.Status__c).toBe('Closed');
}

describe('outbound and the customer’s side, local mode', () => {
    let outbound: Rec;

    test('Start Outbound opens an Active interaction, names it on the action, and sends the first message (B23–B27)', async () => {
        const body = 'Hello from Acme about your quote';
        const started = await act(h.service, h.agent1, {
            Type__c: 'Start Outbound',
            Channel__c: channel(SALES),
            Customer_Phone__c: STRANGER,
            Body__c: body
        });
        expect(started).toMatchObject({ Result__c: 'Applied', Result_Detail__c: null });
        outbound = org().get(String(started.Interaction__c))!;
        expect(outbound).toMatchObject({
            Direction__c: 'Outbound',
            Status__c: 'Active',
            OwnerId: h.agent1,
            Customer_Phone__c: STRANGER,
            Channel__c: channel(SALES)
        });
        expect(outbound.Accepted_At__c).toEqual(expect.any(String));
        const first = await eventually(() =>
            messagesOf(h.service, String(outbound.Id)).find((m) => m.Status__c === 'Delivered')
        );
        expect(first).toMatchObject({ Direction__c: 'Outbound', Source__c: 'Agent', Body__c: body });
        expect(sentTo(STRANGER)).toEqual([expect.objectContaining({ body, status: 'delivered' })]);
        expect(first.Provider_Message_Id__c).toBe(sentTo(STRANGER)[0].sid);
        await eventually(() => p1.events.some((e) => e.Interaction_Id__c === outbound.Id));
        expect(org().find(OBJECTS.agent, { User__c: h.agent1 })[0].Open_Interactions__c).toBe(1);
    });

    test('a message that would be refused opens nothing and sends nothing, and says why (B9, B25)', async () => {
        const start = (fields: Record<string, string>) =>
            act(h.service, h.agent1, { Type__c: 'Start Outbound', Channel__c: channel(SALES), ...fields });
        expect(await start({ Customer_Phone__c: '555-01', Body__c: 'Hi' })).toMatchObject({
            Result__c: 'Refused',
            Result_Detail__c: 'INVALID_PHONE'
        });
        expect(await start({ Customer_Phone__c: DANIEL, Body__c: '   ' })).toMatchObject({
            Result__c: 'Refused',
            Result_Detail__c: 'EMPTY_MESSAGE'
        });
        expect(await start({ Customer_Phone__c: STRANGER, Body__c: 'Again' })).toMatchObject({
            Result__c: 'Refused',
            Result_Detail__c: 'CONVERSATION_OPEN'
        });
        expect(interactionsOf(h.service, DANIEL)).toEqual([]);
        expect(interactionsOf(h.service, STRANGER)).toHaveLength(1);
        expect(sentTo(DANIEL)).toEqual([]);

        // The panel counts too, but the service decides: 1,501 characters are refused.
        const sends = sentTo(STRANGER).length;
        const tooLong = agentMessage(h.service, h.agent1, String(outbound.Id), 'x'.repeat(1501));
        await eventually(() => org().get(tooLong)!.Status__c === 'Failed');
        expect(org().get(tooLong)).toMatchObject({ Error_Code__c: 'MESSAGE_TOO_LONG' });
        expect(sentTo(STRANGER)).toHaveLength(sends);

        // The admin switches a number off: the service follows the org's change (no restart, no
        // poll) and refuses to send from it.
        org().update(OBJECTS.channel, channel('+442079460999'), { Active__c: false });
        await eventually(async () => {
            const row = await h.service.db.get<{ active: number }>(
                'SELECT active FROM router_channels WHERE phone_number = ?',
                ['+442079460999']
            );
            return Number(row?.active) === 0;
        });
        const inactive = await act(h.service, h.agent1, {
            Type__c: 'Start Outbound',
            Channel__c: channel('+442079460999'),
            Customer_Phone__c: '+442079460958',
            Body__c: 'Hello'
        });
        expect(inactive).toMatchObject({ Result__c: 'Refused', Result_Detail__c: 'CHANNEL_INACTIVE' });
        expect(interactionsOf(h.service, '+442079460958')).toEqual([]);
    });

    test('a reply after the conversation closed opens a new one on the channel’s queue (B30)', async () => {
        await closeInteraction(outbound.Id);
        await h.service.simulator.sendFromCustomer({ from: STRANGER, to: SALES, body: 'Sounds good' });
        await eventually(() => interactionsOf(h.service, STRANGER).length === 2);
        const reply = await eventually(() => {
            const newest = interactionsOf(h.service, STRANGER).find((i) => i.Id !== outbound.Id);
            return newest?.Status__c === 'Offered' ? newest : undefined;
        });
        expect(reply).toMatchObject({
            Direction__c: 'Inbound',
            Queue__c: org().find(OBJECTS.queue, { Name: 'Sales' })[0].Id,
            OwnerId: h.agent1
        });
        expect(messagesOf(h.service, String(reply.Id)).map((m) => m.Body__c)).toEqual(['Sounds good']);
        expect(messagesOf(h.service, String(outbound.Id)).map((m) => m.Status__c)).toEqual(['Delivered', 'Failed']);
        expect((await act(h.service, h.agent1, { Type__c: 'Accept', Interaction__c: reply.Id })).Result__c).toBe(
            'Applied'
        );
    });

    test('STOP flags the interaction and refuses sends with OPTED_OUT; START lifts it (X5)', async () => {
        const current = interactionsOf(h.service, STRANGER)[0];
        await h.service.simulator.sendFromCustomer({ from: STRANGER, to: SALES, body: ' Stop ' });
        await eventually(() => org().get(String(current.Id))!.Customer_Opted_Out__c === true);
        // The opt-out message itself reaches the conversation.
        expect(messagesOf(h.service, String(current.Id)).map((m) => m.Body__c)).toContain(' Stop ');
        const sends = sentTo(STRANGER).length;
        const refused = agentMessage(h.service, h.agent1, String(current.Id), 'Are you sure?');
        await eventually(() => org().get(refused)!.Status__c === 'Failed');
        expect(org().get(refused)).toMatchObject({
            Error_Code__c: 'OPTED_OUT',
            Error_Message__c: AGENT_ERRORS.OPTED_OUT
        });
        expect(sentTo(STRANGER)).toHaveLength(sends);

        await closeInteraction(current.Id);
        const start = await act(h.service, h.agent1, {
            Type__c: 'Start Outbound',
            Channel__c: channel(SALES),
            Customer_Phone__c: STRANGER,
            Body__c: 'One more thing'
        });
        expect(start).toMatchObject({ Result__c: 'Refused', Result_Detail__c: 'OPTED_OUT' });
        expect(interactionsOf(h.service, STRANGER)).toHaveLength(2);

        await h.service.simulator.sendFromCustomer({ from: STRANGER, to: SALES, body: 'START' });
        const back = await eventually(() => {
            const newest = interactionsOf(h.service, STRANGER)[0];
            return newest.Id !== current.Id && newest.Id !== outbound.Id ? newest : undefined;
        });
        expect(back.Customer_Opted_Out__c).toBe(false);
    });

    test('HELP gets the number’s help reply, written as an Auto-reply message (X5)', async () => {
        await h.service.simulator.sendFromCustomer({ from: MARIA, to: SALES, body: 'help' });
        const helpReply = String(org().find(OBJECTS.channel, { Phone_Number__c: SALES })[0].Help_Reply__c);
        const interaction = await eventually(() => interactionsOf(h.service, MARIA)[0]);
        const auto = await eventually(() =>
            messagesOf(h.service, String(interaction.Id)).find(
                (m) => m.Source__c === 'Auto-reply' && m.Status__c === 'Delivered'
            )
        );
        expect(auto).toMatchObject({ Direction__c: 'Outbound', Body__c: helpReply });
        expect(sentTo(MARIA).map((m) => m.body)).toEqual([helpReply]);
    });

    test('outside the queue’s business hours the customer gets the auto-reply once, and the SMS still queues (X7)', async () => {
        h.clock.set(AFTER_HOURS);
        await h.service.simulator.sendFromCustomer({ from: DANIEL, to: SUPPORT, body: 'Is anyone there?' });
        await h.service.simulator.sendFromCustomer({ from: DANIEL, to: SUPPORT, body: 'Hello?' });
        const interaction = await eventually(() => {
            const i = interactionsOf(h.service, DANIEL)[0];
            return i && messagesOf(h.service, String(i.Id)).filter((m) => m.Direction__c === 'Inbound').length === 2
                ? i
                : undefined;
        });
        expect(['Queued', 'Offered']).toContain(interaction.Status__c);
        const afterHours = String(org().find(OBJECTS.queue, { Name: 'Support' })[0].After_Hours_Reply__c);
        await eventually(() =>
            messagesOf(h.service, String(interaction.Id)).some(
                (m) => m.Source__c === 'Auto-reply' && m.Status__c === 'Delivered'
            )
        );
        await h.service.simulator.idle();
        const autos = messagesOf(h.service, String(interaction.Id)).filter((m) => m.Source__c === 'Auto-reply');
        expect(autos.map((m) => m.Body__c)).toEqual([afterHours]);
        expect(sentTo(DANIEL, SUPPORT).map((m) => m.body)).toEqual([afterHours]);
    });
});
