/** Retries an async step with exponential backoff while its error says retrying may help. */
import type { Logger } from '../log';

export interface RetryOptions {
    attempts?: number;
    initialMs?: number;
    maxMs?: number;
    log?: Logger;
    what?: string;
    /** Whether this error is worth another attempt (default: any). */
    retryable?(error: unknown): boolean;
    signal?: AbortSignal;
}

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
    const attempts = options.attempts ?? Infinity;
    for (let attempt = 1; ; attempt++) {
        try {
            return await fn();
        } catch (error) {
            if (attempt >= attempts || options.signal?.aborted || (options.retryable && !options.retryable(error)))
                throw error;
            const delay = Math.min(options.maxMs ?? 60_000, (options.initialMs ?? 1000) * 2 ** (attempt - 1));
            options.log?.warn({ err: error, attempt, delayMs: delay }, `${options.what ?? 'step'} failed; retrying`);
            await pause(delay, options.signal);
            if (options.signal?.aborted) throw error;
        }
    }
}

/** Waits `ms`, or less when the signal aborts (a stopping service does not wait out a backoff). */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
    });
}
