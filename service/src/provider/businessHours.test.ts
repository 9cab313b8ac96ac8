import { isOpenAt, localWallClock, parseBusinessHours, type SalesforceBusinessHours } from './businessHours';

const CLOSED_DAYS = {
    MondayStartTime: null,
    MondayEndTime: null,
    TuesdayStartTime: null,
    TuesdayEndTime: null,
    WednesdayStartTime: null,
    WednesdayEndTime: null,
    ThursdayStartTime: null,
    ThursdayEndTime: null,
    FridayStartTime: null,
    FridayEndTime: null,
    SaturdayStartTime: null,
    SaturdayEndTime: null,
    SundayStartTime: null,
    SundayEndTime: null
};

function hours(fields: Partial<SalesforceBusinessHours> & { TimeZoneSidKey: string }) {
    return parseBusinessHours({ ...CLOSED_DAYS, ...fields });
}

const utc = (iso: string) => Date.parse(iso);

describe('business hours', () => {
    const newYorkWeekdays = hours({
        TimeZoneSidKey: 'America/New_York',
        MondayStartTime: '09:00:00.000Z',
        MondayEndTime: '17:00:00.000Z',
        WednesdayStartTime: '09:00:00.000Z',
        WednesdayEndTime: '17:00:00.000Z',
        FridayStartTime: '09:00:00.000Z',
        FridayEndTime: '17:00:00.000Z'
    });

    it.each([
        ['one millisecond before opening', '2025-01-15T13:59:59.999Z', false],
        ['the opening minute', '2025-01-15T14:00:00.000Z', true],
        ['the last minute before closing', '2025-01-15T21:59:00.000Z', true],
        ['the closing minute', '2025-01-15T22:00:00.000Z', false],
        ['a closed weekday (Tuesday noon)', '2025-01-14T17:00:00.000Z', false],
        ['a day with no times (Saturday noon)', '2025-01-18T17:00:00.000Z', false]
    ])('Wednesday 09:00–17:00 New York: %s', (_name, at, open) => {
        expect(isOpenAt(newYorkWeekdays, utc(at))).toBe(open);
    });

    it('follows daylight saving time: 09:00 is 14:00Z in winter and 13:00Z in summer', () => {
        // Friday before the change (EST, UTC-5) and Monday after it (EDT, UTC-4).
        expect(isOpenAt(newYorkWeekdays, utc('2025-03-07T13:30:00Z'))).toBe(false); // 08:30 EST
        expect(isOpenAt(newYorkWeekdays, utc('2025-03-07T14:00:00Z'))).toBe(true); // 09:00 EST
        expect(isOpenAt(newYorkWeekdays, utc('2025-03-10T13:00:00Z'))).toBe(true); // 09:00 EDT
        expect(isOpenAt(newYorkWeekdays, utc('2025-03-10T12:59:00Z'))).toBe(false); // 08:59 EDT
        expect(isOpenAt(newYorkWeekdays, utc('2025-03-10T21:00:00Z'))).toBe(false); // 17:00 EDT
    });

    it('reads the wall clock across the spring-forward hour that does not exist', () => {
        const earlySunday = hours({
            TimeZoneSidKey: 'America/New_York',
            SundayStartTime: '01:00',
            SundayEndTime: '03:00'
        });
        expect(isOpenAt(earlySunday, utc('2025-03-09T06:59:00Z'))).toBe(true); // 01:59 EST
        expect(isOpenAt(earlySunday, utc('2025-03-09T07:00:00Z'))).toBe(false); // 03:00 EDT: 02:00–03:00 never happens
        expect(localWallClock('America/New_York', utc('2025-03-09T07:00:00Z')).timeOfDay).toBe(3 * 3600_000);
    });

    it('is open during both runs of the repeated fall-back hour', () => {
        const oneAm = hours({ TimeZoneSidKey: 'America/New_York', SundayStartTime: '01:00', SundayEndTime: '02:00' });
        expect(isOpenAt(oneAm, utc('2025-11-02T05:30:00Z'))).toBe(true); // 01:30 EDT
        expect(isOpenAt(oneAm, utc('2025-11-02T06:30:00Z'))).toBe(true); // 01:30 EST, again
        expect(isOpenAt(oneAm, utc('2025-11-02T07:00:00Z'))).toBe(false); // 02:00 EST
    });

    it('treats 00:00–00:00 as open 24 hours, and a day without times as closed', () => {
        const mondays = hours({
            TimeZoneSidKey: 'Europe/London',
            MondayStartTime: '00:00:00.000Z',
            MondayEndTime: '00:00:00.000Z'
        });
        expect(isOpenAt(mondays, utc('2025-01-13T00:00:00Z'))).toBe(true); // Monday 00:00
        expect(isOpenAt(mondays, utc('2025-01-13T23:59:59.999Z'))).toBe(true); // Monday 23:59:59.999
        expect(isOpenAt(mondays, utc('2025-01-12T23:59:59.999Z'))).toBe(false); // Sunday, closed
        expect(isOpenAt(mondays, utc('2025-01-14T00:00:00Z'))).toBe(false); // Tuesday, closed
        // In summer London is UTC+1: Monday 00:00 local is Sunday 23:00Z.
        expect(isOpenAt(mondays, utc('2025-07-13T23:00:00Z'))).toBe(true);
        expect(isOpenAt(mondays, utc('2025-07-13T22:59:00Z'))).toBe(false);
    });

    it('reads an end of 00:00 after a later start as midnight, the end of that day', () => {
        const lateFriday = hours({ TimeZoneSidKey: 'Asia/Tokyo', FridayStartTime: '22:00', FridayEndTime: '00:00' });
        expect(isOpenAt(lateFriday, utc('2025-01-17T13:00:00Z'))).toBe(true); // Friday 22:00 JST
        expect(isOpenAt(lateFriday, utc('2025-01-17T14:59:59Z'))).toBe(true); // Friday 23:59:59 JST
        expect(isOpenAt(lateFriday, utc('2025-01-17T15:00:00Z'))).toBe(false); // Saturday 00:00 JST
    });

    it('uses the southern hemisphere’s summer time (Sydney)', () => {
        const sydney = hours({ TimeZoneSidKey: 'Australia/Sydney', MondayStartTime: '09:00', MondayEndTime: '17:00' });
        expect(isOpenAt(sydney, utc('2025-01-12T22:00:00Z'))).toBe(true); // Monday 09:00 AEDT (UTC+11)
        expect(isOpenAt(sydney, utc('2025-07-13T23:00:00Z'))).toBe(true); // Monday 09:00 AEST (UTC+10)
        expect(isOpenAt(sydney, utc('2025-07-13T22:00:00Z'))).toBe(false); // Monday 08:00 AEST
    });

    it.each([
        [{ TimeZoneSidKey: 'Mars/Olympus_Mons' }, 'unknown time zone "Mars/Olympus_Mons"'],
        [{ TimeZoneSidKey: '' }, 'TimeZoneSidKey is missing'],
        [{ TimeZoneSidKey: 'UTC', MondayStartTime: '09:00' }, 'Monday has a start time but no end time'],
        [{ TimeZoneSidKey: 'UTC', MondayStartTime: '17:00', MondayEndTime: '09:00' }, 'Monday ends before it starts'],
        [
            { TimeZoneSidKey: 'UTC', MondayStartTime: '9am', MondayEndTime: '17:00' },
            'MondayStartTime is not a time of day'
        ],
        [
            { TimeZoneSidKey: 'UTC', MondayStartTime: '25:00', MondayEndTime: '26:00' },
            'MondayStartTime is not a time of day'
        ]
    ])('refuses %o with INVALID_BUSINESS_HOURS', (fields, message) => {
        expect(() => hours(fields as SalesforceBusinessHours)).toThrow(
            expect.objectContaining({ code: 'INVALID_BUSINESS_HOURS', message: expect.stringContaining(message) })
        );
    });
});
