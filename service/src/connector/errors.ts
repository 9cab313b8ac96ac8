/**
 * Typed connector errors with a stable `code`. Messages never carry a token, a phone number or
 * message text.
 */
export const CONNECTOR_ERROR_CODES = {
    AUTH_CONFIG: 'The JWT bearer configuration is incomplete or unreadable',
    AUTH_REFUSED: 'The org refused the JWT bearer assertion',
    AUTH_UNAVAILABLE: 'The login endpoint could not be reached',
    SESSION_INVALID: 'The org keeps refusing fresh access tokens',
    REST_CLIENT_ERROR: 'The org refused a REST request',
    REST_SERVER_ERROR: 'The org failed a REST request',
    PUBSUB_ERROR: 'The Pub/Sub API failed',
    SCHEMA_MISMATCH: 'An event does not match its schema',
    SEED_ERROR: 'Seed data could not be loaded',
    RECORD_NOT_FOUND: 'No such record',
    FIELD_UNKNOWN: 'No such field',
    FIELD_INVALID: 'A field value is not allowed',
    DUPLICATE_VALUE: 'A unique field already holds this value',
    INSUFFICIENT_ACCESS: 'The user cannot see or change this record',
    FILTER_INVALID: 'The channel filter expression is not valid',
    CONFIG_INVALID: 'The service configuration is not valid'
} as const;

export type ConnectorErrorCode = keyof typeof CONNECTOR_ERROR_CODES;

export class ConnectorError extends Error {
    readonly code: ConnectorErrorCode;
    /** Whether retrying the same call later may succeed. */
    readonly retryable: boolean;
    readonly status?: number;

    constructor(
        code: ConnectorErrorCode,
        message?: string,
        options: { cause?: unknown; retryable?: boolean; status?: number } = {}
    ) {
        super(
            message ?? CONNECTOR_ERROR_CODES[code],
            options.cause !== undefined ? { cause: options.cause } : undefined
        );
        this.name = 'ConnectorError';
        this.code = code;
        this.retryable = options.retryable ?? false;
        this.status = options.status;
    }
}

export function isConnectorError(error: unknown, code?: ConnectorErrorCode): error is ConnectorError {
    return error instanceof ConnectorError && (code === undefined || error.code === code);
}
