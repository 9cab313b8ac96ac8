/**
 * The outbox the connector consumes: every event is written in the same transaction as the change
 * it describes, so none is lost and none describes a change that did not happen.
 *
 * Delivery is at least once and in order per agent. A consumer leases a batch (other consumers
 * skip every agent with a leased event, so an agent's events never race each other), publishes
 * it, and acknowledges it (the events leave the outbox). A consumer that dies leaves its lease to
 * expire; the events are then delivered again. Consumers take turns on a lock row while leasing.
 * Event ids increase: acknowledged events are deleted, except that the newest row is kept (marked
 * acknowledged) until a newer one exists.
 */
import { forUpdate, type Db } from '../db';
import type { Logger } from '../log';
import type { Clock } from './clock';
import { placeholders, rowToEvent } from './store';
import type { RouterEvent } from './types';

export interface PullOptions {
    /** Most events to lease. Default 100. */
    limit?: number;
    /** How long the lease holds before the events may be delivered again. Default 30 s. */
    leaseMs?: number;
}

export interface SubscribeOptions extends PullOptions {
    /** How often to look for events from other instances when nothing woke the consumer. Default 500 ms. */
    pollMs?: number;
    /** Pause after a failed delivery before trying again. Default 1 s. */
    retryMs?: number;
}

export interface Subscription {
    stop(): Promise<void>;
    /** Events acknowledged so far. */
    readonly delivered: number;
}

export class Outbox {
    private readonly subscriptions = new Set<Subscription>();

    constructor(
        private readonly db: Db,
        private readonly clock: Clock,
        private readonly log: Logger,
        private readonly listen: (listener: () => void) => () => void
    ) {}

    async pull(options: PullOptions = {}): Promise<RouterEvent[]> {
        const limit = Math.max(1, Math.min(options.limit ?? 100, 1000));
        const leaseMs = Math.max(1, options.leaseMs ?? 30_000);
        return this.db.tx(async (q) => {
            const now = this.clock.now();
            await q.get(`SELECT name FROM router_locks WHERE name = 'outbox'${forUpdate(q.dialect)}`);
            const rows = await q.all<Record<string, unknown>>(
                `SELECT * FROM router_events e
                 WHERE e.acked = 0 AND (e.lease_until IS NULL OR e.lease_until <= ?)
                   AND NOT EXISTS (SELECT 1 FROM router_events b
                                   WHERE b.user_id = e.user_id AND b.lease_until IS NOT NULL
                                     AND b.lease_until > ? AND b.id < e.id)
                 ORDER BY e.id LIMIT ?`,
                [now, now, limit]
            );
            if (rows.length === 0) return [];
            const events = rows.map(rowToEvent);
            const ids = events.map((e) => e.id);
            await q.run(`UPDATE router_events SET lease_until = ? WHERE id IN (${placeholders(ids.length)})`, [
                now + leaseMs,
                ...ids
            ]);
            return events;
        });
    }

    /**
     * Acknowledged events leave the outbox — except the newest event row, which stays marked as
     * acknowledged until a newer one exists: SQLite gives a new row the largest id + 1, so ids
     * never go backwards (and a late acknowledgement can never hit a newer event).
     */
    async ack(ids: readonly number[]): Promise<void> {
        if (ids.length === 0) return;
        await this.db.tx(async (q) => {
            const top = Number(
                (await q.get<{ id: number | null }>('SELECT MAX(id) AS id FROM router_events'))?.id ?? 0
            );
            await q.run('DELETE FROM router_events WHERE acked = 1 AND id < ?', [top]);
            for (let i = 0; i < ids.length; i += 500) {
                const chunk = ids.slice(i, i + 500);
                await q.run(`DELETE FROM router_events WHERE id IN (${placeholders(chunk.length)}) AND id < ?`, [
                    ...chunk,
                    top
                ]);
            }
            if (ids.includes(top)) {
                await q.run('UPDATE router_events SET acked = 1, lease_until = NULL WHERE id = ?', [top]);
            }
        });
    }

    async release(ids: readonly number[]): Promise<void> {
        for (let i = 0; i < ids.length; i += 500) {
            const chunk = ids.slice(i, i + 500);
            await this.db.run(
                `UPDATE router_events SET lease_until = NULL WHERE id IN (${placeholders(chunk.length)})`,
                chunk
            );
        }
    }

    subscribe(handler: (events: RouterEvent[]) => Promise<void>, options: SubscribeOptions = {}): Subscription {
        const pollMs = options.pollMs ?? 500;
        const retryMs = options.retryMs ?? 1000;
        let stopped = false;
        let delivered = 0;
        let wake: (() => void) | null = null;
        const pause = (ms: number) =>
            new Promise<void>((resolve) => {
                const timer = setTimeout(done, ms);
                function done() {
                    clearTimeout(timer);
                    wake = null;
                    resolve();
                }
                wake = done;
            });
        const unlisten = this.listen(() => wake?.());
        const loop = (async () => {
            while (!stopped) {
                let events: RouterEvent[];
                try {
                    events = await this.pull(options);
                } catch (error) {
                    this.log.error({ err: error }, 'router outbox: lease failed');
                    if (!stopped) await pause(retryMs);
                    continue;
                }
                if (events.length === 0) {
                    // stop() may have come while the lease above was running
                    if (!stopped) await pause(pollMs);
                    continue;
                }
                const ids = events.map((e) => e.id);
                try {
                    await handler(events);
                } catch (error) {
                    this.log.warn({ err: error, events: ids.length }, 'router outbox: delivery failed; will retry');
                    await this.release(ids).catch(() => undefined);
                    if (!stopped) await pause(retryMs);
                    continue;
                }
                try {
                    await this.ack(ids);
                    delivered += ids.length;
                } catch (error) {
                    // Delivered but not acknowledged: the lease expires and they come again (at least once).
                    this.log.error({ err: error }, 'router outbox: acknowledge failed');
                }
            }
        })();
        const subscription: Subscription = {
            stop: async () => {
                stopped = true;
                wake?.();
                unlisten();
                await loop;
                this.subscriptions.delete(subscription);
            },
            get delivered() {
                return delivered;
            }
        };
        this.subscriptions.add(subscription);
        return subscription;
    }

    async close(): Promise<void> {
        await Promise.all([...this.subscriptions].map((s) => s.stop()));
    }
}
