/** Timers behind an interface, so the event outbox runs on real time or on a simulated day. */
export interface Scheduler {
    now(): number;
    setTimer(fn: () => void, ms: number): unknown;
    clearTimer(handle: unknown): void;
}

export const realScheduler: Scheduler = {
    now: () => Date.now(),
    setTimer: (fn, ms) => {
        const t = setTimeout(fn, ms);
        t.unref?.();
        return t;
    },
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout)
};

/** A discrete-event clock: timers fire in due order as the simulation advances. */
export class VirtualScheduler implements Scheduler {
    private current: number;
    private seq = 0;
    private readonly timers = new Map<number, { due: number; fn: () => void; order: number }>();

    constructor(start = 0) {
        this.current = start;
    }

    now(): number {
        return this.current;
    }

    setTimer(fn: () => void, ms: number): unknown {
        const id = ++this.seq;
        this.timers.set(id, { due: this.current + Math.max(0, ms), fn, order: id });
        return id;
    }

    clearTimer(handle: unknown): void {
        this.timers.delete(handle as number);
    }

    /** Fires every timer due up to `time` (in due order), then sets the clock to `time`. */
    async advanceTo(time: number, settle: () => Promise<void> = async () => undefined): Promise<void> {
        for (;;) {
            let nextId: number | null = null;
            let next: { due: number; fn: () => void; order: number } | null = null;
            for (const [id, t] of this.timers) {
                if (t.due <= time && (!next || t.due < next.due || (t.due === next.due && t.order < next.order))) {
                    next = t;
                    nextId = id;
                }
            }
            if (!next || nextId === null) break;
            this.timers.delete(nextId);
            this.current = Math.max(this.current, next.due);
            next.fn();
            await settle();
        }
        this.current = Math.max(this.current, time);
    }

    pending(): number {
        return this.timers.size;
    }
}
