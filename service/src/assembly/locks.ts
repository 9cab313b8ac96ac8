/**
 * Keyed locks for one process: work on the same key runs one at a time, in arrival order. Several
 * keys are taken in sorted order, so two holders of overlapping sets never wait on each other.
 * The assembled service uses them so that record writes about one interaction or one message
 * never overtake each other (each write reads the current state inside the lock).
 */
export class KeyedLocks {
    private readonly tails = new Map<string, Promise<void>>();

    async run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
        const releases: Array<() => void> = [];
        try {
            for (const key of [...new Set(keys)].sort()) releases.push(await this.acquire(key));
            return await fn();
        } finally {
            for (const release of releases.reverse()) release();
        }
    }

    /** Keys currently held or waited for (for tests). */
    get size(): number {
        return this.tails.size;
    }

    private async acquire(key: string): Promise<() => void> {
        const previous = this.tails.get(key) ?? Promise.resolve();
        let release!: () => void;
        const mine = new Promise<void>((resolve) => (release = resolve));
        const tail = previous.then(() => mine);
        this.tails.set(key, tail);
        await previous;
        return () => {
            release();
            if (this.tails.get(key) === tail) this.tails.delete(key);
        };
    }
}
