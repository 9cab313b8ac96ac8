/**
 * Countdowns for the panel: time left until a deadline the service set (offer expiry, wrap-up
 * deadline), formatted the way a clock reads, and a ticker that calls back every second.
 */

/** Whole seconds from `now` (epoch ms) until the ISO 8601 `deadline`; 0 once passed; null without one. */
export function secondsUntil(deadline: string | null | undefined, now: number): number | null {
    if (!deadline) return null;
    const at = Date.parse(deadline);
    if (Number.isNaN(at)) return null;
    return Math.max(0, Math.ceil((at - now) / 1000));
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(totalSeconds: number): string {
    const seconds = Math.max(0, Math.floor(totalSeconds));
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const ss = String(s).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Calls `tick` every `intervalMs` until the returned function is called. Components start one in
 * connectedCallback and stop it in disconnectedCallback.
 */
export function startTicker(tick: () => void, intervalMs = 1000): () => void {
    // A countdown is a timer by nature; it is always stopped by its owner.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    const handle = setInterval(tick, intervalMs);
    return () => clearInterval(handle);
}
