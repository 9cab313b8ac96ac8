/**
 * Timers are stored: they survive a restart, fire exactly once across instances, and the
 * production scheduler wakes for the next one (and polls for other instances'), on SQLite and
 * PostgreSQL. The killed-process variant is in restart.test.ts.
 */
import { describeEachDb } from '../../test/databases';
import { systemClock } from './clock';
import { RouterEngine } from './engine';
import type { FiredTimer } from './types';
import { customer, idMaker, quiet, outbox, queue, routerSuite, SALES, SUPPORT } from './testing/fixtures';

describeEachDb('router timers', (open) => {
    const s = routerSuite(open);

    /**
     * Arms one timer of each kind: an offer to A (whose first message also starts an SLA clock),
     * B's wrap-up deadline, an unanswered customer message on B's other interaction.
     */
    async function armAll() {
        await s.router.setStatus({ actor: 'B', status: 'Available' });
        const ended = (await s.router.customerMessage({ channelNumber: SUPPORT, customerNumber: customer(1) }))
            .interaction;
        await s.router.accept({ actor: 'B', interactionId: ended.id });
        const unanswered = (await s.router.customerMessage({ channelNumber: SUPPORT, customerNumber: customer(2) }))
            .interaction;
        await s.router.accept({ actor: 'B', interactionId: unanswered.id });
        await s.router.agentMessageSent({ actor: 'B', interactionId: unanswered.id });
        await s.router.agentMessageSent({ actor: 'B', interactionId: ended.id });
        await s.router.end({ actor: 'B', interactionId: ended.id });
        s.clock.advance(1000);
        await s.router.customerMessage({ channelNumber: SUPPORT, customerNumber: customer(2) });
        await s.router.setStopNew({ actor: 'B', stopNew: true });
        await s.router.setStatus({ actor: 'A', status: 'Available' });
        const offered = (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(3) }))
            .interaction;
        return { offered: offered.id, ended: ended.id, unanswered: unanswered.id };
    }

    it('every timer kind survives a restart: a new instance fires them', async () => {
        const ids = await armAll();
        const armedAt = s.clock.now();
        await s.router.close();
        // "restart": a new engine on a new connection, later
        const db = await s.t.reopen();
        const restarted = new RouterEngine({ db, clock: s.clock, newId: idMaker('r'), logger: quiet });
        expect(await restarted.nextTimerDueAt()).toBe(armedAt + 30_000);
        s.clock.set(armedAt + 400_000);
        const fired = await restarted.runDueTimers();
        expect(fired.map((f) => [f.kind, f.interactionId])).toEqual([
            ['offer_expiry', ids.offered],
            ['wrap_up_deadline', ids.ended],
            ['sla', ids.unanswered],
            ['sla', ids.offered]
        ]);
        expect((await restarted.getInteraction(ids.offered)).status).toBe('Queued');
        expect((await restarted.getInteraction(ids.ended)).status).toBe('Closed');
        expect((await restarted.getInteraction(ids.unanswered)).slaBreached).toBe(true);
        expect(await restarted.getAgentState('A')).toMatchObject({ status: 'On Break', statusReason: 'Missed Offer' });
        expect(await restarted.nextTimerDueAt()).toBeNull();
    });

    it('two instances firing the same timers at once fire each exactly once', async () => {
        const ids = await armAll();
        const other = new RouterEngine({ db: await s.t.reopen(), clock: s.clock, newId: idMaker('o'), logger: quiet });
        s.clock.advance(400_000);
        const [a, b, c, d] = await Promise.all([
            s.router.runDueTimers(),
            other.runDueTimers(),
            s.router.runDueTimers(),
            other.runDueTimers()
        ]);
        const all: FiredTimer[] = [...a, ...b, ...c, ...d];
        expect(all.map((f) => `${f.kind} ${f.interactionId}`).sort()).toEqual(
            [
                `offer_expiry ${ids.offered}`,
                `wrap_up_deadline ${ids.ended}`,
                `sla ${ids.unanswered}`,
                `sla ${ids.offered}`
            ].sort()
        );
        const events = await outbox(s.db);
        expect(events.filter((e) => e.reason === 'lapsed')).toHaveLength(1);
        expect(events.filter((e) => e.reason === 'closed_at_deadline')).toHaveLength(1);
        // the re-queued one has no agent to tell; B hears about theirs once
        expect(events.filter((e) => e.reason === 'sla_breached')).toHaveLength(1);
    });

    it('a disarmed timer does not fire: accept disarms the offer, a reply the SLA, wrap-up the deadline', async () => {
        const ids = await armAll();
        await s.router.accept({ actor: 'A', interactionId: ids.offered });
        await s.router.agentMessageSent({ actor: 'B', interactionId: ids.unanswered });
        await s.router.wrapUp({ actor: 'B', interactionId: ids.ended, disposition: 'Done' });
        s.clock.advance(400_000);
        // only the new SLA of A's accepted conversation (its first message is still unanswered)
        expect((await s.router.runDueTimers()).map((f) => [f.kind, f.interactionId])).toEqual([['sla', ids.offered]]);
    });

    it('the scheduler wakes for the next due timer, including one armed by another instance', async () => {
        await s.router.upsertQueue(queue('sales', { acceptanceIntervalSeconds: 1 }));
        // real time for this one: the scheduler sleeps on the real clock
        const live = new RouterEngine({ db: s.db, clock: systemClock, newId: idMaker('l'), logger: quiet });
        const other = new RouterEngine({
            db: await s.t.reopen(),
            clock: systemClock,
            newId: idMaker('m'),
            logger: quiet
        });
        const fired: FiredTimer[] = [];
        // a poll far longer than the test: only the wake-up for the next due timer can fire it in time
        const scheduler = live.startScheduler({ pollMs: 60_000, sweepMs: 60_000, onFired: (f) => fired.push(...f) });
        try {
            await live.setStatus({ actor: 'A', status: 'Available' });
            const mine = (await live.customerMessage({ channelNumber: SALES, customerNumber: customer(1) }))
                .interaction;
            for (let i = 0; i < 300 && fired.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
            expect(fired.map((f) => f.interactionId)).toEqual([mine.id]);
        } finally {
            await scheduler.stop();
        }
        // another instance arms one; this scheduler polls (short poll now) and fires it
        const polling = live.startScheduler({ pollMs: 100, sweepMs: 100, onFired: (f) => fired.push(...f) });
        try {
            await other.setStatus({ actor: 'B', status: 'Available' });
            const theirs = (await other.customerMessage({ channelNumber: SALES, customerNumber: customer(2) }))
                .interaction;
            expect(theirs.agentId).toBe('B');
            for (let i = 0; i < 300 && !fired.some((f) => f.interactionId === theirs.id); i++) {
                await new Promise((r) => setTimeout(r, 10));
            }
            expect(fired.map((f) => f.interactionId)).toContain(theirs.id);
        } finally {
            await polling.stop();
            await live.close();
        }
    });
});
