/**
 * SQL for the router, written once for SQLite and PostgreSQL. Works inside a transaction (`Queryable`).
 *
 * Locking (PostgreSQL; SQLite serialises writers instead). Every transaction takes row locks in
 * one order — queues (sorted by id), then interactions, then agents — so concurrent instances
 * wait for each other instead of deadlocking. A transaction that may make an agent able to take
 * work, or that puts an interaction in a queue, first locks the queues involved: then the one
 * that offers (an agent becoming ready, or work arriving) always sees the other's committed
 * result, and nothing waits in a queue while an eligible agent sits idle.
 */
import { forUpdate, type Queryable, type SqlValue } from '../db';
import type { AgentRecord, DomainEvent } from './domain';
import type {
    AgentStatus,
    ChannelConfig,
    Interaction,
    QueueConfig,
    RouterEvent,
    RouterEventReason,
    RouterEventType
} from './types';

type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const bool = (v: unknown): boolean => Number(v) === 1;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function placeholders(n: number): string {
    return Array.from({ length: n }, () => '?').join(', ');
}

// ---------------------------------------------------------------------------------------------
// Queues, channels

export function rowToQueue(row: Row): QueueConfig & { configured: boolean } {
    return {
        id: String(row.id),
        name: String(row.name),
        acceptanceIntervalSeconds: num(row.acceptance_s),
        postProcessingSeconds: num(row.post_processing_s),
        slaTargetSeconds: num(row.sla_target_s),
        maxInteractions: num(row.max_interactions),
        dispositionRequired: bool(row.disposition_required),
        dedicatedAgentId: strOrNull(row.dedicated_agent),
        active: bool(row.active) && bool(row.configured),
        configured: bool(row.configured)
    };
}

export async function loadQueue(q: Queryable, id: string) {
    const row = await q.get<Row>('SELECT * FROM router_queues WHERE id = ?', [id]);
    return row ? rowToQueue(row) : undefined;
}

export function rowToChannel(row: Row): ChannelConfig {
    return {
        phoneNumber: String(row.phone_number),
        channelId: strOrNull(row.channel_id),
        queueId: String(row.queue_id),
        active: bool(row.active)
    };
}

export async function loadChannel(q: Queryable, phoneNumber: string): Promise<ChannelConfig | undefined> {
    const row = await q.get<Row>('SELECT * FROM router_channels WHERE phone_number = ?', [phoneNumber]);
    return row ? rowToChannel(row) : undefined;
}

/**
 * One read for a customer message: the channel, its queue, and whether this message id was
 * handed over before. Undefined when the number is not a configured channel.
 */
export async function loadInboundRoute(
    q: Queryable,
    phoneNumber: string,
    messageId: string | null
): Promise<{ channel: ChannelConfig; queue: ReturnType<typeof rowToQueue>; seen: string | null } | undefined> {
    // On PostgreSQL this also locks the channel's queue (the first lock of the transaction).
    const row = await q.get<Row>(
        `SELECT c.phone_number, c.channel_id, c.queue_id, c.active AS channel_active, q.*,
            (SELECT i.interaction_id FROM router_inbound i WHERE i.message_id = ?) AS seen
         FROM router_channels c JOIN router_queues q ON q.id = c.queue_id WHERE c.phone_number = ?${
             q.dialect === 'postgres' ? ' FOR UPDATE OF q' : ''
         }`,
        [messageId, phoneNumber]
    );
    if (!row) return undefined;
    return {
        channel: rowToChannel({ ...row, active: row.channel_active }),
        queue: rowToQueue(row),
        seen: strOrNull(row.seen)
    };
}

/** Locks queue rows in id order (PostgreSQL). */
export async function lockQueues(q: Queryable, ids: Iterable<string>): Promise<void> {
    if (q.dialect !== 'postgres') return;
    const sorted = [...new Set(ids)].sort();
    if (sorted.length === 0) return;
    await q.all(
        `SELECT id FROM router_queues WHERE id IN (${placeholders(sorted.length)}) ORDER BY id${forUpdate(q.dialect)}`,
        sorted
    );
}

// ---------------------------------------------------------------------------------------------
// Agents

export interface AgentRow extends AgentRecord {
    seq: number;
}

export function rowToAgent(row: Row): AgentRow {
    return {
        userId: String(row.user_id),
        name: String(row.name),
        configured: bool(row.configured),
        status: String(row.status) as AgentStatus,
        statusReason: String(row.status_reason) as AgentRecord['statusReason'],
        statusChangedAt: num(row.status_changed_at),
        stopNew: bool(row.stop_new),
        canReject: bool(row.can_reject),
        maxInteractions: numOrNull(row.max_interactions),
        liveCount: num(row.live_count),
        wrapUpCount: num(row.wrap_count),
        idleSince: num(row.idle_since),
        seq: num(row.seq)
    };
}

export async function loadAgent(q: Queryable, userId: string, lock = false): Promise<AgentRow | undefined> {
    const row = await q.get<Row>(`SELECT * FROM router_agents WHERE user_id = ?${lock ? forUpdate(q.dialect) : ''}`, [
        userId
    ]);
    return row ? rowToAgent(row) : undefined;
}

/** Whether the agent, as such, could take work (capacity is per queue, in the routing row). */
export function agentReadyBase(agent: AgentRecord): boolean {
    return agent.configured && agent.status === 'Available' && !agent.stopNew;
}

/** Writes the agent's runtime state, and its routing rows when anything they mirror changed. */
export async function saveAgent(q: Queryable, before: AgentRecord, after: AgentRecord): Promise<void> {
    await q.run(
        `UPDATE router_agents SET status = ?, status_reason = ?, status_changed_at = ?, stop_new = ?,
            live_count = ?, wrap_count = ?, idle_since = ? WHERE user_id = ?`,
        [
            after.status,
            after.statusReason,
            after.statusChangedAt,
            after.stopNew,
            after.liveCount,
            after.wrapUpCount,
            after.idleSince,
            after.userId
        ]
    );
    const routingChanged =
        agentReadyBase(before) !== agentReadyBase(after) ||
        before.liveCount + before.wrapUpCount !== after.liveCount + after.wrapUpCount ||
        before.idleSince !== after.idleSince;
    if (routingChanged) await refreshRouting(q, after);
}

export async function refreshRouting(q: Queryable, agent: AgentRecord): Promise<void> {
    await q.run(
        'UPDATE router_routing SET ready = CASE WHEN ? = 1 AND ? < cap THEN 1 ELSE 0 END, idle_since = ? WHERE user_id = ?',
        [agentReadyBase(agent) ? 1 : 0, agent.liveCount + agent.wrapUpCount, agent.idleSince, agent.userId]
    );
}

/** The queues whose work this agent may receive (member, or dedicated agent). */
export async function routingQueueIds(q: Queryable, userId: string): Promise<string[]> {
    const rows = await q.all<{ queue_id: string }>('SELECT queue_id FROM router_routing WHERE user_id = ?', [userId]);
    return rows.map((r) => r.queue_id);
}

const ROUTING_SELECT = `SELECT q.id, a.user_id, COALESCE(a.max_interactions, q.max_interactions),
        CASE WHEN a.status = 'Available' AND a.stop_new = 0
            AND a.live_count + a.wrap_count < COALESCE(a.max_interactions, q.max_interactions) THEN 1 ELSE 0 END,
        a.idle_since`;

/**
 * Rebuilds the routing rows of one queue (or of all) from the configuration: its members, or
 * only its dedicated agent; none while the queue is inactive or removed.
 */
export async function rebuildRouting(q: Queryable, queueId: string | null): Promise<void> {
    const one = queueId === null ? '' : ' AND q.id = ?';
    const params = queueId === null ? [] : [queueId];
    await q.run(`DELETE FROM router_routing${queueId === null ? '' : ' WHERE queue_id = ?'}`, params);
    await q.run(
        `INSERT INTO router_routing (queue_id, user_id, cap, ready, idle_since) ${ROUTING_SELECT}
         FROM router_queues q
         JOIN router_members m ON m.queue_id = q.id
         JOIN router_agents a ON a.user_id = m.user_id AND a.configured = 1
         WHERE q.dedicated_agent IS NULL AND q.active = 1 AND q.configured = 1${one}`,
        params
    );
    await q.run(
        `INSERT INTO router_routing (queue_id, user_id, cap, ready, idle_since) ${ROUTING_SELECT}
         FROM router_queues q
         JOIN router_agents a ON a.user_id = q.dedicated_agent AND a.configured = 1
         WHERE q.active = 1 AND q.configured = 1${one}`,
        params
    );
}

/** After an agent's own maximum changed: their capacity in each queue, and readiness. */
export async function refreshAgentCapacity(q: Queryable, agent: AgentRecord): Promise<void> {
    await q.run(
        `UPDATE router_routing SET cap = COALESCE(?, (SELECT max_interactions FROM router_queues WHERE id = router_routing.queue_id))
         WHERE user_id = ?`,
        [agent.maxInteractions, agent.userId]
    );
    await refreshRouting(q, agent);
}

/**
 * The longest-idle ready agent of a queue (for a new interaction: nobody rejected it yet),
 * read from the routing index and locked, in one statement.
 */
export async function lockBestReadyAgent(q: Queryable, queueId: string): Promise<AgentRow | undefined> {
    const row = await q.get<Row>(
        `SELECT * FROM router_agents WHERE user_id = (
            SELECT r.user_id FROM router_routing r WHERE r.queue_id = ? AND r.ready = 1
            ORDER BY r.idle_since, r.user_id LIMIT 1)${forUpdate(q.dialect)}`,
        [queueId]
    );
    return row ? rowToAgent(row) : undefined;
}

export interface Candidate {
    userId: string;
    idleSince: number;
}

/**
 * The queue's ready agents who have not rejected or let lapse this interaction, longest idle
 * first (User Id breaks ties), read from the routing index; `after` continues past a page.
 */
export async function candidates(
    q: Queryable,
    queueId: string,
    interactionId: string,
    limit: number,
    after?: Candidate
): Promise<Candidate[]> {
    const params: SqlValue[] = [queueId, interactionId];
    let page = '';
    if (after) {
        page = ' AND (r.idle_since > ? OR (r.idle_since = ? AND r.user_id > ?))';
        params.push(after.idleSince, after.idleSince, after.userId);
    }
    params.push(limit);
    const rows = await q.all<{ user_id: string; idle_since: number }>(
        `SELECT r.user_id, r.idle_since FROM router_routing r
         WHERE r.queue_id = ? AND r.ready = 1
           AND NOT EXISTS (SELECT 1 FROM router_rejections x
                           WHERE x.interaction_id = ? AND x.user_id = r.user_id AND x.active = 1)${page}
         ORDER BY r.idle_since, r.user_id LIMIT ?`,
        params
    );
    return rows.map((r) => ({ userId: r.user_id, idleSince: Number(r.idle_since) }));
}

// ---------------------------------------------------------------------------------------------
// Interactions

const INTERACTION_COLUMNS = [
    'id',
    'queue_id',
    'channel_number',
    'channel_id',
    'customer_number',
    'direction',
    'status',
    'agent_id',
    'initiated_at',
    'offered_at',
    'offer_expires_at',
    'accepted_at',
    'terminated_at',
    'wrap_up_deadline',
    'wrapped_up_at',
    'disposition',
    'disposition_required',
    'unread_count',
    'awaiting_since',
    'sla_due_at',
    'sla_breached',
    'delivery_failed',
    'last_customer_at',
    'last_agent_at',
    'offer_count'
] as const;

function interactionValues(i: Interaction): SqlValue[] {
    return [
        i.id,
        i.queueId,
        i.channelNumber,
        i.channelId,
        i.customerNumber,
        i.direction,
        i.status,
        i.agentId,
        i.initiatedAt,
        i.offeredAt,
        i.offerExpiresAt,
        i.acceptedAt,
        i.terminatedAt,
        i.wrapUpDeadline,
        i.wrappedUpAt,
        i.disposition,
        i.dispositionRequired,
        i.unreadCount,
        i.awaitingReplySince,
        i.slaDueAt,
        i.slaBreached,
        i.deliveryFailed,
        i.lastCustomerMessageAt,
        i.lastAgentMessageAt,
        i.offerCount
    ];
}

export function rowToInteraction(row: Row): Interaction {
    return {
        id: String(row.id),
        queueId: String(row.queue_id),
        channelNumber: String(row.channel_number),
        channelId: strOrNull(row.channel_id),
        customerNumber: String(row.customer_number),
        direction: String(row.direction) as Interaction['direction'],
        status: String(row.status) as Interaction['status'],
        agentId: strOrNull(row.agent_id),
        initiatedAt: num(row.initiated_at),
        offeredAt: numOrNull(row.offered_at),
        offerExpiresAt: numOrNull(row.offer_expires_at),
        acceptedAt: numOrNull(row.accepted_at),
        terminatedAt: numOrNull(row.terminated_at),
        wrapUpDeadline: numOrNull(row.wrap_up_deadline),
        wrappedUpAt: numOrNull(row.wrapped_up_at),
        disposition: strOrNull(row.disposition),
        dispositionRequired: bool(row.disposition_required),
        unreadCount: num(row.unread_count),
        awaitingReplySince: numOrNull(row.awaiting_since),
        slaDueAt: numOrNull(row.sla_due_at),
        slaBreached: bool(row.sla_breached),
        deliveryFailed: bool(row.delivery_failed),
        lastCustomerMessageAt: numOrNull(row.last_customer_at),
        lastAgentMessageAt: numOrNull(row.last_agent_at),
        offerCount: num(row.offer_count)
    };
}

export async function loadInteraction(q: Queryable, id: string, lock = false): Promise<Interaction | undefined> {
    const row = await q.get<Row>(`SELECT * FROM router_interactions WHERE id = ?${lock ? forUpdate(q.dialect) : ''}`, [
        id
    ]);
    return row ? rowToInteraction(row) : undefined;
}

export async function insertInteraction(q: Queryable, i: Interaction): Promise<void> {
    await q.run(
        `INSERT INTO router_interactions (${INTERACTION_COLUMNS.join(', ')}) VALUES (${placeholders(INTERACTION_COLUMNS.length)})`,
        interactionValues(i)
    );
}

const UPDATE_INTERACTION = `UPDATE router_interactions SET ${INTERACTION_COLUMNS.slice(1)
    .map((c) => `${c} = ?`)
    .join(', ')} WHERE id = ? AND status = ?`;

/** Writes the interaction; refuses (throws) if its status moved under us — a broken lock plan. */
export async function saveInteraction(q: Queryable, before: Interaction, after: Interaction): Promise<void> {
    const [id, ...rest] = interactionValues(after);
    const { changes } = await q.run(UPDATE_INTERACTION, [...rest, id, before.status]);
    if (changes !== 1) throw new Error(`interaction ${after.id} changed concurrently`);
}

/** The open conversation of (company number, customer number), if any. */
export async function openConversation(
    q: Queryable,
    channelNumber: string,
    customerNumber: string,
    lock = false
): Promise<Interaction | undefined> {
    const row = await q.get<Row>(
        `SELECT * FROM router_interactions WHERE channel_number = ? AND customer_number = ?
           AND status IN ('Queued', 'Offered', 'Active')${lock ? forUpdate(q.dialect) : ''}`,
        [channelNumber, customerNumber]
    );
    return row ? rowToInteraction(row) : undefined;
}

/** The oldest waiting interaction of a queue this agent has not rejected or let lapse. */
export async function oldestWaiting(q: Queryable, queueId: string, userId: string): Promise<Interaction | undefined> {
    const row = await q.get<Row>(
        `SELECT * FROM router_interactions i WHERE i.queue_id = ? AND i.status = 'Queued'
           AND NOT EXISTS (SELECT 1 FROM router_rejections x
                           WHERE x.interaction_id = i.id AND x.user_id = ? AND x.active = 1)
         ORDER BY i.initiated_at, i.id LIMIT 1`,
        [queueId, userId]
    );
    return row ? rowToInteraction(row) : undefined;
}

export async function anythingWaiting(q: Queryable): Promise<boolean> {
    return (await q.get("SELECT 1 AS x FROM router_interactions WHERE status = 'Queued' LIMIT 1")) !== undefined;
}

/** Locks a queued interaction; undefined when it is no longer queued. */
export async function lockQueued(q: Queryable, id: string): Promise<Interaction | undefined> {
    const row = await q.get<Row>(
        `SELECT * FROM router_interactions WHERE id = ? AND status = 'Queued'${forUpdate(q.dialect)}`,
        [id]
    );
    return row ? rowToInteraction(row) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Rejections

export async function recordRejection(
    q: Queryable,
    interactionId: string,
    userId: string,
    reason: 'rejected' | 'lapsed',
    now: number
): Promise<void> {
    await q.run(
        `INSERT INTO router_rejections (interaction_id, user_id, reason, at, active) VALUES (?, ?, ?, ?, 1)
         ON CONFLICT (interaction_id, user_id) DO UPDATE SET reason = excluded.reason, at = excluded.at, active = 1`,
        [interactionId, userId, reason, now]
    );
}

/** Whether this agent held the interaction's offer before (rejected or lapsed it). */
export async function hadOffer(q: Queryable, interactionId: string, userId: string): Promise<boolean> {
    return (
        (await q.get('SELECT 1 AS x FROM router_rejections WHERE interaction_id = ? AND user_id = ?', [
            interactionId,
            userId
        ])) !== undefined
    );
}

/**
 * Once every agent who may receive the queue's work has rejected or let this interaction lapse,
 * a new round starts: they may be offered it again (they were set On Break, so no one gets it
 * back at once). Without this a dedicated queue's rejected work would wait forever.
 */
export async function resetRoundIfComplete(q: Queryable, interactionId: string, queueId: string): Promise<void> {
    const someoneLeft = await q.get(
        `SELECT 1 AS x FROM router_routing r WHERE r.queue_id = ?
           AND NOT EXISTS (SELECT 1 FROM router_rejections x
                           WHERE x.interaction_id = ? AND x.user_id = r.user_id AND x.active = 1)
         LIMIT 1`,
        [queueId, interactionId]
    );
    if (!someoneLeft) {
        await q.run('UPDATE router_rejections SET active = 0 WHERE interaction_id = ? AND active = 1', [interactionId]);
    }
}

// ---------------------------------------------------------------------------------------------
// Events (the outbox)

export function rowToEvent(row: Row): RouterEvent {
    return {
        id: num(row.id),
        userId: String(row.user_id),
        seq: num(row.seq),
        type: String(row.type) as RouterEventType,
        interactionId: strOrNull(row.interaction_id),
        reason: String(row.reason) as RouterEventReason,
        at: num(row.created_at)
    };
}

/**
 * Writes one command's (already coalesced) events to the outbox, numbering them per recipient.
 * The recipient's row is locked by the sequence update until commit, so a recipient's events
 * commit in sequence order and their outbox ids increase with their sequence.
 */
export async function writeEvents(q: Queryable, events: readonly DomainEvent[], now: number): Promise<RouterEvent[]> {
    if (events.length === 0) return [];
    const perUser = new Map<string, number>();
    for (const e of events) perUser.set(e.userId, (perUser.get(e.userId) ?? 0) + 1);
    if (q.dialect === 'postgres' && perUser.size === events.length) {
        // One event per recipient (the usual case): number and store it in one round trip.
        const out: RouterEvent[] = [];
        for (const e of events) {
            const row = await q.get<{ id: number; seq: number }>(
                `WITH s AS (UPDATE router_agents SET seq = seq + 1 WHERE user_id = ? RETURNING seq)
                 INSERT INTO router_events (user_id, seq, type, interaction_id, reason, created_at, lease_until)
                 SELECT ?, s.seq, ?, ?, ?, ?, NULL FROM s RETURNING id, seq`,
                [e.userId, e.userId, e.type, e.interactionId, e.reason, now]
            );
            if (!row) throw new Error(`event for unknown agent ${e.userId}`);
            out.push({ ...e, id: Number(row.id), seq: Number(row.seq), at: now });
        }
        return out;
    }
    const next = new Map<string, number>();
    for (const [userId, count] of perUser) {
        const row = await q.get<{ seq: number }>(
            'UPDATE router_agents SET seq = seq + ? WHERE user_id = ? RETURNING seq',
            [count, userId]
        );
        if (!row) throw new Error(`event for unknown agent ${userId}`);
        next.set(userId, Number(row.seq) - count + 1);
    }
    const out: RouterEvent[] = [];
    for (const e of events) {
        const seq = next.get(e.userId)!;
        next.set(e.userId, seq + 1);
        const row = await q.get<{ id: number }>(
            `INSERT INTO router_events (user_id, seq, type, interaction_id, reason, created_at, lease_until)
             VALUES (?, ?, ?, ?, ?, ?, NULL) RETURNING id`,
            [e.userId, seq, e.type, e.interactionId, e.reason, now]
        );
        out.push({
            id: Number(row!.id),
            userId: e.userId,
            seq,
            type: e.type,
            interactionId: e.interactionId,
            reason: e.reason,
            at: now
        });
    }
    return out;
}
