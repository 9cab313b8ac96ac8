/**
 * Phone matching the way SOSL `IN PHONE FIELDS` finds numbers: by digits, whatever the format a
 * record holds ("(415) 555-0101", "+1 415-555-0101", "4155550101"), with or without the country
 * code. A stored number matches the searched one when its digits are the full international
 * number, the national number, the national number with its trunk prefix ("020 …" in the UK),
 * or the international number behind an exit code ("00…", "011…").
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** The digits of a phone value, or '' when there are none. */
export function phoneDigits(value: string | null | undefined): string {
    return (value ?? '').replace(/\D/g, '');
}

/** Every digit string a record may hold for this number. */
export function phoneVariants(searched: string): Set<string> {
    const digits = phoneDigits(searched);
    const variants = new Set<string>();
    if (digits.length < 7) return variants;
    const parsed = parsePhoneNumberFromString(searched.trim().startsWith('+') ? searched : `+${digits}`);
    if (parsed && parsed.isPossible()) {
        const cc = parsed.countryCallingCode;
        const national = String(parsed.nationalNumber);
        variants.add(`${cc}${national}`);
        variants.add(national);
        variants.add(`0${national}`);
        variants.add(`00${cc}${national}`);
        variants.add(`011${cc}${national}`);
    }
    variants.add(digits);
    // A bare ten-digit number is North American: also with its country code.
    if (digits.length === 10) variants.add(`1${digits}`);
    if (digits.length === 11 && digits.startsWith('1')) variants.add(digits.slice(1));
    return variants;
}

/** Whether a stored phone value names the searched number. */
export function phoneMatches(stored: string | null | undefined, searched: string): boolean {
    const digits = phoneDigits(stored);
    return digits.length >= 7 && phoneVariants(searched).has(digits);
}

/**
 * The term to search phone fields with in SOSL: the national number, which Salesforce's phone
 * index matches however the record formats it; the results are then checked with phoneMatches.
 */
export function soslPhoneTerm(searched: string): string {
    const digits = phoneDigits(searched);
    const parsed = parsePhoneNumberFromString(searched.trim().startsWith('+') ? searched : `+${digits}`);
    return parsed && parsed.isPossible() ? String(parsed.nationalNumber) : digits;
}
