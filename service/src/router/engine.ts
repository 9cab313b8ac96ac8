/**
 * The routing engine: applies the pure rules of `domain.ts` to the shared database, one
 * transaction per command, with the locks that keep several instances on one PostgreSQL from
 * double-assigning or overfilling an agent (see `store.ts`). Events go to the outbox in the same
 * transaction as the change they describe. Timers are columns of the interactions and fire from
 * `runDueTimers` (tests) or the scheduler (production).
 */
import { randomUUID } from 'crypto';
import { forUpdate, migrate, type Db, type Queryable } from '../db';
import { createLogger, type Logger } from '../log';
import { systemClock, type Clock } from './clock';
import {
    agentProblems,
    assertValid,
    channelProblems,
    membersProblems,
    queueProblems,
    validateSnapshot
} from './config';
import * as domain from './domain';
import type { AgentRecord, DomainEvent, Step } from './domain';
import { RouterError } from './errors';
import { applyConfigChange, type ConfigChange } from './configuration';
import { Outbox, type PullOptions, type Subscription, type SubscribeOptions } from './outbox';
import { Scheduler, type SchedulerOptions } from './scheduler';
import { routerMigrations } from './schema';
import {
    agentReadyBase,
    anythingWaiting,
    groupHeads,
    hadOffer,
    insertInteraction,
    loadAgent,
    loadChannel,
    loadInboundRoute,
    loadInteraction,
    loadQueue,
    lockQueued,
    lockQueues,
    oldestWaiting,
    openConversation,
    queueGroups,
    queueHasReadyAgent,
    recordRejection,
    resetRoundIfComplete,
    routingQueueIds,
    rowToAgent,
    rowToInteraction,
    saveAgent,
    saveInteraction,
    writeEvents,
    type AgentRow,
    type Candidate,
    type GroupCap
} from './store';
import {
    AGENT_STATUSES,
    type AgentConfig,
    type AgentResult,
    type AgentState,
    type AgentStatus,
    type ChannelConfig,
    type ConfigSnapshot,
    type ConfigureResult,
    type CustomerMessageResult,
    type FiredTimer,
    type Interaction,
    type InteractionResult,
    type QueueAgentLoad,
    type QueueConfig,
    type QueueStats,
    type RouterEvent,
    type SendAuthorization
} from './types';

export interface RouterOptions {
    db: Db;
    clock?: Clock;
    logger?: Logger;
    /** Makes interaction ids; default time-ordered UUIDs (version 7). */
    newId?: () => string;
    /** How long message ids handed over are remembered for idempotency. Default 7 days. */
    inboundRetentionMs?: number;
    /** How long closed interactions stay queryable. Default 7 days. */
    closedRetentionMs?: number;
}

/** A transaction's working set: what it emits and what to do once it has committed. */
interface Tx {
    q: Queryable;
    now: number;
    events: DomainEvent[];
    /** Interactions put back in their queue: offered to the next agent after commit. */
    requeued: Set<string>;
    /** Queues whose waiting work to offer after commit (configuration changes). */
    queues: Set<string>;
    /** Timer due times armed by this transaction (wakes the local scheduler). */
    timers: number[];
}

/** Internal: the lock plan went stale (configuration changed under us); run the command again. */
class RetryCommand extends Error {}

const DAY = 24 * 60 * 60 * 1000;
const CANDIDATE_PAGE = 8;
const MAX_ATTEMPTS = 8;
const DUE_BATCH = 200;
const HOUR = 60 * 60 * 1000;

function requireText(value: unknown, name: string): string {
    if (typeof value !== 'string' || value.length === 0 || value.length > 64) {
        throw new RouterError('INVALID_ARGUMENT', [`${name} must be an id`]);
    }
    return value;
}

function requirePhone(value: unknown, name: string): string {
    if (!domain.isE164(value)) throw new RouterError('INVALID_PHONE', [`${name} must be E.164`]);
    return value;
}

/**
 * A UUID version 7 (RFC 9562): 48 bits of epoch milliseconds, then random bits. Ids made later
 * sort later, so new interactions append to the primary-key index instead of landing anywhere.
 */
export function uuidv7(now = Date.now()): string {
    // randomUUID draws from a pre-filled pool: cheaper than fresh random bytes per id.
    const random = randomUUID();
    const time = now.toString(16).padStart(12, '0');
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}

function isUniqueViolation(error: unknown): boolean {
    const code = (error as { code?: string }).code;
    return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function toState(agent: AgentRow): AgentState {
    return {
        userId: agent.userId,
        name: agent.name,
        configured: agent.configured,
        status: agent.status,
        statusReason: agent.statusReason,
        statusChangedAt: agent.statusChangedAt,
        stopNew: agent.stopNew,
        canReject: agent.canReject,
        maxInteractions: agent.maxInteractions,
        liveCount: agent.liveCount,
        wrapUpCount: agent.wrapUpCount,
        openCount: agent.liveCount + agent.wrapUpCount,
        idleSince: agent.idleSince,
        lastSequence: agent.seq
    };
}

export class RouterEngine {
    readonly db: Db;
    readonly clock: Clock;
    readonly log: Logger;
    private readonly newId: () => string;
    private readonly outbox: Outbox;
    private readonly eventListeners = new Set<(events: RouterEvent[]) => void>();
    private readonly timerListeners = new Set<(dueAt: number) => void>();
    private readonly schedulers = new Set<Scheduler>();
    private readonly inboundRetentionMs: number;
    private readonly closedRetentionMs: number;
    private lastPrune = -Infinity;

    constructor(options: RouterOptions) {
        this.db = options.db;
        this.clock = options.clock ?? systemClock;
        this.log = options.logger ?? createLogger({ name: 'router' });
        this.newId = options.newId ?? uuidv7;
        this.inboundRetentionMs = options.inboundRetentionMs ?? 7 * DAY;
        this.closedRetentionMs = options.closedRetentionMs ?? 7 * DAY;
        this.outbox = new Outbox(this.db, this.clock, this.log, (listener) => this.onEvents(listener));
    }

    // =========================================================================================
    // Transactions

    /**
     * Runs one command in one transaction: the command's rules, then its coalesced events into the
     * outbox. After commit: listeners hear the events, and re-queued work is offered on.
     */
    private async command<T>(fn: (tx: Tx) => Promise<T>): Promise<{ value: T; events: RouterEvent[] }> {
        for (let attempt = 1; ; attempt++) {
            let tx: Tx | undefined;
            try {
                const result = await this.db.tx(async (q) => {
                    tx = { q, now: this.clock.now(), events: [], requeued: new Set(), queues: new Set(), timers: [] };
                    const value = await fn(tx);
                    const events = await writeEvents(q, domain.coalesce(tx.events), tx.now);
                    return { value, events };
                });
                this.committed(result.events, tx!.timers);
                await this.followUp(tx!);
                return result;
            } catch (error) {
                if (attempt < MAX_ATTEMPTS && (error instanceof RetryCommand || isUniqueViolation(error))) continue;
                throw error;
            }
        }
    }

    private committed(events: RouterEvent[], timers: number[]): void {
        if (events.length > 0) {
            for (const listener of this.eventListeners) listener(events);
        }
        if (timers.length > 0) {
            const earliest = Math.min(...timers);
            for (const listener of this.timerListeners) listener(earliest);
        }
    }

    /** Work a committed command left: offer re-queued interactions and waiting work. */
    private async followUp(tx: Tx): Promise<void> {
        try {
            for (const id of tx.requeued) await this.dispatchInteractionById(id);
            for (const queueId of [...tx.queues].sort()) await this.dispatchQueue(queueId);
        } catch (error) {
            // The command itself committed; the scheduler's sweep offers what is left.
            this.log.error({ err: error }, 'router: offering re-queued work failed; the sweep will retry');
        }
    }

    /** Listens to events as they commit in this process (a wake-up; consume through the outbox). */
    onEvents(listener: (events: RouterEvent[]) => void): () => void {
        this.eventListeners.add(listener);
        return () => this.eventListeners.delete(listener);
    }

    /** Listens to timers armed in this process (the scheduler re-plans its wake-up). */
    onTimerArmed(listener: (dueAt: number) => void): () => void {
        this.timerListeners.add(listener);
        return () => this.timerListeners.delete(listener);
    }

    // =========================================================================================
    // Applying steps

    private async apply(
        tx: Tx,
        stepResult: Step,
        before: { interaction?: Interaction; agent?: AgentRecord; insert?: boolean }
    ): Promise<void> {
        const { q } = tx;
        if (stepResult.interaction) {
            if (before.insert) await insertInteraction(q, stepResult.interaction);
            else await saveInteraction(q, before.interaction!, stepResult.interaction);
            const i = stepResult.interaction;
            if (i.status === 'Offered' && i.offerExpiresAt !== null) tx.timers.push(i.offerExpiresAt);
            if (i.status === 'Post-processing' && i.wrapUpDeadline !== null) tx.timers.push(i.wrapUpDeadline);
            if (i.slaDueAt !== null && !i.slaBreached) tx.timers.push(i.slaDueAt);
        }
        if (stepResult.agent) await saveAgent(q, stepResult.agent);
        if (stepResult.rejection && stepResult.interaction) {
            await recordRejection(
                q,
                stepResult.interaction.id,
                stepResult.rejection.userId,
                stepResult.rejection.reason,
                tx.now
            );
            await resetRoundIfComplete(q, stepResult.interaction.id, stepResult.interaction.queueId);
        }
        if (stepResult.requeued && stepResult.interaction) tx.requeued.add(stepResult.interaction.id);
        tx.events.push(...stepResult.events);
    }

    /**
     * Locks the queues whose work this agent may receive (plus `extra`), before anything else.
     * If the agent's queues changed before the locks were held, the command runs again.
     */
    private async lockAgentQueues(tx: Tx, userId: string, extra: string[] = []): Promise<void> {
        if (tx.q.dialect !== 'postgres') return;
        const ids = await routingQueueIds(tx.q, userId);
        await lockQueues(tx.q, [...ids, ...extra]);
        const again = await routingQueueIds(tx.q, userId);
        const held = new Set([...ids, ...extra]);
        if (again.some((id) => !held.has(id))) throw new RetryCommand();
    }

    private async requireAgent(q: Queryable, userId: string, lock: boolean): Promise<AgentRow> {
        const agent = await loadAgent(q, userId, lock);
        if (!agent) throw new RouterError('UNKNOWN_AGENT', [`agent ${userId}`]);
        return agent;
    }

    private async requireInteraction(q: Queryable, id: string, lock: boolean): Promise<Interaction> {
        const interaction = await loadInteraction(q, id, lock);
        if (!interaction) throw new RouterError('UNKNOWN_INTERACTION', [`interaction ${id}`]);
        return interaction;
    }

    private async requireQueue(q: Queryable, id: string) {
        const queue = await loadQueue(q, id);
        if (!queue) throw new RouterError('UNKNOWN_QUEUE', [`queue ${id}`]);
        return queue;
    }

    // =========================================================================================
    // Offering

    /**
     * Offers a queued (and locked) interaction to the longest-idle eligible agent of its queue:
     * the heads of the queue's routing groups come from the index; the chosen agent is locked and
     * checked by the rules before the claim. With `insert`, the interaction is new (not yet
     * stored, nobody rejected it). Returns the interaction as it now is.
     */
    private async offerToBestAgent(
        tx: Tx,
        interaction: Interaction,
        queue: QueueConfig,
        insert = false,
        knownGroups?: GroupCap[]
    ): Promise<Interaction> {
        const offerTo = async (agent: AgentRecord) => {
            const offered = domain.offer(interaction, agent, queue, tx.now);
            await this.apply(tx, offered, { interaction, agent, insert });
            return offered.interaction!;
        };
        const groups = !queue.active ? [] : (knownGroups ?? (await queueGroups(tx.q, queue.id)));
        const postgres = tx.q.dialect === 'postgres';
        const rejectable = insert ? null : interaction.id;
        let after: Candidate | undefined;
        for (let page = 0; groups.length > 0 && page < 1000; page++) {
            // The usual case — one group, the first head — is locked in the same statement.
            const single = groups.length === 1 && page === 0;
            const size = page === 0 ? 1 : CANDIDATE_PAGE;
            const list = await groupHeads(tx.q, groups, rejectable, size, after, single);
            for (const candidate of list) {
                const agent = postgres && !single ? await loadAgent(tx.q, candidate.userId, true) : candidate;
                if (agent && domain.isEligible(agent, queue)) return offerTo(agent);
            }
            if (list.length < size) break;
            after = list[list.length - 1];
        }
        if (insert) await insertInteraction(tx.q, interaction);
        return interaction;
    }

    /**
     * The agent (saved, locked, their queues locked) may take work: offer them the oldest waiting
     * interactions of their queues until they are full or nothing is left for them.
     */
    private async offerWaitingTo(tx: Tx, agent: AgentRecord): Promise<void> {
        let current = agent;
        for (let guard = 0; guard < 1000; guard++) {
            if (!agentReadyBase(current) || !(await anythingWaiting(tx.q))) return;
            const ready = await tx.q.all<{ queue_id: string }>(
                'SELECT queue_id FROM router_routing WHERE user_id = ? AND cap > ? ORDER BY queue_id',
                [current.userId, current.liveCount + current.wrapUpCount]
            );
            let best: Interaction | undefined;
            for (const { queue_id } of ready) {
                const waiting = await oldestWaiting(tx.q, queue_id, current.userId);
                if (waiting && (!best || domain.compareWaiting(waiting, best) < 0)) best = waiting;
            }
            if (!best) return;
            const locked = await lockQueued(tx.q, best.id);
            if (!locked) continue;
            const queue = await loadQueue(tx.q, locked.queueId);
            if (!queue || !domain.isEligible(current, queue)) return;
            const offered = domain.offer(locked, current, queue, tx.now);
            await this.apply(tx, offered, { interaction: locked, agent: current });
            current = offered.agent!;
        }
    }

    private async dispatchInteractionById(id: string): Promise<void> {
        await this.command(async (tx) => {
            const peek = await loadInteraction(tx.q, id);
            if (!peek || peek.status !== 'Queued') return;
            await lockQueues(tx.q, [peek.queueId]);
            const interaction = await lockQueued(tx.q, id);
            if (!interaction) return;
            const queue = await loadQueue(tx.q, interaction.queueId);
            if (queue) await this.offerToBestAgent(tx, interaction, queue);
        });
    }

    /** Offers a queue's waiting work, oldest first, while it has agents ready (one transaction each). */
    private async dispatchQueue(queueId: string): Promise<number> {
        let offered = 0;
        let cursor: { initiatedAt: number; id: string } | undefined;
        for (let guard = 0; guard < 100_000; guard++) {
            const result = await this.command(async (tx) => {
                await lockQueues(tx.q, [queueId]);
                const queue = await loadQueue(tx.q, queueId);
                if (!queue || !queue.active) return null;
                if (!(await queueHasReadyAgent(tx.q, queueId))) return null;
                const params = cursor ? [queueId, cursor.initiatedAt, cursor.initiatedAt, cursor.id] : [queueId];
                const row = await tx.q.get<Record<string, unknown>>(
                    `SELECT * FROM router_interactions WHERE queue_id = ? AND status = 'Queued'${
                        cursor ? ' AND (initiated_at > ? OR (initiated_at = ? AND id > ?))' : ''
                    } ORDER BY initiated_at, id LIMIT 1${forUpdate(tx.q.dialect)}`,
                    params
                );
                if (!row) return null;
                const interaction = rowToInteraction(row);
                const after = await this.offerToBestAgent(tx, interaction, queue);
                return { interaction, offered: after.status === 'Offered' };
            });
            if (!result.value) break;
            if (result.value.offered) offered++;
            cursor = result.value.interaction;
        }
        return offered;
    }

    // =========================================================================================
    // Agent commands

    /** Sets the agent's status (Available, On Break, Offline). Only the agent themself may. */
    async setStatus(input: { actor: string; agent?: string; status: string }): Promise<AgentResult> {
        const actor = requireText(input?.actor, 'actor');
        if (input.agent !== undefined && input.agent !== actor) {
            throw new RouterError('NOT_YOUR_INTERACTION', [`agent ${String(input.agent)} is not the acting user`]);
        }
        const status = domain.parseStatus(input.status);
        const { value, events } = await this.command(async (tx) => {
            await this.requireAgent(tx.q, actor, false);
            await this.lockAgentQueues(tx, actor);
            // Going Offline takes pending offers back: lock them before the agent (lock order).
            const offers =
                status === 'Offline'
                    ? (
                          await tx.q.all<Record<string, unknown>>(
                              `SELECT * FROM router_interactions WHERE agent_id = ? AND status IN ('Offered', 'Active', 'Post-processing')
                                 AND status = 'Offered' ORDER BY id${forUpdate(tx.q.dialect)}`,
                              [actor]
                          )
                      ).map(rowToInteraction)
                    : [];
            const agent = await this.requireAgent(tx.q, actor, true);
            const changed = domain.setStatus(agent, status, tx.now);
            let current: AgentRecord = changed.agent ?? agent;
            tx.events.push(...changed.events);
            for (const offered of offers) {
                const withdrawn = domain.withdraw(offered, current, tx.now, 'agent_offline');
                await saveInteraction(tx.q, offered, withdrawn.interaction!);
                tx.requeued.add(offered.id);
                tx.events.push(...withdrawn.events);
                current = withdrawn.agent!;
            }
            if (current !== agent) await saveAgent(tx.q, current);
            if (changed.agentFreed) await this.offerWaitingTo(tx, current);
            return actor;
        });
        return { agent: await this.getAgentState(value), events };
    }

    /** Stop new offers (current work continues) or resume them. */
    async setStopNew(input: { actor: string; agent?: string; stopNew: boolean }): Promise<AgentResult> {
        const actor = requireText(input?.actor, 'actor');
        if (input.agent !== undefined && input.agent !== actor) {
            throw new RouterError('NOT_YOUR_INTERACTION', [`agent ${String(input.agent)} is not the acting user`]);
        }
        if (typeof input.stopNew !== 'boolean')
            throw new RouterError('INVALID_ARGUMENT', ['stopNew must be true or false']);
        const { events } = await this.command(async (tx) => {
            await this.requireAgent(tx.q, actor, false);
            await this.lockAgentQueues(tx, actor);
            const agent = await this.requireAgent(tx.q, actor, true);
            const changed = domain.setStopNew(agent, input.stopNew);
            await this.apply(tx, changed, { agent });
            if (changed.agentFreed) await this.offerWaitingTo(tx, changed.agent!);
        });
        return { agent: await this.getAgentState(actor), events };
    }

    async accept(input: { actor: string; interactionId: string }): Promise<InteractionResult> {
        const actor = requireText(input?.actor, 'actor');
        const id = requireText(input.interactionId, 'interactionId');
        const { value, events } = await this.command(async (tx) => {
            const interaction = await this.requireInteraction(tx.q, id, true);
            const agent = await this.requireAgent(tx.q, actor, true);
            const had = interaction.agentId !== actor && (await hadOffer(tx.q, id, actor));
            const accepted = domain.accept(interaction, agent, had, tx.now);
            await this.apply(tx, accepted, { interaction, agent });
            return accepted.interaction!;
        });
        return { interaction: value, events };
    }

    /** Rejects an offer (needs SMS_Reject_Offers): the agent goes On Break, the work goes on. */
    async reject(input: { actor: string; interactionId: string }): Promise<InteractionResult> {
        const actor = requireText(input?.actor, 'actor');
        const id = requireText(input.interactionId, 'interactionId');
        const { value, events } = await this.command(async (tx) => {
            const peek = await this.requireInteraction(tx.q, id, false);
            await lockQueues(tx.q, [peek.queueId]);
            const interaction = await this.requireInteraction(tx.q, id, true);
            const agent = await this.requireAgent(tx.q, actor, true);
            const had = interaction.agentId !== actor && (await hadOffer(tx.q, id, actor));
            const rejected = domain.reject(interaction, agent, had, tx.now);
            await this.apply(tx, rejected, { interaction, agent });
            return id;
        });
        return { interaction: await this.getInteraction(value), events };
    }

    /** Ends an active interaction: Post-processing until wrap-up or the deadline. */
    async end(input: { actor: string; interactionId: string }): Promise<InteractionResult> {
        const actor = requireText(input?.actor, 'actor');
        const id = requireText(input.interactionId, 'interactionId');
        const { value, events } = await this.command(async (tx) => {
            const peek = await this.requireInteraction(tx.q, id, false);
            const queue = await this.requireQueue(tx.q, peek.queueId);
            // With no post-processing time it closes at once and frees capacity.
            if (queue.postProcessingSeconds === 0) await this.lockAgentQueues(tx, actor, [peek.queueId]);
            const interaction = await this.requireInteraction(tx.q, id, true);
            const agent = await this.requireAgent(tx.q, actor, true);
            const ended = domain.end(interaction, agent, queue, tx.now);
            await this.apply(tx, ended, { interaction, agent });
            if (ended.agentFreed) await this.offerWaitingTo(tx, ended.agent!);
            return id;
        });
        return { interaction: await this.getInteraction(value), events };
    }

    /** Wraps up (closes) a post-processing interaction, with a disposition when the queue requires one. */
    async wrapUp(input: {
        actor: string;
        interactionId: string;
        disposition?: string | null;
    }): Promise<InteractionResult> {
        const actor = requireText(input?.actor, 'actor');
        const id = requireText(input.interactionId, 'interactionId');
        const disposition = domain.normaliseDisposition(input.disposition);
        const { value, events } = await this.command(async (tx) => {
            const peek = await this.requireInteraction(tx.q, id, false);
            await this.lockAgentQueues(tx, actor, [peek.queueId]);
            const interaction = await this.requireInteraction(tx.q, id, true);
            const agent = await this.requireAgent(tx.q, actor, true);
            const closed = domain.wrapUp(interaction, agent, disposition, tx.now);
            await this.apply(tx, closed, { interaction, agent });
            await this.offerWaitingTo(tx, closed.agent!);
            return id;
        });
        return { interaction: await this.getInteraction(value), events };
    }

    /** An agent starts an SMS conversation from a company number: Active at once. */
    async startOutbound(input: {
        actor: string;
        channelNumber: string;
        customerNumber: string;
    }): Promise<InteractionResult> {
        const actor = requireText(input?.actor, 'actor');
        const channelNumber = requirePhone(input.channelNumber, 'channelNumber');
        const customerNumber = requirePhone(input.customerNumber, 'customerNumber');
        const { value, events } = await this.command(async (tx) => {
            const channel = await this.activeChannel(tx.q, channelNumber);
            const queue = await this.requireQueue(tx.q, channel.queueId);
            await this.requireAgent(tx.q, actor, false);
            await this.lockAgentQueues(tx, actor, [queue.id]);
            const open = await openConversation(tx.q, channelNumber, customerNumber, true);
            if (open) throw new RouterError('CONVERSATION_OPEN', [`interaction ${open.id}`]);
            const agent = await this.requireAgent(tx.q, actor, true);
            const started = domain.startOutbound({
                id: this.newId(),
                agent,
                queue,
                channelNumber,
                channelId: channel.channelId,
                customerNumber,
                now: tx.now
            });
            await this.apply(tx, started, { agent, insert: true });
            if (started.agentFreed) await this.offerWaitingTo(tx, started.agent!);
            return started.interaction!;
        });
        return { interaction: value, events };
    }

    /**
     * Checks that the agent may send on this interaction (they hold it; it is Active) and gives
     * the provider what it needs to send. Changes nothing.
     */
    async authorizeSend(input: { actor: string; interactionId: string }): Promise<SendAuthorization> {
        const actor = requireText(input?.actor, 'actor');
        const id = requireText(input.interactionId, 'interactionId');
        const interaction = await this.requireInteraction(this.db, id, false);
        const agent = await this.requireAgent(this.db, actor, false);
        domain.assertCanSend(interaction, agent);
        return {
            interactionId: interaction.id,
            channelNumber: interaction.channelNumber,
            channelId: interaction.channelId,
            customerNumber: interaction.customerNumber
        };
    }

    /** The agent's message went out: unread, awaiting-reply, SLA and failed-delivery flags clear. */
    async agentMessageSent(input: { actor: string; interactionId: string }): Promise<InteractionResult> {
        const actor = requireText(input?.actor, 'actor');
        const id = requireText(input.interactionId, 'interactionId');
        const { value, events } = await this.command(async (tx) => {
            const interaction = await this.requireInteraction(tx.q, id, true);
            const agent = await this.requireAgent(tx.q, actor, false);
            const sent = domain.agentMessageSent(interaction, agent, tx.now);
            await this.apply(tx, sent, { interaction });
            return sent.interaction!;
        });
        return { interaction: value, events };
    }

    // =========================================================================================
    // Provider facts

    private async activeChannel(q: Queryable, phoneNumber: string): Promise<ChannelConfig> {
        const channel = await loadChannel(q, phoneNumber);
        if (!channel) throw new RouterError('UNKNOWN_CHANNEL', [`channel ${phoneNumber}`]);
        if (!channel.active) throw new RouterError('CHANNEL_INACTIVE', [`channel ${phoneNumber}`]);
        return channel;
    }

    /**
     * A customer's message (already stored by the provider) on (company number, customer number):
     * attaches to the open conversation, or opens a new interaction on the channel's queue and
     * offers it. `messageId` makes the hand-over idempotent.
     */
    async customerMessage(input: {
        channelNumber: string;
        customerNumber: string;
        messageId?: string;
    }): Promise<CustomerMessageResult> {
        const channelNumber = requirePhone(input?.channelNumber, 'channelNumber');
        const customerNumber = requirePhone(input.customerNumber, 'customerNumber');
        const messageId = input.messageId === undefined ? null : requireText(input.messageId, 'messageId');
        const { value, events } = await this.command(async (tx) => {
            const route = await loadInboundRoute(tx.q, channelNumber, messageId);
            const seen =
                route?.seen ??
                (route || messageId === null
                    ? null
                    : ((
                          await tx.q.get<{ interaction_id: string }>(
                              'SELECT interaction_id FROM router_inbound WHERE message_id = ?',
                              [messageId]
                          )
                      )?.interaction_id ?? null));
            if (seen !== null) {
                const interaction = await this.requireInteraction(tx.q, seen, false);
                return { interaction, created: false, duplicate: true };
            }
            if (!route) throw new RouterError('UNKNOWN_CHANNEL', [`channel ${channelNumber}`]);
            if (!route.channel.active) throw new RouterError('CHANNEL_INACTIVE', [`channel ${channelNumber}`]);
            // The route read locked the channel's queue (PostgreSQL), before the conversation: a
            // new conversation needs it (work arriving); attaching to an open one takes it as well.
            const open = await openConversation(tx.q, channelNumber, customerNumber, true);
            let result: { interaction: Interaction; created: boolean };
            if (open) {
                const queue =
                    open.queueId === route.queue.id ? route.queue : await this.requireQueue(tx.q, open.queueId);
                const attached = domain.customerMessage(open, queue, tx.now);
                await this.apply(tx, attached, { interaction: open });
                result = { interaction: attached.interaction!, created: false };
            } else {
                const opened = domain.openInbound({
                    id: this.newId(),
                    queue: route.queue,
                    channelNumber,
                    channelId: route.channel.channelId,
                    customerNumber,
                    now: tx.now
                });
                tx.timers.push(opened.slaDueAt!);
                result = {
                    interaction: await this.offerToBestAgent(tx, opened, route.queue, true, route.groups),
                    created: true
                };
            }
            if (messageId !== null) {
                await tx.q.run(
                    'INSERT INTO router_inbound (message_id, interaction_id, received_at) VALUES (?, ?, ?)',
                    [messageId, result.interaction.id, tx.now]
                );
            }
            return { ...result, duplicate: false };
        });
        return { interaction: value.interaction, created: value.created, duplicate: value.duplicate, events };
    }

    /** The provider reports that an agent message failed to deliver: the interaction is flagged. */
    async deliveryFailed(input: { interactionId: string }): Promise<InteractionResult> {
        const id = requireText(input?.interactionId, 'interactionId');
        const { value, events } = await this.command(async (tx) => {
            const interaction = await this.requireInteraction(tx.q, id, true);
            const flagged = domain.deliveryFailed(interaction);
            await this.apply(tx, flagged, { interaction });
            return flagged.interaction ?? interaction;
        });
        return { interaction: value, events };
    }

    // =========================================================================================
    // Timers

    /** The earliest armed timer, or null. */
    async nextTimerDueAt(): Promise<number | null> {
        const row = await this.db.get<{ due: number | null }>(
            'SELECT MIN(next_due_at) AS due FROM router_interactions WHERE next_due_at IS NOT NULL'
        );
        return row?.due === null || row?.due === undefined ? null : Number(row.due);
    }

    /**
     * Fires every timer due at `now` (default: the clock), oldest first, each in its own
     * transaction. A timer another instance fired first, or that a command disarmed, is skipped:
     * each fires exactly once.
     */
    async runDueTimers(now = this.clock.now()): Promise<FiredTimer[]> {
        const fired: FiredTimer[] = [];
        for (let round = 0; round < 1000; round++) {
            const rows = await this.db.all<Record<string, unknown>>(
                `SELECT * FROM router_interactions WHERE next_due_at IS NOT NULL AND next_due_at <= ?
                 ORDER BY next_due_at, id LIMIT ?`,
                [now, DUE_BATCH]
            );
            const due = rows
                .flatMap((row) => domain.armedTimers(rowToInteraction(row)).filter((t) => t.dueAt <= now))
                .sort((a, b) => a.dueAt - b.dueAt || (a.interactionId < b.interactionId ? -1 : 1));
            let progress = false;
            for (const timer of due) {
                if (await this.fire(timer, now)) {
                    fired.push(timer);
                    progress = true;
                }
            }
            if (rows.length < DUE_BATCH || !progress) break;
        }
        return fired;
    }

    private async fire(timer: FiredTimer, now: number): Promise<boolean> {
        const { value } = await this.command(async (tx) => {
            tx.now = now;
            const peek = await loadInteraction(tx.q, timer.interactionId);
            if (!peek) return false;
            if (timer.kind === 'offer_expiry') {
                await lockQueues(tx.q, [peek.queueId]);
                const interaction = await loadInteraction(tx.q, timer.interactionId, true);
                if (!interaction?.agentId) return false;
                const agent = await loadAgent(tx.q, interaction.agentId, true);
                const lapsed = agent && domain.lapse(interaction, agent, now);
                if (!lapsed) return false;
                await this.apply(tx, lapsed, { interaction, agent: agent! });
                return true;
            }
            if (timer.kind === 'wrap_up_deadline') {
                if (!peek.agentId) return false;
                await this.lockAgentQueues(tx, peek.agentId, [peek.queueId]);
                const interaction = await loadInteraction(tx.q, timer.interactionId, true);
                if (!interaction?.agentId) return false;
                const agent = await loadAgent(tx.q, interaction.agentId, true);
                const closed = agent && domain.closeAtDeadline(interaction, agent, now);
                if (!closed) return false;
                await this.apply(tx, closed, { interaction, agent: agent! });
                await this.offerWaitingTo(tx, closed.agent!);
                return true;
            }
            const interaction = await loadInteraction(tx.q, timer.interactionId, true);
            const breached = interaction && domain.breachSla(interaction, now);
            if (!breached) return false;
            await this.apply(tx, breached, { interaction: interaction! });
            return true;
        });
        return value;
    }

    /**
     * The safety net the scheduler runs now and then: offers waiting work that has a ready agent
     * (after a crash between a commit and its follow-up), and — at most hourly — forgets hand-over
     * ids and closed interactions past their retention.
     */
    async sweep(now = this.clock.now()): Promise<{ offered: number }> {
        const queues = await this.db.all<{ queue_id: string }>(
            `SELECT DISTINCT i.queue_id FROM router_interactions i WHERE i.status = 'Queued'
               AND EXISTS (SELECT 1 FROM router_group_queues gq
                           JOIN router_agents a ON a.group_id = gq.group_id AND a.ready = 1
                             AND a.live_count + a.wrap_count < gq.cap
                           WHERE gq.queue_id = i.queue_id)`
        );
        let offered = 0;
        for (const { queue_id } of queues.sort((a, b) => (a.queue_id < b.queue_id ? -1 : 1))) {
            offered += await this.dispatchQueue(queue_id);
        }
        if (now - this.lastPrune < HOUR) return { offered };
        this.lastPrune = now;
        await this.db.run('DELETE FROM router_inbound WHERE received_at < ?', [now - this.inboundRetentionMs]);
        await this.db.tx(async (q) => {
            const cutoff = now - this.closedRetentionMs;
            await q.run(
                `DELETE FROM router_rejections WHERE interaction_id IN
                   (SELECT id FROM router_interactions WHERE status = 'Closed' AND wrapped_up_at < ?)`,
                [cutoff]
            );
            await q.run("DELETE FROM router_interactions WHERE status = 'Closed' AND wrapped_up_at < ?", [cutoff]);
        });
        return { offered };
    }

    /**
     * Starts the production timer driver: it sleeps until the next due timer (or a poll interval,
     * so that timers armed by other instances fire too), fires what is due and sweeps now and then.
     */
    startScheduler(options: SchedulerOptions = {}): Scheduler {
        const scheduler = new Scheduler(this, options, () => this.schedulers.delete(scheduler));
        this.schedulers.add(scheduler);
        scheduler.start();
        return scheduler;
    }

    // =========================================================================================
    // Events

    /** Leases the next events (in order per agent) for delivery; acknowledge them once published. */
    pullEvents(options?: PullOptions): Promise<RouterEvent[]> {
        return this.outbox.pull(options);
    }

    /** Acknowledges delivered events (they leave the outbox). */
    ackEvents(ids: readonly number[]): Promise<void> {
        return this.outbox.ack(ids);
    }

    /** Gives leased events back for another attempt at once. */
    releaseEvents(ids: readonly number[]): Promise<void> {
        return this.outbox.release(ids);
    }

    /**
     * Delivers the outbox to `handler` in batches, at least once and in order per agent: a batch
     * is acknowledged when the handler resolves and retried when it throws.
     */
    subscribe(handler: (events: RouterEvent[]) => Promise<void>, options?: SubscribeOptions): Subscription {
        return this.outbox.subscribe(handler, options);
    }

    // =========================================================================================
    // Queries

    async getInteraction(id: string): Promise<Interaction> {
        return this.requireInteraction(this.db, requireText(id, 'interactionId'), false);
    }

    /** The agent's open interactions: accepted ones oldest accepted first, then pending offers. */
    async listAgentInteractions(userId: string): Promise<Interaction[]> {
        requireText(userId, 'userId');
        await this.requireAgent(this.db, userId, false);
        const rows = await this.db.all<Record<string, unknown>>(
            `SELECT * FROM router_interactions WHERE agent_id = ? AND status IN ('Offered', 'Active', 'Post-processing')`,
            [userId]
        );
        const rank = (i: Interaction) => (i.status === 'Offered' ? 1 : 0);
        return rows.map(rowToInteraction).sort((a, b) => {
            if (rank(a) !== rank(b)) return rank(a) - rank(b);
            const at = (i: Interaction) => (i.status === 'Offered' ? i.offeredAt : i.acceptedAt) ?? 0;
            return at(a) - at(b) || (a.id < b.id ? -1 : 1);
        });
    }

    async getAgentState(userId: string): Promise<AgentState> {
        return toState(await this.requireAgent(this.db, requireText(userId, 'userId'), false));
    }

    async getQueueStats(queueId: string, now = this.clock.now()): Promise<QueueStats> {
        const queue = await loadQueue(this.db, requireText(queueId, 'queueId'));
        if (!queue || !queue.configured) throw new RouterError('UNKNOWN_QUEUE', [`queue ${queueId}`]);
        const waiting = await this.db.get<{ n: number; oldest: number | null; breached: number | null }>(
            `SELECT COUNT(*) AS n, MIN(initiated_at) AS oldest, SUM(sla_breached) AS breached
             FROM router_interactions WHERE queue_id = ? AND status = 'Queued'`,
            [queue.id]
        );
        const held = await this.db.all<{ status: string; n: number; breached: number }>(
            `SELECT status, COUNT(*) AS n, SUM(sla_breached) AS breached FROM router_interactions
             WHERE agent_id IS NOT NULL AND status IN ('Offered', 'Active', 'Post-processing') AND queue_id = ?
             GROUP BY status`,
            [queue.id]
        );
        const by = new Map(held.map((c) => [c.status, c]));
        const n = (status: string) => Number(by.get(status)?.n ?? 0);
        const oldest = waiting?.oldest;
        const breaches =
            Number(waiting?.breached ?? 0) +
            ['Offered', 'Active'].reduce((sum, st) => sum + Number(by.get(st)?.breached ?? 0), 0);
        const agentRows = await this.db.all<Record<string, unknown>>(
            queue.dedicatedAgentId
                ? 'SELECT * FROM router_agents WHERE user_id = ? AND configured = 1'
                : `SELECT a.* FROM router_members m JOIN router_agents a ON a.user_id = m.user_id
                   WHERE m.queue_id = ? AND a.configured = 1 ORDER BY a.user_id`,
            [queue.dedicatedAgentId ?? queue.id]
        );
        const agents: QueueAgentLoad[] = agentRows.map(rowToAgent).map((a) => ({
            userId: a.userId,
            status: a.status,
            stopNew: a.stopNew,
            openCount: a.liveCount + a.wrapUpCount,
            capacity: domain.capacity(a, queue)
        }));
        const agentsByStatus = Object.fromEntries(AGENT_STATUSES.map((s) => [s, 0])) as Record<AgentStatus, number>;
        for (const a of agents) agentsByStatus[a.status]++;
        return {
            queueId: queue.id,
            name: queue.name,
            active: queue.active,
            waiting: Number(waiting?.n ?? 0),
            oldestWaitingSince: oldest === null || oldest === undefined ? null : Number(oldest),
            oldestWaitMs: oldest === null || oldest === undefined ? null : Math.max(0, now - Number(oldest)),
            slaBreaches: breaches,
            interactions: {
                queued: Number(waiting?.n ?? 0),
                offered: n('Offered'),
                active: n('Active'),
                postProcessing: n('Post-processing')
            },
            agentsByStatus,
            load: {
                open: agents.reduce((sum, a) => sum + a.openCount, 0),
                capacity: agents.reduce((sum, a) => sum + a.capacity, 0)
            },
            agents
        };
    }

    async listQueueStats(now = this.clock.now()): Promise<QueueStats[]> {
        const rows = await this.db.all<{ id: string }>('SELECT id FROM router_queues WHERE configured = 1 ORDER BY id');
        const out: QueueStats[] = [];
        for (const row of rows) out.push(await this.getQueueStats(row.id, now));
        return out;
    }

    // =========================================================================================
    // Configuration

    /**
     * Applies the whole configuration: upserts every queue, agent, channel and membership in the
     * snapshot and removes what is not in it. Validated first (nothing changes when invalid).
     * Removed queues stop receiving work (their waiting work stays, visible to supervisors);
     * removed agents go Offline, their pending offers go to others, their open work stays theirs.
     */
    async configure(snapshot: ConfigSnapshot): Promise<ConfigureResult> {
        validateSnapshot(snapshot);
        return this.applyConfig({
            queues: snapshot.queues,
            agents: snapshot.agents,
            channels: snapshot.channels,
            members: new Map(snapshot.queues.map((qc) => [qc.id, [] as string[]])),
            membersFrom: snapshot.members,
            full: true
        });
    }

    async upsertQueue(queue: QueueConfig): Promise<ConfigureResult> {
        assertValid(queueProblems(queue));
        return this.applyConfig({ queues: [queue] });
    }

    async removeQueue(queueId: string): Promise<ConfigureResult> {
        return this.applyConfig({ removeQueues: [requireText(queueId, 'queueId')] });
    }

    async upsertAgent(agent: AgentConfig): Promise<ConfigureResult> {
        assertValid(agentProblems(agent));
        return this.applyConfig({ agents: [agent] });
    }

    async removeAgent(userId: string): Promise<ConfigureResult> {
        return this.applyConfig({ removeAgents: [requireText(userId, 'userId')] });
    }

    async upsertChannel(channel: ChannelConfig): Promise<ConfigureResult> {
        assertValid(channelProblems(channel));
        return this.applyConfig({ channels: [channel] });
    }

    async removeChannel(phoneNumber: string): Promise<ConfigureResult> {
        return this.applyConfig({ removeChannels: [requirePhone(phoneNumber, 'phoneNumber')] });
    }

    async setQueueMembers(queueId: string, userIds: string[]): Promise<ConfigureResult> {
        assertValid(membersProblems({ queueId, userIds }));
        return this.applyConfig({ membersFrom: [{ queueId, userIds }] });
    }

    private async applyConfig(change: ConfigChange): Promise<ConfigureResult> {
        const { value } = await this.command((tx) => applyConfigChange(tx, change));
        return value;
    }

    /** Stops this engine's schedulers and subscriptions (the database stays open). */
    async close(): Promise<void> {
        await Promise.all([...this.schedulers].map((s) => s.stop()));
        await this.outbox.close();
    }
}

/**
 * Builds the engine. With `migrate: true` it first applies the router's migrations (a service
 * that hosts several parts runs one `migrate(db, [...routerMigrations, ...])` itself instead).
 */
export async function createRouter(options: RouterOptions & { migrate?: boolean }): Promise<RouterEngine> {
    if (options.migrate) await migrate(options.db, routerMigrations);
    return new RouterEngine(options);
}
