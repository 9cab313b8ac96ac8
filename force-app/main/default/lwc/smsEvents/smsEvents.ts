/**
 * The agent's event stream: the only module that imports lightning/empApi.
 *
 * The service publishes SMS_Agent_Event__e with the recipient's user Id, a type, an interaction Id
 * and a per-recipient sequence number — never personal data. Events only say "something changed":
 * the panel then re-reads its records. This module:
 * - subscribes in the platform's order: isEmpEnabled → onError → subscribe(channel, -1, callback);
 * - ignores events for other recipients (Ids compared on their case-sensitive 15-character form);
 * - detects gaps in the sequence (and a restarted sequence) and asks for a resync;
 * - on an error (or a failed subscribe) reports the stream down, resubscribes with a growing
 *   backoff, and asks for a resync once it is live again (events may have been missed);
 * - unsubscribes on stop.
 * `createCoalescer` turns a burst of "please refresh" requests into one refresh.
 */
import { isEmpEnabled, onError, subscribe, unsubscribe } from 'lightning/empApi';
import type { EmpMessage, EmpSubscription } from 'lightning/empApi';

export const AGENT_EVENT_TYPES = [
    'offer',
    'offer_withdrawn',
    'interaction_changed',
    'message',
    'agent_state',
    'resync'
] as const;

export type AgentEventType = (typeof AGENT_EVENT_TYPES)[number];

export interface AgentEvent {
    type: AgentEventType;
    interactionId: string | null;
    sequence: number | null;
    replayId: number | null;
}

export interface AgentEventPayload {
    Recipient_Id__c?: string | null;
    Type__c?: string | null;
    Interaction_Id__c?: string | null;
    Sequence__c?: number | string | null;
}

export type ResyncReason = 'gap' | 'sequence_restarted' | 'resync_event' | 'resubscribed';

/** live: subscribed; down: failed, retrying; unavailable: empApi is off in this app. */
export type StreamState = 'connecting' | 'live' | 'down' | 'unavailable' | 'stopped';

export interface AgentEventStreamOptions {
    channel: string;
    /** The running user's Id; events for anyone else are ignored. */
    recipientId: string;
    onEvent: (event: AgentEvent) => void;
    onResync: (reason: ResyncReason) => void;
    onStateChange: (state: StreamState, error?: unknown) => void;
    /** First retry delay; doubles up to maxRetryMs. */
    initialRetryMs?: number;
    maxRetryMs?: number;
}

export interface AgentEventStream {
    start(): Promise<void>;
    stop(): Promise<void>;
    /** Resubscribes now instead of waiting for the backoff. */
    retryNow(): void;
    readonly state: StreamState;
}

/** The replay option for "only events published from now on". */
export const REPLAY_NEW_EVENTS = -1;

export function sameUserId(a: string | null | undefined, b: string | null | undefined): boolean {
    if (!a || !b) return false;
    return a.slice(0, 15) === b.slice(0, 15);
}

function isAgentEventType(value: unknown): value is AgentEventType {
    return typeof value === 'string' && (AGENT_EVENT_TYPES as readonly string[]).includes(value);
}

function toSequence(value: unknown): number | null {
    if (value === null || value === undefined || value === '') return null;
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
}

/** The channel an empApi error is about, when it names one (errors arrive as CometD messages). */
function errorChannel(error: unknown): string | null {
    if (typeof error !== 'object' || error === null) return null;
    const record = error as Record<string, unknown>;
    const subscription = record.subscription;
    if (typeof subscription === 'string' && subscription.startsWith('/event/')) return subscription;
    return null;
}

export function createAgentEventStream(options: AgentEventStreamOptions): AgentEventStream {
    const initialRetryMs = options.initialRetryMs ?? 1000;
    const maxRetryMs = options.maxRetryMs ?? 30000;
    let state: StreamState = 'stopped';
    let subscription: EmpSubscription | null = null;
    let lastSequence: number | null = null;
    let lastReplayId: number | null = null;
    let retryDelay = initialRetryMs;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let errorHandlerRegistered = false;
    let stopped = true;
    let attempt = 0;
    let everLive = false;

    function setState(next: StreamState, error?: unknown): void {
        state = next;
        options.onStateChange(next, error);
    }

    function handleMessage(message: EmpMessage<AgentEventPayload>): void {
        if (stopped) return;
        const payload = message?.data?.payload;
        if (!payload || !sameUserId(payload.Recipient_Id__c, options.recipientId)) return;
        const type = payload.Type__c;
        if (!isAgentEventType(type)) return;
        const replayId = typeof message.data.event?.replayId === 'number' ? message.data.event.replayId : null;
        if (replayId !== null && lastReplayId !== null && replayId <= lastReplayId) {
            return; // delivered twice
        }
        if (replayId !== null) lastReplayId = replayId;
        const sequence = toSequence(payload.Sequence__c);
        let resync: ResyncReason | null = null;
        if (sequence !== null) {
            if (lastSequence !== null && sequence > lastSequence + 1) resync = 'gap';
            else if (lastSequence !== null && sequence <= lastSequence) resync = 'sequence_restarted';
            lastSequence = sequence;
        }
        if (type === 'resync') resync = 'resync_event';
        options.onEvent({ type, interactionId: payload.Interaction_Id__c || null, sequence, replayId });
        if (resync) options.onResync(resync);
    }

    function scheduleRetry(): void {
        if (stopped || retryTimer !== null) return;
        const delay = retryDelay;
        retryDelay = Math.min(retryDelay * 2, maxRetryMs);
        // Resubscribing after a failure is a timer by nature; stop() clears it.
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        retryTimer = setTimeout(() => {
            retryTimer = null;
            connect().catch(() => undefined);
        }, delay);
    }

    function fail(error: unknown): void {
        if (stopped) return;
        setState('down', error);
        scheduleRetry();
    }

    function handleError(error: unknown): void {
        if (stopped) return;
        const channel = errorChannel(error);
        if (channel !== null && channel !== options.channel) return; // another component's channel
        const broken = subscription;
        subscription = null;
        if (broken) {
            unsubscribe(broken).catch(() => undefined);
        }
        fail(error);
    }

    async function connect(): Promise<void> {
        if (stopped) return;
        const myAttempt = ++attempt;
        setState('connecting');
        try {
            const enabled = await isEmpEnabled();
            if (stopped || myAttempt !== attempt) return;
            if (!enabled) {
                setState('unavailable');
                return;
            }
            if (!errorHandlerRegistered) {
                // empApi keeps every onError callback while the page lives; register one per stream.
                onError(handleError);
                errorHandlerRegistered = true;
            }
            const subscribed = await subscribe<AgentEventPayload>(options.channel, REPLAY_NEW_EVENTS, handleMessage);
            if (stopped || myAttempt !== attempt) {
                unsubscribe(subscribed).catch(() => undefined);
                return;
            }
            subscription = subscribed;
            lastSequence = null;
            retryDelay = initialRetryMs;
            setState('live');
            if (everLive) options.onResync('resubscribed');
            everLive = true;
        } catch (error) {
            if (myAttempt !== attempt) return;
            fail(error);
        }
    }

    return {
        get state() {
            return state;
        },
        async start() {
            if (!stopped) return;
            stopped = false;
            await connect();
        },
        async stop() {
            stopped = true;
            attempt += 1;
            if (retryTimer !== null) {
                clearTimeout(retryTimer);
                retryTimer = null;
            }
            const current = subscription;
            subscription = null;
            state = 'stopped';
            if (current) {
                try {
                    await unsubscribe(current);
                } catch {
                    // The connection is going away anyway.
                }
            }
        },
        retryNow() {
            if (stopped || state === 'live') return;
            if (retryTimer !== null) {
                clearTimeout(retryTimer);
                retryTimer = null;
            }
            connect().catch(() => undefined);
        }
    };
}

export interface Coalescer<K extends string> {
    /** Asks for a refresh of `key`; requests within the delay (or during a run) merge into one run. */
    request(key: K): void;
    /** Stops any scheduled run. */
    cancel(): void;
}

/**
 * Runs `run(keys)` at most once per burst: the first request starts a short timer, later requests
 * add their keys; a request that arrives while a run is under way schedules one more run after it.
 */
export function createCoalescer<K extends string>(
    run: (keys: Set<K>) => Promise<void> | void,
    delayMs = 150
): Coalescer<K> {
    let pending = new Set<K>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running = false;
    let cancelled = false;

    function schedule(): void {
        if (timer !== null || running || cancelled) return;
        // Coalescing a burst of events needs a short timer; cancel() clears it.
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        timer = setTimeout(flush, delayMs);
    }

    async function flush(): Promise<void> {
        timer = null;
        if (cancelled || pending.size === 0) return;
        const keys = pending;
        pending = new Set<K>();
        running = true;
        try {
            await run(keys);
        } catch {
            // The runner reports its own failures; the next request tries again.
        } finally {
            running = false;
        }
        if (pending.size > 0) schedule();
    }

    return {
        request(key: K) {
            cancelled = false;
            pending.add(key);
            schedule();
        },
        cancel() {
            cancelled = true;
            pending.clear();
            if (timer !== null) {
                clearTimeout(timer);
                timer = null;
            }
        }
    };
}
