/**
 * The action stream that survives everything: it resumes after a dropped stream or a restart
 * from the last processed replay Id (kept in the store by the action processor), with
 * exponential backoff and jitter between attempts; a fresh token is fetched after an
 * UNAUTHENTICATED end; a replay Id the bus no longer holds falls back to the earliest retained
 * event (duplicates are dropped by UUID and record Id downstream).
 */
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../log';
import { OBJECTS, type ActionEventType } from '../model';
import type { ActionSubscription, ActionSubscriptionOptions, AgentActionEvent } from '../types';
import type { PubSubClient, ReceivedEvent, ReplayStart, SessionSource, StreamHandle } from './client';

export interface BackoffOptions {
    initialMs?: number;
    maxMs?: number;
}

export function toActionEvent(e: ReceivedEvent): AgentActionEvent {
    const p = e.payload;
    return {
        eventUuid: e.uuid,
        replayId: e.replayId.toString('base64'),
        recordId: String(p.Record_Id__c ?? ''),
        object: p.Object__c === OBJECTS.message ? OBJECTS.message : OBJECTS.action,
        type: String(p.Type__c ?? '') as ActionEventType,
        actingUserId: String(p.Acting_User_Id__c ?? ''),
        createdDate: typeof p.CreatedDate === 'number' ? p.CreatedDate : Date.now()
    };
}

export class DurableSubscription implements ActionSubscription {
    private handle: StreamHandle | null = null;
    private closed = false;
    private attempt = 0;
    private timer: NodeJS.Timeout | null = null;
    private fallbackToEarliest = false;
    private live = false;
    /** Streams opened, for tests and metrics. */
    streamsOpened = 0;

    constructor(
        private readonly client: PubSubClient,
        private readonly topic: string,
        private readonly options: ActionSubscriptionOptions,
        private readonly auth: SessionSource,
        private readonly log: Logger,
        private readonly backoff: BackoffOptions = {}
    ) {}

    get connected(): boolean {
        return this.live;
    }

    async start(): Promise<void> {
        await this.open();
    }

    async close(): Promise<void> {
        this.closed = true;
        if (this.timer) clearTimeout(this.timer);
        const handle = this.handle;
        handle?.close();
        this.live = false;
        // Graceful: the batch in hand is finished (and its replay Id saved) before close resolves.
        await handle?.idle();
    }

    private async open(): Promise<void> {
        if (this.closed) return;
        const saved = await this.options.loadReplayId();
        const replay: ReplayStart = this.fallbackToEarliest
            ? { preset: 'EARLIEST' }
            : saved
              ? { preset: 'CUSTOM', replayId: Buffer.from(saved, 'base64') }
              : { preset: 'LATEST' };
        this.fallbackToEarliest = false;
        this.streamsOpened++;
        this.handle = await this.client.subscribe(this.topic, {
            replay,
            batchSize: this.options.batchSize ?? 100,
            onBatch: async (events) => {
                await this.options.onBatch(events.map(toActionEvent));
                this.attempt = 0;
            },
            onEnd: (error) => this.ended(error)
        });
        this.live = true;
    }

    private ended(error: grpc.ServiceError | Error | null): void {
        this.live = false;
        const previous = this.handle;
        this.handle = null;
        if (this.closed || error === null) return;
        const e = error as grpc.ServiceError;
        if (e.code === grpc.status.INVALID_ARGUMENT && /replay/i.test(e.details ?? e.message)) {
            this.log.warn(
                { topic: this.topic },
                'the saved replay Id is no longer retained; resuming from the earliest retained event'
            );
            this.fallbackToEarliest = true;
        }
        const delay = Math.min(this.backoff.maxMs ?? 30_000, (this.backoff.initialMs ?? 500) * 2 ** this.attempt);
        const jittered = Math.round(delay / 2 + Math.random() * (delay / 2));
        this.attempt++;
        this.log.warn(
            { topic: this.topic, code: e.code, attempt: this.attempt, delayMs: jittered },
            `event stream ended (${e.details ?? e.message}); resuming`
        );
        this.timer = setTimeout(() => {
            this.timer = null;
            void (async () => {
                try {
                    // Never resume while the ended stream's last batch is still being processed:
                    // the replay Id it saves is where the next stream starts.
                    await previous?.idle();
                    if (e.code === grpc.status.UNAUTHENTICATED) await this.auth.refresh();
                    await this.open();
                } catch (again) {
                    this.ended(again as Error);
                }
            })();
        }, jittered);
        this.timer.unref?.();
    }
}
