/**
 * The SMS edge wired for tests over real HTTP on 127.0.0.1: a database from describeEachDb, the
 * provider simulator, a fastify app with the provider's routes, and the SMS edge with the
 * Twilio-compatible provider pointed at the simulator.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import net from 'net';
import { migrate } from '../src/db';
import { createLogger } from '../src/log';
import {
    INBOUND_PATH,
    InMemoryRouting,
    SmsEdge,
    StaticDirectory,
    TwilioProvider,
    providerMigrations,
    providerRoutes,
    type Clock,
    type MessageStatusUpdate,
    type ProviderConfig
} from '../src/provider';
import { startSimulator, type Simulator, type SimulatorOptions } from '../src/provider/simulator';
import type { TestDatabase } from './databases';

export const COMPANY = '+14155550100';
export const COMPANY_2 = '+14155550199';
export const CUSTOMER = '+14155550123';
export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = '0123456789abcdef0123456789abcdef';

export const silentLogger = createLogger({ level: 'silent' });

/** A clock that runs with real time from a chosen instant; `set` moves it. */
export class TestClock implements Clock {
    private offset: number;
    constructor(start = Date.now()) {
        this.offset = start - Date.now();
    }
    now(): number {
        return Date.now() + this.offset;
    }
    set(ms: number): void {
        this.offset = ms - Date.now();
    }
}

export type EdgeConfig = ProviderConfig;

export interface Harness {
    t: TestDatabase;
    sim: Simulator;
    app: FastifyInstance;
    appUrl: string;
    config: EdgeConfig;
    provider: TwilioProvider;
    edge: SmsEdge;
    routing: InMemoryRouting;
    directory: StaticDirectory;
    clock: TestClock;
    updates: MessageStatusUpdate[];
    /** A second edge on the same database and provider, as after a restart. */
    restart(options?: { routing?: InMemoryRouting }): Promise<SmsEdge>;
    close(): Promise<void>;
}

export interface HarnessOptions {
    config?: Partial<EdgeConfig>;
    simulator?: SimulatorOptions;
    directory?: StaticDirectory;
    clock?: TestClock;
    /** Start the edge (resume work) before returning; default true. */
    start?: boolean;
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

export async function startHarness(open: () => Promise<TestDatabase>, options: HarnessOptions = {}): Promise<Harness> {
    const t = await open();
    await migrate(t.db, providerMigrations);
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    const sim = await startSimulator({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        numbers: [COMPANY, COMPANY_2],
        smsUrl: `${appUrl}${INBOUND_PATH}`,
        sendDelayMs: 20,
        deliverDelayMs: 5,
        ...options.simulator
    });
    const config: EdgeConfig = {
        kind: 'simulator',
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        apiBaseUrl: sim.url,
        publicUrl: appUrl,
        defaultRegion: 'US',
        sendTimeoutMs: 250,
        sendMaxAttempts: 4,
        sendBackoffMs: 10,
        unconfirmedSend: 'reconcile',
        reconcileDelayMs: 30,
        ...options.config
    };
    const provider = new TwilioProvider(config);
    const routing = new InMemoryRouting();
    const directory = options.directory ?? new StaticDirectory();
    const clock = options.clock ?? new TestClock();
    const updates: MessageStatusUpdate[] = [];
    const edges: SmsEdge[] = [];
    const makeEdge = (r: InMemoryRouting) => {
        const edge = new SmsEdge({
            db: t.db,
            config,
            provider,
            routing: r,
            directory,
            clock,
            logger: silentLogger,
            sweepIntervalMs: 0,
            routingRetryMs: 20,
            onStatus: (update) => {
                updates.push(update);
            }
        });
        edges.push(edge);
        return edge;
    };
    const edge = makeEdge(routing);
    // Connections still busy when the test ends would otherwise linger for the keep-alive timeout.
    const app = Fastify({ logger: false, forceCloseConnections: true });
    const current = { edge };
    await app.register(providerRoutes, {
        // The routes follow `current.edge`, so restart() swaps the edge behind the same URL.
        edge: {
            receiveInbound: (sms) => current.edge.receiveInbound(sms),
            receiveStatus: (report, hint) => current.edge.receiveStatus(report, hint)
        },
        provider,
        publicUrl: appUrl
    });
    await app.listen({ port, host: '127.0.0.1' });
    if (options.start !== false) await edge.start();
    return {
        t,
        sim,
        app,
        appUrl,
        config,
        provider,
        edge,
        routing,
        directory,
        clock,
        updates,
        restart: async (restartOptions = {}) => {
            await current.edge.stop();
            const next = makeEdge(restartOptions.routing ?? routing);
            current.edge = next;
            await next.start();
            return next;
        },
        close: async () => {
            for (const e of edges) await e.stop();
            await app.close();
            await sim.close();
            await t.drop();
        }
    };
}

/** Polls until `check` returns a value other than undefined, null or false, or fails after `timeoutMs`. */
export async function eventually<T>(
    check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
    timeoutMs = 3_000
): Promise<T> {
    const until = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
        try {
            const value = await check();
            if (value !== undefined && value !== null && value !== false) return value as T;
        } catch (error) {
            last = error;
        }
        if (Date.now() > until) {
            throw new Error(`Condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}
