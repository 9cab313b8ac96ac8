/**
 * Structured logs (pino). Phone numbers and message text never reach a log line: the known
 * fields are censored by path, and `redactText` masks anything that looks like a phone number in
 * free text (error messages from providers and APIs often quote the number).
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Field names that carry personal data anywhere in a logged object. */
export const SENSITIVE_KEYS = [
    'phone',
    'from',
    'to',
    'body',
    'text',
    'message_text',
    'customerPhone',
    'customer_phone',
    'Customer_Phone__c',
    'Body__c',
    'From',
    'To',
    'Body',
    'authorization',
    'Authorization',
    'access_token',
    'accessToken',
    'token',
    'password',
    'secret',
    'authToken',
    'privateKey'
] as const;

const REDACT_PATHS = SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** Masks runs of 7 or more digits (with the usual separators) in free text. */
export function redactText(value: string): string {
    return value.replace(/(?:\+|\()?\d[\d\s().-]{5,}\d/g, (match) =>
        match.replace(/\D/g, '').length >= 7 ? '[phone]' : match
    );
}

/** Masks phone-like runs in an error's message, stack, cause and other properties. */
function redactStrings(value: Record<string, unknown>, depth: number): void {
    if (depth > 4) return;
    const keys = new Set([...Object.keys(value), ...(value instanceof Error ? ['message', 'stack', 'cause'] : [])]);
    for (const key of keys) {
        const v = value[key];
        if (typeof v === 'string') value[key] = redactText(v);
        else if (v && typeof v === 'object') redactStrings(v as Record<string, unknown>, depth + 1);
    }
}

export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
    const config: LoggerOptions = {
        level: process.env.LOG_LEVEL ?? 'info',
        ...options,
        redact: { paths: REDACT_PATHS, censor: '[redacted]' },
        formatters: {
            log(object) {
                if (typeof object.msg === 'string') object.msg = redactText(object.msg);
                // An error's message, stack and causes often quote what the failed call carried.
                if (object.err && typeof object.err === 'object')
                    redactStrings(object.err as Record<string, unknown>, 0);
                return object;
            }
        },
        hooks: {
            logMethod(args, method) {
                const redacted = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
                return method.apply(this, redacted as Parameters<typeof method>);
            }
        }
    };
    return destination ? pino(config, destination) : pino(config);
}

export type { Logger };
