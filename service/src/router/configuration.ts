/**
 * Applying configuration changes inside one router transaction: validation against what is
 * stored, queues, agents (removal withdraws their offers), channels, members, then the routing
 * rows and groups that follow from them. Waiting work that may now have agents is offered after
 * commit, queue by queue.
 */
import { forUpdate, type Queryable } from '../db';
import * as domain from './domain';
import type { AgentRecord, DomainEvent } from './domain';
import { RouterError } from './errors';
import {
    loadAgent,
    lockQueues,
    placeholders,
    rebuildRouting,
    refreshAgentCapacity,
    regroup,
    resetRoundIfComplete,
    rowToAgent,
    rowToChannel,
    rowToInteraction,
    rowToQueue,
    saveAgent,
    saveInteraction
} from './store';
import type { AgentConfig, ChannelConfig, ConfigureResult, Interaction, QueueConfig } from './types';

export interface ConfigChange {
    queues?: QueueConfig[];
    removeQueues?: string[];
    agents?: AgentConfig[];
    removeAgents?: string[];
    channels?: ChannelConfig[];
    removeChannels?: string[];
    /** Queues whose members become exactly these (a snapshot lists every queue). */
    members?: Map<string, string[]>;
    membersFrom?: { queueId: string; userIds: string[] }[];
    /** A whole snapshot: what is stored and not in it is removed. */
    full?: boolean;
}

/** What the engine's transaction gives a configuration change. */
export interface ConfigTx {
    q: Queryable;
    now: number;
    events: DomainEvent[];
    requeued: Set<string>;
    queues: Set<string>;
}

export async function applyConfigChange(tx: ConfigTx, change: ConfigChange): Promise<ConfigureResult> {
    const { q, now } = tx;
    const result: ConfigureResult = {
        queues: { upserted: 0, removed: 0 },
        agents: { upserted: 0, removed: 0 },
        channels: { upserted: 0, removed: 0 },
        members: { added: 0, removed: 0 }
    };
    // Lock order: every queue, then the offers of agents being removed, then agents.
    const existingQueues = (await q.all<Record<string, unknown>>('SELECT * FROM router_queues')).map(rowToQueue);
    await lockQueues(
        q,
        existingQueues.map((x) => x.id)
    );
    const queueById = new Map(existingQueues.map((x) => [x.id, x]));
    const agentRows = (await q.all<Record<string, unknown>>('SELECT * FROM router_agents')).map(rowToAgent);
    const agentById = new Map(agentRows.map((a) => [a.userId, a]));
    const channelRows = (await q.all<Record<string, unknown>>('SELECT * FROM router_channels')).map(rowToChannel);

    const queues = change.queues ?? [];
    const agents = change.agents ?? [];
    const channels = change.channels ?? [];
    let removeQueues = change.removeQueues ?? [];
    let removeAgents = change.removeAgents ?? [];
    let removeChannels = change.removeChannels ?? [];
    if (change.full) {
        const keepQ = new Set(queues.map((x) => x.id));
        const keepA = new Set(agents.map((x) => x.userId));
        const keepC = new Set(channels.map((x) => x.phoneNumber));
        removeQueues = existingQueues.filter((x) => x.configured && !keepQ.has(x.id)).map((x) => x.id);
        removeAgents = agentRows.filter((a) => a.configured && !keepA.has(a.userId)).map((a) => a.userId);
        removeChannels = channelRows.filter((c) => !keepC.has(c.phoneNumber)).map((c) => c.phoneNumber);
    }

    // References against what the database will hold (single-item updates).
    if (!change.full) {
        const configuredAgent = (id: string) =>
            agents.some((a) => a.userId === id) || (agentById.get(id)?.configured && !removeAgents.includes(id));
        const configuredQueue = (id: string) =>
            queues.some((x) => x.id === id) || (queueById.get(id)?.configured && !removeQueues.includes(id));
        for (const id of removeQueues) {
            if (!queueById.get(id)?.configured) throw new RouterError('UNKNOWN_QUEUE', [`queue ${id}`]);
            const using = channelRows.filter((c) => c.queueId === id).map((c) => c.phoneNumber);
            if (using.length > 0) {
                throw new RouterError('INVALID_SETTINGS', [
                    `queue ${id}: channels ${using.join(', ')} still route to it`
                ]);
            }
        }
        for (const id of removeAgents) {
            if (!agentById.get(id)?.configured) throw new RouterError('UNKNOWN_AGENT', [`agent ${id}`]);
            const dedicated = existingQueues.filter((x) => x.configured && x.dedicatedAgentId === id);
            if (dedicated.length > 0) {
                throw new RouterError('INVALID_SETTINGS', [
                    `agent ${id}: dedicated agent of queue ${dedicated.map((x) => x.id).join(', ')}`
                ]);
            }
        }
        for (const id of removeChannels) {
            if (!channelRows.some((c) => c.phoneNumber === id)) {
                throw new RouterError('UNKNOWN_CHANNEL', [`channel ${id}`]);
            }
        }
        for (const qc of queues) {
            if (qc.dedicatedAgentId !== null && !configuredAgent(qc.dedicatedAgentId)) {
                throw new RouterError('INVALID_SETTINGS', [
                    `queue ${qc.id}: dedicated agent ${qc.dedicatedAgentId} is not configured`
                ]);
            }
        }
        for (const c of channels) {
            if (!configuredQueue(c.queueId)) throw new RouterError('UNKNOWN_QUEUE', [`queue ${c.queueId}`]);
        }
        for (const m of change.membersFrom ?? []) {
            if (!configuredQueue(m.queueId)) throw new RouterError('UNKNOWN_QUEUE', [`queue ${m.queueId}`]);
            for (const userId of m.userIds) {
                if (!configuredAgent(userId)) throw new RouterError('UNKNOWN_AGENT', [`agent ${userId}`]);
            }
        }
    }

    // Pending offers of agents being removed, locked before the agents.
    const removedOffers =
        removeAgents.length === 0
            ? []
            : (
                  await q.all<Record<string, unknown>>(
                      `SELECT * FROM router_interactions WHERE status IN ('Offered', 'Active', 'Post-processing')
                    AND status = 'Offered' AND agent_id IN (${placeholders(
                        removeAgents.length
                    )}) ORDER BY id${forUpdate(q.dialect)}`,
                      removeAgents
                  )
              ).map(rowToInteraction);

    // Queues
    await batch(
        q,
        `INSERT INTO router_queues (id, name, acceptance_s, post_processing_s, sla_target_s, max_interactions,
            disposition_required, dedicated_agent, active, configured) VALUES `,
        '(?, ?, ?, ?, ?, ?, ?, ?, ?, 1)',
        `ON CONFLICT (id) DO UPDATE SET name = excluded.name, acceptance_s = excluded.acceptance_s,
            post_processing_s = excluded.post_processing_s, sla_target_s = excluded.sla_target_s,
            max_interactions = excluded.max_interactions, disposition_required = excluded.disposition_required,
            dedicated_agent = excluded.dedicated_agent, active = excluded.active, configured = 1`,
        queues.map((x) => [
            x.id,
            x.name,
            x.acceptanceIntervalSeconds,
            x.postProcessingSeconds,
            x.slaTargetSeconds,
            x.maxInteractions,
            x.dispositionRequired,
            x.dedicatedAgentId,
            x.active
        ])
    );
    result.queues.upserted = queues.length;
    for (const id of removeQueues) {
        await q.run('UPDATE router_queues SET configured = 0, active = 0 WHERE id = ?', [id]);
        result.members.removed += (await q.run('DELETE FROM router_members WHERE queue_id = ?', [id])).changes;
    }
    result.queues.removed = removeQueues.length;

    // Agents
    await batch(
        q,
        `INSERT INTO router_agents (user_id, name, max_interactions, can_reject, configured, status, status_reason,
            status_changed_at, stop_new, live_count, wrap_count, idle_since, seq, group_id, group_cap, ready) VALUES `,
        `(?, ?, ?, ?, 1, 'Offline', 'System', ?, 0, 0, 0, ?, 0, NULL, 0, 0)`,
        `ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, max_interactions = excluded.max_interactions,
            can_reject = excluded.can_reject, configured = 1`,
        agents.map((a) => [a.userId, a.name, a.maxInteractions, a.canReject, now, now])
    );
    result.agents.upserted = agents.length;
    const capacityChanged = agents.filter((a) => {
        const before = agentById.get(a.userId);
        return before !== undefined && before.maxInteractions !== a.maxInteractions;
    });
    const offersByAgent = new Map<string, Interaction[]>();
    for (const offered of removedOffers) {
        const list = offersByAgent.get(offered.agentId!) ?? [];
        list.push(offered);
        offersByAgent.set(offered.agentId!, list);
    }
    for (const userId of [...removeAgents].sort()) {
        const agent = await loadAgent(q, userId, true);
        if (!agent) continue;
        let current: AgentRecord = agent;
        for (const offered of offersByAgent.get(userId) ?? []) {
            const withdrawn = domain.withdraw(offered, current, now, 'agent_removed');
            await saveInteraction(q, offered, withdrawn.interaction!);
            tx.requeued.add(offered.id);
            tx.events.push(...withdrawn.events);
            current = withdrawn.agent!;
        }
        const offline: AgentRecord = {
            ...current,
            configured: false,
            stopNew: false,
            status: 'Offline',
            statusReason: 'System',
            statusChangedAt: now
        };
        await saveAgent(q, offline);
        await q.run('UPDATE router_agents SET configured = 0, stop_new = 0 WHERE user_id = ?', [userId]);
        if (agent.status !== 'Offline')
            tx.events.push({ type: 'agent_state', userId, interactionId: null, reason: 'status' });
        result.members.removed += (await q.run('DELETE FROM router_members WHERE user_id = ?', [userId])).changes;
    }
    result.agents.removed = removeAgents.length;

    // Channels
    await batch(
        q,
        'INSERT INTO router_channels (phone_number, channel_id, queue_id, active) VALUES ',
        '(?, ?, ?, ?)',
        `ON CONFLICT (phone_number) DO UPDATE SET channel_id = excluded.channel_id, queue_id = excluded.queue_id,
            active = excluded.active`,
        channels.map((c) => [c.phoneNumber, c.channelId, c.queueId, c.active])
    );
    result.channels.upserted = channels.length;
    for (const phoneNumber of removeChannels) {
        await q.run('DELETE FROM router_channels WHERE phone_number = ?', [phoneNumber]);
    }
    result.channels.removed = removeChannels.length;

    // Members: each listed queue gets exactly the listed agents.
    const wanted = new Map<string, Set<string>>();
    for (const [queueId, userIds] of change.members ?? []) wanted.set(queueId, new Set(userIds));
    for (const m of change.membersFrom ?? []) wanted.set(m.queueId, new Set(m.userIds));
    if (wanted.size > 0) {
        const rows = await q.all<{ queue_id: string; user_id: string }>('SELECT queue_id, user_id FROM router_members');
        const have = new Map<string, Set<string>>();
        for (const r of rows) {
            if (!have.has(r.queue_id)) have.set(r.queue_id, new Set());
            have.get(r.queue_id)!.add(r.user_id);
        }
        const add: string[][] = [];
        for (const [queueId, users] of wanted) {
            const current = have.get(queueId) ?? new Set<string>();
            const gone = [...current].filter((u) => !users.has(u));
            for (let i = 0; i < gone.length; i += 500) {
                const chunk = gone.slice(i, i + 500);
                await q.run(
                    `DELETE FROM router_members WHERE queue_id = ? AND user_id IN (${placeholders(chunk.length)})`,
                    [queueId, ...chunk]
                );
            }
            result.members.removed += gone.length;
            for (const u of users) if (!current.has(u)) add.push([queueId, u]);
        }
        await batch(q, 'INSERT INTO router_members (queue_id, user_id) VALUES ', '(?, ?)', '', add);
        result.members.added = add.length;
    }

    // Routing rows follow the configuration.
    const touched = new Set<string>([
        ...queues.map((x) => x.id),
        ...removeQueues,
        ...wanted.keys(),
        ...existingQueues
            .filter((x) => x.dedicatedAgentId && removeAgents.includes(x.dedicatedAgentId))
            .map((x) => x.id)
    ]);
    if (change.full) {
        await rebuildRouting(q, null);
        await regroup(q, null);
    } else {
        const affected = new Set<string>();
        for (const queueId of [...touched].sort()) {
            for (const userId of await rebuildRouting(q, queueId)) affected.add(userId);
        }
        for (const a of capacityChanged) {
            const agent = await loadAgent(q, a.userId);
            if (agent) await refreshAgentCapacity(q, agent);
            affected.add(a.userId);
        }
        if (removeAgents.length > 0) {
            await q.run(
                `DELETE FROM router_routing WHERE user_id IN (${placeholders(removeAgents.length)})`,
                removeAgents
            );
            for (const userId of removeAgents) affected.add(userId);
        }
        await regroup(q, [...affected].sort());
    }

    // A new round for waiting work whose remaining agents all rejected it already.
    const waitingWithRejections = await q.all<{ id: string; queue_id: string }>(
        `SELECT DISTINCT i.id, i.queue_id FROM router_interactions i
         JOIN router_rejections x ON x.interaction_id = i.id AND x.active = 1
         WHERE i.status = 'Queued'`
    );
    for (const w of waitingWithRejections) await resetRoundIfComplete(q, w.id, w.queue_id);

    // Offer waiting work that may now have agents (after commit, queue by queue).
    const waitingQueues = await q.all<{ queue_id: string }>(
        "SELECT DISTINCT queue_id FROM router_interactions WHERE status = 'Queued'"
    );
    for (const { queue_id } of waitingQueues) tx.queues.add(queue_id);
    return result;
}

/** Multi-row INSERTs, 500 rows a statement. */
async function batch(
    q: Queryable,
    head: string,
    tuple: string,
    tail: string,
    rows: readonly (readonly (string | number | boolean | null)[])[]
): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        await q.run(`${head}${chunk.map(() => tuple).join(', ')} ${tail}`, chunk.flat());
    }
}
