/**
 * Business hours in the shape of Salesforce's standard BusinessHours record (Setup → Business
 * Hours), as the REST API and SOQL return it: a start and an end time per weekday
 * (`MondayStartTime`, `MondayEndTime`, … as `"08:00:00.000Z"`) and a `TimeZoneSidKey`.
 * The times are wall-clock times in that time zone (the `Z` Salesforce appends to every Time
 * value does not make them UTC). Following Setup's own rules:
 *   - start and end both 00:00 — open 24 hours that day;
 *   - no start and no end — closed that day;
 *   - an end of 00:00 after a later start — open until midnight.
 * Open from the start minute (included) to the end minute (excluded). Time zones and daylight
 * saving come from the runtime's Intl time zone data: the weekday and time of day are read on
 * the local wall clock of the record's time zone at the instant asked about.
 */
import { ProviderError } from './errors';

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

type DayFields = {
    [D in Weekday as `${D}StartTime`]?: string | null;
} & {
    [D in Weekday as `${D}EndTime`]?: string | null;
};

/** A BusinessHours record as Salesforce's REST API returns it (other fields are ignored). */
export type SalesforceBusinessHours = DayFields & {
    Name?: string;
    IsActive?: boolean;
    TimeZoneSidKey: string;
};

/** One day's opening, in milliseconds after local midnight: [open, close). */
export interface DayWindow {
    open: number;
    close: number;
}

export interface BusinessHoursSchedule {
    name?: string;
    timeZone: string;
    /** Index 0 = Sunday … 6 = Saturday; null = closed all day. */
    days: readonly (DayWindow | null)[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?$/;

function parseTime(value: string, field: string): number {
    const match = TIME.exec(value.trim());
    if (!match) throw invalid(`${field} is not a time of day (expected HH:MM, e.g. 08:00:00.000Z).`);
    const [hours, minutes, seconds, millis] = [
        match[1],
        match[2],
        match[3] ?? '0',
        (match[4] ?? '0').padEnd(3, '0')
    ].map(Number);
    if (hours > 23 || minutes > 59 || seconds > 59) throw invalid(`${field} is not a time of day.`);
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

function invalid(message: string): ProviderError {
    return new ProviderError('INVALID_BUSINESS_HOURS', `Business hours: ${message}`);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
    let formatter = formatters.get(timeZone);
    if (!formatter) {
        try {
            formatter = new Intl.DateTimeFormat('en-US', {
                timeZone,
                weekday: 'short',
                hour: '2-digit',
                minute: '2-digit',
                second: '2-digit',
                hourCycle: 'h23'
            });
        } catch (error) {
            throw new ProviderError('INVALID_BUSINESS_HOURS', `Business hours: unknown time zone "${timeZone}".`, {
                cause: error
            });
        }
        formatters.set(timeZone, formatter);
    }
    return formatter;
}

/** Validates a BusinessHours record once; the schedule it returns answers `isOpenAt` quickly. */
export function parseBusinessHours(record: SalesforceBusinessHours): BusinessHoursSchedule {
    if (!record || typeof record.TimeZoneSidKey !== 'string' || record.TimeZoneSidKey.trim() === '') {
        throw invalid('TimeZoneSidKey is missing.');
    }
    const timeZone = record.TimeZoneSidKey.trim();
    formatterFor(timeZone);
    const days = WEEKDAYS.map((day): DayWindow | null => {
        const start = record[`${day}StartTime`];
        const end = record[`${day}EndTime`];
        const hasStart = start !== null && start !== undefined && start !== '';
        const hasEnd = end !== null && end !== undefined && end !== '';
        if (!hasStart && !hasEnd) return null;
        if (!hasStart || !hasEnd)
            throw invalid(`${day} has a ${hasStart ? 'start' : 'end'} time but no ${hasStart ? 'end' : 'start'} time.`);
        const open = parseTime(start, `${day}StartTime`);
        let close = parseTime(end, `${day}EndTime`);
        if (close === 0) close = DAY_MS; // 00:00 as an end is midnight at the end of the day.
        if (close <= open) throw invalid(`${day} ends before it starts.`);
        return { open, close };
    });
    return { name: record.Name, timeZone, days };
}

/** Weekday (0 = Sunday) and milliseconds since local midnight at `epochMs` in `timeZone`. */
export function localWallClock(timeZone: string, epochMs: number): { weekday: number; timeOfDay: number } {
    const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
    let weekday = -1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of parts) {
        if (part.type === 'weekday') weekday = SHORT_WEEKDAYS.indexOf(part.value);
        else if (part.type === 'hour') hour = Number(part.value) % 24;
        else if (part.type === 'minute') minute = Number(part.value);
        else if (part.type === 'second') second = Number(part.value);
    }
    if (weekday < 0) throw new Error(`Unexpected weekday from Intl for time zone ${timeZone}`);
    const millis = ((epochMs % 1000) + 1000) % 1000;
    return { weekday, timeOfDay: ((hour * 60 + minute) * 60 + second) * 1000 + millis };
}

const SHORT_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function isOpenAt(schedule: BusinessHoursSchedule, epochMs: number): boolean {
    const { weekday, timeOfDay } = localWallClock(schedule.timeZone, epochMs);
    const window = schedule.days[weekday];
    return window !== null && window !== undefined && timeOfDay >= window.open && timeOfDay < window.close;
}
