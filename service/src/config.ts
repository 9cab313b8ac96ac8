/**
 * The service's configuration from environment variables, validated once at boot. Every problem
 * is reported at once, one line per variable, naming it and what it should hold; nothing starts
 * with a half-valid configuration. `.env.example` lists every variable with a comment.
 */
import fs from 'fs';
import { checkProviderConfig, PROVIDER_ENV, type ProviderConfig } from './provider/config';

export const SERVICE_ENV = {
    PORT: 'HTTP port for webhooks, /healthz, /readyz and /metrics (default 3000)',
    HOST: 'address to listen on (default 0.0.0.0)',
    DATABASE_URL: 'postgres://user@host:5432/db to share one PostgreSQL between instances; unset: SQLite',
    SQLITE_FILE: 'SQLite file when DATABASE_URL is unset (default var/sms-service.sqlite)',
    LOG_LEVEL: 'fatal, error, warn, info, debug or trace (default info)',
    SHUTDOWN_TIMEOUT_MS: 'longest graceful shutdown before the process gives up, in ms (default 15000)',
    SF_LOGIN_URL: 'https://login.salesforce.com, https://test.salesforce.com or your My Domain URL',
    SF_CONSUMER_KEY: "the connected app's consumer key (JWT bearer flow)",
    SF_USERNAME: "the integration user's username",
    SF_PRIVATE_KEY_PATH: 'path to the PEM private key whose certificate is uploaded to the connected app',
    SF_PUBSUB_ENDPOINT: 'Pub/Sub API host:port (default api.pubsub.salesforce.com:7443)',
    SF_SESSION_SECONDS: "the org's session timeout in seconds; the token is renewed before it (default 7200)",
    SF_ACTION_BATCH_SIZE: 'agent action events requested per batch, 1–1000 (default 100)',
    SF_CONFIG_POLL_SECONDS: 'how often the org configuration is re-read, 10–86400 seconds (default 60)',
    SF_EVENT_DEBOUNCE_MS: 'quiet time before coalesced agent nudges go out, 0–10000 ms (default 2500)',
    SF_EVENT_MAX_DELAY_MS: 'longest a nudge waits, 0–30000 ms (default 5000)'
} as const;

export type ServiceEnvName = keyof typeof SERVICE_ENV;

export interface ServiceConfig {
    port: number;
    host: string;
    database: { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string };
    logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
    shutdownTimeoutMs: number;
    salesforce: {
        loginUrl: string;
        consumerKey: string;
        username: string;
        privateKeyPath: string;
        pubSubEndpoint: string;
        sessionSeconds: number;
        actionBatchSize: number;
        configPollSeconds: number;
        eventDebounceMs: number;
        eventMaxDelayMs: number;
    };
}

export class ConfigurationError extends Error {
    readonly code = 'CONFIG_INVALID';
    constructor(readonly problems: readonly string[]) {
        super(`The service configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
        this.name = 'ConfigurationError';
    }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and checks every variable; throws one ConfigurationError listing every problem. */
export function loadServiceConfig(env: Env = process.env): ServiceConfig {
    const problems: string[] = [];
    const read = (name: ServiceEnvName): string | undefined => {
        const v = env[name];
        return v === undefined || v.trim() === '' ? undefined : v.trim();
    };
    const required = (name: ServiceEnvName): string => {
        const v = read(name);
        if (v === undefined) problems.push(`${name} is required: ${SERVICE_ENV[name]}.`);
        return v ?? '';
    };
    const integer = (name: ServiceEnvName, fallback: number, min: number, max: number): number => {
        const raw = read(name);
        if (raw === undefined) return fallback;
        const n = Number(raw);
        if (!Number.isInteger(n) || n < min || n > max) {
            problems.push(`${name} must be a whole number from ${min} to ${max} (${SERVICE_ENV[name]}); got "${raw}".`);
            return fallback;
        }
        return n;
    };

    const port = integer('PORT', 3000, 1, 65535);
    const host = read('HOST') ?? '0.0.0.0';
    const databaseUrl = read('DATABASE_URL');
    let database: ServiceConfig['database'] = { kind: 'sqlite', file: read('SQLITE_FILE') ?? 'var/sms-service.sqlite' };
    if (databaseUrl !== undefined) {
        if (!/^postgres(ql)?:\/\//.test(databaseUrl))
            problems.push('DATABASE_URL must start with postgres:// or postgresql://.');
        else database = { kind: 'postgres', url: databaseUrl };
    }
    const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
    const levelRaw = read('LOG_LEVEL') ?? 'info';
    const logLevel = (levels as readonly string[]).includes(levelRaw)
        ? (levelRaw as ServiceConfig['logLevel'])
        : 'info';
    if (logLevel !== levelRaw) problems.push(`LOG_LEVEL must be one of ${levels.join(', ')}; got "${levelRaw}".`);

    const loginUrl = required('SF_LOGIN_URL');
    if (loginUrl) {
        try {
            const u = new URL(loginUrl);
            const local = u.hostname === '127.0.0.1' || u.hostname === 'localhost';
            if (u.protocol !== 'https:' && !(local && u.protocol === 'http:')) throw new Error('not https');
            if (u.pathname !== '/' || u.search) throw new Error('has a path');
        } catch {
            problems.push(
                `SF_LOGIN_URL must be an https URL without a path (${SERVICE_ENV.SF_LOGIN_URL}); got "${loginUrl}".`
            );
        }
    }
    const consumerKey = required('SF_CONSUMER_KEY');
    const username = required('SF_USERNAME');
    if (username && !/^[^\s@]+@[^\s@]+$/.test(username)) {
        problems.push(`SF_USERNAME must be a Salesforce username (it looks like an email address); got "${username}".`);
    }
    const privateKeyPath = required('SF_PRIVATE_KEY_PATH');
    if (privateKeyPath) {
        let pem = '';
        try {
            pem = fs.readFileSync(privateKeyPath, 'utf8');
        } catch {
            problems.push(`SF_PRIVATE_KEY_PATH: the file ${privateKeyPath} cannot be read.`);
        }
        if (pem && !/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem)) {
            problems.push(`SF_PRIVATE_KEY_PATH: ${privateKeyPath} is not a PEM private key.`);
        }
    }
    const pubSubEndpoint = read('SF_PUBSUB_ENDPOINT') ?? 'api.pubsub.salesforce.com:7443';
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(pubSubEndpoint)) {
        problems.push(
            `SF_PUBSUB_ENDPOINT must be host:port (${SERVICE_ENV.SF_PUBSUB_ENDPOINT}); got "${pubSubEndpoint}".`
        );
    }
    const config: ServiceConfig = {
        port,
        host,
        database,
        logLevel,
        shutdownTimeoutMs: integer('SHUTDOWN_TIMEOUT_MS', 15_000, 1000, 600_000),
        salesforce: {
            loginUrl: loginUrl.replace(/\/+$/, ''),
            consumerKey,
            username,
            privateKeyPath,
            pubSubEndpoint,
            sessionSeconds: integer('SF_SESSION_SECONDS', 7200, 900, 86_400),
            actionBatchSize: integer('SF_ACTION_BATCH_SIZE', 100, 1, 1000),
            configPollSeconds: integer('SF_CONFIG_POLL_SECONDS', 60, 10, 86_400),
            eventDebounceMs: integer('SF_EVENT_DEBOUNCE_MS', 2500, 0, 10_000),
            eventMaxDelayMs: integer('SF_EVENT_MAX_DELAY_MS', 5000, 0, 30_000)
        }
    };
    if (problems.length > 0) throw new ConfigurationError(problems);
    return config;
}

/** Every variable `npm run service` reads: the service's, the connector's and the SMS provider's. */
export const ALL_ENV: Readonly<Record<string, string>> = { ...SERVICE_ENV, ...PROVIDER_ENV };

/**
 * The whole configuration of `npm run service`: the service and the org (above) and the SMS
 * provider (service/src/provider/config.ts), checked together so that one message names every
 * missing or invalid variable of both.
 */
export function loadEnvironment(env: Env = process.env): { service: ServiceConfig; provider: ProviderConfig } {
    let service: ServiceConfig | undefined;
    const problems: string[] = [];
    try {
        service = loadServiceConfig(env);
    } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        problems.push(...error.problems);
    }
    const provider = checkProviderConfig(env);
    problems.push(...provider.problems);
    if (problems.length > 0 || !service) throw new ConfigurationError(problems);
    return { service, provider: provider.config };
}
