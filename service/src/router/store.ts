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
import { createHash } from 'crypto';
import { forUpdate, type Queryable, type SqlValue } from '../db';
import { nextDue, type AgentRecord, type DomainEvent } from './domain';
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
 * One read for a customer message: the channel, its queue, the queue's routing groups, and
 * whether this message id was handed over before. Undefined when the number is not a channel.
 */
export async function loadInboundRoute(
    q: Queryable,
    phoneNumber: string,
    messageId: string | null
): Promise<
    | { channel: ChannelConfig; queue: ReturnType<typeof rowToQueue>; groups: GroupCap[]; seen: string | null }
    | undefined
> {
    // On PostgreSQL this also locks the channel's queue (the first lock of the transaction).
    const rows = await q.all<Row>(
        `SELECT c.phone_number, c.channel_id, c.queue_id, c.active AS channel_active, q.*,
            gq.group_id AS group_id, gq.cap AS group_cap,
            (SELECT i.interaction_id FROM router_inbound i WHERE i.message_id = ?) AS seen
         FROM router_channels c JOIN router_queues q ON q.id = c.queue_id
         LEFT JOIN router_group_queues gq ON gq.queue_id = q.id
         WHERE c.phone_number = ? ORDER BY gq.group_id${q.dialect === 'postgres' ? ' FOR UPDATE OF q' : ''}`,
        [messageId, phoneNumber]
    );
    if (rows.length === 0) return undefined;
    const row = rows[0];
    return {
        channel: rowToChannel({ ...row, active: row.channel_active }),
        queue: rowToQueue(row),
        groups: rows
            .filter((r) => r.group_id !== null && r.group_id !== undefined)
            .map((r) => ({ groupId: String(r.group_id), cap: Number(r.group_cap) })),
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
    /** The agent's routing group (null: no queue's work). */
    groupId: string | null;
    /** Could take an offer now (as stored). */
    ready: boolean;
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
        seq: num(row.seq),
        groupId: strOrNull(row.group_id),
        ready: bool(row.ready)
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

/**
 * Writes the agent's runtime state; `ready` (may take an offer now, in the index that picks the
 * longest-idle agent of a routing group) is recomputed in the same statement.
 */
export async function saveAgent(q: Queryable, agent: AgentRecord): Promise<void> {
    await q.run(
        `UPDATE router_agents SET status = ?, status_reason = ?, status_changed_at = ?, stop_new = ?,
            live_count = ?, wrap_count = ?, idle_since = ?,
            ready = CASE WHEN ? = 1 AND ? < group_cap THEN 1 ELSE 0 END
         WHERE user_id = ?`,
        [
            agent.status,
            agent.statusReason,
            agent.statusChangedAt,
            agent.stopNew,
            agent.liveCount,
            agent.wrapUpCount,
            agent.idleSince,
            agentReadyBase(agent) ? 1 : 0,
            agent.liveCount + agent.wrapUpCount,
            agent.userId
        ]
    );
}

/** The queues whose work this agent may receive (member, or dedicated agent). */
export async function routingQueueIds(q: Queryable, userId: string): Promise<string[]> {
    const rows = await q.all<{ queue_id: string }>('SELECT queue_id FROM router_routing WHERE user_id = ?', [userId]);
    return rows.map((r) => r.queue_id);
}

const ROUTING_SELECT = 'SELECT a.user_id, q.id, COALESCE(a.max_interactions, q.max_interactions)';

/**
 * Rebuilds the routing rows of one queue (or of all) from the configuration: its members, or
 * only its dedicated agent; none while the queue is inactive or removed. Returns the agents whose
 * rows changed (for one queue), to regroup.
 */
export async function rebuildRouting(q: Queryable, queueId: string | null): Promise<string[]> {
    const one = queueId === null ? '' : ' AND q.id = ?';
    const params = queueId === null ? [] : [queueId];
    const users = async () =>
        queueId === null
            ? []
            : (await q.all<{ user_id: string }>('SELECT user_id FROM router_routing WHERE queue_id = ?', params)).map(
                  (r) => r.user_id
              );
    const before = await users();
    await q.run(`DELETE FROM router_routing${queueId === null ? '' : ' WHERE queue_id = ?'}`, params);
    await q.run(
        `INSERT INTO router_routing (user_id, queue_id, cap) ${ROUTING_SELECT}
         FROM router_queues q
         JOIN router_members m ON m.queue_id = q.id
         JOIN router_agents a ON a.user_id = m.user_id AND a.configured = 1
         WHERE q.dedicated_agent IS NULL AND q.active = 1 AND q.configured = 1${one}`,
        params
    );
    await q.run(
        `INSERT INTO router_routing (user_id, queue_id, cap) ${ROUTING_SELECT}
         FROM router_queues q
         JOIN router_agents a ON a.user_id = q.dedicated_agent AND a.configured = 1
         WHERE q.active = 1 AND q.configured = 1${one}`,
        params
    );
    return [...new Set([...before, ...(await users())])];
}

/** After an agent's own maximum changed: their capacity in each of their queues. */
export async function refreshAgentCapacity(q: Queryable, agent: AgentRecord): Promise<void> {
    await q.run(
        `UPDATE router_routing SET cap = COALESCE(?, (SELECT max_interactions FROM router_queues WHERE id = router_routing.queue_id))
         WHERE user_id = ?`,
        [agent.maxInteractions, agent.userId]
    );
}

/**
 * Puts each agent (or the given ones) in the routing group of their routing rows: agents with the
 * same queues and capacities share one. A group's id is a digest of its rows, so every instance
 * names it alike. Unused groups are dropped.
 */
export async function regroup(q: Queryable, userIds: readonly string[] | null): Promise<void> {
    const rows: { user_id: string; queue_id: string; cap: number }[] = [];
    if (userIds === null) {
        rows.push(
            ...(await q.all<(typeof rows)[number]>(
                'SELECT user_id, queue_id, cap FROM router_routing ORDER BY user_id, queue_id'
            ))
        );
    } else {
        for (let i = 0; i < userIds.length; i += 500) {
            const chunk = userIds.slice(i, i + 500);
            rows.push(
                ...(await q.all<(typeof rows)[number]>(
                    `SELECT user_id, queue_id, cap FROM router_routing WHERE user_id IN (${placeholders(chunk.length)})
                     ORDER BY user_id, queue_id`,
                    chunk
                ))
            );
        }
    }
    const byUser = new Map<string, { queue_id: string; cap: number }[]>();
    for (const r of rows) {
        if (!byUser.has(r.user_id)) byUser.set(r.user_id, []);
        byUser.get(r.user_id)!.push({ queue_id: r.queue_id, cap: Number(r.cap) });
    }
    const groups = new Map<string, { maxCap: number; entries: { queue_id: string; cap: number }[] }>();
    const assign: (string | number)[][] = [];
    for (const [userId, entries] of byUser) {
        const signature = entries.map((e) => `${e.queue_id}\u0001${e.cap}`).join('\u0002');
        const id = createHash('sha256').update(signature).digest('hex').slice(0, 24);
        const maxCap = Math.max(...entries.map((e) => e.cap));
        groups.set(id, { maxCap, entries });
        assign.push([userId, id, maxCap]);
    }
    const ids = [...groups.keys()];
    const existing = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const found = await q.all<{ id: string }>(
            `SELECT id FROM router_groups WHERE id IN (${placeholders(chunk.length)})`,
            chunk
        );
        for (const f of found) existing.add(f.id);
    }
    const fresh = ids.filter((id) => !existing.has(id));
    await insertRows(
        q,
        'router_groups (id, max_cap)',
        2,
        fresh.map((id) => [id, groups.get(id)!.maxCap]),
        '(id)'
    );
    await insertRows(
        q,
        'router_group_queues (group_id, queue_id, cap)',
        3,
        fresh.flatMap((id) => groups.get(id)!.entries.map((e) => [id, e.queue_id, e.cap])),
        '(group_id, queue_id)'
    );
    for (let i = 0; i < assign.length; i += 300) {
        const chunk = assign.slice(i, i + 300);
        await q.run(
            `UPDATE router_agents SET group_id = v.column2, group_cap = CAST(v.column3 AS INTEGER),
                ready = CASE WHEN configured = 1 AND status = 'Available' AND stop_new = 0
                    AND live_count + wrap_count < CAST(v.column3 AS INTEGER) THEN 1 ELSE 0 END
             FROM (VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}) AS v
             WHERE router_agents.user_id = v.column1`,
            chunk.flat()
        );
    }
    // Agents left without routing rows belong to no group.
    if (userIds === null) {
        await q.run(
            `UPDATE router_agents SET group_id = NULL, group_cap = 0, ready = 0
             WHERE group_id IS NOT NULL AND user_id NOT IN (SELECT user_id FROM router_routing)`
        );
    } else {
        const none = userIds.filter((u) => !byUser.has(u));
        for (let i = 0; i < none.length; i += 500) {
            const chunk = none.slice(i, i + 500);
            await q.run(
                `UPDATE router_agents SET group_id = NULL, group_cap = 0, ready = 0 WHERE user_id IN (${placeholders(chunk.length)})`,
                chunk
            );
        }
    }
    await q.run(
        'DELETE FROM router_group_queues WHERE group_id NOT IN (SELECT group_id FROM router_agents WHERE group_id IS NOT NULL)'
    );
    await q.run(
        'DELETE FROM router_groups WHERE id NOT IN (SELECT group_id FROM router_agents WHERE group_id IS NOT NULL)'
    );
}

async function insertRows(
    q: Queryable,
    into: string,
    width: number,
    rows: readonly (readonly (string | number)[])[],
    key: string
): Promise<void> {
    for (let i = 0; i < rows.length; i += 300) {
        const chunk = rows.slice(i, i + 300);
        const tuple = `(${placeholders(width)})`;
        await q.run(
            `INSERT INTO ${into} VALUES ${chunk.map(() => tuple).join(', ')} ON CONFLICT ${key} DO NOTHING`,
            chunk.flat()
        );
    }
}

export interface GroupCap {
    groupId: string;
    /** The capacity in this queue of the group's agents. */
    cap: number;
}

/** The routing groups that serve a queue, with their agents' capacity in it. */
export async function queueGroups(q: Queryable, queueId: string): Promise<GroupCap[]> {
    const rows = await q.all<{ group_id: string; cap: number }>(
        'SELECT group_id, cap FROM router_group_queues WHERE queue_id = ? ORDER BY group_id',
        [queueId]
    );
    return rows.map((r) => ({ groupId: r.group_id, cap: Number(r.cap) }));
}

export interface Candidate {
    userId: string;
    idleSince: number;
}

/**
 * The ready agents of a queue's groups with room in that queue who have not rejected or let
 * lapse this interaction (none to check for a new one): longest idle first, User Id breaking
 * ties, `limit` of them, after `after`. Each group's head comes from the index; `lock` (one
 * group, limit 1, PostgreSQL) locks the head in the same statement.
 */
export async function groupHeads(
    q: Queryable,
    groups: readonly GroupCap[],
    interactionId: string | null,
    limit: number,
    after?: Candidate,
    lock = false
): Promise<AgentRow[]> {
    const out: AgentRow[] = [];
    for (const group of groups) {
        const params: SqlValue[] = [group.groupId, group.cap];
        let filter = '';
        if (interactionId !== null) {
            filter += ` AND NOT EXISTS (SELECT 1 FROM router_rejections x
                                        WHERE x.interaction_id = ? AND x.user_id = a.user_id AND x.active = 1)`;
            params.push(interactionId);
        }
        if (after) {
            filter += ' AND (a.idle_since > ? OR (a.idle_since = ? AND a.user_id > ?))';
            params.push(after.idleSince, after.idleSince, after.userId);
        }
        params.push(limit);
        const rows = await q.all<Row>(
            `SELECT * FROM router_agents a
             WHERE a.group_id = ? AND a.ready = 1 AND a.live_count + a.wrap_count < ?${filter}
             ORDER BY a.idle_since, a.user_id LIMIT ?${lock ? forUpdate(q.dialect) : ''}`,
            params
        );
        out.push(...rows.map(rowToAgent));
    }
    return out
        .sort((a, b) => a.idleSince - b.idleSince || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
        .slice(0, limit);
}

/** Whether any agent could take work of this queue now. */
export async function queueHasReadyAgent(q: Queryable, queueId: string): Promise<boolean> {
    const row = await q.get(
        `SELECT 1 AS x FROM router_group_queues gq
         JOIN router_agents a ON a.group_id = gq.group_id AND a.ready = 1 AND a.live_count + a.wrap_count < gq.cap
         WHERE gq.queue_id = ? LIMIT 1`,
        [queueId]
    );
    return row !== undefined;
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
    'offer_count',
    'next_due_at'
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
        i.offerCount,
        nextDue(i)
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
