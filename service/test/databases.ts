/**
 * Runs a suite on SQLite (a real temporary file) and on PostgreSQL (a fresh schema in the
 * `test` database at 127.0.0.1:5432) alike.
 *
 * In CI (CI=true) PostgreSQL must be reachable and an unreachable server fails the suite. On a
 * person's machine without it the PostgreSQL half is skipped, and says so loudly.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import { PostgresDb, SqliteDb, type Db } from '../src/db';

export const PG_CONNECTION = {
    host: process.env.PGHOST_TEST ?? '127.0.0.1',
    port: Number(process.env.PGPORT_TEST ?? 5432),
    user: process.env.PGUSER_TEST ?? 'postgres',
    database: process.env.PGDATABASE_TEST ?? 'test'
};

let pgAvailable: boolean | undefined;

export async function postgresReachable(): Promise<boolean> {
    if (pgAvailable !== undefined) return pgAvailable;
    const client = new Client({ ...PG_CONNECTION, connectionTimeoutMillis: 2000 });
    try {
        await client.connect();
        await client.query('SELECT 1');
        pgAvailable = true;
    } catch (error) {
        if (process.env.CI === 'true') {
            throw new Error(
                `PostgreSQL at ${PG_CONNECTION.host}:${PG_CONNECTION.port}/${PG_CONNECTION.database} is required in CI: ${(error as Error).message}`
            );
        }
        console.warn(
            `\n!!! PostgreSQL is not reachable at ${PG_CONNECTION.host}:${PG_CONNECTION.port} (${(error as Error).message}).\n` +
                '!!! The PostgreSQL half of the database tests is SKIPPED on this machine. CI runs it.\n'
        );
        pgAvailable = false;
    } finally {
        await client.end().catch(() => undefined);
    }
    return pgAvailable;
}

export interface TestDatabase {
    db: Db;
    /** Opens another connection to the same database (a second service instance). */
    reopen(): Promise<Db>;
    drop(): Promise<void>;
}

let counter = 0;
function uniqueName(prefix: string): string {
    return `${prefix}_${process.pid}_${Date.now().toString(36)}_${++counter}`;
}

export async function createSqliteTestDb(): Promise<TestDatabase> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-test-'));
    const filename = path.join(dir, 'service.sqlite');
    const db = new SqliteDb({ filename });
    const opened: Db[] = [db];
    return {
        db,
        reopen: async () => {
            const again = new SqliteDb({ filename });
            opened.push(again);
            return again;
        },
        drop: async () => {
            for (const d of opened) await d.close().catch(() => undefined);
            fs.rmSync(dir, { recursive: true, force: true });
        }
    };
}

export async function createPostgresTestDb(): Promise<TestDatabase> {
    const schema = uniqueName('t').toLowerCase();
    const db = new PostgresDb({ ...PG_CONNECTION, schema });
    await db.ensureSchema();
    const opened: Db[] = [db];
    return {
        db,
        reopen: async () => {
            const again = new PostgresDb({ ...PG_CONNECTION, schema });
            opened.push(again);
            return again;
        },
        drop: async () => {
            for (const d of opened.slice(1)) await d.close().catch(() => undefined);
            await db.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
            await db.close();
        }
    };
}

export type DbKind = 'sqlite' | 'postgres';

/**
 * `describeEachDb('router', (open) => { … })` defines the suite twice; `open()` gives a fresh
 * database for the test (drop it in afterEach, or use the returned TestDatabase).
 */
export function describeEachDb(name: string, suite: (open: () => Promise<TestDatabase>, kind: DbKind) => void): void {
    describe(`${name} [sqlite]`, () => suite(createSqliteTestDb, 'sqlite'));
    describe(`${name} [postgres]`, () => {
        let reachable = true;
        beforeAll(async () => {
            reachable = await postgresReachable();
        });
        const open = async () => {
            if (!reachable) throw new SkipPostgres();
            return createPostgresTestDb();
        };
        suite(open, 'postgres');
    });
}

/** Thrown by open() when PostgreSQL is unreachable outside CI; see skipIfNoPostgres. */
export class SkipPostgres extends Error {
    constructor() {
        super('PostgreSQL unreachable on this machine: test skipped (CI runs it)');
    }
}
