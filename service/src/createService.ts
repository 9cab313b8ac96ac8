/**
 * The composition root: the one place where the router, the SMS edge and the connector become
 * one service. `npm run service` (server.ts) builds it against a real org and a real provider;
 * the local console (`npm start`) builds it in local mode — the connector's local org seeded from
 * `data/`, the provider simulator embedded, the store a SQLite file — and a second start on the
 * same `dataDir` resumes with the same data. docs/service-design.md documents the API.
 *
 *     const service = await createService({ mode: 'local', dataDir: 'var/local' });
 *     service.org        // the LocalOrg (records as each user sees them, the event bus)
 *     service.simulator  // the provider simulator and its customer-phone page
 *     await service.close();
 */
import fs from 'fs';
import net from 'net';
import path from 'path';
import { randomBytes } from 'crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadEnvironment, type ServiceConfig } from './config';
import { agentCodeOf } from './agentErrors';
import { KeyedLocks } from './assembly/locks';
import { MessageRecords } from './assembly/messages';
import { EdgeSender } from './assembly/sender';
import { RouterInbound } from './assembly/inbound';
import { OrgDirectory } from './assembly/directory';
import { ServiceMetrics } from './assembly/serviceMetrics';
import {
    ensureAgentChannels,
    localUsers,
    openLocalOrg,
    type LocalOrgFile,
    type LocalUsers
} from './assembly/localOrgFile';
import type { LocalOrg } from './connector/local/localOrg';
import { OBJECTS } from './connector/model';
import { RealOrg } from './connector/realOrg';
import type { RecordSync } from './connector/relay';
import { RouterBridge } from './connector/routerBridge';
import { ConnectorRuntime } from './connector/runtime';
import { connectorMigrations, type ConnectorStore } from './connector/store';
import type { OrgConfiguration, SalesforcePort } from './connector/types';
import { migrate, PostgresDb, SqliteDb, type Db, type Migration } from './db';
import { createLogger, type Logger } from './log';
import { Metrics } from './metrics';
import { opsRoutes } from './ops';
import {
    INBOUND_PATH,
    createSmsEdge,
    providerMigrations,
    providerRoutes,
    type MessageStatusUpdate,
    type ProviderConfig,
    type SmsEdge,
    type TwilioProvider
} from './provider';
import { startSimulator, type Simulator } from './provider/simulator';
import { createRouter, routerMigrations, systemClock, type Clock, type FiredTimer, type RouterEngine } from './router';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The assembled service's own migration: the index its relay reads customer messages by. */
export const serviceMigrations: Migration[] = [
    {
        id: 'service_0001_inbound_by_interaction',
        up: ['CREATE INDEX service_router_inbound_interaction ON router_inbound (interaction_id)']
    }
];

/** Every migration of the service, applied by one `migrate(db, allMigrations)`. */
export const allMigrations: Migration[] = [
    ...routerMigrations,
    ...providerMigrations,
    ...connectorMigrations,
    ...serviceMigrations
];

interface CommonOptions {
    /** Injectable clock for the router, the SMS edge and the local org (tests). Default: the system's. */
    clock?: Clock;
    /** Default: pino at LOG_LEVEL (info), phone numbers and message text redacted. */
    logger?: Logger;
    /** Quiet time before an agent's coalesced nudges go out (ms). */
    eventDebounceMs?: number;
    /** Longest a nudge waits (ms). */
    eventMaxDelayMs?: number;
    /** The router's timer driver: its longest sleep (ms); false: no driver (tests fire timers themselves). */
    timers?: false | { pollMs?: number; sweepMs?: number };
    /** Registers more routes on the service's HTTP app before it listens (the local console's). */
    register?(app: FastifyInstance, service: ServiceHandles): Promise<void> | void;
}

export interface LocalServiceOptions extends CommonOptions {
    mode: 'local';
    /** Folder of the SQLite file (`service.sqlite`) and the local org (`local-org.json`); created when missing. */
    dataDir: string;
    /** Seed tree for a new local org. Default: the repository's `data/`. */
    seedDir?: string;
    /** The service's address (webhooks, /healthz, /readyz, /metrics). Default 127.0.0.1, any free port. */
    host?: string;
    port?: number;
    /** The embedded provider simulator (customer phone at its URL). Default 127.0.0.1, any free port. */
    simulator?: { host?: string; port?: number; sendDelayMs?: number; deliverDelayMs?: number };
    /** How often the configuration is read again besides following the org's changes (ms). Default 60 s. */
    configPollMs?: number;
    /** Give each agent a filtered event channel named in Event_Channel__c (default true). */
    perAgentChannels?: boolean;
}

export interface RealServiceOptions extends CommonOptions {
    mode: 'real';
    /** The environment (default process.env), validated once; see .env.example. */
    env?: Readonly<Record<string, string | undefined>>;
    /** Plain-text gRPC to a Pub/Sub API server on this machine (the tests' local one). Never in production. */
    pubSubInsecure?: boolean;
}

export interface ServiceHandles {
    mode: 'local' | 'real';
    /** The HTTP app: the provider's webhooks, /healthz, /readyz, /metrics and whatever `register` added. */
    app: FastifyInstance;
    /** Where the app listens, e.g. http://127.0.0.1:3000. */
    url: string;
    /** The base URL the provider calls (signatures are checked against it). */
    publicUrl: string;
    org: SalesforcePort;
    router: RouterEngine;
    edge: SmsEdge;
    provider: TwilioProvider;
    runtime: ConnectorRuntime;
    bridge: RouterBridge;
    db: Db;
    metrics: Metrics;
    log: Logger;
    /** Resolves once the connector has started (configuration loaded, action stream open, relay running). */
    ready: Promise<void>;
    /**
     * Fires the router's due timers now and writes what they changed that no agent hears of (an
     * SLA breach on waiting work). The timer driver does this by itself; tests with `timers: false`
     * call it after moving their clock.
     */
    runDueTimers(): Promise<FiredTimer[]>;
    /** Stops everything in order, finishing work in flight; the database and the local org are saved. */
    close(): Promise<void>;
}

export interface LocalService extends ServiceHandles {
    mode: 'local';
    org: LocalOrg;
    simulator: Simulator;
    dataDir: string;
    /** The local users (agents, supervisor) the console signs in as. */
    users(): LocalUsers;
    /** Writes the local org's snapshot now (it is also written shortly after every change). */
    saveOrg(): void;
}

export interface RealService extends ServiceHandles {
    mode: 'real';
    simulator: null;
    config: ServiceConfig;
}

export function createService(options: LocalServiceOptions): Promise<LocalService>;
export function createService(options: RealServiceOptions): Promise<RealService>;
export async function createService(
    options: LocalServiceOptions | RealServiceOptions
): Promise<LocalService | RealService> {
    return options.mode === 'local' ? createLocal(options) : createReal(options);
}

// ---------------------------------------------------------------------------------------------

async function createLocal(options: LocalServiceOptions): Promise<LocalService> {
    const log = options.logger ?? createLogger();
    const clock = options.clock ?? systemClock;
    const dataDir = path.resolve(options.dataDir);
    fs.mkdirSync(dataDir, { recursive: true });
    const db = new SqliteDb({ filename: path.join(dataDir, 'service.sqlite') });
    const cleanups: Array<() => Promise<void> | void> = [() => db.close()];
    try {
        await migrate(db, allMigrations);
        const orgFile: LocalOrgFile = openLocalOrg({
            dataDir,
            seedDir: options.seedDir ?? path.join(REPO_ROOT, 'data'),
            now: () => clock.now(),
            log
        });
        cleanups.unshift(() => orgFile.close());
        const org = orgFile.org;
        if (options.perAgentChannels !== false) ensureAgentChannels(org);

        const host = options.host ?? '127.0.0.1';
        const port = options.port || (await freePort(host));
        const publicUrl = `http://${reachableHost(host)}:${port}`;
        const simulator = await startSimulator({
            host: options.simulator?.host ?? '127.0.0.1',
            port: options.simulator?.port ?? 0,
            accountSid: `AC${randomBytes(16).toString('hex')}`,
            authToken: randomBytes(16).toString('hex'),
            numbers: channelNumbers(await org.loadConfiguration()),
            smsUrl: `${publicUrl}${INBOUND_PATH}`,
            sendDelayMs: options.simulator?.sendDelayMs,
            deliverDelayMs: options.simulator?.deliverDelayMs
        });
        cleanups.unshift(() => simulator.close());
        const provider: ProviderConfig = {
            kind: 'simulator',
            accountSid: simulator.accountSid,
            authToken: simulator.authToken,
            apiBaseUrl: simulator.url,
            publicUrl,
            defaultRegion: 'US',
            sendTimeoutMs: 10_000,
            sendMaxAttempts: 4,
            sendBackoffMs: 500,
            unconfirmedSend: 'reconcile',
            reconcileDelayMs: 2_000
        };
        const parts = await assemble({
            db,
            port: org,
            provider,
            clock,
            log,
            options,
            eventDebounceMs: options.eventDebounceMs ?? 500,
            eventMaxDelayMs: options.eventMaxDelayMs ?? 1000,
            configPollMs: options.configPollMs ?? 60_000,
            onConfiguration: (config) => {
                simulator.setNumbers(channelNumbers(config));
                if (options.perAgentChannels !== false) ensureAgentChannels(org);
            }
        });
        // The local org tells when the admin's records change: the service follows at once.
        let reload: NodeJS.Timeout | null = null;
        const stopFollowing = org.onChange((object) => {
            if (!object || !CONFIG_OBJECTS.has(object) || reload) return;
            reload = setTimeout(() => {
                reload = null;
                parts.bridge
                    .refreshConfiguration()
                    .catch((error: unknown) => log.error({ err: error }, 'configuration reload failed'));
            }, 100);
            reload.unref?.();
        });
        const handles: LocalService = {
            ...parts.handles,
            mode: 'local',
            url: publicUrl,
            publicUrl,
            org,
            simulator,
            dataDir,
            users: () => localUsers(org),
            saveOrg: () => orgFile.save(),
            close: async () => {
                stopFollowing();
                if (reload) clearTimeout(reload);
                await parts.stop();
                for (const cleanup of cleanups) await cleanup();
                log.info('local service stopped');
            }
        };
        await options.register?.(parts.app, handles);
        await parts.app.listen({ host, port });
        log.info({ url: publicUrl, simulator: simulator.url }, 'local service listening');
        await parts.start();
        return handles;
    } catch (error) {
        for (const cleanup of cleanups) await Promise.resolve(cleanup()).catch(() => undefined);
        throw error;
    }
}

async function createReal(options: RealServiceOptions): Promise<RealService> {
    const { service: config, provider } = loadEnvironment(options.env ?? process.env);
    const log = options.logger ?? createLogger({ level: config.logLevel });
    const clock = options.clock ?? systemClock;
    const db: Db =
        config.database.kind === 'postgres'
            ? new PostgresDb({ connectionString: config.database.url })
            : openSqliteFile(config.database.file);
    try {
        await migrate(db, allMigrations);
        const port = new RealOrg({
            jwt: {
                loginUrl: config.salesforce.loginUrl,
                consumerKey: config.salesforce.consumerKey,
                username: config.salesforce.username,
                privateKeyPath: config.salesforce.privateKeyPath,
                sessionSeconds: config.salesforce.sessionSeconds
            },
            pubSubEndpoint: config.salesforce.pubSubEndpoint,
            pubSubInsecure: options.pubSubInsecure,
            log
        });
        const parts = await assemble({
            db,
            port,
            provider,
            clock,
            log,
            options,
            eventDebounceMs: options.eventDebounceMs ?? config.salesforce.eventDebounceMs,
            eventMaxDelayMs: options.eventMaxDelayMs ?? config.salesforce.eventMaxDelayMs,
            configPollMs: config.salesforce.configPollSeconds * 1000,
            actionBatchSize: config.salesforce.actionBatchSize
        });
        const url = `http://${reachableHost(config.host)}:${config.port}`;
        const handles: RealService = {
            ...parts.handles,
            mode: 'real',
            url,
            publicUrl: provider.publicUrl,
            simulator: null,
            config,
            close: async () => {
                await parts.stop();
                await db.close();
                log.info('stopped');
            }
        };
        await options.register?.(parts.app, handles);
        await parts.app.listen({ host: config.host, port: config.port });
        log.info({ port: config.port }, 'listening');
        // The org may take a while (it is retried with backoff); /readyz says when it is there.
        void parts.start().catch((error: unknown) => log.error({ err: error }, 'the service stopped trying to start'));
        return handles;
    } catch (error) {
        await db.close().catch(() => undefined);
        throw error;
    }
}

// ---------------------------------------------------------------------------------------------

/** The admin's objects: a change to one of them is a configuration change. */
const CONFIG_OBJECTS = new Set([
    OBJECTS.queue,
    OBJECTS.channel,
    OBJECTS.agent,
    OBJECTS.member,
    'BusinessHours',
    'PermissionSetAssignment',
    'User'
]);

interface AssembleInput {
    db: Db;
    port: SalesforcePort;
    provider: ProviderConfig;
    clock: Clock;
    log: Logger;
    options: CommonOptions;
    eventDebounceMs: number;
    eventMaxDelayMs: number;
    configPollMs: number;
    actionBatchSize?: number;
    onConfiguration?(config: OrgConfiguration): void;
}

interface Assembled {
    app: FastifyInstance;
    bridge: RouterBridge;
    handles: Omit<ServiceHandles, 'mode' | 'url' | 'publicUrl' | 'close'>;
    start(): Promise<void>;
    stop(): Promise<void>;
}

/** The parts joined: router, connector (records, events, actions) and SMS edge, behind one HTTP app. */
async function assemble(input: AssembleInput): Promise<Assembled> {
    const { db, port, provider, clock, log } = input;
    const metrics = new Metrics();
    const router = await createRouter({ db, clock, logger: log.child({ part: 'router' }) });
    const serviceMetrics = new ServiceMetrics(metrics, () => router.listQueueStats());
    const locks = new KeyedLocks();
    const directory = new OrgDirectory(log);

    // The parts refer to each other (the bridge sends through the SMS edge, the SMS edge hands
    // over to the router through the bridge): each is built once, then found here.
    const late: {
        edge?: SmsEdge;
        records?: MessageRecords;
        sync?: RecordSync;
        bridge?: RouterBridge;
        store?: ConnectorStore;
    } = {};
    const need = <T>(part: T | undefined, name: string): T => {
        if (part === undefined) throw new Error(`The ${name} is not built yet`);
        return part;
    };

    const sender = new EdgeSender({
        edge: () => need(late.edge, 'SMS edge'),
        records: () => need(late.records, 'message record writer'),
        store: () => need(late.store, 'connector store'),
        defaultRegion: provider.defaultRegion
    });
    const runtime: ConnectorRuntime = new ConnectorRuntime({
        port,
        db,
        log: log.child({ part: 'connector' }),
        metrics,
        actionBatchSize: input.actionBatchSize,
        configPollMs: input.configPollMs,
        eventDebounceMs: input.eventDebounceMs,
        eventMaxDelayMs: input.eventMaxDelayMs,
        handler: (p) => {
            late.sync = p.sync;
            late.store = p.store;
            late.bridge = new RouterBridge(router, port, p.sync, sender, log.child({ part: 'connector' }), metrics, {
                // The customer's opt-out lives in the SMS edge; the interaction's record mirrors it.
                interactionFacts: async (i) => ({
                    customerOptedOut: await need(late.edge, 'SMS edge').isOptedOut(i.channelNumber, i.customerNumber)
                }),
                afterInteractionsWritten: async (ids) => {
                    await need(late.records, 'message record writer').writeInbound(ids);
                },
                lock: (keys, fn) =>
                    locks.run(
                        keys.map((k) => `interaction:${k}`),
                        fn
                    ),
                onConfiguration: (config) => {
                    directory.update(config);
                    input.onConfiguration?.(config);
                }
            });
            return late.bridge;
        }
    });
    const theBridge = need(late.bridge, 'router bridge');
    late.records = new MessageRecords({
        port,
        store: runtime.store,
        db,
        message: (id) => need(late.edge, 'SMS edge').getMessage(id),
        interactionRecord: (id) => theBridge.interactionRecord(id),
        locks,
        log
    });

    // Hand-overs wait until the router holds the org's configuration; a stop before that ends the
    // wait (the messages stay stored and are handed over at the next start).
    let resolveReady!: () => void;
    let abandonReady!: (reason: Error) => void;
    const configured = new Promise<void>((resolve, reject) => {
        resolveReady = resolve;
        abandonReady = reject;
    });
    configured.catch(() => undefined);
    const inbound = new RouterInbound({
        router,
        syncInteractions: (ids) => theBridge.syncInteractions(ids),
        ready: configured,
        now: () => clock.now(),
        metrics: serviceMetrics,
        log
    });

    // Status changes reach the records, the router (a failed delivery) and the agent — after the
    // provider's callback has been answered, each message's updates in order.
    const statusWork = new Set<Promise<void>>();
    const onStatus = (update: MessageStatusUpdate) => {
        serviceMetrics.status(update);
        const work = followStatus(update).catch((error: unknown) =>
            log.error({ err: error, messageId: update.messageId }, 'could not follow a message status')
        );
        statusWork.add(work);
        void work.finally(() => statusWork.delete(work));
    };
    const followStatus = async (update: MessageStatusUpdate): Promise<void> => {
        if (update.direction !== 'outbound') return;
        await need(late.records, 'message record writer').writeOutbound(update.messageId);
        if (!update.interactionId) return;
        if (update.recordStatus === 'Failed') {
            await router.deliveryFailed({ interactionId: update.interactionId }).catch((error: unknown) => {
                if (agentCodeOf(error) === null) throw error;
                log.warn({ err: error, interactionId: update.interactionId }, 'delivery failure not flagged');
            });
        }
        const interaction = await router.getInteraction(update.interactionId).catch(() => null);
        if (interaction?.agentId)
            await need(late.sync, 'record sync').nudge(interaction.agentId, 'message', interaction.id);
    };

    const built = createSmsEdge(provider, {
        db,
        routing: inbound,
        directory,
        clock,
        logger: log.child({ part: 'provider' }),
        onStatus
    });
    late.edge = built.edge;

    const app = Fastify({ logger: false, forceCloseConnections: true });
    await app.register(opsRoutes, { readiness: () => runtime.readiness(), metrics });
    await app.register(providerRoutes, { edge: built.edge, provider: built.provider, publicUrl: provider.publicUrl });

    // A timer that changes waiting work (an SLA breach while nobody holds it) emits no event:
    // its record is written here, so supervisors' list views show it.
    const afterTimers = async (fired: readonly FiredTimer[]): Promise<void> => {
        const unheld: string[] = [];
        for (const timer of fired) {
            const interaction = await router.getInteraction(timer.interactionId).catch(() => null);
            if (interaction && interaction.agentId === null) unheld.push(interaction.id);
        }
        await theBridge.syncInteractions(unheld);
    };
    const runDueTimers = async (): Promise<FiredTimer[]> => {
        const fired = await router.runDueTimers();
        await afterTimers(fired);
        return fired;
    };

    let scheduler: { stop(): Promise<void> } | null = null;
    let started: Promise<void> | null = null;
    let resolveStarted!: () => void;
    const ready = new Promise<void>((resolve) => (resolveStarted = resolve));
    return {
        app,
        bridge: theBridge,
        handles: {
            app,
            org: port,
            router,
            edge: built.edge,
            provider: built.provider,
            runtime,
            bridge: theBridge,
            db,
            metrics,
            log,
            ready,
            runDueTimers
        },
        start: () => {
            started ??= (async () => {
                await runtime.start();
                resolveReady();
                await built.edge.start();
                if (input.options.timers !== false) {
                    scheduler = router.startScheduler({
                        ...input.options.timers,
                        onFired: (fired) => {
                            afterTimers(fired).catch((error: unknown) =>
                                log.error({ err: error }, 'could not write what the timers changed')
                            );
                        }
                    });
                }
                resolveStarted();
                log.info('service started');
            })();
            return started;
        },
        // Graceful, in the order work flows: no new webhooks, no new actions (the batch in hand
        // finishes), sends in flight finish, their statuses are written, the timers stop; then the
        // relay and the event outbox publish what is pending and the org connection closes.
        stop: async () => {
            abandonReady(new Error('The service is stopping'));
            await app.close();
            await runtime.stopIntake();
            await built.edge.stop();
            while (statusWork.size > 0) await Promise.allSettled([...statusWork]);
            await scheduler?.stop();
            await runtime.stop();
            await router.close();
        }
    };
}

function channelNumbers(config: OrgConfiguration): string[] {
    return config.channels.map((c) => c.phoneNumber).filter((n) => /^\+[1-9]\d{6,14}$/.test(n));
}

/** The address another process on this machine reaches a listener on `host` at. */
function reachableHost(host: string): string {
    if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
    return host.includes(':') ? `[${host}]` : host;
}

function openSqliteFile(file: string): SqliteDb {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new SqliteDb({ filename: file });
}

/** A port free at this moment (the provider's webhook URL must be known before the app listens). */
function freePort(host: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, host, () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}
