/**
 * The production timer driver. Timers live in the database (the interactions' deadline columns),
 * so this only decides when to look: it sleeps until the next due timer, wakes early when this
 * process arms an earlier one, and never sleeps longer than `pollMs`, so that timers armed by
 * another instance (or before a restart) fire too. Every `sweepMs` it also runs the sweep (offer
 * waiting work that has a ready agent; prune). Firing is exactly once across instances: each
 * timer fires in a transaction that re-checks it under lock.
 */
import type { Logger } from '../log';
import type { Clock } from './clock';
import type { FiredTimer } from './types';

export interface SchedulerOptions {
    /** Longest sleep between looks at the timers. Default 1 s. */
    pollMs?: number;
    /** How often the sweep runs. Default 5 s. */
    sweepMs?: number;
    /** Called with the timers each wake-up fired (for tests and metrics). */
    onFired?: (fired: FiredTimer[]) => void;
}

export interface TimerHost {
    readonly clock: Clock;
    readonly log: Logger;
    runDueTimers(now?: number): Promise<FiredTimer[]>;
    nextTimerDueAt(): Promise<number | null>;
    sweep(now?: number): Promise<unknown>;
    onTimerArmed(listener: (dueAt: number) => void): () => void;
}

export class Scheduler {
    private stopped = false;
    private loop: Promise<void> | null = null;
    private wakeAt = Infinity;
    private wake: (() => void) | null = null;
    /** The earliest timer armed in this process while the loop was awake (its read may miss it). */
    private armedDue = Infinity;
    private unlisten: (() => void) | null = null;
    private readonly pollMs: number;
    private readonly sweepMs: number;

    constructor(
        private readonly host: TimerHost,
        private readonly options: SchedulerOptions,
        private readonly onStop: () => void
    ) {
        this.pollMs = Math.max(10, options.pollMs ?? 1000);
        this.sweepMs = Math.max(this.pollMs, options.sweepMs ?? 5000);
    }

    start(): void {
        if (this.loop) return;
        this.unlisten = this.host.onTimerArmed((dueAt) => {
            if (dueAt < this.wakeAt) {
                this.armedDue = Math.min(this.armedDue, dueAt);
                this.wake?.();
            }
        });
        this.loop = this.run();
    }

    private sleep(ms: number): Promise<void> {
        return new Promise((resolve) => {
            const done = () => {
                clearTimeout(timer);
                this.wake = null;
                resolve();
            };
            const timer = setTimeout(done, ms);
            this.wake = done;
        });
    }

    private async run(): Promise<void> {
        let lastSweep = -Infinity;
        while (!this.stopped) {
            this.armedDue = Infinity;
            let firedAny = false;
            try {
                const fired = await this.host.runDueTimers();
                firedAny = fired.length > 0;
                if (fired.length > 0) this.options.onFired?.(fired);
                const now = this.host.clock.now();
                if (now - lastSweep >= this.sweepMs) {
                    lastSweep = now;
                    await this.host.sweep(now);
                }
            } catch (error) {
                this.host.log.error({ err: error }, 'router scheduler: firing timers failed; will retry');
            }
            if (this.stopped) break;
            let next: number | null = null;
            try {
                next = await this.host.nextTimerDueAt();
            } catch (error) {
                this.host.log.error({ err: error }, 'router scheduler: reading the next timer failed');
            }
            const now = this.host.clock.now();
            let delay = next === null ? this.pollMs : Math.max(0, Math.min(this.pollMs, next - now));
            // Something due that would not fire (or failed): do not spin on it.
            if (delay === 0 && !firedAny) delay = Math.min(this.pollMs, 100);
            // A timer armed here after the read above: the read may have missed it.
            if (this.armedDue < now + delay) delay = Math.max(0, this.armedDue - now);
            if (this.stopped) break; // stop() may have come while the read above was running
            this.wakeAt = now + delay;
            if (delay > 0) await this.sleep(delay);
            this.wakeAt = Infinity;
        }
    }

    async stop(): Promise<void> {
        this.stopped = true;
        this.wake?.();
        this.unlisten?.();
        await this.loop;
        this.onStop();
    }
}
