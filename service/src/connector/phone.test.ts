import { phoneMatches, soslPhoneTerm } from './phone';

describe('phone matching', () => {
    test.each([
        ['(415) 555-0101', true],
        ['+1 415-555-0101', true],
        ['4155550101', true],
        ['1-415-555-0101', true],
        ['415.555.0101', true],
        ['011 1 415 555 0101', true],
        ['555-0101', false],
        ['(212) 555-0101', false],
        ['', false]
    ])('%s against +14155550101 → %s', (stored, expected) => {
        expect(phoneMatches(stored, '+14155550101')).toBe(expected);
    });

    test('international numbers match with trunk prefix or exit code', () => {
        expect(phoneMatches('020 7946 0958', '+442079460958')).toBe(true);
        expect(phoneMatches('+44 20 7946 0958', '+442079460958')).toBe(true);
        expect(phoneMatches('0044 20 7946 0958', '+442079460958')).toBe(true);
        expect(phoneMatches('020 7946 0959', '+442079460958')).toBe(false);
    });

    test('the SOSL term is the national number', () => {
        expect(soslPhoneTerm('+14155550101')).toBe('4155550101');
        expect(soslPhoneTerm('+442079460958')).toBe('2079460958');
    });
});
