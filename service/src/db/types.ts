/**
 * The service's one database interface, over SQLite (the default file) and PostgreSQL (several
 * service instances). SQL is written once with `?` placeholders; the PostgreSQL adapter numbers
 * them. Times are stored as epoch milliseconds in BIGINT columns, booleans as 0/1 integers, so
 * the same SQL reads the same values on both.
 */
export type Dialect = 'sqlite' | 'postgres';

export type SqlValue = string | number | bigint | boolean | null | Buffer;

export interface RunResult {
    /** Rows inserted, updated or deleted. */
    changes: number;
}

export interface Queryable {
    readonly dialect: Dialect;
    all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
    get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
    run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
}

export interface TxOptions {
    /**
     * How often a transaction that failed on a serialization conflict or a deadlock (PostgreSQL)
     * or SQLITE_BUSY is run again from the start. Default 5.
     */
    retries?: number;
}

export interface Db extends Queryable {
    /**
     * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
     * On SQLite transactions are serialised in-process (BEGIN IMMEDIATE); on PostgreSQL each
     * runs on its own pooled connection at READ COMMITTED, so use row locks
     * (`forUpdate(dialect)`) or conditional updates for claims.
     */
    tx<T>(fn: (q: Queryable) => Promise<T>, options?: TxOptions): Promise<T>;
    close(): Promise<void>;
}

/** `SELECT … FOR UPDATE` where the database has row locks; SQLite serialises writers instead. */
export function forUpdate(dialect: Dialect, skipLocked = false): string {
    if (dialect !== 'postgres') return '';
    return skipLocked ? ' FOR UPDATE SKIP LOCKED' : ' FOR UPDATE';
}

/** One migration: an id that sorts in the order to apply, and the statements per dialect. */
export interface Migration {
    id: string;
    /** Statements for both dialects, or per dialect where they differ. */
    up: string[] | { sqlite: string[]; postgres: string[] };
}
