/**
 * X8 / X10: two router instances on one database (two connections; on PostgreSQL exactly the
 * several-instances setup) under concurrent offers, accepts, rejects, status changes, ends,
 * wrap-ups and timer runs — bounded, a few seconds. Afterwards the whole event history and the
 * store are checked: no interaction ever held by two agents, no agent ever over capacity, no
 * counter drift, no sequence gap, and no work left waiting while an eligible agent is idle.
 */
import { Writable } from 'stream';
import { describeEachDb } from '../../test/databases';
import { createLogger } from '../log';
import { RouterEngine } from './engine';
import { RouterError } from './errors';
import {
    checkInvariants,
    customer,
    idMaker,
    routerSuite,
    queue,
    agent,
    channel,
    SALES,
    SUPPORT
} from './testing/fixtures';
import type { Interaction } from './types';

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed. */
function random(seed: number) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const AGENTS = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8'];
const CAPACITY = 2;
const WORKERS = 8;
const OPS_PER_WORKER = 60;

describeEachDb('router with two instances', (open) => {
    const s = routerSuite(open, { configure: false });

    it('never double-assigns and never exceeds capacity under concurrent commands and timers', async () => {
        const errors: string[] = [];
        const sink = new Writable({
            write(chunk, _encoding, done) {
                errors.push(chunk.toString());
                done();
            }
        });
        const logger = createLogger({ level: 'error' }, sink);
        const one = new RouterEngine({ db: s.db, clock: s.clock, newId: idMaker('x'), logger });
        const two = new RouterEngine({ db: await s.t.reopen(), clock: s.clock, newId: idMaker('y'), logger });
        await one.configure({
            queues: [
                queue('sales', {
                    maxInteractions: CAPACITY,
                    acceptanceIntervalSeconds: 4,
                    postProcessingSeconds: 3,
                    slaTargetSeconds: 8
                }),
                queue('support', {
                    maxInteractions: CAPACITY,
                    acceptanceIntervalSeconds: 4,
                    postProcessingSeconds: 3,
                    slaTargetSeconds: 8
                })
            ],
            agents: AGENTS.map((id, i) => agent(id, { canReject: i % 2 === 0 })),
            channels: [channel(SALES, 'sales'), channel(SUPPORT, 'support')],
            members: [
                { queueId: 'sales', userIds: AGENTS },
                { queueId: 'support', userIds: AGENTS.slice(0, 4) }
            ]
        });

        const refusals = new Map<string, number>();
        let customers = 0;
        const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

        async function held(engine: RouterEngine, userId: string): Promise<Interaction[]> {
            return engine.listAgentInteractions(userId);
        }

        async function worker(seed: number) {
            const rnd = random(seed);
            for (let op = 0; op < OPS_PER_WORKER; op++) {
                const engine = rnd() < 0.5 ? one : two;
                const actor = pick(rnd, AGENTS);
                const roll = rnd();
                try {
                    if (roll < 0.3) {
                        const n = rnd() < 0.7 ? ++customers : 1 + Math.floor(rnd() * Math.max(1, customers));
                        await engine.customerMessage({
                            channelNumber: rnd() < 0.7 ? SALES : SUPPORT,
                            customerNumber: customer(n)
                        });
                    } else if (roll < 0.42) {
                        await engine.setStatus({
                            actor,
                            status: pick(rnd, ['Available', 'Available', 'On Break', 'Offline'] as const)
                        });
                    } else if (roll < 0.46) {
                        await engine.setStopNew({ actor, stopNew: rnd() < 0.4 });
                    } else if (roll < 0.87) {
                        const mine = await held(engine, actor);
                        // sometimes act on someone else's interaction: identity must refuse it
                        const target = rnd() < 0.1 ? pick(rnd, await held(engine, pick(rnd, AGENTS))) : pick(rnd, mine);
                        if (!target) continue;
                        if (target.status === 'Offered') {
                            if (rnd() < 0.75) await engine.accept({ actor, interactionId: target.id });
                            else await engine.reject({ actor, interactionId: target.id });
                        } else if (target.status === 'Active') {
                            if (rnd() < 0.5) await engine.agentMessageSent({ actor, interactionId: target.id });
                            else await engine.end({ actor, interactionId: target.id });
                        } else if (target.status === 'Post-processing') {
                            await engine.wrapUp({ actor, interactionId: target.id, disposition: 'Done' });
                        }
                    } else if (roll < 0.9) {
                        await engine.startOutbound({
                            actor,
                            channelNumber: SALES,
                            customerNumber: customer(5000 + op + seed * 100)
                        });
                    } else {
                        s.clock.advance(Math.floor(rnd() * 2500));
                        await engine.runDueTimers();
                    }
                } catch (error) {
                    if (!(error instanceof RouterError)) throw error;
                    refusals.set(error.code, (refusals.get(error.code) ?? 0) + 1);
                }
            }
        }

        await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(1000 + i)));
        // let every timer fire, from both instances at once
        s.clock.advance(60_000);
        await Promise.all([one.runDueTimers(), two.runDueTimers()]);

        const report = await checkInvariants(s.db, () => CAPACITY);
        expect(report).toEqual({
            doubleAssignments: [],
            capacityOverruns: [],
            counterMismatches: [],
            sequenceGaps: []
        });
        // nothing waits while an eligible agent is idle: the safety sweep finds nothing to do
        expect((await one.sweep()).offered).toBe(0);
        expect(errors).toEqual([]);
        // the run exercised what it claims to
        const events = await s.db.all<{ type: string; reason: string; n: number }>(
            'SELECT type, reason, COUNT(*) AS n FROM router_events GROUP BY type, reason'
        );
        const count = (reason: string) => Number(events.find((e) => e.reason === reason)?.n ?? 0);
        expect(count('offered')).toBeGreaterThanOrEqual(15);
        expect(count('accepted')).toBeGreaterThanOrEqual(3);
        expect(count('rejected') + count('lapsed')).toBeGreaterThan(0);
        expect(count('wrapped_up') + count('closed_at_deadline')).toBeGreaterThan(0);
        expect(refusals.get('NOT_YOUR_INTERACTION') ?? 0).toBeGreaterThan(0);
        await one.close();
        await two.close();
    });

    it('a burst of messages, status changes and double accepts on both instances stays within capacity', async () => {
        const one = new RouterEngine({ db: s.db, clock: s.clock, newId: idMaker('p') });
        const two = new RouterEngine({ db: await s.t.reopen(), clock: s.clock, newId: idMaker('q') });
        const few = ['B1', 'B2', 'B3'];
        // six queues sharing the same three agents: offers from different queues race for them
        const numbers = Array.from({ length: 6 }, (_, i) => `+1415555020${i}`);
        await one.configure({
            queues: numbers.map((_, i) => queue(`q${i}`, { maxInteractions: CAPACITY })),
            agents: few.map((id) => agent(id)),
            channels: numbers.map((n, i) => channel(n, `q${i}`)),
            members: numbers.map((_, i) => ({ queueId: `q${i}`, userIds: few }))
        });
        const both = [one, two];
        for (let round = 0; round < 3; round++) {
            const work: Promise<unknown>[] = [];
            for (let i = 0; i < 24; i++) {
                const engine = both[i % 2];
                work.push(
                    engine.customerMessage({
                        channelNumber: numbers[i % numbers.length],
                        customerNumber: customer(round * 100 + i)
                    })
                );
                if (i % 4 === 0) work.push(engine.setStatus({ actor: few[i % 3], status: 'Available' }));
            }
            await Promise.all(work);
            // every agent's offers, accepted twice at once (a double click reaching both instances)
            for (const id of few) {
                const offers = (await one.listAgentInteractions(id)).filter((i) => i.status === 'Offered');
                const results = await Promise.allSettled(
                    offers.flatMap((i) => [
                        one.accept({ actor: id, interactionId: i.id }),
                        two.accept({ actor: id, interactionId: i.id })
                    ])
                );
                expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(offers.length);
                for (const r of results) {
                    if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
                }
            }
            // free everyone at once from both instances: the waiting work flows in concurrently
            const active = (await Promise.all(few.map((id) => one.listAgentInteractions(id)))).flat();
            await Promise.all(active.map((i, k) => both[k % 2].end({ actor: i.agentId!, interactionId: i.id })));
            await Promise.all(
                active.map((i, k) =>
                    both[(k + 1) % 2].wrapUp({ actor: i.agentId!, interactionId: i.id, disposition: 'Done' })
                )
            );
        }
        const report = await checkInvariants(s.db, () => CAPACITY);
        expect(report).toEqual({
            doubleAssignments: [],
            capacityOverruns: [],
            counterMismatches: [],
            sequenceGaps: []
        });
        expect((await one.sweep()).offered).toBe(0);
        const offered = await s.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM router_events WHERE type = 'offer'");
        expect(Number(offered?.n)).toBeGreaterThanOrEqual(3 * few.length * CAPACITY);
        await one.close();
        await two.close();
    });
});
