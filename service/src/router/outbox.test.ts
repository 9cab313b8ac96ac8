/**
 * Events out: written with the change they describe, numbered per agent, delivered at least once
 * and in order per agent, never carrying a phone number or text — on SQLite and PostgreSQL.
 */
import { describeEachDb } from '../../test/databases';
import { RouterEngine } from './engine';
import type { RouterEvent } from './types';
import { customer, idMaker, quiet, outbox, routerSuite, SALES, SUPPORT } from './testing/fixtures';

describeEachDb('router events', (open) => {
    const s = routerSuite(open);

    async function conversation(n: number, agentId: string) {
        const { interaction } = await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(n) });
        expect(interaction.agentId).toBe(agentId);
        await s.router.accept({ actor: agentId, interactionId: interaction.id });
        await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(n) });
        await s.router.agentMessageSent({ actor: agentId, interactionId: interaction.id });
        await s.router.end({ actor: agentId, interactionId: interaction.id });
        await s.router.wrapUp({ actor: agentId, interactionId: interaction.id, disposition: 'Resolved' });
        return interaction.id;
    }

    it('a whole conversation costs its agent few events, numbered 1, 2, 3… and free of personal data', async () => {
        await s.router.setStatus({ actor: 'A', status: 'Available' });
        const id = await conversation(1, 'A');
        const events = await outbox(s.db);
        expect(events.map((e) => [e.userId, e.seq, e.type, e.interactionId, e.reason])).toEqual([
            ['A', 1, 'agent_state', null, 'status'],
            ['A', 2, 'offer', id, 'offered'],
            ['A', 3, 'interaction_changed', id, 'accepted'],
            ['A', 4, 'interaction_changed', id, 'customer_message'],
            ['A', 5, 'interaction_changed', id, 'agent_message'],
            ['A', 6, 'interaction_changed', id, 'ended'],
            ['A', 7, 'agent_state', null, 'status'],
            ['A', 8, 'interaction_changed', id, 'wrapped_up'],
            ['A', 9, 'agent_state', null, 'status']
        ]);
        const raw = JSON.stringify(await s.db.all('SELECT * FROM router_events'));
        expect(raw).not.toContain(customer(1).slice(2));
        expect(raw).not.toContain(SALES.slice(2));
        // other agents heard nothing: deliveries grow with the agents involved, not with all online
        expect(new Set(events.map((e) => e.userId))).toEqual(new Set(['A']));
    });

    it('leases in order, skips an agent whose earlier events are leased, and redelivers after ack-less expiry', async () => {
        await s.router.setStatus({ actor: 'A', status: 'Available' });
        await s.router.setStatus({ actor: 'B', status: 'Available' });
        const first = await s.router.pullEvents({ limit: 1, leaseMs: 10_000 });
        expect(first.map((e) => [e.userId, e.seq])).toEqual([['A', 1]]);
        await s.router.setStatus({ actor: 'A', status: 'On Break' });
        // A's second event waits behind the leased first one; B's is free
        const second = await s.router.pullEvents({ leaseMs: 10_000 });
        expect(second.map((e) => [e.userId, e.seq])).toEqual([['B', 1]]);
        await s.router.ackEvents(second.map((e) => e.id));
        // the lease expires unacknowledged: A's events come again, in order
        s.clock.advance(10_001);
        const again = await s.router.pullEvents({ leaseMs: 10_000 });
        expect(again.map((e) => [e.userId, e.seq])).toEqual([
            ['A', 1],
            ['A', 2]
        ]);
        await s.router.releaseEvents(again.map((e) => e.id));
        const released = await s.router.pullEvents();
        expect(released.map((e) => e.id)).toEqual(again.map((e) => e.id));
        await s.router.ackEvents(released.map((e) => e.id));
        expect(await s.router.pullEvents()).toEqual([]);
        expect(await outbox(s.db)).toEqual([]);
    });

    it('event ids only grow, also after the outbox was emptied, and a late acknowledgement hits nothing new', async () => {
        await s.router.setStatus({ actor: 'A', status: 'Available' });
        await s.router.setStatus({ actor: 'B', status: 'Available' });
        const first = await s.router.pullEvents();
        await s.router.ackEvents(first.map((e) => e.id));
        expect(await s.router.pullEvents()).toEqual([]);
        const next = (await s.router.setStatus({ actor: 'A', status: 'On Break' })).events[0];
        expect(next.id).toBeGreaterThan(Math.max(...first.map((e) => e.id)));
        // a consumer acknowledging the old batch again (late, after a lease expired) removes nothing new
        await s.router.ackEvents(first.map((e) => e.id));
        expect((await s.router.pullEvents()).map((e) => e.id)).toEqual([next.id]);
    });

    it('two consumers on two instances never deliver one agent’s events out of order', async () => {
        const otherDb = await s.t.reopen();
        const other = new RouterEngine({ db: otherDb, clock: s.clock, newId: idMaker('o'), logger: quiet });
        for (let n = 0; n < 6; n++) {
            for (const id of ['A', 'B', 'C']) {
                await s.router.setStatus({ actor: id, status: n % 2 ? 'On Break' : 'Available' });
            }
        }
        const delivered: RouterEvent[] = [];
        const consume = async (engine: RouterEngine) => {
            for (;;) {
                const batch = await engine.pullEvents({ limit: 2 });
                if (batch.length === 0) return;
                delivered.push(...batch);
                await new Promise((resolve) => setTimeout(resolve, 1));
                await engine.ackEvents(batch.map((e) => e.id));
            }
        };
        await Promise.all([consume(s.router), consume(other), consume(s.router), consume(other)]);
        for (const id of ['A', 'B', 'C']) {
            expect(delivered.filter((e) => e.userId === id).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
        }
    });

    it('subscribe delivers at least once: a failed batch comes again, in order, and is acknowledged after', async () => {
        const seen: string[] = [];
        let failures = 1;
        const subscription = s.router.subscribe(
            async (batch) => {
                seen.push(...batch.map((e) => `${e.userId}#${e.seq}`));
                if (failures-- > 0) throw new Error('publish failed');
            },
            { pollMs: 20, retryMs: 20 }
        );
        await s.router.setStatus({ actor: 'A', status: 'Available' });
        await s.router.customerMessage({ channelNumber: SUPPORT, customerNumber: customer(1) });
        await s.router.setStatus({ actor: 'B', status: 'Available' });
        for (let i = 0; i < 200 && subscription.delivered < 3; i++) await new Promise((r) => setTimeout(r, 10));
        await subscription.stop();
        expect(subscription.delivered).toBe(3);
        expect(seen[0]).toBe('A#1');
        expect(seen.slice(-3)).toEqual(['A#1', 'B#1', 'B#2']);
        expect(await outbox(s.db)).toEqual([]);
    });
});
