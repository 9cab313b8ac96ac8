/**
 * Phone numbers: parsed and normalised to E.164 with libphonenumber-js (its full metadata, so
 * a number is checked against the real numbering plan of its country, not only its length).
 * A number written without a country code is read in the configured default region.
 */
import {
    isSupportedCountry,
    parsePhoneNumberWithError,
    ParseError,
    validatePhoneNumberLength,
    type CountryCode
} from 'libphonenumber-js/max';
import { ProviderError } from './errors';

export type { CountryCode };

/** Messages an agent understands; they never repeat the number itself. */
const REASONS = {
    EMPTY: 'Enter the customer’s phone number.',
    NOT_A_NUMBER: 'This is not a phone number. Use digits, and start a number from abroad with + and its country code.',
    INVALID_COUNTRY: 'The country of this number is unknown. Start the number with + and its country code.',
    TOO_SHORT: 'This phone number has too few digits.',
    TOO_LONG: 'This phone number has too many digits.',
    INVALID_LENGTH: 'This phone number has the wrong number of digits for its country.',
    NOT_VALID: 'This is not a valid phone number in its country. Check the digits and the country code.'
} as const;

export type PhoneErrorReason = keyof typeof REASONS;

export function isCountryCode(value: string): value is CountryCode {
    return isSupportedCountry(value);
}

/**
 * The number in E.164 (`+14155550101`), or a ProviderError `INVALID_PHONE` whose `reason` says
 * why (`EMPTY`, `NOT_A_NUMBER`, `INVALID_COUNTRY`, `TOO_SHORT`, `TOO_LONG`, `INVALID_LENGTH`,
 * `NOT_VALID`).
 */
export function normalisePhone(input: string, defaultRegion: CountryCode): string {
    const text = (input ?? '').trim();
    if (text === '') throw phoneError('EMPTY');
    let parsed;
    try {
        parsed = parsePhoneNumberWithError(text, defaultRegion);
    } catch (error) {
        if (error instanceof ParseError && error.message in REASONS) {
            throw phoneError(error.message as PhoneErrorReason, error);
        }
        throw phoneError('NOT_A_NUMBER', error);
    }
    if (!parsed.isValid()) {
        throw phoneError(lengthReason(text, defaultRegion) ?? 'NOT_VALID');
    }
    return parsed.number;
}

/** The E.164 form when the text is a valid number, otherwise undefined. */
export function tryNormalisePhone(input: string, defaultRegion: CountryCode): string | undefined {
    try {
        return normalisePhone(input, defaultRegion);
    } catch {
        return undefined;
    }
}

function lengthReason(text: string, defaultRegion: CountryCode): PhoneErrorReason | undefined {
    const result = validatePhoneNumberLength(text, defaultRegion);
    return result === undefined ? undefined : result;
}

function phoneError(reason: PhoneErrorReason, cause?: unknown): ProviderError {
    return new ProviderError('INVALID_PHONE', REASONS[reason], { reason, cause });
}
