/**
 * The router's tables (all `router_…`), for SQLite and PostgreSQL alike. Times are epoch ms in
 * BIGINT, booleans 0/1.
 *
 * - `router_queues`, `router_agents`, `router_members`, `router_channels`: the configuration, and
 *   each agent's runtime state (status, Stop-new, load, idle-since, event sequence).
 * - `router_routing`: one row per (agent, queue whose work they may receive: its members, or only
 *   its dedicated agent) with the agent's capacity in that queue. Rebuilt from the configuration.
 * - `router_groups`, `router_group_queues`: routing groups. Agents with the same routing rows
 *   (same queues, same capacities) share a group; each agent row carries its group and whether it
 *   can take an offer now (`ready`), and the index (group, ready, idle since, user) finds the
 *   longest-idle ready agent of a group without scanning. A queue is served by the few groups
 *   that contain it. An offer moves one index entry (the agent's), however many queues the
 *   agent belongs to.
 * - `router_interactions`: the conversations. Waiting ones are indexed by (queue, age) for
 *   oldest-first offers, open ones by agent. Its timers are its own columns (`offer_expires_at`
 *   while Offered, `wrap_up_deadline` while Post-processing, `sla_due_at` while a customer message
 *   is unanswered and not yet past SLA); `next_due_at`, the earliest armed one, has a partial
 *   index that finds what is due. A partial unique index allows one open conversation per
 *   (company number, customer number). Indexes are kept off the path of a routed message where
 *   they can be: each one costs a page write per message.
 * - `router_rejections`: who rejected or let lapse which interaction (`active` in the current round).
 * - `router_events`: the outbox the connector consumes.
 * - `router_inbound`: message ids already handed over (idempotent hand-over from the provider).
 * - `router_locks`: a row the outbox consumers take turns on.
 */
import type { Migration } from '../db';

const interactions = (suffix: string) => `CREATE TABLE router_interactions (
    id TEXT PRIMARY KEY,
    queue_id TEXT NOT NULL,
    channel_number TEXT NOT NULL,
    channel_id TEXT,
    customer_number TEXT NOT NULL,
    direction TEXT NOT NULL,
    status TEXT NOT NULL,
    agent_id TEXT,
    initiated_at BIGINT NOT NULL,
    offered_at BIGINT,
    offer_expires_at BIGINT,
    accepted_at BIGINT,
    terminated_at BIGINT,
    wrap_up_deadline BIGINT,
    wrapped_up_at BIGINT,
    disposition TEXT,
    disposition_required INTEGER NOT NULL,
    unread_count INTEGER NOT NULL,
    awaiting_since BIGINT,
    sla_due_at BIGINT,
    sla_breached INTEGER NOT NULL,
    delivery_failed INTEGER NOT NULL,
    last_customer_at BIGINT,
    last_agent_at BIGINT,
    offer_count INTEGER NOT NULL,
    next_due_at BIGINT
)${suffix}`;

const common = [
    `CREATE TABLE router_queues (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        acceptance_s INTEGER NOT NULL,
        post_processing_s INTEGER NOT NULL,
        sla_target_s INTEGER NOT NULL,
        max_interactions INTEGER NOT NULL,
        disposition_required INTEGER NOT NULL,
        dedicated_agent TEXT,
        active INTEGER NOT NULL,
        configured INTEGER NOT NULL
    )`,
    `CREATE TABLE router_agents (
        user_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        max_interactions INTEGER,
        can_reject INTEGER NOT NULL,
        configured INTEGER NOT NULL,
        status TEXT NOT NULL,
        status_reason TEXT NOT NULL,
        status_changed_at BIGINT NOT NULL,
        stop_new INTEGER NOT NULL,
        live_count INTEGER NOT NULL,
        wrap_count INTEGER NOT NULL,
        idle_since BIGINT NOT NULL,
        seq BIGINT NOT NULL,
        group_id TEXT,
        group_cap INTEGER NOT NULL,
        ready INTEGER NOT NULL
    )`,
    'CREATE INDEX router_agents_pick ON router_agents (group_id, ready, idle_since, user_id)',
    `CREATE TABLE router_members (
        queue_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        PRIMARY KEY (queue_id, user_id)
    )`,
    'CREATE INDEX router_members_user ON router_members (user_id)',
    'CREATE INDEX router_routing_queue ON router_routing (queue_id, user_id)',
    `CREATE TABLE router_groups (
        id TEXT PRIMARY KEY,
        max_cap INTEGER NOT NULL
    )`,
    `CREATE TABLE router_group_queues (
        group_id TEXT NOT NULL,
        queue_id TEXT NOT NULL,
        cap INTEGER NOT NULL,
        PRIMARY KEY (group_id, queue_id)
    )`,
    'CREATE INDEX router_group_queues_queue ON router_group_queues (queue_id, group_id)',
    `CREATE TABLE router_channels (
        phone_number TEXT PRIMARY KEY,
        channel_id TEXT,
        queue_id TEXT NOT NULL,
        active INTEGER NOT NULL
    )`,
    `CREATE INDEX router_interactions_waiting ON router_interactions (queue_id, initiated_at, id) WHERE status = 'Queued'`,
    `CREATE UNIQUE INDEX router_interactions_conversation ON router_interactions (channel_number, customer_number)
        WHERE status IN ('Queued', 'Offered', 'Active')`,
    `CREATE INDEX router_interactions_agent ON router_interactions (agent_id, status)
        WHERE status IN ('Offered', 'Active', 'Post-processing')`,
    'CREATE INDEX router_interactions_due ON router_interactions (next_due_at) WHERE next_due_at IS NOT NULL',
    `CREATE INDEX router_interactions_closed ON router_interactions (wrapped_up_at) WHERE status = 'Closed'`,
    `CREATE TABLE router_rejections (
        interaction_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        at BIGINT NOT NULL,
        active INTEGER NOT NULL,
        PRIMARY KEY (interaction_id, user_id)
    )`,
    'CREATE TABLE router_locks (name TEXT PRIMARY KEY)',
    "INSERT INTO router_locks (name) VALUES ('outbox')"
];

/** An agent's routing rows sit together (keyed by agent first). */
const routing = (suffix: string) => `CREATE TABLE router_routing (
    user_id TEXT NOT NULL,
    queue_id TEXT NOT NULL,
    cap INTEGER NOT NULL,
    PRIMARY KEY (user_id, queue_id)
)${suffix}`;

/**
 * Message ids handed over; on SQLite clustered by id: one page per hand-over. No index on the
 * age: the sweep prunes by a scan, rarely.
 */
const inbound = (suffix: string) => [
    `CREATE TABLE router_inbound (
    message_id TEXT PRIMARY KEY,
    interaction_id TEXT NOT NULL,
    received_at BIGINT NOT NULL
)${suffix}`
];

const events = (id: string) => `CREATE TABLE router_events (
    id ${id},
    user_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    type TEXT NOT NULL,
    interaction_id TEXT,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    lease_until BIGINT,
    acked INTEGER NOT NULL DEFAULT 0
)`;

/** Leased events by agent (an event enters it when a consumer leases it, not when written). */
const EVENTS_LEASED = 'CREATE INDEX router_events_leased ON router_events (user_id, id) WHERE lease_until IS NOT NULL';
/** The acknowledged newest event kept so ids never go backwards (at most one row). */
const EVENTS_ACKED = 'CREATE INDEX router_events_acked ON router_events (id) WHERE acked = 1';

export const routerMigrations: readonly Migration[] = [
    {
        id: 'router_0001_schema',
        up: {
            // A plain rowid (max + 1) is never given out twice because the newest event row stays,
            // as acknowledged, until a newer one exists (see outbox.ts); AUTOINCREMENT would cost
            // a page write per event.
            sqlite: [
                routing(' WITHOUT ROWID'),
                interactions(''),
                ...inbound(' WITHOUT ROWID'),
                ...common,
                events('INTEGER PRIMARY KEY'),
                EVENTS_LEASED,
                EVENTS_ACKED
            ],
            postgres: [
                routing(''),
                interactions(''),
                ...inbound(''),
                ...common,
                events('BIGSERIAL PRIMARY KEY'),
                EVENTS_LEASED,
                EVENTS_ACKED
            ]
        }
    }
];
