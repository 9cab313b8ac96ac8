/**
 * `npm run bench:ingest` — sustained signed inbound webhooks per second into durable storage,
 * against the floor: a bare HTTP handler doing one durable SQLite insert per request. Both run in
 * the same process, one after the other, on 127.0.0.1, with the same load: a fixed number of
 * concurrent keep-alive connections from a worker thread (its own event loop), each sending the
 * next request as soon as the previous one is answered. SQLite in WAL mode with
 * synchronous=FULL in both: every answered request is on disk.
 *
 * The edge's figure is the whole path a real webhook takes: signature check with the `twilio`
 * package, form parsing, storage (idempotent on MessageSid), the 200, and the hand-over to the
 * router (an in-memory one here) with its own durable write. A run counts only webhooks answered
 * 200, then checks that every one of them is stored.
 *
 *   npm run bench:ingest                 10 s per run, 16 connections
 *   npm run bench:ingest -- --quick      1 s per run
 *   npm run bench:ingest -- --seconds 30 --connections 32
 */
import Fastify from 'fastify';
import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import { Worker } from 'worker_threads';
import { SqliteDb, migrate } from '../service/src/db';
import { createLogger } from '../service/src/log';
import {
    INBOUND_PATH,
    InMemoryRouting,
    SmsEdge,
    TwilioProvider,
    providerMigrations,
    providerRoutes
} from '../service/src/provider';

const ACCOUNT_SID = 'AC' + '5'.repeat(32);
const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';

export interface LoadResult {
    ok: number;
    errors: number;
    seconds: number;
    perSecond: number;
    p50Ms: number;
    p99Ms: number;
}

export interface IngestBenchResult {
    floor: LoadResult;
    edge: LoadResult;
    ratio: number;
    stored: { floor: number; edge: number };
    settings: { seconds: number; warmupSeconds: number; connections: number };
}

/**
 * The load generator, run in a worker thread: `connections` keep-alive connections, each
 * posting signed inbound-SMS webhooks (a fresh MessageSid each) back to back. Plain JavaScript
 * so the worker needs no TypeScript loader.
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('worker_threads');
const http = require('http');
const crypto = require('crypto');
const { url, connections, warmupMs, durationMs, authToken, accountSid, prefix } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
let counter = 0;
function request() {
    counter += 1;
    const sid = 'SM' + prefix + counter.toString(16).padStart(32 - prefix.length, '0');
    const params = {
        ToCountry: 'US', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received',
        Body: 'Hello, I would like to know whether my order ' + counter + ' has shipped yet.',
        To: '+14155550100', NumSegments: '1', MessageSid: sid, AccountSid: accountSid,
        From: '+1415555' + String(1000 + (counter % 9000)).padStart(4, '0'), ApiVersion: '2010-04-01'
    };
    let data = url;
    for (const key of Object.keys(params).sort()) data += key + params[key];
    const signature = crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
    const body = new URLSearchParams(params).toString();
    return new Promise((resolve) => {
        const started = process.hrtime.bigint();
        const req = http.request({
            agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
            headers: {
                'content-type': 'application/x-www-form-urlencoded',
                'content-length': Buffer.byteLength(body),
                'x-twilio-signature': signature,
                'i-twilio-idempotency-token': crypto.randomUUID()
            }
        }, (res) => {
            res.resume();
            res.on('end', () => resolve({ ok: res.statusCode === 200, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
        });
        req.on('error', () => resolve({ ok: false, ms: 0 }));
        req.end(body);
    });
}
async function main() {
    const start = Date.now();
    const measureFrom = start + warmupMs;
    const stopAt = measureFrom + durationMs;
    let ok = 0, errors = 0;
    const latencies = [];
    async function lane() {
        while (Date.now() < stopAt) {
            const sentAt = Date.now();
            const result = await request();
            if (sentAt < measureFrom) continue;
            if (result.ok) { ok += 1; latencies.push(result.ms); } else errors += 1;
        }
    }
    await Promise.all(Array.from({ length: connections }, lane));
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const at = (q) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : 0;
    parentPort.postMessage({ ok, errors, seconds: durationMs / 1000, p50Ms: at(0.5), p99Ms: at(0.99) });
}
main();
`;

function load(
    url: string,
    connections: number,
    warmupMs: number,
    durationMs: number,
    prefix: string
): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
        const worker = new Worker(LOAD_WORKER, {
            eval: true,
            workerData: {
                url,
                connections,
                warmupMs,
                durationMs,
                authToken: AUTH_TOKEN,
                accountSid: ACCOUNT_SID,
                prefix
            }
        });
        worker.once('message', (result: Omit<LoadResult, 'perSecond'>) => {
            resolve({ ...result, perSecond: result.ok / result.seconds });
            void worker.terminate();
        });
        worker.once('error', reject);
    });
}

function listen(server: http.Server): Promise<number> {
    return new Promise((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
    );
}

/** The floor: read the body, one durable insert, answer 200. */
async function runFloor(
    dir: string,
    settings: IngestBenchResult['settings']
): Promise<{ result: LoadResult; stored: number }> {
    const db = new SqliteDb({ filename: path.join(dir, 'floor.sqlite') });
    db.raw.exec('CREATE TABLE webhooks (id INTEGER PRIMARY KEY, body TEXT NOT NULL, received_at BIGINT NOT NULL)');
    const insert = db.raw.prepare('INSERT INTO webhooks (body, received_at) VALUES (?, ?)');
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
            insert.run(Buffer.concat(chunks).toString('utf-8'), Date.now());
            res.writeHead(200, { 'content-type': 'text/xml' });
            res.end('<Response></Response>');
        });
    });
    server.keepAliveTimeout = 30_000;
    const port = await listen(server);
    try {
        const result = await load(
            `http://127.0.0.1:${port}${INBOUND_PATH}`,
            settings.connections,
            settings.warmupSeconds * 1000,
            settings.seconds * 1000,
            'f'
        );
        const stored = Number((db.raw.prepare('SELECT COUNT(*) AS n FROM webhooks').get() as { n: number }).n);
        return { result, stored };
    } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await db.close();
    }
}

/** The SMS edge: fastify + the provider's routes + the SMS edge on SQLite, as the service runs them. */
async function runEdge(
    dir: string,
    settings: IngestBenchResult['settings']
): Promise<{ result: LoadResult; stored: number }> {
    const db = new SqliteDb({ filename: path.join(dir, 'edge.sqlite') });
    await migrate(db, providerMigrations);
    // Find a free port first: the public URL (signed by the load generator) names it.
    const probe = http.createServer();
    const port = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    const publicUrl = `http://127.0.0.1:${port}`;
    const provider = new TwilioProvider({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        apiBaseUrl: 'http://127.0.0.1:9'
    });
    const edge = new SmsEdge({
        db,
        config: {
            publicUrl,
            defaultRegion: 'US',
            sendTimeoutMs: 1_000,
            sendMaxAttempts: 1,
            sendBackoffMs: 0,
            unconfirmedSend: 'reconcile',
            reconcileDelayMs: 0
        },
        provider,
        routing: new InMemoryRouting(),
        logger: createLogger({ level: 'silent' }),
        sweepIntervalMs: 0
    });
    const server = Fastify({ logger: false, forceCloseConnections: true, keepAliveTimeout: 30_000 });
    await server.register(providerRoutes, { edge, provider, publicUrl });
    await server.listen({ port, host: '127.0.0.1' });
    await edge.start();
    try {
        const result = await load(
            `${publicUrl}${INBOUND_PATH}`,
            settings.connections,
            settings.warmupSeconds * 1000,
            settings.seconds * 1000,
            'e'
        );
        await edge.kickRouting();
        const row = await db.get<{ n: number }>(
            "SELECT COUNT(*) AS n FROM provider_messages WHERE direction = 'inbound'"
        );
        return { result, stored: Number(row?.n ?? 0) };
    } finally {
        await server.close();
        await edge.stop();
        await db.close();
    }
}

export async function runIngestBench(
    options: { seconds?: number; warmupSeconds?: number; connections?: number } = {}
): Promise<IngestBenchResult> {
    const settings = {
        seconds: options.seconds ?? 10,
        warmupSeconds: options.warmupSeconds ?? 1,
        connections: options.connections ?? 16
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-bench-ingest-'));
    try {
        const floor = await runFloor(dir, settings);
        const edge = await runEdge(dir, settings);
        return {
            floor: floor.result,
            edge: edge.result,
            ratio: floor.result.perSecond > 0 ? edge.result.perSecond / floor.result.perSecond : 0,
            stored: { floor: floor.stored, edge: edge.stored },
            settings
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

export function formatIngestBench(result: IngestBenchResult): string {
    const line = (name: string, r: LoadResult) =>
        `${name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(7)} /s   p50 ${r.p50Ms.toFixed(1).padStart(6)} ms   p99 ${r.p99Ms
            .toFixed(1)
            .padStart(6)} ms   (${r.ok} in ${r.seconds} s, ${r.errors} errors)`;
    return [
        `Ingest benchmark: ${result.settings.seconds} s per run after ${result.settings.warmupSeconds} s warm-up, ` +
            `${result.settings.connections} concurrent keep-alive connections on 127.0.0.1; ` +
            `SQLite WAL, synchronous=FULL; ${os.cpus().length} CPUs, Node ${process.version}`,
        line('floor: bare HTTP handler, 1 durable insert', result.floor),
        line('SMS edge: signed webhook stored and routed', result.edge),
        `ratio SMS edge / floor: ${result.ratio.toFixed(2)}`,
        `stored rows: floor ${result.stored.floor}, SMS edge ${result.stored.edge} (every webhook answered 200 is stored)`
    ].join('\n');
}

function argument(name: string): string | undefined {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? process.argv[index + 1] : undefined;
}

if (require.main === module) {
    const quick = process.argv.includes('--quick');
    runIngestBench({
        seconds: Number(argument('seconds') ?? (quick ? 1 : 10)),
        warmupSeconds: quick ? 0.5 : 1,
        connections: Number(argument('connections') ?? 16)
    })
        .then((result) => console.log(formatIngestBench(result)))
        .catch((error) => {
            console.error(error);
            process.exitCode = 1;
        });
}
