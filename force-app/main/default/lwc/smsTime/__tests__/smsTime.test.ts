import { formatDuration, secondsUntil, startTicker } from 'c/smsTime';

describe('c/smsTime', () => {
    const now = Date.parse('2026-11-25T15:00:00.000Z');

    it('counts whole seconds up to a deadline, rounding up, and stops at zero', () => {
        expect(secondsUntil('2026-11-25T15:00:30.000Z', now)).toBe(30);
        expect(secondsUntil('2026-11-25T15:00:00.400Z', now)).toBe(1);
        expect(secondsUntil('2026-11-25T14:59:00.000Z', now)).toBe(0);
    });

    it('has no countdown without a valid deadline', () => {
        expect(secondsUntil(null, now)).toBeNull();
        expect(secondsUntil('not a date', now)).toBeNull();
    });

    it('formats like a clock', () => {
        expect(formatDuration(0)).toBe('0:00');
        expect(formatDuration(75)).toBe('1:15');
        expect(formatDuration(3725)).toBe('1:02:05');
    });

    it('ticks every second until stopped', () => {
        jest.useFakeTimers();
        const tick = jest.fn();
        const stop = startTicker(tick);
        jest.advanceTimersByTime(3000);
        expect(tick).toHaveBeenCalledTimes(3);
        stop();
        jest.advanceTimersByTime(3000);
        expect(tick).toHaveBeenCalledTimes(3);
        jest.useRealTimers();
    });
});
