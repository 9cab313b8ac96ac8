/** The service's injectable clock: epoch milliseconds. */
export interface Clock {
    now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
    private current: number;

    constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
        this.current = start;
    }

    now(): number {
        return this.current;
    }

    set(epochMs: number): void {
        this.current = epochMs;
    }

    advance(ms: number): number {
        this.current += ms;
        return this.current;
    }
}
