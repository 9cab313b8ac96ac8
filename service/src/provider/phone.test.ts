import { isProviderError } from './errors';
import { normalisePhone, tryNormalisePhone } from './phone';

describe('normalisePhone', () => {
    it.each([
        ['(415) 555-0101', 'US', '+14155550101'],
        ['415.555.0101', 'US', '+14155550101'],
        ['+1 415-555-0101', 'GB', '+14155550101'],
        ['07911 123456', 'GB', '+447911123456'],
        ['+44 20 7946 0018', 'US', '+442079460018'],
        ['030 901820', 'DE', '+4930901820'],
        ['+49 1512 3456789', 'US', '+4915123456789'],
        ['06 12 34 56 78', 'FR', '+33612345678'],
        ['+81 90-1234-5678', 'US', '+819012345678'],
        ['0491 570 156', 'AU', '+61491570156'],
        ['+91 98765 43210', 'US', '+919876543210'],
        ['+55 11 91234-5678', 'US', '+5511912345678']
    ] as const)('reads %s (default region %s) as %s', (input, region, expected) => {
        expect(normalisePhone(input, region)).toBe(expected);
    });

    it.each([
        ['', 'EMPTY', 'Enter the customer’s phone number.'],
        ['   ', 'EMPTY', 'Enter the customer’s phone number.'],
        [
            'call me',
            'NOT_A_NUMBER',
            'This is not a phone number. Use digits, and start a number from abroad with + and its country code.'
        ],
        ['12', 'TOO_SHORT', 'This phone number has too few digits.'],
        ['+1 415 555 01011111', 'TOO_LONG', 'This phone number has too many digits.'],
        [
            '+999 1234567',
            'INVALID_COUNTRY',
            'The country of this number is unknown. Start the number with + and its country code.'
        ],
        [
            '+1 200 555 0100',
            'NOT_VALID',
            'This is not a valid phone number in its country. Check the digits and the country code.'
        ],
        [
            '+44 7700 900123',
            'NOT_VALID',
            'This is not a valid phone number in its country. Check the digits and the country code.'
        ]
    ])('refuses "%s" with INVALID_PHONE (%s) and a message an agent understands', (input, reason, message) => {
        let caught: unknown;
        try {
            normalisePhone(input, 'US');
        } catch (error) {
            caught = error;
        }
        expect(isProviderError(caught, 'INVALID_PHONE')).toBe(true);
        expect(caught).toMatchObject({ code: 'INVALID_PHONE', reason, message });
        // The refusal never repeats the number (it may end up in logs).
        const digits = input.replace(/\D/g, '');
        if (digits.length >= 4) expect((caught as Error).message).not.toContain(digits);
    });

    it('reads a national number in the default region, not in another', () => {
        expect(normalisePhone('020 7946 0018', 'GB')).toBe('+442079460018');
        expect(tryNormalisePhone('020 7946 0018', 'US')).toBeUndefined();
    });
});
