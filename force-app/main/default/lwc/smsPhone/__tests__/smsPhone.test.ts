import { checkPhone, formatPhone, lastDigits } from 'c/smsPhone';

describe('c/smsPhone checkPhone', () => {
    it.each([
        ['+1 (415) 555-0101', '+14155550101'],
        ['415.555.0101', '+14155550101'],
        ['1 415 555 0101', '+14155550101'],
        ['+44 20 7946 0958', '+442079460958'],
        ['0044 7700 900123', '+447700900123'],
        ['+33 6 12 34 56 78', '+33612345678']
    ])('accepts %s as %s', (input, e164) => {
        expect(checkPhone(input)).toEqual({ ok: true, e164 });
    });

    it.each([
        ['', 'EMPTY'],
        ['   ', 'EMPTY'],
        ['call me', 'INVALID_CHARACTERS'],
        ['+1 415 CALL NOW', 'INVALID_CHARACTERS'],
        ['415+5550101', 'INVALID_CHARACTERS'],
        ['+', 'INVALID_CHARACTERS'],
        ['555 0101', 'TOO_SHORT'],
        ['+44 20 79', 'TOO_SHORT'],
        ['+44 2079 4609 5812 345', 'TOO_LONG'],
        ['020 7946 0958 1', 'NO_COUNTRY_CODE'],
        ['+1 015 555 0101', 'INVALID_NUMBER'],
        ['+0 123 456 789', 'INVALID_NUMBER']
    ])('refuses %p with %s', (input, problem) => {
        expect(checkPhone(input)).toEqual({ ok: false, problem });
    });
});

describe('c/smsPhone formatPhone', () => {
    it('formats North American numbers and leaves others in E.164', () => {
        expect(formatPhone('+14155550101')).toBe('+1 (415) 555-0101');
        expect(formatPhone('+447700900123')).toBe('+447700900123');
        expect(formatPhone(null)).toBe('');
    });

    it('gives the last digits for compact labels', () => {
        expect(lastDigits('+14155550101')).toBe('0101');
        expect(lastDigits(undefined)).toBe('');
    });
});
