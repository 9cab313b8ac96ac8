/**
 * The routing rules, pure and deterministic: records and the current time in, the next records
 * and the events to emit out (or a typed error, and then nothing changes). No database, no
 * clock, no randomness here; the engine loads the records under the right locks, calls these
 * functions and writes what they return.
 */
import { RouterError } from './errors';
import {
    SELECTABLE_STATUSES,
    type AgentState,
    type FiredTimer,
    type AgentStatus,
    type Interaction,
    type QueueConfig,
    type RouterEventReason,
    type RouterEventType,
    type SelectableStatus
} from './types';

/** An agent as the rules see it (the stored row, without the event sequence). */
export interface AgentRecord {
    userId: string;
    name: string;
    configured: boolean;
    status: AgentStatus;
    statusReason: AgentState['statusReason'];
    statusChangedAt: number;
    stopNew: boolean;
    canReject: boolean;
    maxInteractions: number | null;
    /** Offered + Active. */
    liveCount: number;
    /** Post-processing. */
    wrapUpCount: number;
    idleSince: number;
}

export interface DomainEvent {
    type: RouterEventType;
    userId: string;
    interactionId: string | null;
    reason: RouterEventReason;
}

/** What a rule decided. Null fields did not change. */
export interface Step {
    interaction: Interaction | null;
    agent: AgentRecord | null;
    events: DomainEvent[];
    /** The agent to remember as having rejected or let lapse this interaction. */
    rejection: { userId: string; reason: 'rejected' | 'lapsed' } | null;
    /** The interaction went back to the queue: offer it to the next agent. */
    requeued: boolean;
    /** The agent may now take waiting work (became Available, freed capacity, Stop-new off). */
    agentFreed: boolean;
}

function step(partial: Partial<Step>): Step {
    return {
        interaction: null,
        agent: null,
        events: [],
        rejection: null,
        requeued: false,
        agentFreed: false,
        ...partial
    };
}

const E164 = /^\+[1-9]\d{1,14}$/;

export function isE164(value: unknown): value is string {
    return typeof value === 'string' && E164.test(value);
}

export function openCount(agent: Pick<AgentRecord, 'liveCount' | 'wrapUpCount'>): number {
    return agent.liveCount + agent.wrapUpCount;
}

/** The agent's maximum in this queue: their own, else the queue's. */
export function capacity(agent: Pick<AgentRecord, 'maxInteractions'>, queue: Pick<QueueConfig, 'maxInteractions'>) {
    return agent.maxInteractions ?? queue.maxInteractions;
}

/**
 * Agent-side eligibility for new work in a queue: Available (not the derived Post-processing),
 * not Stop-new, still configured, under capacity. Membership (or the queue's dedicated agent)
 * and "not previously rejected or lapsed on this agent" are the engine's index lookups.
 */
export function isEligible(agent: AgentRecord, queue: Pick<QueueConfig, 'maxInteractions' | 'active'>): boolean {
    return (
        queue.active &&
        agent.configured &&
        agent.status === 'Available' &&
        !agent.stopNew &&
        openCount(agent) < capacity(agent, queue)
    );
}

/** Longest idle first; ties broken by User Id, so the choice never depends on timing. */
export function compareCandidates(
    a: Pick<AgentRecord, 'idleSince' | 'userId'>,
    b: Pick<AgentRecord, 'idleSince' | 'userId'>
): number {
    if (a.idleSince !== b.idleSince) return a.idleSince - b.idleSince;
    return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/** Oldest interaction first (a re-queued one keeps its original age); ties by id. */
export function compareWaiting(a: Pick<Interaction, 'initiatedAt' | 'id'>, b: Pick<Interaction, 'initiatedAt' | 'id'>) {
    if (a.initiatedAt !== b.initiatedAt) return a.initiatedAt - b.initiatedAt;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The eligible agent to offer to, or null. The candidates are the queue's routing agents. */
export function pickAgent(
    candidates: readonly AgentRecord[],
    queue: Pick<QueueConfig, 'maxInteractions' | 'active'>,
    rejectedBy: ReadonlySet<string>
): AgentRecord | null {
    let best: AgentRecord | null = null;
    for (const agent of candidates) {
        if (rejectedBy.has(agent.userId) || !isEligible(agent, queue)) continue;
        if (best === null || compareCandidates(agent, best) < 0) best = agent;
    }
    return best;
}

function withStatus(agent: AgentRecord, status: AgentStatus, reason: AgentRecord['statusReason'], now: number) {
    const next: AgentRecord = { ...agent, status, statusReason: reason, statusChangedAt: now };
    if (status === 'Available' && agent.status !== 'Available') next.idleSince = now;
    return next;
}

function agentStateEvent(agent: AgentRecord, reason: RouterEventReason): DomainEvent {
    return { type: 'agent_state', userId: agent.userId, interactionId: null, reason };
}

function changed(interaction: Interaction, reason: RouterEventReason): DomainEvent[] {
    return interaction.agentId
        ? [{ type: 'interaction_changed', userId: interaction.agentId, interactionId: interaction.id, reason }]
        : [];
}

/**
 * Identity: the acting user must hold the interaction. One who held its offer before it lapsed
 * or was rejected gets TRANSITION_NOT_ALLOWED (the offer is gone); anyone else NOT_YOUR_INTERACTION.
 */
function assertHolder(interaction: Interaction, actor: AgentRecord, actorHadOffer: boolean): void {
    if (interaction.agentId === actor.userId) return;
    if (actorHadOffer) {
        throw new RouterError('TRANSITION_NOT_ALLOWED', [
            `interaction ${interaction.id}: the offer lapsed or was rejected`
        ]);
    }
    throw new RouterError('NOT_YOUR_INTERACTION', [`interaction ${interaction.id}`]);
}

function assertStatus(interaction: Interaction, allowed: readonly Interaction['status'][], action: string): void {
    if (!allowed.includes(interaction.status)) {
        throw new RouterError('TRANSITION_NOT_ALLOWED', [
            `${action} on interaction ${interaction.id} in status ${interaction.status}`
        ]);
    }
}

/** When an agent's last offered/active interaction leaves and only wrap-up work remains. */
function afterLiveWorkLeft(agent: AgentRecord, now: number): AgentRecord {
    if (agent.status === 'Available' && agent.liveCount === 0 && agent.wrapUpCount > 0) {
        return withStatus(agent, 'Post-processing', 'System', now);
    }
    return agent;
}

/** When wrap-up work closes: back to Available once none remains, unless another status was chosen. */
function afterWrapUpLeft(agent: AgentRecord, now: number): AgentRecord {
    if (agent.status === 'Post-processing' && agent.wrapUpCount === 0) {
        return withStatus(agent, 'Available', 'System', now);
    }
    return agent;
}

function statusEvents(before: AgentRecord, after: AgentRecord): DomainEvent[] {
    return before.status !== after.status ? [agentStateEvent(after, 'status')] : [];
}

// ---------------------------------------------------------------------------------------------
// Opening conversations

export interface NewInbound {
    id: string;
    queue: QueueConfig;
    channelNumber: string;
    channelId: string | null;
    customerNumber: string;
    now: number;
}

/** A customer message with no open conversation opens a queued interaction on the channel's queue. */
export function openInbound({ id, queue, channelNumber, channelId, customerNumber, now }: NewInbound): Interaction {
    return {
        id,
        queueId: queue.id,
        channelNumber,
        channelId,
        customerNumber,
        direction: 'Inbound',
        status: 'Queued',
        agentId: null,
        initiatedAt: now,
        offeredAt: null,
        offerExpiresAt: null,
        acceptedAt: null,
        terminatedAt: null,
        wrapUpDeadline: null,
        wrappedUpAt: null,
        disposition: null,
        dispositionRequired: queue.dispositionRequired,
        unreadCount: 1,
        awaitingReplySince: now,
        slaDueAt: now + queue.slaTargetSeconds * 1000,
        slaBreached: false,
        deliveryFailed: false,
        lastCustomerMessageAt: now,
        lastAgentMessageAt: null,
        offerCount: 0
    };
}

export interface NewOutbound {
    id: string;
    agent: AgentRecord;
    queue: QueueConfig;
    channelNumber: string;
    channelId: string | null;
    customerNumber: string;
    now: number;
}

/** An agent starts a conversation: Active at once, counted against their capacity. */
export function startOutbound({ id, agent, queue, channelNumber, channelId, customerNumber, now }: NewOutbound): Step {
    if (!agent.configured) throw new RouterError('UNKNOWN_AGENT', [`agent ${agent.userId} is no longer configured`]);
    const max = capacity(agent, queue);
    if (openCount(agent) >= max) {
        throw new RouterError('CAPACITY_REACHED', [`agent ${agent.userId} holds ${openCount(agent)} of ${max}`]);
    }
    const interaction: Interaction = {
        id,
        queueId: queue.id,
        channelNumber,
        channelId,
        customerNumber,
        direction: 'Outbound',
        status: 'Active',
        agentId: agent.userId,
        initiatedAt: now,
        offeredAt: null,
        offerExpiresAt: null,
        acceptedAt: now,
        terminatedAt: null,
        wrapUpDeadline: null,
        wrappedUpAt: null,
        disposition: null,
        dispositionRequired: queue.dispositionRequired,
        unreadCount: 0,
        awaitingReplySince: null,
        slaDueAt: null,
        slaBreached: false,
        deliveryFailed: false,
        lastCustomerMessageAt: null,
        lastAgentMessageAt: null,
        offerCount: 0
    };
    let next: AgentRecord = { ...agent, liveCount: agent.liveCount + 1 };
    // Post-processing is derived: it holds only while wrap-up work alone remains.
    if (next.status === 'Post-processing') next = withStatus(next, 'Available', 'System', now);
    return step({
        interaction,
        agent: next,
        events: [
            { type: 'interaction_changed', userId: agent.userId, interactionId: id, reason: 'outbound_started' },
            ...statusEvents(agent, next)
        ],
        agentFreed: next.status !== agent.status
    });
}

// ---------------------------------------------------------------------------------------------
// Offers

/** Offers a queued interaction to an eligible agent. */
export function offer(interaction: Interaction, agent: AgentRecord, queue: QueueConfig, now: number): Step {
    if (interaction.status !== 'Queued') {
        throw new Error(`offer: interaction ${interaction.id} is ${interaction.status}, not Queued`);
    }
    if (!isEligible(agent, queue)) throw new Error(`offer: agent ${agent.userId} is not eligible`);
    const next: Interaction = {
        ...interaction,
        status: 'Offered',
        agentId: agent.userId,
        offeredAt: now,
        offerExpiresAt: now + queue.acceptanceIntervalSeconds * 1000,
        offerCount: interaction.offerCount + 1
    };
    return step({
        interaction: next,
        agent: { ...agent, liveCount: agent.liveCount + 1, idleSince: now },
        events: [{ type: 'offer', userId: agent.userId, interactionId: interaction.id, reason: 'offered' }]
    });
}

export function accept(interaction: Interaction, actor: AgentRecord, actorHadOffer: boolean, now: number): Step {
    assertHolder(interaction, actor, actorHadOffer);
    assertStatus(interaction, ['Offered'], 'accept');
    if (interaction.offerExpiresAt !== null && now >= interaction.offerExpiresAt) {
        throw new RouterError('TRANSITION_NOT_ALLOWED', [`interaction ${interaction.id}: the offer lapsed`]);
    }
    const next: Interaction = { ...interaction, status: 'Active', acceptedAt: now };
    return step({ interaction: next, events: changed(next, 'accepted') });
}

function giveBack(
    interaction: Interaction,
    agent: AgentRecord,
    now: number,
    reason: 'rejected' | 'lapsed' | 'agent_offline' | 'agent_removed'
): Step {
    const requeued: Interaction = {
        ...interaction,
        status: 'Queued',
        agentId: null,
        offeredAt: null,
        offerExpiresAt: null
    };
    let next: AgentRecord = { ...agent, liveCount: agent.liveCount - 1 };
    if (reason === 'rejected' || reason === 'lapsed') {
        // B6: reject or lapse sets the agent On Break (an Offline agent stays Offline).
        if (next.status === 'Available' || next.status === 'Post-processing') {
            next = withStatus(next, 'On Break', reason === 'rejected' ? 'Rejected Offer' : 'Missed Offer', now);
        }
    }
    return step({
        interaction: requeued,
        agent: next,
        events: [
            { type: 'offer_withdrawn', userId: agent.userId, interactionId: interaction.id, reason },
            ...statusEvents(agent, next)
        ],
        rejection: reason === 'rejected' || reason === 'lapsed' ? { userId: agent.userId, reason } : null,
        requeued: true
    });
}

export function reject(interaction: Interaction, actor: AgentRecord, actorHadOffer: boolean, now: number): Step {
    assertHolder(interaction, actor, actorHadOffer);
    assertStatus(interaction, ['Offered'], 'reject');
    if (!actor.canReject) throw new RouterError('REJECT_NOT_PERMITTED', [`agent ${actor.userId}`]);
    return giveBack(interaction, actor, now, 'rejected');
}

/** The offer timer: the agent let the acceptance interval pass. Null when it is not due (any more). */
export function lapse(interaction: Interaction, agent: AgentRecord, now: number): Step | null {
    if (interaction.status !== 'Offered' || interaction.agentId !== agent.userId) return null;
    if (interaction.offerExpiresAt === null || now < interaction.offerExpiresAt) return null;
    return giveBack(interaction, agent, now, 'lapsed');
}

/** Takes an offer back without counting it against the agent (they went Offline or were removed). */
export function withdraw(
    interaction: Interaction,
    agent: AgentRecord,
    now: number,
    reason: 'agent_offline' | 'agent_removed'
): Step {
    if (interaction.status !== 'Offered' || interaction.agentId !== agent.userId) {
        throw new Error(`withdraw: interaction ${interaction.id} is not offered to ${agent.userId}`);
    }
    return giveBack(interaction, agent, now, reason);
}

// ---------------------------------------------------------------------------------------------
// End and wrap-up

export function end(interaction: Interaction, actor: AgentRecord, queue: QueueConfig, now: number): Step {
    assertHolder(interaction, actor, false);
    assertStatus(interaction, ['Active'], 'end');
    const ended: Interaction = {
        ...interaction,
        status: 'Post-processing',
        terminatedAt: now,
        wrapUpDeadline: now + queue.postProcessingSeconds * 1000,
        // The conversation is over: the SLA clock stops.
        slaDueAt: null
    };
    if (queue.postProcessingSeconds === 0) {
        // No wrap-up time: it closes at once, and the agent's status is left as it is.
        const closed = close(
            ended,
            { ...actor, liveCount: actor.liveCount - 1, wrapUpCount: actor.wrapUpCount + 1 },
            now,
            null
        );
        return step({
            interaction: closed.interaction,
            agent: closed.agent,
            events: changed(closed.interaction, 'closed_at_deadline'),
            agentFreed: true
        });
    }
    const agent = afterLiveWorkLeft(
        { ...actor, liveCount: actor.liveCount - 1, wrapUpCount: actor.wrapUpCount + 1 },
        now
    );
    return step({
        interaction: ended,
        agent,
        events: [...changed(ended, 'ended'), ...statusEvents(actor, agent)]
    });
}

/** Closes a post-processing interaction (the agent's wrap-up count is still counting it). */
function close(
    interaction: Interaction,
    agent: AgentRecord,
    now: number,
    disposition: string | null
): { interaction: Interaction; agent: AgentRecord } {
    const closed: Interaction = {
        ...interaction,
        status: 'Closed',
        wrappedUpAt: now,
        disposition,
        slaDueAt: null
    };
    const next = afterWrapUpLeft({ ...agent, wrapUpCount: agent.wrapUpCount - 1 }, now);
    return { interaction: closed, agent: next };
}

export function normaliseDisposition(value: unknown): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw new RouterError('INVALID_ARGUMENT', ['disposition must be a string']);
    const trimmed = value.trim();
    if (trimmed.length > 255) throw new RouterError('INVALID_ARGUMENT', ['disposition is longer than 255 characters']);
    return trimmed.length > 0 ? trimmed : null;
}

export function wrapUp(interaction: Interaction, actor: AgentRecord, disposition: string | null, now: number): Step {
    assertHolder(interaction, actor, false);
    assertStatus(interaction, ['Post-processing'], 'wrap up');
    if (interaction.dispositionRequired && disposition === null) {
        throw new RouterError('DISPOSITION_REQUIRED', [`interaction ${interaction.id}`]);
    }
    const closed = close(interaction, actor, now, disposition);
    return step({
        ...closed,
        events: [...changed(closed.interaction, 'wrapped_up'), ...statusEvents(actor, closed.agent)],
        agentFreed: true
    });
}

/** The post-processing timer: it closes on its own. Null when it is not due (any more). */
export function closeAtDeadline(interaction: Interaction, agent: AgentRecord, now: number): Step | null {
    if (interaction.status !== 'Post-processing' || interaction.agentId !== agent.userId) return null;
    if (interaction.wrapUpDeadline === null || now < interaction.wrapUpDeadline) return null;
    const closed = close(interaction, agent, now, null);
    return step({
        ...closed,
        events: [...changed(closed.interaction, 'closed_at_deadline'), ...statusEvents(agent, closed.agent)],
        agentFreed: true
    });
}

// ---------------------------------------------------------------------------------------------
// Agent state

export function parseStatus(value: unknown): SelectableStatus {
    if (typeof value === 'string' && (SELECTABLE_STATUSES as readonly string[]).includes(value)) {
        return value as SelectableStatus;
    }
    throw new RouterError('INVALID_STATUS', [`status ${JSON.stringify(String(value)).slice(0, 40)}`]);
}

export function setStatus(agent: AgentRecord, status: SelectableStatus, now: number): Step {
    if (!agent.configured) throw new RouterError('UNKNOWN_AGENT', [`agent ${agent.userId} is no longer configured`]);
    if (agent.status === status) return step({});
    const next = withStatus(agent, status, 'Agent', now);
    return step({ agent: next, events: [agentStateEvent(next, 'status')], agentFreed: status === 'Available' });
}

export function setStopNew(agent: AgentRecord, stopNew: boolean): Step {
    if (!agent.configured) throw new RouterError('UNKNOWN_AGENT', [`agent ${agent.userId} is no longer configured`]);
    if (agent.stopNew === stopNew) return step({});
    const next = { ...agent, stopNew };
    return step({ agent: next, events: [agentStateEvent(next, 'stop_new')], agentFreed: !stopNew });
}

// ---------------------------------------------------------------------------------------------
// Conversation facts

/** A customer message on an open conversation: unread count up, awaiting-reply and SLA clocks start. */
export function customerMessage(interaction: Interaction, queue: QueueConfig, now: number): Step {
    assertStatus(interaction, ['Queued', 'Offered', 'Active'], 'customer message');
    const next: Interaction = {
        ...interaction,
        unreadCount: interaction.unreadCount + 1,
        lastCustomerMessageAt: now
    };
    if (interaction.awaitingReplySince === null) {
        next.awaitingReplySince = now;
        next.slaDueAt = now + queue.slaTargetSeconds * 1000;
        next.slaBreached = false;
    }
    return step({ interaction: next, events: changed(next, 'customer_message') });
}

/** The agent's reply went out: unread, awaiting-reply, SLA and failed-delivery flags clear. */
export function agentMessageSent(interaction: Interaction, actor: AgentRecord, now: number): Step {
    assertHolder(interaction, actor, false);
    assertStatus(interaction, ['Active'], 'send');
    const next: Interaction = {
        ...interaction,
        unreadCount: 0,
        awaitingReplySince: null,
        slaDueAt: null,
        slaBreached: false,
        deliveryFailed: false,
        lastAgentMessageAt: now
    };
    // The panel's icon changes only when a flag clears or the agent now awaits the customer.
    const visible =
        interaction.unreadCount > 0 ||
        interaction.awaitingReplySince !== null ||
        interaction.slaBreached ||
        interaction.deliveryFailed ||
        interaction.lastAgentMessageAt === null ||
        (interaction.lastCustomerMessageAt ?? 0) > interaction.lastAgentMessageAt;
    return step({ interaction: next, events: visible ? changed(next, 'agent_message') : [] });
}

/** The checks before the provider sends an agent's message (the same as for agentMessageSent). */
export function assertCanSend(interaction: Interaction, actor: AgentRecord): void {
    assertHolder(interaction, actor, false);
    assertStatus(interaction, ['Active'], 'send');
}

/** The SLA timer. Null when it is not due (any more). */
export function breachSla(interaction: Interaction, now: number): Step | null {
    if (!['Queued', 'Offered', 'Active'].includes(interaction.status)) return null;
    if (interaction.slaBreached || interaction.slaDueAt === null || now < interaction.slaDueAt) return null;
    const next: Interaction = { ...interaction, slaBreached: true };
    return step({ interaction: next, events: changed(next, 'sla_breached') });
}

export function deliveryFailed(interaction: Interaction): Step {
    if (interaction.status === 'Closed' || interaction.deliveryFailed) return step({});
    const next: Interaction = { ...interaction, deliveryFailed: true };
    return step({ interaction: next, events: changed(next, 'delivery_failed') });
}

// ---------------------------------------------------------------------------------------------
// Timers

/**
 * The interaction's armed timers, earliest first: the offer expiry while Offered, the
 * post-processing deadline while Post-processing, the SLA due time while a customer message is
 * unanswered in an open conversation and not yet past SLA.
 */
export function armedTimers(i: Interaction): FiredTimer[] {
    const armed: FiredTimer[] = [];
    if (i.status === 'Offered' && i.offerExpiresAt !== null) {
        armed.push({ kind: 'offer_expiry', interactionId: i.id, dueAt: i.offerExpiresAt });
    }
    if (i.status === 'Post-processing' && i.wrapUpDeadline !== null) {
        armed.push({ kind: 'wrap_up_deadline', interactionId: i.id, dueAt: i.wrapUpDeadline });
    }
    if (
        (i.status === 'Queued' || i.status === 'Offered' || i.status === 'Active') &&
        !i.slaBreached &&
        i.slaDueAt !== null
    ) {
        armed.push({ kind: 'sla', interactionId: i.id, dueAt: i.slaDueAt });
    }
    return armed.sort((a, b) => a.dueAt - b.dueAt);
}

/** When the interaction's next timer is due (stored, indexed), or null. */
export function nextDue(i: Interaction): number | null {
    return armedTimers(i)[0]?.dueAt ?? null;
}

// ---------------------------------------------------------------------------------------------
// Event economy

const INTERACTION_EVENT_RANK: Record<Exclude<RouterEventType, 'agent_state'>, number> = {
    interaction_changed: 0,
    offer: 1,
    offer_withdrawn: 2
};

/**
 * Coalesces one command's events: at most one event per (recipient, interaction) — the most
 * significant (withdrawn > offer > changed), carrying the latest reason — and at most one
 * agent_state per recipient. Order is kept by first appearance.
 */
export function coalesce(events: readonly DomainEvent[]): DomainEvent[] {
    const slots = new Map<string, DomainEvent>();
    for (const event of events) {
        const key =
            event.type === 'agent_state' ? `${event.userId}\u0000` : `${event.userId}\u0000${event.interactionId}`;
        const existing = slots.get(key);
        if (!existing) {
            slots.set(key, event);
            continue;
        }
        if (event.type === 'agent_state' || existing.type === 'agent_state') {
            slots.set(key, { ...existing, reason: event.reason });
            continue;
        }
        const keep =
            INTERACTION_EVENT_RANK[event.type] > INTERACTION_EVENT_RANK[existing.type]
                ? event
                : INTERACTION_EVENT_RANK[event.type] === INTERACTION_EVENT_RANK[existing.type]
                  ? { ...existing, reason: event.reason }
                  : existing;
        slots.set(key, keep);
    }
    return [...slots.values()];
}
