/**
 * Customer phone numbers in the panel: a quick check as the agent types, and the display format.
 *
 * The service's check (libphonenumber, per country) is the authority; this one catches what is
 * plainly not a phone number before anything is sent, and turns what it accepts into E.164.
 * Accepted: "+" or "00" followed by a country code and number (8 to 15 digits in all), or a
 * 10-digit North American number (with or without a leading 1). Spaces, dots, dashes and
 * parentheses are ignored.
 */

export type PhoneProblem =
    'EMPTY' | 'INVALID_CHARACTERS' | 'TOO_SHORT' | 'TOO_LONG' | 'NO_COUNTRY_CODE' | 'INVALID_NUMBER';

export type PhoneCheck = { ok: true; e164: string } | { ok: false; problem: PhoneProblem };

const SEPARATORS = /[\s.\-()\u00a0]/g;
const MIN_DIGITS = 8;
const MAX_DIGITS = 15;

function nanp(tenDigits: string): PhoneCheck {
    // Area code and exchange never start with 0 or 1.
    if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(tenDigits)) {
        return { ok: false, problem: 'INVALID_NUMBER' };
    }
    return { ok: true, e164: `+1${tenDigits}` };
}

/** Checks what the agent typed; on success gives the number in E.164. */
export function checkPhone(input: string | null | undefined): PhoneCheck {
    const trimmed = (input ?? '').trim();
    if (trimmed.length === 0) return { ok: false, problem: 'EMPTY' };
    const compact = trimmed.replace(SEPARATORS, '');
    if (!/^(\+|00)?\d*$/.test(compact) || compact === '+') {
        return { ok: false, problem: 'INVALID_CHARACTERS' };
    }
    const international = compact.startsWith('+') || compact.startsWith('00');
    const digits = compact.replace(/^(\+|00)/, '');
    if (international) {
        if (digits.startsWith('0')) return { ok: false, problem: 'INVALID_NUMBER' };
        if (digits.length < MIN_DIGITS) return { ok: false, problem: 'TOO_SHORT' };
        if (digits.length > MAX_DIGITS) return { ok: false, problem: 'TOO_LONG' };
        if (digits.startsWith('1')) {
            if (digits.length !== 11) return { ok: false, problem: digits.length < 11 ? 'TOO_SHORT' : 'TOO_LONG' };
            return nanp(digits.slice(1));
        }
        return { ok: true, e164: `+${digits}` };
    }
    if (digits.length === 10) return nanp(digits);
    if (digits.length === 11 && digits.startsWith('1')) return nanp(digits.slice(1));
    if (digits.length < 10) return { ok: false, problem: 'TOO_SHORT' };
    return { ok: false, problem: 'NO_COUNTRY_CODE' };
}

/**
 * The number as the agent reads it: North American numbers as "+1 (415) 555-0101"; others in
 * E.164 as stored (grouping them needs per-country rules the service has and the panel has not).
 */
export function formatPhone(e164: string | null | undefined): string {
    if (!e164) return '';
    const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
    if (match) return `+1 (${match[1]}) ${match[2]}-${match[3]}`;
    return e164;
}

/** The last four digits, for compact places (an interaction icon). */
export function lastDigits(e164: string | null | undefined, count = 4): string {
    const digits = (e164 ?? '').replace(/\D/g, '');
    return digits.slice(-count);
}
