import fs from 'fs';
import path from 'path';
import Database from 'better-sqlite3';
import type { Db, Queryable, RunResult, SqlValue, TxOptions } from './types';

export interface SqliteOptions {
    /** File path, or ':memory:'. */
    filename: string;
    /**
     * 'FULL' makes every commit durable against power loss; 'NORMAL' (WAL default) is durable
     * against a process crash. Default FULL.
     */
    synchronous?: 'FULL' | 'NORMAL';
}

type Param = string | number | bigint | null | Buffer;

function bind(params: readonly SqlValue[] | undefined): Param[] {
    return (params ?? []).map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
}

/** A FIFO lock: SQLite has one writer, and async transactions must not interleave on one connection. */
class Mutex {
    private tail: Promise<void> = Promise.resolve();
    async lock(): Promise<() => void> {
        let release!: () => void;
        const next = new Promise<void>((resolve) => (release = resolve));
        const previous = this.tail;
        this.tail = previous.then(() => next);
        await previous;
        return release;
    }
}

const BUSY_GIVE_UP_MS = 10_000;

/** Runs fn, retrying with a growing pause while another connection holds the write lock. */
async function whenNotBusy<T>(fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
        try {
            return await fn();
        } catch (error) {
            const code = (error as { code?: string }).code;
            if (code !== 'SQLITE_BUSY' || Date.now() - started > BUSY_GIVE_UP_MS) throw error;
            await new Promise((resolve) => setTimeout(resolve, Math.min(50, 1 + attempt)));
        }
    }
}

export class SqliteDb implements Db {
    readonly dialect = 'sqlite' as const;
    private readonly db: Database.Database;
    private readonly statements = new Map<string, Database.Statement>();
    private readonly mutex = new Mutex();
    private inTx = false;

    constructor(options: SqliteOptions) {
        if (options.filename !== ':memory:') {
            fs.mkdirSync(path.dirname(path.resolve(options.filename)), { recursive: true });
        }
        this.db = new Database(options.filename);
        this.db.pragma('journal_mode = WAL');
        this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
        this.db.pragma('foreign_keys = ON');
        // No blocking busy-wait: it would freeze the event loop while another connection of this
        // same process holds the write lock. Busy writers are retried asynchronously instead.
        this.db.pragma('busy_timeout = 0');
    }

    /** The underlying connection, for benchmarks that measure the floor. */
    get raw(): Database.Database {
        return this.db;
    }

    private prepare(sql: string): Database.Statement {
        let statement = this.statements.get(sql);
        if (!statement) {
            statement = this.db.prepare(sql);
            this.statements.set(sql, statement);
        }
        return statement;
    }

    private readonly direct: Queryable = {
        dialect: 'sqlite',
        all: async <T>(sql: string, params?: readonly SqlValue[]) => this.prepare(sql).all(...bind(params)) as T[],
        get: async <T>(sql: string, params?: readonly SqlValue[]) =>
            this.prepare(sql).get(...bind(params)) as T | undefined,
        run: async (sql: string, params?: readonly SqlValue[]): Promise<RunResult> => {
            const statement = this.prepare(sql);
            if (!statement.reader) {
                return { changes: statement.run(...bind(params)).changes };
            }
            // INSERT … RETURNING and the like: run it, count the rows.
            return { changes: statement.all(...bind(params)).length };
        }
    };

    async all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
        return this.outsideTx(() => this.direct.all<T>(sql, params));
    }

    async get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
        return this.outsideTx(() => this.direct.get<T>(sql, params));
    }

    async run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
        return this.outsideTx(() => whenNotBusy(() => this.direct.run(sql, params)));
    }

    /** A single statement outside a transaction still waits for any open transaction to finish. */
    private async outsideTx<T>(fn: () => Promise<T>): Promise<T> {
        if (!this.inTx) return fn();
        const release = await this.mutex.lock();
        try {
            return await fn();
        } finally {
            release();
        }
    }

    async tx<T>(fn: (q: Queryable) => Promise<T>, options?: TxOptions): Promise<T> {
        const retries = options?.retries ?? 5;
        const release = await this.mutex.lock();
        this.inTx = true;
        try {
            for (let attempt = 0; ; attempt++) {
                await whenNotBusy(async () => this.prepare('BEGIN IMMEDIATE').run());
                try {
                    const result = await fn(this.direct);
                    this.prepare('COMMIT').run();
                    return result;
                } catch (error) {
                    if (this.db.inTransaction) this.prepare('ROLLBACK').run();
                    const code = (error as { code?: string }).code;
                    if (code === 'SQLITE_BUSY' && attempt < retries) continue;
                    throw error;
                }
            }
        } finally {
            this.inTx = false;
            release();
        }
    }

    async close(): Promise<void> {
        const release = await this.mutex.lock();
        try {
            this.statements.clear();
            this.db.close();
        } finally {
            release();
        }
    }
}
