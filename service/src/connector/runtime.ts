/**
 * The connector as the service runs it: the store, the agent event outbox, the record sync, the
 * action stream and the router port, started in order and stopped gracefully (the batch in hand
 * is finished and its replay Id saved, pending nudges are published, then the org is closed).
 */
import type { Db } from '../db';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { ActionProcessor, type ActionHandler } from './actions';
import { AgentEventOutbox } from './economy/outbox';
import { describeFailures } from './orgCheck';
import { RecordSync } from './relay';
import { withRetry } from './retry';
import { ConnectorStore } from './store';
import type { ActionSubscription, SalesforcePort } from './types';

/** What the routing side adds to a plain action handler (RouterBridge has all of it). */
export type RoutingHandler = ActionHandler &
    Partial<{
        refreshConfiguration(): Promise<boolean>;
        followConfiguration(intervalMs: number): void;
        startRelay(): void;
        stop(): Promise<void>;
    }>;

export interface RuntimeParts {
    port: SalesforcePort;
    store: ConnectorStore;
    outbox: AgentEventOutbox;
    sync: RecordSync;
}

export interface ConnectorRuntimeOptions {
    port: SalesforcePort;
    db: Db;
    log: Logger;
    metrics: Metrics;
    handler(parts: RuntimeParts): RoutingHandler;
    actionBatchSize?: number;
    configPollMs?: number;
    eventDebounceMs?: number;
    eventMaxDelayMs?: number;
    /** First pause between connection attempts (doubles, up to a minute). */
    retryInitialMs?: number;
}

export interface Readiness {
    ready: boolean;
    store: boolean;
    org: boolean;
    stream: boolean;
    detail?: string;
}

export class ConnectorRuntime {
    readonly store: ConnectorStore;
    readonly outbox: AgentEventOutbox;
    readonly sync: RecordSync;
    readonly processor: ActionProcessor;
    readonly handler: RoutingHandler;
    private subscription: ActionSubscription | null = null;
    private setupProblem: string | null = 'starting';
    private readonly abort = new AbortController();
    private starting: Promise<void> | null = null;
    private pruner: NodeJS.Timeout | null = null;

    constructor(private readonly options: ConnectorRuntimeOptions) {
        const { port, db, log, metrics } = options;
        this.store = new ConnectorStore(db);
        this.outbox = new AgentEventOutbox(port, this.store, {
            debounceMs: options.eventDebounceMs,
            maxDelayMs: options.eventMaxDelayMs,
            log
        });
        this.sync = new RecordSync(port, this.store, this.outbox, log);
        this.handler = options.handler({ port, store: this.store, outbox: this.outbox, sync: this.sync });
        // After an action's outcome is written, the acting agent's panel hears of it at once
        // (coalesced with the router's own nudge for the same change).
        this.processor = new ActionProcessor(port, this.store, this.handler, log, {
            onSettled: (s) =>
                this.outbox.push({
                    recipientId: s.recipientId,
                    type: s.type,
                    interactionId: s.interactionRecordId
                })
        });
        metrics.declare('sms_agent_actions_total', 'Agent actions received, by result', 'counter');
        metrics.addCollector(() => {
            const s = this.processor.stats;
            for (const [result, value] of Object.entries({
                applied: s.applied,
                refused: s.refused,
                ignored: s.ignored,
                duplicate: s.duplicates
            })) {
                metrics.set('sms_agent_actions_total', 'Agent actions received, by result', { result }, value);
            }
            metrics.set(
                'sms_agent_event_nudges_total',
                'Nudges for agents before coalescing',
                {},
                this.outbox.stats.nudges
            );
            metrics.set(
                'sms_agent_events_published_total',
                'SMS_Agent_Event__e published (one delivery each on a per-agent channel)',
                {},
                this.outbox.stats.published
            );
            const ready = this.options.port.health();
            metrics.set('sms_org_connected', 'The org answers (1) or not (0)', {}, ready.org ? 1 : 0);
            metrics.set(
                'sms_event_stream_connected',
                'The action event stream is open (1) or not (0)',
                {},
                ready.stream ? 1 : 0
            );
        });
    }

    /** Connects (retrying with backoff), checks the org, loads the configuration, opens the stream. */
    start(): Promise<void> {
        this.starting ??= this.run();
        return this.starting;
    }

    private async run(): Promise<void> {
        const { port, log } = this.options;
        const signal = this.abort.signal;
        const initialMs = this.options.retryInitialMs ?? 1000;
        await withRetry(() => port.connect(), { initialMs, maxMs: 60_000, log, what: 'connecting to the org', signal });
        await withRetry(
            async () => {
                const problem = describeFailures(await port.checkSetup());
                this.setupProblem = problem;
                if (problem) {
                    log.error(problem);
                    throw new Error('the org is not set up for the service');
                }
            },
            { initialMs: initialMs * 10, maxMs: 300_000, log, what: 'checking the org', signal }
        );
        if (signal.aborted) return;
        if (this.handler.refreshConfiguration) {
            await withRetry(() => this.handler.refreshConfiguration!(), {
                initialMs,
                maxMs: 60_000,
                log,
                what: 'loading the configuration',
                signal
            });
            this.handler.followConfiguration?.(this.options.configPollMs ?? 60_000);
        }
        this.subscription = await withRetry(
            () =>
                port.subscribeActions({
                    loadReplayId: this.processor.loadReplayId,
                    onBatch: this.processor.onBatch,
                    batchSize: this.options.actionBatchSize
                }),
            { initialMs, maxMs: 60_000, log, what: 'subscribing to agent actions', signal }
        );
        this.handler.startRelay?.();
        // Event UUIDs are kept as long as the bus can redeliver (72 hours), then forgotten.
        this.pruner = setInterval(() => {
            this.store.pruneSeen().catch((error: unknown) => log.warn({ err: error }, 'pruning seen event ids failed'));
        }, 3600_000);
        this.pruner.unref?.();
        log.info('connector started');
    }

    async readiness(): Promise<Readiness> {
        let store = true;
        try {
            await this.options.db.get('SELECT 1 AS ok');
        } catch {
            store = false;
        }
        const health = this.options.port.health();
        const stream = health.stream && (this.subscription?.connected ?? false);
        const org = health.org && this.setupProblem === null;
        return {
            ready: store && org && stream,
            store,
            org,
            stream,
            ...(this.setupProblem && this.setupProblem !== 'starting' ? { detail: this.setupProblem } : {})
        };
    }

    /**
     * Takes no more agent actions: the stream is closed and the batch in hand finished (its replay
     * Id saved). The relay and the org stay up, so what that work set going is still written.
     */
    async stopIntake(): Promise<void> {
        this.abort.abort();
        if (this.pruner) clearInterval(this.pruner);
        await this.subscription?.close();
        await this.processor.idle();
    }

    /** Graceful: finish the batch in hand, publish what is pending, close the org. */
    async stop(): Promise<void> {
        await this.stopIntake();
        await this.handler.stop?.();
        await this.outbox.flushAll();
        await this.options.port.close();
    }
}
