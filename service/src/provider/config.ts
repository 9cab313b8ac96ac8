/**
 * The SMS edge's configuration, read from the environment and validated once at boot. Every
 * problem is reported at once, each with the variable's name and what it should look like.
 * Documented in the README ("Configuration").
 */
import { ProviderError } from './errors';
import { isCountryCode, type CountryCode } from './phone';

export type ProviderKind = 'twilio' | 'simulator';

/** What to do after a send whose outcome is unknown (timeout, 5xx) and not found at the provider. */
export type UnconfirmedSendPolicy = 'reconcile' | 'fail';

export interface ProviderConfig {
    kind: ProviderKind;
    accountSid: string;
    authToken: string;
    /** REST API base, e.g. https://api.twilio.com or the simulator's URL; no trailing slash. */
    apiBaseUrl: string;
    /**
     * The URL at which the provider reaches this service, no trailing slash. Webhook signatures
     * are checked against it plus the request's path and query, and status-callback URLs are
     * built from it.
     */
    publicUrl: string;
    /** Region for numbers written without a country code (ISO 3166 alpha-2). */
    defaultRegion: CountryCode;
    /** One send attempt's time limit. */
    sendTimeoutMs: number;
    /** Attempts per outbound message, the first included. */
    sendMaxAttempts: number;
    /** First pause between attempts; doubled each time, with jitter. */
    sendBackoffMs: number;
    /** After an attempt with an unknown outcome: look the message up at the provider before another attempt. */
    unconfirmedSend: UnconfirmedSendPolicy;
    /** Wait before that lookup, so a message the provider accepted late is listed. */
    reconcileDelayMs: number;
}

export const PROVIDER_ENV = {
    SMS_PROVIDER: 'twilio or simulator (default simulator)',
    SMS_ACCOUNT_SID: 'the account SID (AC followed by 32 hexadecimal characters)',
    SMS_AUTH_TOKEN: 'the auth token (signs webhooks; the REST API password)',
    SMS_API_BASE_URL: 'the REST API base URL (default https://api.twilio.com for twilio)',
    SMS_PUBLIC_URL: 'the public base URL at which the provider reaches this service',
    SMS_DEFAULT_REGION: 'ISO 3166 country code for numbers without a country code (default US)',
    SMS_SEND_TIMEOUT_MS: 'time limit of one send attempt in ms (default 10000)',
    SMS_SEND_MAX_ATTEMPTS: 'attempts per outbound message (default 4)',
    SMS_SEND_BACKOFF_MS: 'first pause between attempts in ms, doubled each time (default 500)',
    SMS_UNCONFIRMED_SEND: 'reconcile or fail (default reconcile)',
    SMS_RECONCILE_DELAY_MS: 'wait before looking up a send with an unknown outcome in ms (default 2000)'
} as const;

type Env = Readonly<Record<string, string | undefined>>;

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

export function loadProviderConfig(env: Env = process.env): ProviderConfig {
    const { config, problems } = checkProviderConfig(env);
    if (problems.length > 0) {
        throw new ProviderError(
            'INVALID_CONFIG',
            `The SMS provider configuration is not valid:\n  - ${problems.join('\n  - ')}`
        );
    }
    return config;
}

/**
 * Reads and checks every variable; returns the configuration and every problem (one line each),
 * so that a service can report them together with its own.
 */
export function checkProviderConfig(env: Env = process.env): { config: ProviderConfig; problems: string[] } {
    const problems: string[] = [];
    const read = (name: keyof typeof PROVIDER_ENV): string | undefined => {
        const value = env[name];
        return value === undefined || value.trim() === '' ? undefined : value.trim();
    };
    const integer = (name: keyof typeof PROVIDER_ENV, fallback: number, min: number, max: number): number => {
        const raw = read(name);
        if (raw === undefined) return fallback;
        const value = Number(raw);
        if (!Number.isInteger(value) || value < min || value > max) {
            problems.push(
                `${name} must be a whole number from ${min} to ${max} (${PROVIDER_ENV[name]}); got "${raw}".`
            );
            return fallback;
        }
        return value;
    };
    const url = (name: keyof typeof PROVIDER_ENV, raw: string | undefined): string => {
        if (raw === undefined) return '';
        try {
            const parsed = new URL(raw);
            if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
            if (parsed.search || parsed.hash) throw new Error('has a query');
            return raw.replace(/\/+$/, '');
        } catch {
            problems.push(
                `${name} must be an http(s) URL without query or fragment (${PROVIDER_ENV[name]}); got "${raw}".`
            );
            return '';
        }
    };

    const kindRaw = read('SMS_PROVIDER') ?? 'simulator';
    let kind: ProviderKind = 'simulator';
    const kindValid = kindRaw === 'twilio' || kindRaw === 'simulator';
    if (kindValid) kind = kindRaw;
    else problems.push(`SMS_PROVIDER must be "twilio" or "simulator"; got "${kindRaw}".`);

    const accountSid = read('SMS_ACCOUNT_SID') ?? '';
    if (!accountSid) problems.push(`SMS_ACCOUNT_SID is required (${PROVIDER_ENV.SMS_ACCOUNT_SID}).`);
    else if (!ACCOUNT_SID.test(accountSid)) {
        problems.push(`SMS_ACCOUNT_SID must be ${PROVIDER_ENV.SMS_ACCOUNT_SID}.`);
    }
    const authToken = read('SMS_AUTH_TOKEN') ?? '';
    if (!authToken) problems.push(`SMS_AUTH_TOKEN is required (${PROVIDER_ENV.SMS_AUTH_TOKEN}).`);

    const apiRaw = read('SMS_API_BASE_URL') ?? (kind === 'twilio' ? 'https://api.twilio.com' : undefined);
    if (apiRaw === undefined && kindValid) {
        problems.push('SMS_API_BASE_URL is required with SMS_PROVIDER=simulator (the simulator’s URL).');
    }
    const apiBaseUrl = url('SMS_API_BASE_URL', apiRaw);
    const publicRaw = read('SMS_PUBLIC_URL');
    if (publicRaw === undefined) problems.push(`SMS_PUBLIC_URL is required (${PROVIDER_ENV.SMS_PUBLIC_URL}).`);
    const publicUrl = url('SMS_PUBLIC_URL', publicRaw);

    const regionRaw = (read('SMS_DEFAULT_REGION') ?? 'US').toUpperCase();
    let defaultRegion: CountryCode = 'US';
    if (isCountryCode(regionRaw)) defaultRegion = regionRaw;
    else
        problems.push(`SMS_DEFAULT_REGION must be a two-letter country code such as US, GB or DE; got "${regionRaw}".`);

    const policyRaw = read('SMS_UNCONFIRMED_SEND') ?? 'reconcile';
    let unconfirmedSend: UnconfirmedSendPolicy = 'reconcile';
    if (policyRaw === 'reconcile' || policyRaw === 'fail') unconfirmedSend = policyRaw;
    else problems.push(`SMS_UNCONFIRMED_SEND must be "reconcile" or "fail"; got "${policyRaw}".`);

    const config: ProviderConfig = {
        kind,
        accountSid,
        authToken,
        apiBaseUrl,
        publicUrl,
        defaultRegion,
        sendTimeoutMs: integer('SMS_SEND_TIMEOUT_MS', 10_000, 100, 120_000),
        sendMaxAttempts: integer('SMS_SEND_MAX_ATTEMPTS', 4, 1, 10),
        sendBackoffMs: integer('SMS_SEND_BACKOFF_MS', 500, 0, 60_000),
        unconfirmedSend,
        reconcileDelayMs: integer('SMS_RECONCILE_DELAY_MS', 2_000, 0, 60_000)
    };
    return { config, problems };
}
