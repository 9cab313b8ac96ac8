/**
 * The SMS edge's typed errors. Each has a stable `code` the panel maps to a label, and a
 * `message` an agent understands. Messages never quote a phone number or message text: they may
 * end up in logs and in records other people can read.
 */
export const PROVIDER_ERROR_CODES = {
    INVALID_PHONE: 'The phone number is not valid.',
    MESSAGE_TOO_LONG: 'The message is too long.',
    EMPTY_MESSAGE: 'The message is empty.',
    OPTED_OUT: 'The customer has opted out of messages from this number.',
    UNKNOWN_MESSAGE: 'There is no such message.',
    NOT_RESENDABLE: 'Only a message that failed can be sent again.',
    INVALID_BUSINESS_HOURS: 'The business hours are not valid.',
    INVALID_CONFIG: 'The SMS provider configuration is not valid.'
} as const satisfies Record<string, string>;

export type ProviderErrorCode = keyof typeof PROVIDER_ERROR_CODES;

export class ProviderError extends Error {
    readonly code: ProviderErrorCode;
    /** Finer reason for the code, e.g. `TOO_SHORT` for INVALID_PHONE. */
    readonly reason?: string;

    constructor(code: ProviderErrorCode, message?: string, options?: { reason?: string; cause?: unknown }) {
        super(
            message ?? PROVIDER_ERROR_CODES[code],
            options?.cause === undefined ? undefined : { cause: options.cause }
        );
        this.name = 'ProviderError';
        this.code = code;
        this.reason = options?.reason;
    }
}

export function isProviderError(error: unknown, code?: ProviderErrorCode): error is ProviderError {
    return error instanceof ProviderError && (code === undefined || error.code === code);
}
