/**
 * Building blocks for the router's tests: a migrated engine on a test database with a controlled
 * clock, a small configuration, and readers for the outbox and the stored counters.
 */
import type { TestDatabase } from '../../../test/databases';
import { migrate, type Db } from '../../db';
import { createLogger } from '../../log';
import { ManualClock } from '../clock';
import { RouterEngine } from '../engine';
import { routerMigrations } from '../schema';
import type { AgentConfig, ChannelConfig, ConfigSnapshot, QueueConfig, RouterEvent } from '../types';

export const SALES = '+14155550100';
export const SUPPORT = '+14155550200';
export const VIP = '+14155550300';

export function queue(id: string, overrides: Partial<QueueConfig> = {}): QueueConfig {
    return {
        id,
        name: id,
        acceptanceIntervalSeconds: 30,
        postProcessingSeconds: 120,
        slaTargetSeconds: 300,
        maxInteractions: 3,
        dispositionRequired: false,
        dedicatedAgentId: null,
        active: true,
        ...overrides
    };
}

export function agent(userId: string, overrides: Partial<AgentConfig> = {}): AgentConfig {
    return { userId, name: `Agent ${userId}`, maxInteractions: null, canReject: true, ...overrides };
}

export function channel(phoneNumber: string, queueId: string, overrides: Partial<ChannelConfig> = {}): ChannelConfig {
    return { phoneNumber, channelId: `ch-${queueId}`, queueId, active: true, ...overrides };
}

/** Two queues (sales, support) and a dedicated one (vip → agent A); agents A, B, C. */
export function baseConfig(): ConfigSnapshot {
    return {
        queues: [
            queue('sales'),
            queue('support', { dispositionRequired: true }),
            queue('vip', { dedicatedAgentId: 'A' })
        ],
        agents: [agent('A'), agent('B'), agent('C', { canReject: false })],
        channels: [channel(SALES, 'sales'), channel(SUPPORT, 'support'), channel(VIP, 'vip')],
        members: [
            { queueId: 'sales', userIds: ['A', 'B', 'C'] },
            { queueId: 'support', userIds: ['B', 'C'] },
            { queueId: 'vip', userIds: [] }
        ]
    };
}

/** Tests provoke delivery failures on purpose: only errors are worth printing. */
export const quiet = createLogger({ level: 'error' });

let sequence = 0;
/** Ids that sort in creation order, so "oldest first" ties are readable in tests. */
export function idMaker(prefix = 'i'): () => string {
    return () => `${prefix}${String(++sequence).padStart(6, '0')}`;
}

export async function openEngine(
    db: Db,
    clock = new ManualClock()
): Promise<{ router: RouterEngine; clock: ManualClock }> {
    await migrate(db, routerMigrations);
    const router = new RouterEngine({ db, clock, newId: idMaker(), logger: quiet });
    return { router, clock };
}

const TABLES = [
    'router_queues',
    'router_agents',
    'router_members',
    'router_routing',
    'router_groups',
    'router_group_queues',
    'router_channels',
    'router_interactions',
    'router_rejections',
    'router_events',
    'router_inbound'
];

export interface RouterSuite {
    db: Db;
    t: TestDatabase;
    router: RouterEngine;
    clock: ManualClock;
}

/**
 * One migrated database per suite, emptied before each test, with a fresh engine and clock (and
 * the base configuration unless `configure: false`).
 */
export function routerSuite(open: () => Promise<TestDatabase>, options: { configure?: boolean } = {}): RouterSuite {
    const suite = {} as RouterSuite;
    beforeAll(async () => {
        suite.t = await open();
        suite.db = suite.t.db;
        await migrate(suite.db, routerMigrations);
    });
    afterAll(async () => {
        await suite.t?.drop();
    });
    beforeEach(async () => {
        await suite.db.tx(async (q) => {
            for (const table of TABLES) await q.run(`DELETE FROM ${table}`);
        });
        suite.clock = new ManualClock();
        suite.router = new RouterEngine({ db: suite.db, clock: suite.clock, newId: idMaker(), logger: quiet });
        if (options.configure !== false) await suite.router.configure(baseConfig());
    });
    afterEach(async () => {
        await suite.router?.close();
    });
    return suite;
}

/** Every event still in the outbox, in outbox order. */
export async function outbox(db: Db): Promise<RouterEvent[]> {
    const rows = await db.all<Record<string, unknown>>('SELECT * FROM router_events WHERE acked = 0 ORDER BY id');
    return rows.map((row) => ({
        id: Number(row.id),
        userId: String(row.user_id),
        seq: Number(row.seq),
        type: String(row.type) as RouterEvent['type'],
        interactionId: row.interaction_id === null ? null : String(row.interaction_id),
        reason: String(row.reason) as RouterEvent['reason'],
        at: Number(row.created_at)
    }));
}

/** A customer number per test number n. */
export function customer(n: number): string {
    return `+1202555${String(n).padStart(4, '0')}`;
}

/** A snapshot of everything the router stores, to prove a refused command changed nothing. */
export async function dump(db: Db): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) {
        const rows = await db.all(`SELECT * FROM ${table}`);
        out[table] = rows
            .map((r) =>
                JSON.stringify(
                    Object.keys(r)
                        .sort()
                        .map((k) => [k, r[k]])
                )
            )
            .sort();
    }
    return out;
}

export interface InvariantReport {
    /** Interactions offered to or held by a second agent while the first still held them. */
    doubleAssignments: string[];
    /** Moments an agent held more than their capacity. */
    capacityOverruns: string[];
    /** Agents whose stored counters disagree with their interactions. */
    counterMismatches: string[];
    /** Agents whose event sequence has a gap or repeat. */
    sequenceGaps: string[];
}

/**
 * Replays the outbox (every event, never acknowledged) and checks the store:
 * - per interaction (its events are serialised by its row lock, so outbox order is commit
 *   order), an offer only when nobody holds it, a withdrawal only by its holder;
 * - per agent (events in sequence order), offers/starts minus withdrawals/closes never above
 *   `capacityOf(agent)`; sequence numbers 1, 2, 3… with no gap;
 * - the stored live/wrap-up counters equal the interactions' statuses.
 */
export async function checkInvariants(db: Db, capacityOf: (userId: string) => number): Promise<InvariantReport> {
    const events = await outbox(db);
    const report: InvariantReport = {
        doubleAssignments: [],
        capacityOverruns: [],
        counterMismatches: [],
        sequenceGaps: []
    };

    const holder = new Map<string, string | null>();
    for (const e of events) {
        if (!e.interactionId) continue;
        const current = holder.get(e.interactionId) ?? null;
        if (e.type === 'offer') {
            if (current !== null)
                report.doubleAssignments.push(`${e.interactionId}: offered to ${e.userId} while ${current} held it`);
            holder.set(e.interactionId, e.userId);
        } else if (e.type === 'offer_withdrawn') {
            if (current !== e.userId)
                report.doubleAssignments.push(`${e.interactionId}: withdrawn from ${e.userId}, held by ${current}`);
            holder.set(e.interactionId, null);
        } else if (e.reason === 'outbound_started') {
            holder.set(e.interactionId, e.userId);
        } else if (current !== null && current !== e.userId) {
            report.doubleAssignments.push(`${e.interactionId}: ${e.reason} for ${e.userId} while ${current} held it`);
        }
    }

    const byAgent = new Map<string, RouterEvent[]>();
    for (const e of events) {
        if (!byAgent.has(e.userId)) byAgent.set(e.userId, []);
        byAgent.get(e.userId)!.push(e);
    }
    for (const [userId, list] of byAgent) {
        list.sort((a, b) => a.seq - b.seq);
        list.forEach((e, index) => {
            if (e.seq !== index + 1) report.sequenceGaps.push(`${userId}: event #${index + 1} has seq ${e.seq}`);
        });
        let open = 0;
        const max = capacityOf(userId);
        for (const e of list) {
            if (e.type === 'offer' || e.reason === 'outbound_started') open++;
            if (e.type === 'offer_withdrawn' || e.reason === 'wrapped_up' || e.reason === 'closed_at_deadline') open--;
            if (open > max) report.capacityOverruns.push(`${userId}: ${open} open > ${max} at seq ${e.seq}`);
        }
    }

    const agents = await db.all<{ user_id: string; live_count: number; wrap_count: number }>(
        'SELECT user_id, live_count, wrap_count FROM router_agents'
    );
    for (const a of agents) {
        const rows = await db.all<{ status: string; n: number }>(
            `SELECT status, COUNT(*) AS n FROM router_interactions WHERE agent_id = ? AND status IN ('Offered', 'Active', 'Post-processing') GROUP BY status`,
            [a.user_id]
        );
        const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
        const live = n('Offered') + n('Active');
        const wrap = n('Post-processing');
        if (live !== Number(a.live_count) || wrap !== Number(a.wrap_count)) {
            report.counterMismatches.push(
                `${a.user_id}: stored ${a.live_count}/${a.wrap_count}, actual ${live}/${wrap}`
            );
        }
        if (live + wrap > capacityOf(a.user_id))
            report.capacityOverruns.push(`${a.user_id}: holds ${live + wrap} at the end`);
    }
    return report;
}
