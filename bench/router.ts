/**
 * Router benchmark (not a test): `npm run bench:router [-- --quick] [-- --db sqlite|postgres] [-- --json]`.
 *
 * For 10, 1,000 and 10,000 agents over 100 queues (each agent a member of 10 queues), on SQLite
 * (a file, synchronous=FULL, as the service runs it) and PostgreSQL (127.0.0.1:5432, database
 * `test`), it hands the router customer messages that open new conversations and measures, per
 * message, the time from the hand-over of the stored message to the committed decision: the
 * interaction stored, the longest-idle eligible agent claimed, the offer and its timer stored and
 * the offer event in the outbox — one transaction. It prints sustained routed messages/s and
 * p50/p99 decision latency, and the floor measured in the same run: one durable SQLite insert per
 * message (same file system, same synchronous setting), with each result's ratio to it. The floor
 * runs interleaved with the routed messages, in chunks of 100, so that both meet the same load on a
 * shared machine.
 *
 * Setup is not measured: the configuration goes in through `configure`, and the agents are made
 * Available in one statement (the columns `setStatus` writes) to keep 10,000 agents quick.
 *
 * `--quick` runs a reduced set (10 and 100 agents, a few hundred messages) in seconds.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { migrate, PostgresDb, SqliteDb, type Db } from '../service/src/db';
import { createLogger } from '../service/src/log';
import { RouterEngine, routerMigrations, type ConfigSnapshot } from '../service/src/router';

interface Options {
    quick: boolean;
    databases: ('sqlite' | 'postgres')[];
    json: boolean;
}

interface Result {
    db: 'sqlite' | 'postgres';
    agents: number;
    messages: number;
    concurrency: number;
    perSecond: number;
    p50Ms: number;
    p99Ms: number;
    offered: number;
    setupSeconds: number;
    /** The floor measured interleaved with this run. */
    floorPerSecond: number;
    /** This process's CPU time per routed message (the database server's not included). */
    cpuMicros: number;
}

const QUEUES = 100;
const QUEUES_PER_AGENT = 10;
const CHUNK = 100;

const PG = {
    host: process.env.PGHOST_TEST ?? '127.0.0.1',
    port: Number(process.env.PGPORT_TEST ?? 5432),
    user: process.env.PGUSER_TEST ?? 'postgres',
    database: process.env.PGDATABASE_TEST ?? 'test'
};

function parseArgs(argv: string[]): Options {
    const db = argv.includes('--db') ? argv[argv.indexOf('--db') + 1] : 'both';
    if (!['sqlite', 'postgres', 'both'].includes(db)) throw new Error('--db must be sqlite, postgres or both');
    return {
        quick: argv.includes('--quick'),
        json: argv.includes('--json'),
        databases: db === 'both' ? ['sqlite', 'postgres'] : [db as 'sqlite' | 'postgres']
    };
}

const channelNumber = (q: number) => `+1415555${String(1000 + q).padStart(4, '0')}`;
const customerNumber = (n: number) => `+1202${String(2000000 + n).padStart(7, '0')}`;
const userId = (i: number) => `005B${String(i).padStart(11, '0')}`;

function snapshot(agents: number): ConfigSnapshot {
    const members = new Map<string, string[]>();
    for (let q = 0; q < QUEUES; q++) members.set(`q${q}`, []);
    for (let i = 0; i < agents; i++) {
        for (let k = 0; k < QUEUES_PER_AGENT; k++) members.get(`q${(i + 10 * k) % QUEUES}`)!.push(userId(i));
    }
    return {
        queues: Array.from({ length: QUEUES }, (_, q) => ({
            id: `q${q}`,
            name: `Queue ${q}`,
            acceptanceIntervalSeconds: 3600, // no offer lapses during the run
            postProcessingSeconds: 120,
            slaTargetSeconds: 3600,
            maxInteractions: 3,
            dispositionRequired: false,
            dedicatedAgentId: null,
            active: true
        })),
        // capacity for the whole run: every message gets an offer
        agents: Array.from({ length: agents }, (_, i) => ({
            userId: userId(i),
            name: `Agent ${i}`,
            maxInteractions: 999,
            canReject: true
        })),
        channels: Array.from({ length: QUEUES }, (_, q) => ({
            phoneNumber: channelNumber(q),
            channelId: null,
            queueId: `q${q}`,
            active: true
        })),
        members: [...members].map(([queueId, userIds]) => ({ queueId, userIds }))
    };
}

async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
        Array.from({ length: Math.min(concurrency, items.length) }, async () => {
            while (next < items.length) await fn(items[next++]);
        })
    );
}

function percentile(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function openDb(kind: 'sqlite' | 'postgres', label: string): Promise<{ db: Db; drop: () => Promise<void> }> {
    if (kind === 'sqlite') {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'router-bench-'));
        const db = new SqliteDb({ filename: path.join(dir, 'service.sqlite') }); // synchronous=FULL, as the service
        return { db, drop: async () => (await db.close(), fs.rmSync(dir, { recursive: true, force: true })) };
    }
    const schema = `bench_router_${process.pid}_${label}`.toLowerCase();
    const db = new PostgresDb({ ...PG, schema, max: 10 });
    await db.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.ensureSchema();
    return {
        db,
        drop: async () => {
            await db.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await db.close();
        }
    };
}

/** One durable SQLite insert per message, as the provider stores an inbound SMS: the floor. */
class Floor {
    private readonly db: SqliteDb;
    private n = 0;
    seconds = 0;
    count = 0;

    constructor(private readonly dir: string) {
        this.db = new SqliteDb({ filename: path.join(dir, 'floor.sqlite') }); // synchronous=FULL, like the engine's
        this.db.raw.exec(
            'CREATE TABLE messages (id INTEGER PRIMARY KEY, provider_id TEXT UNIQUE, channel TEXT, customer TEXT, body TEXT, received_at INTEGER)'
        );
        for (let i = 0; i < 20; i++) this.insert();
    }

    private insert(): void {
        const i = this.n++;
        this.db.raw
            .prepare('INSERT INTO messages (provider_id, channel, customer, body, received_at) VALUES (?, ?, ?, ?, ?)')
            .run(
                `SM${i}`,
                channelNumber(i % QUEUES),
                customerNumber(i),
                'Hello, I have a question about my order',
                Date.now()
            );
    }

    chunk(size: number): void {
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < size; i++) this.insert();
        this.seconds += Number(process.hrtime.bigint() - t0) / 1e9;
        this.count += size;
    }

    get perSecond(): number {
        return this.count / this.seconds;
    }

    async close(): Promise<void> {
        await this.db.close();
        fs.rmSync(path.join(this.dir, 'floor.sqlite'), { force: true });
    }
}

async function runOne(kind: 'sqlite' | 'postgres', agents: number, messages: number, warmup: number): Promise<Result> {
    const started = process.hrtime.bigint();
    const { db, drop } = await openDb(kind, String(agents));
    const floorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'router-bench-floor-'));
    const floor = new Floor(floorDir);
    try {
        await migrate(db, routerMigrations);
        const router = new RouterEngine({ db, logger: createLogger({ level: 'error' }) });
        await router.configure(snapshot(agents));
        const now = Date.now();
        await db.run(
            `UPDATE router_agents SET status = 'Available', status_reason = 'Agent', status_changed_at = ?, idle_since = ?,
                ready = CASE WHEN live_count + wrap_count < group_cap THEN 1 ELSE 0 END`,
            [now, now]
        );
        const setupSeconds = Number(process.hrtime.bigint() - started) / 1e9;

        // SQLite has one writer: one message at a time. PostgreSQL: several connections at once.
        const concurrency = kind === 'postgres' ? 8 : 1;
        let n = 0;
        let offered = 0;
        const latencies: number[] = [];
        const route = async (measure: boolean) => {
            const i = n++;
            const t0 = process.hrtime.bigint();
            const result = await router.customerMessage({
                channelNumber: channelNumber(i % QUEUES),
                customerNumber: customerNumber(i),
                messageId: `SM${i}`
            });
            if (measure) {
                latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
                if (result.interaction.status === 'Offered' && result.events.some((e) => e.type === 'offer')) offered++;
            }
        };
        await pool(Array.from({ length: warmup }), concurrency, () => route(false));
        let seconds = 0;
        let cpu = 0;
        for (let done = 0; done < messages; done += CHUNK) {
            const size = Math.min(CHUNK, messages - done);
            floor.chunk(size);
            const t0 = process.hrtime.bigint();
            const c0 = process.cpuUsage();
            await pool(Array.from({ length: size }), concurrency, () => route(true));
            const used = process.cpuUsage(c0);
            cpu += used.user + used.system;
            seconds += Number(process.hrtime.bigint() - t0) / 1e9;
        }
        latencies.sort((a, b) => a - b);
        await router.close();
        return {
            db: kind,
            agents,
            messages,
            concurrency,
            perSecond: messages / seconds,
            p50Ms: percentile(latencies, 50),
            p99Ms: percentile(latencies, 99),
            offered,
            setupSeconds,
            floorPerSecond: floor.perSecond,
            cpuMicros: cpu / messages
        };
    } finally {
        await floor.close();
        fs.rmSync(floorDir, { recursive: true, force: true });
        await drop();
    }
}

async function postgresReachable(): Promise<boolean> {
    const db = new PostgresDb({ ...PG, connectionTimeoutMillis: 2000, max: 1 });
    try {
        await db.get('SELECT 1 AS x');
        return true;
    } catch {
        return false;
    } finally {
        await db.close().catch(() => undefined);
    }
}

export async function runBenchmark(options: Options): Promise<{ floorPerSecond: number; results: Result[] }> {
    const sizes = options.quick ? [10, 100] : [10, 1_000, 10_000];
    const messages = options.quick ? 100 : 3_000;
    const warmup = options.quick ? 10 : 300;
    const log = (line: string) => {
        if (!options.json) process.stdout.write(`${line}\n`);
    };
    log(
        `Router benchmark${options.quick ? ' (quick)' : ''}: ${QUEUES} queues, each agent a member of ${QUEUES_PER_AGENT}; ` +
            `${messages} new conversations per run after ${warmup} warm-up; ${os.cpus().length} CPUs`
    );
    const results: Result[] = [];
    for (const kind of options.databases) {
        if (kind === 'postgres' && !(await postgresReachable())) {
            log(`PostgreSQL at ${PG.host}:${PG.port}/${PG.database} is not reachable: its runs are SKIPPED`);
            continue;
        }
        for (const agents of sizes) {
            const result = await runOne(kind, agents, messages, warmup);
            results.push(result);
            log(
                `  ${kind.padEnd(8)} ${String(agents).padStart(6)} agents: ${result.offered}/${result.messages} offered, ` +
                    `${result.concurrency} at a time, setup ${result.setupSeconds.toFixed(1)} s`
            );
        }
    }
    const floorPerSecond = results.reduce((sum, r) => sum + r.floorPerSecond, 0) / Math.max(1, results.length);
    log('');
    log('Routed = customer message handed over → interaction stored, agent claimed, offer + timer + event committed.');
    log('Floor  = one durable SQLite insert per message (synchronous=FULL, this process), interleaved with each run.');
    log('');
    log('db        agents   routed msg/s   p50 ms   p99 ms   CPU µs/msg    floor/s   vs floor   cost in floor inserts');
    for (const r of results) {
        log(
            [
                r.db.padEnd(8),
                String(r.agents).padStart(7),
                r.perSecond.toFixed(0).padStart(14),
                r.p50Ms.toFixed(2).padStart(8),
                r.p99Ms.toFixed(2).padStart(8),
                r.cpuMicros.toFixed(0).padStart(12),
                r.floorPerSecond.toFixed(0).padStart(10),
                `${((100 * r.perSecond) / r.floorPerSecond).toFixed(0).padStart(8)} %`,
                (r.floorPerSecond / r.perSecond).toFixed(2).padStart(23)
            ].join(' ')
        );
    }
    log('');
    log("Decision cost, largest vs smallest run (goal ≤ 2×): wall p50 (moves with the machine's load),");
    log('CPU per message, and time per message in floor inserts measured alongside (both steady under load).');
    for (const kind of options.databases) {
        const mine = results.filter((r) => r.db === kind);
        if (mine.length < 2) continue;
        const small = mine[0];
        const large = mine[mine.length - 1];
        const inFloor = (r: Result) => r.floorPerSecond / r.perSecond;
        log(
            `  ${kind}: ${large.agents} vs ${small.agents} agents: p50 ${(large.p50Ms / small.p50Ms).toFixed(2)}×, ` +
                `CPU ${(large.cpuMicros / small.cpuMicros).toFixed(2)}×, in floor inserts ${(inFloor(large) / inFloor(small)).toFixed(2)}×`
        );
    }
    if (options.json) process.stdout.write(`${JSON.stringify({ floorPerSecond, results })}\n`);
    return { floorPerSecond, results };
}

if (require.main === module) {
    runBenchmark(parseArgs(process.argv.slice(2))).catch((error) => {
        process.stderr.write(`${(error as Error).stack}\n`);
        process.exitCode = 1;
    });
}
