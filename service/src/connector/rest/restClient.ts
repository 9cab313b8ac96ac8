/**
 * REST through jsforce: sObject Collections for batched writes (create, update by Id, upsert by
 * external Id; up to 200 records a request, results in input order), SOQL with every literal
 * escaped, SOSL for the phone search, describe. The access token comes from the JWT bearer flow;
 * a 401 (INVALID_SESSION_ID) makes jsforce call back for a fresh token and repeat the request.
 * 5xx answers and dropped connections are retried with backoff (every write here is idempotent:
 * updates by Id and upserts by external Id); 4xx answers become a clear typed error.
 */
import { Connection } from 'jsforce';
import { ConnectorError } from '../errors';
import { toId18 } from '../ids';
import type { RecordWrite, SObjectFields, WriteResult } from '../types';
import type { JwtBearerAuth } from './jwt';

export const API_VERSION = '62.0';
const COLLECTION_LIMIT = 200;

interface SaveResult {
    id?: string;
    success: boolean;
    created?: boolean;
    errors?: Array<{ statusCode?: string; message?: string; fields?: string[] }>;
}

export interface RestOptions {
    /** Attempts for a 5xx or a dropped connection (default 3). */
    attempts?: number;
    backoffMs?: number;
}

const SERVER_CODES = new Set([
    'UNKNOWN_EXCEPTION',
    'SERVER_UNAVAILABLE',
    'REQUEST_RUNNING_TOO_LONG',
    'UNABLE_TO_LOCK_ROW'
]);

/** jsforce's errors → ConnectorError with a safe message (the API's own message and code). */
export function restError(error: unknown, what: string): ConnectorError {
    if (error instanceof ConnectorError) return error;
    const e = error as { errorCode?: string; name?: string; message?: string; code?: string; data?: unknown };
    const code = e.errorCode ?? e.name ?? '';
    const httpStatus = /^ERROR_HTTP_(\d{3})$/.exec(code);
    const status = httpStatus ? Number(httpStatus[1]) : undefined;
    const network =
        ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET'].includes(e.code ?? '') ||
        e.name === 'FetchError';
    const serverSide = network || (status !== undefined && status >= 500) || SERVER_CODES.has(code);
    const message = `${what}: ${code ? `${code} ` : ''}${(e.message ?? '').slice(0, 300)}`.trim();
    return new ConnectorError(serverSide ? 'REST_SERVER_ERROR' : 'REST_CLIENT_ERROR', message, {
        cause: error,
        retryable: serverSide,
        status
    });
}

export class SalesforceRest {
    private conn: Connection | null = null;
    private readonly attempts: number;
    private readonly backoffMs: number;

    constructor(
        private readonly auth: JwtBearerAuth,
        options: RestOptions = {}
    ) {
        this.attempts = options.attempts ?? 3;
        this.backoffMs = options.backoffMs ?? 200;
    }

    private async connection(): Promise<Connection> {
        const session = await this.auth.getSession();
        if (!this.conn || this.conn.instanceUrl !== session.instanceUrl) {
            this.conn = new Connection({
                instanceUrl: session.instanceUrl,
                accessToken: session.accessToken,
                version: API_VERSION,
                refreshFn: (_conn, callback) => {
                    this.auth.refresh().then(
                        (fresh) => callback(null, fresh.accessToken),
                        (error: Error) => callback(error)
                    );
                }
            });
        } else if (this.conn.accessToken !== session.accessToken) {
            this.conn.accessToken = session.accessToken;
        }
        return this.conn;
    }

    /** Runs a call, retrying server-side failures with exponential backoff. */
    private async call<T>(what: string, fn: (conn: Connection) => Promise<T>): Promise<T> {
        let lastError: ConnectorError | null = null;
        for (let attempt = 0; attempt < this.attempts; attempt++) {
            if (attempt > 0) await new Promise((r) => setTimeout(r, this.backoffMs * 4 ** (attempt - 1)));
            try {
                return await fn(await this.connection());
            } catch (error) {
                lastError = restError(error, what);
                if (!lastError.retryable) throw lastError;
            }
        }
        throw lastError!;
    }

    async query<T extends SObjectFields = SObjectFields>(soql: string): Promise<T[]> {
        return this.call('SOQL query', async (conn) => {
            const out: T[] = [];
            let result = await conn.query<T>(soql);
            out.push(...result.records);
            while (!result.done && result.nextRecordsUrl) {
                result = await conn.queryMore<T>(result.nextRecordsUrl);
                out.push(...result.records);
            }
            return out.map((r) => stripAttributes(r) as T);
        });
    }

    async search(sosl: string): Promise<Array<{ type: string; id: string }>> {
        return this.call('SOSL search', async (conn) => {
            const result = (await conn.request(`/search/?q=${encodeURIComponent(sosl)}`)) as {
                searchRecords?: Array<{ attributes: { type: string }; Id: string }>;
            };
            return (result.searchRecords ?? []).map((r) => ({ type: r.attributes.type, id: r.Id }));
        });
    }

    async describeFields(object: string): Promise<string[] | null> {
        try {
            return await this.call(`describe ${object}`, async (conn) => {
                const d = (await conn.request(`/sobjects/${encodeURIComponent(object)}/describe`)) as {
                    fields: Array<{ name: string }>;
                };
                return d.fields.map((f) => f.name);
            });
        } catch (error) {
            if (error instanceof ConnectorError && error.code === 'REST_CLIENT_ERROR') return null;
            throw error;
        }
    }

    /**
     * Writes records in as few requests as the API allows: consecutive writes of one kind
     * (create / update / upsert on one object and external Id) share sObject Collections
     * requests of up to 200. Each write gets its own result; one bad record fails alone.
     */
    async write(writes: readonly RecordWrite[]): Promise<WriteResult[]> {
        const results: WriteResult[] = new Array(writes.length);
        let i = 0;
        while (i < writes.length) {
            const kind = writeKind(writes[i]);
            let j = i;
            while (j < writes.length && j - i < COLLECTION_LIMIT && writeKind(writes[j]) === kind) j++;
            const chunk = writes.slice(i, j);
            const saved = await this.writeChunk(chunk);
            for (let k = 0; k < chunk.length; k++) {
                const r = saved[k];
                results[i + k] =
                    r && r.success
                        ? {
                              ok: true,
                              id: r.id ? (toId18(r.id) ?? r.id) : chunk[k].id,
                              created: r.created ?? !chunk[k].id
                          }
                        : {
                              ok: false,
                              error: {
                                  code: r?.errors?.[0]?.statusCode ?? 'UNKNOWN',
                                  message: (r?.errors?.[0]?.message ?? 'no result').slice(0, 255)
                              }
                          };
            }
            i = j;
        }
        return results;
    }

    private async writeChunk(chunk: readonly RecordWrite[]): Promise<SaveResult[]> {
        const first = chunk[0];
        const records = chunk.map((w) => toRestRecord(w));
        if (first.id) {
            return this.call('update records', (conn) =>
                conn.requestPatch<SaveResult[]>('/composite/sobjects', { allOrNone: false, records })
            );
        }
        if (first.externalIdField) {
            const path = `/composite/sobjects/${encodeURIComponent(first.object)}/${encodeURIComponent(first.externalIdField)}`;
            return this.call('upsert records', (conn) =>
                conn.requestPatch<SaveResult[]>(path, { allOrNone: false, records })
            );
        }
        return this.call('create records', (conn) =>
            conn.requestPost<SaveResult[]>('/composite/sobjects', { allOrNone: false, records })
        );
    }
}

function writeKind(w: RecordWrite): string {
    if (w.id) return 'update';
    if (w.externalIdField) return `upsert:${w.object}:${w.externalIdField}`;
    return 'create';
}

function toRestRecord(w: RecordWrite): Record<string, unknown> {
    const record: Record<string, unknown> = { attributes: { type: w.object }, ...w.fields };
    if (w.id) record.Id = w.id;
    if (w.externalIdField && w.externalId !== undefined) record[w.externalIdField] = w.externalId;
    for (const [field, ref] of Object.entries(w.refs ?? {})) {
        const relationship = field.endsWith('__c') ? field.replace(/__c$/, '__r') : field.replace(/Id$/, '');
        record[relationship] = { attributes: { type: ref.object }, [ref.externalIdField]: ref.value };
    }
    return record;
}

function stripAttributes(record: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) {
        if (k === 'attributes') continue;
        out[k] = v && typeof v === 'object' && !Array.isArray(v) ? stripAttributes(v as Record<string, unknown>) : v;
    }
    return out;
}
