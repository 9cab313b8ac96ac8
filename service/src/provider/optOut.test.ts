/**
 * Opt-out per company number (STOP/START/HELP texted through the simulator), and the queue's
 * after-hours auto-reply once per conversation.
 */
import { describeEachDb } from '../../test/databases';
import {
    COMPANY,
    COMPANY_2,
    CUSTOMER,
    TestClock,
    eventually,
    startHarness,
    type Harness
} from '../../test/providerHarness';
import { StaticDirectory } from './directory';

const HELP = 'Acme Support: reply STOP to opt out. Call 800-555-0100 for help.';
const AFTER_HOURS = 'We are closed now and will answer from 9:00 tomorrow.';

/** Monday to Friday 09:00–17:00 in New York. */
const WEEKDAYS_NEW_YORK = {
    Name: 'New York office',
    TimeZoneSidKey: 'America/New_York',
    MondayStartTime: '09:00:00.000Z',
    MondayEndTime: '17:00:00.000Z',
    TuesdayStartTime: '09:00:00.000Z',
    TuesdayEndTime: '17:00:00.000Z',
    WednesdayStartTime: '09:00:00.000Z',
    WednesdayEndTime: '17:00:00.000Z',
    ThursdayStartTime: '09:00:00.000Z',
    ThursdayEndTime: '17:00:00.000Z',
    FridayStartTime: '09:00:00.000Z',
    FridayEndTime: '17:00:00.000Z',
    SaturdayStartTime: null,
    SaturdayEndTime: null,
    SundayStartTime: null,
    SundayEndTime: null
};

// Wednesday 2025-01-15: 12:00 in New York is 17:00Z; 20:00 in New York is 01:00Z on the 16th.
const OPEN = Date.UTC(2025, 0, 15, 17, 0);
const CLOSED = Date.UTC(2025, 0, 16, 1, 0);

function directory(): StaticDirectory {
    return new StaticDirectory({
        channels: [{ number: COMPANY, helpReply: HELP }],
        queues: [{ id: 'queue-1', businessHours: WEEKDAYS_NEW_YORK, afterHoursReply: AFTER_HOURS }]
    });
}

async function routed(h: Harness): Promise<void> {
    await eventually(async () => {
        const left = await h.t.db.get<{ n: number }>(
            "SELECT COUNT(*) AS n FROM provider_messages WHERE direction = 'inbound' AND routed_at IS NULL"
        );
        return Number(left?.n) === 0;
    });
}

function repliesTo(h: Harness, customer = CUSTOMER): string[] {
    return h.sim.messages({ customer, direction: 'outbound-api' }).map((m) => m.body);
}

describeEachDb('provider opt-out and auto-replies', (open) => {
    let h: Harness;
    let clock: TestClock;
    beforeEach(async () => {
        clock = new TestClock(OPEN);
        h = await startHarness(open, { directory: directory(), clock });
    });
    afterEach(async () => {
        await h?.close();
    });

    const text = (body: string, to = COMPANY) => h.sim.sendFromCustomer({ from: CUSTOMER, to, body });
    const send = (channelNumber = COMPANY) =>
        h.edge.sendMessage({ channelNumber, customerNumber: CUSTOMER, body: 'A reply from the agent' });

    // Every keyword is classified in keywords.test.ts; these go the whole way through the simulator.
    it.each(['STOP', '  Stop  ', 'unsubscribe', 'quit\n'])(
        '"%s" opts the customer out of this company number only',
        async (keyword) => {
            await text(keyword);
            expect(await h.edge.isOptedOut(COMPANY, CUSTOMER)).toBe(true);
            const refusal = await send().catch((error) => error);
            expect(refusal).toMatchObject({ code: 'OPTED_OUT' });
            expect(refusal.message).toMatch(/opted out of messages from this number/);
            // The other company number may still text the customer.
            expect(await h.edge.isOptedOut(COMPANY_2, CUSTOMER)).toBe(false);
            await expect(send(COMPANY_2)).resolves.toMatchObject({ providerSid: expect.any(String) });
            expect(repliesTo(h)).toEqual(['A reply from the agent']);
        }
    );

    it('does not treat a sentence that contains STOP as a keyword', async () => {
        await text('Please stop the delivery until Monday');
        expect(await h.edge.isOptedOut(COMPANY, CUSTOMER)).toBe(false);
    });

    it.each(['START', ' yes '])('"%s" opts the customer back in, and the history keeps both', async (keyword) => {
        await text('STOP');
        await text(keyword);
        expect(await h.edge.isOptedOut(COMPANY, CUSTOMER)).toBe(false);
        await expect(send()).resolves.toMatchObject({ providerSid: expect.any(String) });
        const history = await h.edge.optOutHistory(COMPANY, CUSTOMER);
        expect(history.map((e) => [e.action, e.keyword, e.source])).toEqual([
            ['opt-out', 'STOP', 'keyword'],
            ['opt-in', keyword.trim().toUpperCase(), 'keyword']
        ]);
    });

    it('still hands the STOP message to the conversation, flagged as an opt-out', async () => {
        await text('STOP');
        const handed = await eventually(() => h.routing.handed[0]);
        expect(handed).toMatchObject({ keyword: 'opt-out', customerOptedOut: true });
        await routed(h);
        const message = await h.edge.getMessage(handed.messageId);
        expect(message).toMatchObject({ body: 'STOP', interactionId: 'interaction-1', keyword: 'STOP' });
    });

    it('answers HELP with the channel’s help reply, in the conversation, and still hands HELP over', async () => {
        await text('help');
        await routed(h);
        const reply = await h.sim.waitFor((m) => m.direction === 'outbound-api' && m.to === CUSTOMER);
        expect(reply).toMatchObject({ from: COMPANY, body: HELP });
        const messages = await h.edge.messagesOfInteraction('interaction-1');
        expect(messages.map((m) => [m.direction, m.source, m.body])).toEqual([
            ['inbound', 'customer', 'help'],
            ['outbound', 'auto-reply', HELP]
        ]);
    });

    it('sends no HELP reply when the channel has none', async () => {
        await h.sim.sendFromCustomer({ from: CUSTOMER, to: COMPANY_2, body: 'HELP' });
        await routed(h);
        await h.sim.idle();
        expect(repliesTo(h)).toEqual([]);
    });

    it('outside business hours, auto-replies once per conversation and still queues every message', async () => {
        clock.set(CLOSED);
        await text('Hello?');
        await text('Anyone there?');
        await routed(h);
        await h.sim.waitFor((m) => m.direction === 'outbound-api');
        await h.sim.idle();
        expect(repliesTo(h)).toEqual([AFTER_HOURS]);
        expect(h.routing.messageIds).toHaveLength(2);

        // A new conversation gets the reply again.
        h.routing.close(COMPANY, CUSTOMER);
        await text('Hello again');
        await routed(h);
        await eventually(() => repliesTo(h).length === 2);
        expect(repliesTo(h)).toEqual([AFTER_HOURS, AFTER_HOURS]);
        const reply = (await h.edge.messagesOfInteraction('interaction-2')).find((m) => m.source === 'auto-reply');
        expect(reply).toMatchObject({ body: AFTER_HOURS, direction: 'outbound' });
    });

    it('sends no after-hours reply within business hours', async () => {
        await text('Hello?');
        await routed(h);
        await h.sim.idle();
        expect(repliesTo(h)).toEqual([]);
    });

    it('sends no after-hours reply to an opted-out customer, nor in answer to a keyword', async () => {
        clock.set(CLOSED);
        await text('STOP');
        await text('One more thing');
        await routed(h);
        await h.sim.idle();
        expect(repliesTo(h)).toEqual([]);
        expect(h.routing.messageIds).toHaveLength(2);
    });

    it('sends the after-hours reply once even when the message is handed over again', async () => {
        clock.set(CLOSED);
        await text('Hello?');
        await routed(h);
        await h.t.db.run('UPDATE provider_messages SET routed_at = NULL');
        await h.restart();
        await routed(h);
        await h.sim.idle();
        expect(repliesTo(h)).toEqual([AFTER_HOURS]);
    });
});
