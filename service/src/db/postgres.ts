import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Db, Queryable, RunResult, SqlValue, TxOptions } from './types';

export interface PostgresOptions extends PoolConfig {
    /** Schema to create (if missing) and use for every connection; default `public`. */
    schema?: string;
}

/** Rewrites `?` placeholders to `$1, $2…`, leaving quoted strings and identifiers alone. */
export function numberPlaceholders(sql: string): string {
    let out = '';
    let n = 0;
    let quote: string | null = null;
    for (const ch of sql) {
        if (quote) {
            if (ch === quote) quote = null;
            out += ch;
        } else if (ch === "'" || ch === '"') {
            quote = ch;
            out += ch;
        } else if (ch === '?') {
            out += `$${++n}`;
        } else {
            out += ch;
        }
    }
    return out;
}

const translated = new Map<string, string>();
function pgSql(sql: string): string {
    let text = translated.get(sql);
    if (text === undefined) {
        text = numberPlaceholders(sql);
        translated.set(sql, text);
    }
    return text;
}

function pgParams(params: readonly SqlValue[] | undefined): unknown[] {
    return (params ?? []).map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
}

/** BIGINT columns come back as strings from pg; numbers in this service fit in a double. */
function normaliseRow<T>(row: Record<string, unknown>, bigintColumns: Set<string>): T {
    for (const column of bigintColumns) {
        const value = row[column];
        if (typeof value === 'string') row[column] = Number(value);
    }
    return row as T;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function queryable(client: Pool | PoolClient): Queryable {
    const exec = async (sql: string, params?: readonly SqlValue[]) => {
        const result = await client.query({ text: pgSql(sql), values: pgParams(params) });
        const bigints = new Set(
            (result.fields ?? [])
                .filter((f) => f.dataTypeID === INT8_OID || f.dataTypeID === NUMERIC_OID)
                .map((f) => f.name)
        );
        return { rows: result.rows.map((r) => normaliseRow<Record<string, unknown>>(r, bigints)), result };
    };
    return {
        dialect: 'postgres',
        all: async <T>(sql: string, params?: readonly SqlValue[]) => (await exec(sql, params)).rows as T[],
        get: async <T>(sql: string, params?: readonly SqlValue[]) => (await exec(sql, params)).rows[0] as T | undefined,
        run: async (sql: string, params?: readonly SqlValue[]): Promise<RunResult> => ({
            changes: (await exec(sql, params)).result.rowCount ?? 0
        })
    };
}

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);

export class PostgresDb implements Db {
    readonly dialect = 'postgres' as const;
    readonly pool: Pool;
    private readonly direct: Queryable;
    readonly schema: string;

    constructor(options: PostgresOptions) {
        const { schema, ...pool } = options;
        this.schema = schema ?? 'public';
        if (!/^[a-z_][a-z0-9_]*$/.test(this.schema)) {
            throw new Error(`Invalid PostgreSQL schema name: ${this.schema}`);
        }
        this.pool = new Pool({ max: 10, ...pool, options: `-c search_path=${this.schema}` });
        this.direct = queryable(this.pool);
    }

    /** Creates the schema when missing. Call once before migrating. */
    async ensureSchema(): Promise<void> {
        await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
    }

    all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
        return this.direct.all<T>(sql, params);
    }

    get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
        return this.direct.get<T>(sql, params);
    }

    run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
        return this.direct.run(sql, params);
    }

    async tx<T>(fn: (q: Queryable) => Promise<T>, options?: TxOptions): Promise<T> {
        const retries = options?.retries ?? 5;
        const client = await this.pool.connect();
        try {
            for (let attempt = 0; ; attempt++) {
                await client.query('BEGIN');
                try {
                    const result = await fn(queryable(client));
                    await client.query('COMMIT');
                    return result;
                } catch (error) {
                    await client.query('ROLLBACK').catch(() => undefined);
                    const code = (error as { code?: string }).code;
                    if (code && RETRYABLE.has(code) && attempt < retries) {
                        await new Promise((resolve) => setTimeout(resolve, 5 * (attempt + 1) * Math.random()));
                        continue;
                    }
                    throw error;
                }
            }
        } finally {
            client.release();
        }
    }

    async close(): Promise<void> {
        await this.pool.end();
    }
}
