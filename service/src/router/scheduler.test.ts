/**
 * The scheduler's wake-ups, against a scripted host (no database): it sleeps until the next due
 * timer, never longer than the poll, and never loses a timer armed while it was awake.
 */
import { createLogger } from '../log';
import { systemClock } from './clock';
import { Scheduler, type TimerHost } from './scheduler';
import type { FiredTimer } from './types';

function host(overrides: Partial<TimerHost> = {}) {
    const listeners = new Set<(dueAt: number) => void>();
    const calls = { runDueTimers: 0 };
    const base: TimerHost = {
        clock: systemClock,
        log: createLogger({ level: 'silent' }),
        runDueTimers: async () => {
            calls.runDueTimers++;
            return [] as FiredTimer[];
        },
        nextTimerDueAt: async () => null,
        sweep: async () => undefined,
        onTimerArmed: (listener) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
        }
    };
    const arm = (dueAt: number) => listeners.forEach((l) => l(dueAt));
    return { host: { ...base, ...overrides }, calls, arm };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('router scheduler', () => {
    it('wakes for a timer armed while it was reading the next due time', async () => {
        let armDuringRead: (() => void) | null = null;
        const h = host({
            nextTimerDueAt: async () => {
                armDuringRead?.();
                armDuringRead = null;
                return null; // the read did not see it (committed just after)
            }
        });
        armDuringRead = () => h.arm(Date.now() + 50);
        const scheduler = new Scheduler(h.host, { pollMs: 60_000, sweepMs: 60_000 }, () => undefined);
        scheduler.start();
        await wait(400);
        await scheduler.stop();
        // without the wake-up it would sleep the whole minute after the first look
        expect(h.calls.runDueTimers).toBeGreaterThanOrEqual(2);
    });

    it('sleeps until the next due timer, and wakes early for an earlier one armed while asleep', async () => {
        const start = Date.now();
        const h = host({ nextTimerDueAt: async () => start + 60_000 });
        const scheduler = new Scheduler(h.host, { pollMs: 60_000, sweepMs: 60_000 }, () => undefined);
        scheduler.start();
        await wait(100);
        expect(h.calls.runDueTimers).toBe(1);
        h.arm(Date.now() + 50);
        await wait(300);
        await scheduler.stop();
        expect(h.calls.runDueTimers).toBeGreaterThanOrEqual(2);
    });

    it('stops at once, also when stop() comes while it reads the next due time', async () => {
        let stopDuringRead: (() => void) | null = null;
        const h = host({
            nextTimerDueAt: async () => {
                stopDuringRead?.();
                await wait(20);
                return null;
            }
        });
        const scheduler = new Scheduler(h.host, { pollMs: 60_000, sweepMs: 60_000 }, () => undefined);
        let stopped: Promise<void> | null = null;
        stopDuringRead = () => (stopped = scheduler.stop());
        scheduler.start();
        const outcome = await Promise.race([
            (async () => {
                while (!stopped) await wait(5);
                await stopped;
                return 'stopped';
            })(),
            wait(2000).then(() => 'still running')
        ]);
        expect(outcome).toBe('stopped');
    });

    it('polls for timers of other instances at most pollMs apart', async () => {
        const h = host();
        const scheduler = new Scheduler(h.host, { pollMs: 50, sweepMs: 50 }, () => undefined);
        scheduler.start();
        await wait(400);
        await scheduler.stop();
        expect(h.calls.runDueTimers).toBeGreaterThanOrEqual(3);
    });
});
