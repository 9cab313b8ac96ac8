/**
 * The agent event outbox: where the event economy happens.
 *
 * - Targeted: every event names one recipient (`Recipient_Id__c`); on a per-agent filtered
 *   custom channel only that agent's panel receives it (see channels.ts).
 * - Coalesced: nudges for one recipient that arrive within a short window (a message, its Sent
 *   and Delivered status; an interaction change and the agent state it caused) become one event.
 *   Offers and withdrawals, and what the caller marks urgent (a customer's message, the answer
 *   to the agent's own action), are never delayed: they go at once, with anything pending for
 *   the recipient.
 * - Sequenced at publish: `Sequence__c` counts the events actually published per recipient, so
 *   coalescing never shows the panel a gap (a gap means "re-read", and costs reads, not events).
 */
import type { Logger } from '../../log';
import type { AgentEvent, AgentEventType } from '../types';
import { realScheduler, type Scheduler } from './scheduler';

export interface Nudge {
    recipientId: string;
    type: AgentEventType;
    /** The `SMS_Interaction__c` record Id the nudge is about, or null. */
    interactionId: string | null;
    /**
     * Goes at once, like an offer, taking along whatever is pending for the recipient: what the
     * agent is waiting for (a customer's message, the answer to their own action). These come
     * seconds apart, so each was one event anyway; the agent's own sends and statuses coalesce.
     */
    urgent?: boolean;
}

export interface OutboxOptions {
    /** Quiet time after the last nudge before a recipient's pending nudges go out (ms). */
    debounceMs?: number;
    /** Longest a nudge waits (ms), however busy the recipient. */
    maxDelayMs?: number;
    /** Off: every nudge is published as it comes (the measure switched off, for comparison). */
    coalesce?: boolean;
    scheduler?: Scheduler;
    log?: Logger;
}

export interface OutboxTarget {
    publishAgentEvents(events: readonly AgentEvent[]): Promise<void>;
}

export interface SequenceSource {
    nextSequences(recipientId: string, count: number): Promise<number[]>;
}

const URGENT: readonly AgentEventType[] = ['offer', 'offer_withdrawn'];
/**
 * Which type a merged event takes: the one that makes the panel read the most. A `message` makes
 * it re-read the conversation as well as its state, so it outranks `interaction_changed` (a reply
 * and the flags it cleared, merged, must still refresh the transcript).
 */
const RANK: Record<AgentEventType, number> = {
    offer: 6,
    offer_withdrawn: 5,
    resync: 4,
    message: 3,
    interaction_changed: 2,
    agent_state: 1
};

interface Pending {
    facts: Nudge[];
    firstAt: number;
    timer: unknown;
}

export interface OutboxStats {
    nudges: number;
    published: number;
}

export class AgentEventOutbox {
    private readonly pending = new Map<string, Pending>();
    private readonly scheduler: Scheduler;
    private readonly debounceMs: number;
    private readonly maxDelayMs: number;
    private readonly coalesce: boolean;
    private inFlight = new Set<Promise<void>>();
    readonly stats: OutboxStats = { nudges: 0, published: 0 };

    constructor(
        private readonly target: OutboxTarget,
        private readonly sequences: SequenceSource,
        private readonly options: OutboxOptions = {}
    ) {
        this.scheduler = options.scheduler ?? realScheduler;
        this.debounceMs = options.debounceMs ?? 2500;
        this.maxDelayMs = options.maxDelayMs ?? 5000;
        this.coalesce = options.coalesce ?? true;
    }

    push(nudge: Nudge): void {
        this.stats.nudges++;
        if (!this.coalesce) {
            this.track(this.publish(nudge.recipientId, [nudge]));
            return;
        }
        const now = this.scheduler.now();
        let entry = this.pending.get(nudge.recipientId);
        if (!entry) {
            entry = { facts: [], firstAt: now, timer: null };
            this.pending.set(nudge.recipientId, entry);
        }
        entry.facts.push(nudge);
        if (URGENT.includes(nudge.type) || nudge.urgent) {
            this.flushRecipient(nudge.recipientId);
            return;
        }
        if (entry.timer !== null) this.scheduler.clearTimer(entry.timer);
        const due = Math.min(now + this.debounceMs, entry.firstAt + this.maxDelayMs);
        entry.timer = this.scheduler.setTimer(() => this.flushRecipient(nudge.recipientId), Math.max(0, due - now));
    }

    /** Publishes everything pending now (graceful shutdown) and waits for it. */
    async flushAll(): Promise<void> {
        for (const recipient of [...this.pending.keys()]) this.flushRecipient(recipient);
        await this.idle();
    }

    async idle(): Promise<void> {
        while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    }

    pendingRecipients(): number {
        return this.pending.size;
    }

    private flushRecipient(recipientId: string): void {
        const entry = this.pending.get(recipientId);
        if (!entry) return;
        this.pending.delete(recipientId);
        if (entry.timer !== null) this.scheduler.clearTimer(entry.timer);
        this.track(this.publish(recipientId, merge(entry.facts)));
    }

    private track(p: Promise<void>): void {
        this.inFlight.add(p);
        void p.finally(() => this.inFlight.delete(p));
    }

    private async publish(recipientId: string, nudges: Nudge[]): Promise<void> {
        if (nudges.length === 0) return;
        try {
            const seqs = await this.sequences.nextSequences(recipientId, nudges.length);
            await this.target.publishAgentEvents(
                nudges.map((n, i) => ({ recipientId, type: n.type, interactionId: n.interactionId, sequence: seqs[i] }))
            );
            this.stats.published += nudges.length;
        } catch (error) {
            // The panel detects the sequence gap and re-reads its records; nothing is lost.
            this.options.log?.error({ err: error, recipientId }, 'publishing agent events failed');
        }
    }
}

/**
 * One recipient's pending facts → the fewest events that still tell the panel what to do:
 * each offer / withdrawal on its own (the panel needs its interaction at once); the rest as one
 * event — the strongest type for a single interaction, `agent_state` alone, or `resync` when
 * several things changed.
 */
export function merge(facts: readonly Nudge[]): Nudge[] {
    if (facts.length === 0) return [];
    const recipientId = facts[0].recipientId;
    const out: Nudge[] = [];
    const urgent = facts.filter((f) => URGENT.includes(f.type));
    const seenUrgent = new Set<string>();
    for (const f of urgent) {
        const key = `${f.type}:${f.interactionId}`;
        if (seenUrgent.has(key)) continue;
        seenUrgent.add(key);
        out.push(f);
    }
    const urgentInteractions = new Set(urgent.map((f) => f.interactionId));
    // Changes to an interaction that is being offered or withdrawn now travel with that event.
    const rest = facts.filter(
        (f) => !URGENT.includes(f.type) && !(f.interactionId && urgentInteractions.has(f.interactionId))
    );
    if (rest.length === 0) return out;
    const interactions = new Set(rest.filter((f) => f.interactionId).map((f) => f.interactionId));
    const hasAgentState = rest.some((f) => f.type === 'agent_state' || f.type === 'resync');
    if (interactions.size === 0) {
        const best = rest.reduce((a, b) => (RANK[b.type] > RANK[a.type] ? b : a));
        out.push({ recipientId, type: best.type, interactionId: null });
    } else if (interactions.size === 1 && !hasAgentState) {
        const best = rest.reduce((a, b) => (RANK[b.type] > RANK[a.type] ? b : a));
        out.push({ recipientId, type: best.type, interactionId: best.interactionId });
    } else {
        out.push({ recipientId, type: 'resync', interactionId: null });
    }
    return out;
}
