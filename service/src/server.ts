/**
 * `npm run service`: the service against a real org and a real SMS provider. Owns the process:
 * validates the environment once (one clear line per missing or invalid variable, then exit 1),
 * opens the store, serves /healthz, /readyz and /metrics, starts the connector, and shuts down
 * gracefully on SIGTERM / SIGINT (in-flight requests and the action batch in hand finish first).
 */
import Fastify from 'fastify';
import { ConfigurationError, loadServiceConfig, type ServiceConfig } from './config';
import { RealOrg } from './connector/realOrg';
import { ConnectorRuntime } from './connector/runtime';
import { connectorMigrations } from './connector/store';
import { migrate, PostgresDb, SqliteDb, type Db } from './db';
import { createLogger } from './log';
import { Metrics } from './metrics';
import { opsRoutes } from './ops';
import { loadParts } from './parts';

function openDb(config: ServiceConfig): Db {
    return config.database.kind === 'postgres'
        ? new PostgresDb({ connectionString: config.database.url })
        : new SqliteDb({ filename: config.database.file });
}

async function main(): Promise<void> {
    let config: ServiceConfig;
    try {
        config = loadServiceConfig(process.env);
    } catch (error) {
        if (error instanceof ConfigurationError) {
            console.error(error.message);
            process.exit(1);
        }
        throw error;
    }
    const log = createLogger({ level: config.logLevel });
    const metrics = new Metrics();
    const db = openDb(config);
    const parts = await loadParts({ config, db, log, metrics });
    if (parts.configProblems.length > 0) {
        console.error(new ConfigurationError(parts.configProblems).message);
        process.exit(1);
    }
    await migrate(db, [...connectorMigrations, ...parts.migrations]);
    const port = new RealOrg({
        jwt: {
            loginUrl: config.salesforce.loginUrl,
            consumerKey: config.salesforce.consumerKey,
            username: config.salesforce.username,
            privateKeyPath: config.salesforce.privateKeyPath,
            sessionSeconds: config.salesforce.sessionSeconds
        },
        pubSubEndpoint: config.salesforce.pubSubEndpoint,
        log
    });
    const runtime = new ConnectorRuntime({
        port,
        db,
        log,
        metrics,
        handler: (p) => parts.handler(p),
        actionBatchSize: config.salesforce.actionBatchSize,
        configPollMs: config.salesforce.configPollSeconds * 1000,
        eventDebounceMs: config.salesforce.eventDebounceMs,
        eventMaxDelayMs: config.salesforce.eventMaxDelayMs
    });
    const app = Fastify({ logger: false });
    await app.register(opsRoutes, { readiness: () => runtime.readiness(), metrics });
    if (parts.routes) await app.register(async (instance) => parts.routes!(instance));
    await app.listen({ port: config.port, host: config.host });
    log.info({ port: config.port }, 'listening');
    await parts.start?.();
    runtime.start().catch((error: unknown) => log.error({ err: error }, 'the connector stopped trying to start'));

    let stopping = false;
    const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down');
        const timer = setTimeout(() => {
            log.error('graceful shutdown took too long; exiting');
            process.exit(1);
        }, config.shutdownTimeoutMs);
        try {
            await app.close();
            await runtime.stop();
            await parts.stop?.();
            await db.close();
            clearTimeout(timer);
            log.info('stopped');
            process.exit(0);
        } catch (error) {
            log.error({ err: error }, 'shutdown failed');
            process.exit(1);
        }
    };
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
});
