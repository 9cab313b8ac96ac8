/**
 * A local HTTP server speaking Salesforce's OAuth and REST JSON, backed by a LocalOrg: the JWT
 * bearer token endpoint (signature, issuer, audience and expiry checked against the connected
 * app's certificate), `/services/data/vXX.X/` query, search, describe and sObject Collections
 * (create, update, upsert by external Id with relationship references), answering with the
 * documented shapes — including `INVALID_SESSION_ID` 401s for expired tokens and 4xx/5xx
 * failures injected on demand. For tests of the real-org connector on 127.0.0.1.
 */
import { createVerify, randomBytes } from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';
import { ConnectorError } from '../errors';
import { toId18 } from '../ids';
import { REJECT_PERMISSION } from '../model';
import type { LocalOrg } from '../local/localOrg';
import type { FieldValue, PhoneMatch, SObjectFields } from '../types';

export interface FakeSalesforceOptions {
    org: LocalOrg;
    consumerKey: string;
    /** PEM public key (or certificate) of the connected app. */
    publicKey: string;
    /** Usernames allowed to use the app, mapped to their User Id. */
    users: Record<string, string>;
    activeFlows?: string[];
    now?: () => number;
}

interface Injected {
    method: string;
    path: RegExp;
    status: number;
    body: unknown;
    times: number;
}

export interface RequestLogEntry {
    method: string;
    path: string;
    status: number;
}

const SESSION_EXPIRED = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

class HttpError extends Error {
    constructor(
        readonly status: number,
        readonly body: unknown
    ) {
        super(`HTTP ${status}`);
    }
}

function apiError(status: number, errorCode: string, message: string): HttpError {
    return new HttpError(status, [{ message, errorCode }]);
}

const ERROR_CODES: Record<string, string> = {
    FIELD_UNKNOWN: 'INVALID_FIELD',
    FIELD_INVALID: 'FIELD_INTEGRITY_EXCEPTION',
    DUPLICATE_VALUE: 'DUPLICATE_VALUE',
    RECORD_NOT_FOUND: 'INVALID_CROSS_REFERENCE_KEY',
    INSUFFICIENT_ACCESS: 'INSUFFICIENT_ACCESS_OR_READONLY'
};

export class FakeSalesforce {
    private server: http.Server | null = null;
    private readonly tokens = new Map<string, { userId: string }>();
    private readonly injected: Injected[] = [];
    readonly requests: RequestLogEntry[] = [];
    readonly org: LocalOrg;
    activeFlows: string[];
    url = '';

    constructor(private readonly options: FakeSalesforceOptions) {
        this.org = options.org;
        this.activeFlows = options.activeFlows ?? ['SMS_Publish_Agent_Action', 'SMS_Publish_Outbound_Message'];
    }

    get organizationId(): string {
        return '00D5g000000FAKEEAQ';
    }

    async start(): Promise<string> {
        this.server = http.createServer((req, res) => void this.handle(req, res));
        await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
        this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
        return this.url;
    }

    async stop(): Promise<void> {
        if (!this.server) return;
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server!.close(() => resolve()));
        this.server = null;
    }

    /** Valid access token → the user it was issued to (for the Pub/Sub server's checks). */
    userOf(token: string): string | null {
        return this.tokens.get(token)?.userId ?? null;
    }

    /** Every issued token stops working (the org's session timeout, or a revoked session). */
    expireTokens(): void {
        this.tokens.clear();
    }

    /** The next `times` requests matching `method` and `path` get this status and body. */
    fail(method: string, path: RegExp, status: number, body: unknown, times = 1): void {
        this.injected.push({ method, path, status, body, times });
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const url = new URL(req.url ?? '/', this.url);
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const raw = Buffer.concat(chunks).toString('utf8');
        let status = 200;
        let body: unknown;
        try {
            const injected = this.injected.find((f) => f.method === req.method && f.path.test(url.pathname));
            if (injected) {
                injected.times--;
                if (injected.times <= 0) this.injected.splice(this.injected.indexOf(injected), 1);
                throw new HttpError(injected.status, injected.body);
            }
            if (url.pathname === '/services/oauth2/token' && req.method === 'POST') {
                body = this.token(new URLSearchParams(raw));
            } else {
                const m = /^\/services\/data\/v\d+\.\d+(\/.*)$/.exec(url.pathname);
                if (!m)
                    throw new HttpError(404, [
                        { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }
                    ]);
                const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
                const session = auth ? this.tokens.get(auth[1]) : undefined;
                if (!session) throw new HttpError(401, SESSION_EXPIRED);
                const result = this.api(
                    req.method ?? 'GET',
                    m[1],
                    url.searchParams,
                    raw ? (JSON.parse(raw) as unknown) : undefined
                );
                status = result.status;
                body = result.body;
            }
        } catch (error) {
            if (error instanceof HttpError) {
                status = error.status;
                body = error.body;
            } else {
                status = 500;
                body = [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred.' }];
            }
        }
        this.requests.push({ method: req.method ?? 'GET', path: url.pathname, status });
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        res.writeHead(status, {
            'content-type': typeof body === 'string' ? 'text/html' : 'application/json;charset=UTF-8'
        });
        res.end(text);
    }

    // ------------------------------------------------------------------------------ OAuth

    private token(form: URLSearchParams): unknown {
        const refuse = (error: string, description: string): never => {
            throw new HttpError(400, { error, error_description: description });
        };
        if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
            refuse('unsupported_grant_type', 'grant type not supported');
        }
        const assertion = form.get('assertion') ?? '';
        const [h, c, sig] = assertion.split('.');
        if (!h || !c || !sig) refuse('invalid_grant', 'invalid assertion');
        const verifier = createVerify('RSA-SHA256');
        verifier.update(`${h}.${c}`);
        if (!verifier.verify(this.options.publicKey, Buffer.from(sig, 'base64url')))
            refuse('invalid_grant', 'invalid assertion');
        const claims = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as {
            iss?: string;
            sub?: string;
            aud?: string;
            exp?: number;
        };
        if (claims.iss !== this.options.consumerKey) refuse('invalid_client_id', 'client identifier invalid');
        if (claims.aud !== this.url) refuse('invalid_grant', 'audience is invalid');
        const now = (this.options.now ?? Date.now)();
        if (typeof claims.exp !== 'number' || claims.exp * 1000 < now)
            refuse('invalid_grant', 'expired authorization code');
        const userId = claims.sub ? this.options.users[claims.sub] : undefined;
        if (!userId) refuse('invalid_grant', "user hasn't approved this consumer");
        const accessToken = `${this.organizationId}!${randomBytes(24).toString('base64url')}`;
        this.tokens.set(accessToken, { userId: userId! });
        return {
            access_token: accessToken,
            scope: 'api',
            instance_url: this.url,
            id: `${this.url}/id/${this.organizationId}/${userId}`,
            token_type: 'Bearer',
            issued_at: String(now)
        };
    }

    // ------------------------------------------------------------------------------ REST

    private api(
        method: string,
        path: string,
        params: URLSearchParams,
        body: unknown
    ): { status: number; body: unknown } {
        if (method === 'GET' && path === '/query') return { status: 200, body: this.query(params.get('q') ?? '') };
        if (method === 'GET' && (path === '/search' || path === '/search/'))
            return { status: 200, body: this.search(params.get('q') ?? '') };
        const describe = /^\/sobjects\/([A-Za-z0-9_]+)\/describe$/.exec(path);
        if (method === 'GET' && describe) {
            const def = this.org.schema.objects.get(describe[1]);
            if (!def) throw apiError(404, 'NOT_FOUND', `The requested resource does not exist`);
            return {
                status: 200,
                body: {
                    name: def.name,
                    custom: def.name.includes('__'),
                    fields: [...def.fields.values()].map((f) => ({ name: f.name, type: f.type.toLowerCase() }))
                }
            };
        }
        if (path === '/composite/sobjects' && (method === 'POST' || method === 'PATCH')) {
            const records = collection(body);
            return { status: 200, body: records.map((r) => this.save(method === 'POST' ? 'create' : 'update', r)) };
        }
        const upsert = /^\/composite\/sobjects\/([A-Za-z0-9_]+)\/([A-Za-z0-9_]+)$/.exec(path);
        if (upsert && method === 'PATCH') {
            const records = collection(body);
            return { status: 200, body: records.map((r) => this.save('upsert', r, upsert[1], upsert[2])) };
        }
        throw apiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    }

    private save(
        kind: 'create' | 'update' | 'upsert',
        record: Record<string, unknown>,
        object?: string,
        extField?: string
    ): unknown {
        try {
            const type = String((record.attributes as { type?: string } | undefined)?.type ?? object ?? '');
            if (!type) throw new ConnectorError('FIELD_INVALID', 'attributes.type is required');
            const fields: SObjectFields = {};
            for (const [k, v] of Object.entries(record)) {
                if (k === 'attributes' || k === 'Id') continue;
                if (v && typeof v === 'object') {
                    // A relationship by external Id: Interaction__r: { External_Id__c: 'x' }.
                    const ref = v as Record<string, unknown>;
                    const refType = String((ref.attributes as { type?: string } | undefined)?.type ?? '');
                    const [refField, refValue] = Object.entries(ref).find(([rk]) => rk !== 'attributes') ?? [];
                    const target =
                        refType && refField ? this.org.find(refType).find((r) => r[refField] === refValue) : undefined;
                    if (!target)
                        throw new ConnectorError(
                            'RECORD_NOT_FOUND',
                            `Foreign key external ID: ${String(refValue)} not found for field ${refField} in entity ${refType}`
                        );
                    fields[k.replace(/__r$/, '__c')] = target.Id;
                } else fields[k] = v as FieldValue;
            }
            if (kind === 'create') return { id: this.org.insert(type, fields), success: true, errors: [] };
            if (kind === 'update') {
                const id = String(record.Id ?? '');
                this.org.update(type, id, fields);
                return { id: toId18(id) ?? id, success: true, errors: [] };
            }
            const ext = String(fields[extField!] ?? '');
            const r = this.org.upsert(type, extField!, ext, fields);
            return { id: r.id, success: true, errors: [], created: r.created };
        } catch (error) {
            const e = error as ConnectorError;
            return {
                success: false,
                errors: [{ statusCode: ERROR_CODES[e.code] ?? 'UNKNOWN_EXCEPTION', message: e.message, fields: [] }]
            };
        }
    }

    private virtualRows(object: string): Array<Record<string, FieldValue>> | null {
        const customPermissionId = '0CP5g000000FAKEGAA';
        switch (object) {
            case 'CustomPermission':
                return [{ Id: customPermissionId, DeveloperName: REJECT_PERMISSION }];
            case 'SetupEntityAccess': {
                const ps = this.org.find('PermissionSet').filter((p) => p.Name === 'SMS_Reject_Offers');
                return ps.map((p) => ({ ParentId: p.Id, SetupEntityId: customPermissionId }));
            }
            case 'FlowDefinitionView':
                return this.activeFlows.map((name) => ({ ApiName: name, IsActive: true }));
            default:
                return null;
        }
    }

    private query(soql: string): unknown {
        const m = /^\s*SELECT\s+(.+?)\s+FROM\s+([A-Za-z0-9_]+)(?:\s+WHERE\s+(.+?))?(?:\s+LIMIT\s+(\d+))?\s*$/is.exec(
            soql
        );
        if (!m) throw apiError(400, 'MALFORMED_QUERY', 'unexpected token');
        const fields = m[1].split(',').map((f) => f.trim());
        const object = m[2];
        const where = m[3] ? parseWhere(m[3]) : [];
        let rows = this.virtualRows(object);
        if (!rows) {
            const def = this.org.schema.objects.get(object);
            if (!def) throw apiError(400, 'INVALID_TYPE', `sObject type '${object}' is not supported.`);
            for (const f of [...fields, ...where.map((w) => w.field)]) {
                if (!def.fields.has(f))
                    throw apiError(400, 'INVALID_FIELD', `No such column '${f}' on entity '${object}'.`);
            }
            rows = this.org.find(object);
        }
        const norm = (v: FieldValue | undefined): FieldValue =>
            typeof v === 'string' ? (toId18(v) ?? v) : (v ?? null);
        const matched = rows.filter((r) => where.every((w) => w.values.some((v) => norm(v) === norm(r[w.field]))));
        const limited = m[4] ? matched.slice(0, Number(m[4])) : matched;
        return {
            totalSize: limited.length,
            done: true,
            records: limited.map((r) => ({
                attributes: {
                    type: object,
                    url: r.Id ? `/services/data/v62.0/sobjects/${object}/${String(r.Id)}` : undefined
                },
                ...Object.fromEntries(fields.map((f) => [f, r[f] ?? null]))
            }))
        };
    }

    private search(sosl: string): unknown {
        const m = /^FIND \{((?:\\.|[^\\}])*)\} IN PHONE FIELDS RETURNING (.+)$/s.exec(sosl.trim());
        if (!m) throw apiError(400, 'MALFORMED_SEARCH', 'No search term found.');
        const term = m[1];
        if (/(^|[^\\])[?&|!{}[\]()^~*:"'+-]/.test(term))
            throw apiError(400, 'MALFORMED_SEARCH', 'unescaped reserved character in the search term');
        const digits = term.replace(/\\(.)/g, '$1');
        const returning = [...m[2].matchAll(/([A-Za-z]+)\(([^)]*)\)/g)].map((r) => ({ type: r[1], clause: r[2] }));
        const out: PhoneMatch[] = [];
        for (const r of returning) {
            if (!['Contact', 'Lead', 'Account'].includes(r.type))
                throw apiError(400, 'INVALID_TYPE', `sObject type '${r.type}' is not supported.`);
            const type = r.type as PhoneMatch['type'];
            const onlyOpen = /WHERE\s+IsConverted\s*=\s*false/i.test(r.clause);
            out.push(...this.org.searchPhoneIn([type], digits, !onlyOpen));
        }
        return {
            searchRecords: out.map((x) => ({
                attributes: { type: x.type, url: `/services/data/v62.0/sobjects/${x.type}/${x.id}` },
                Id: x.id
            }))
        };
    }
}

function collection(body: unknown): Array<Record<string, unknown>> {
    const records = (body as { records?: unknown })?.records;
    if (!Array.isArray(records)) throw apiError(400, 'JSON_PARSER_ERROR', 'records is required');
    if (records.length > 200)
        throw apiError(
            400,
            'EXCEEDED_ID_LIMIT',
            'record limit reached. cannot submit more than 200 records into this call'
        );
    return records as Array<Record<string, unknown>>;
}

function parseLiteral(raw: string): FieldValue {
    const t = raw.trim();
    if (/^'.*'$/s.test(t))
        return t.slice(1, -1).replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
    if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
    if (/^null$/i.test(t)) return null;
    if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    throw apiError(400, 'MALFORMED_QUERY', `unexpected token: ${t.slice(0, 20)}`);
}

/** `A = 'x' AND B IN ('y', 'z')` — the subset the connector's SOQL uses. */
function parseWhere(where: string): Array<{ field: string; values: FieldValue[] }> {
    const parts = where.split(/\s+AND\s+(?=(?:[^']*'[^']*')*[^']*$)/i);
    return parts.map((part) => {
        const inMatch = /^([A-Za-z0-9_.]+)\s+IN\s*\((.*)\)$/is.exec(part.trim());
        if (inMatch) {
            const values = inMatch[2].match(/'(?:\\.|[^'\\])*'|[^,\s]+/g) ?? [];
            return { field: inMatch[1], values: values.map(parseLiteral) };
        }
        const eq = /^([A-Za-z0-9_.]+)\s*=\s*(.+)$/s.exec(part.trim());
        if (!eq) throw apiError(400, 'MALFORMED_QUERY', 'unexpected token in WHERE');
        return { field: eq[1], values: [parseLiteral(eq[2])] };
    });
}
