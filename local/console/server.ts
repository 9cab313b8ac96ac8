/**
 * The local console's HTTP side, on the service's own fastify app: the sign-in page, the console
 * page per signed-in user, the component bundle, SLDS assets, and the endpoints the local
 * lightning/* modules call — UI API records, GraphQL, object info, and the event stream that
 * lightning/empApi subscribes to (the local org's event bus, counted per client as the platform
 * counts deliveries).
 */
import fs from 'fs';
import path from 'path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LocalService } from '../../service/src/createService';
import { ConnectorError } from '../../service/src/connector/errors';
import type { LocalOrg } from '../../service/src/connector/local/localOrg';
import { runGraphQL } from '../../service/src/connector/local/graphql';
import { objectInfo, picklistValues } from '../../service/src/connector/local/uiObjectInfo';
import { getRecords } from '../../service/src/connector/local/uiRecords';
import type { SObjectFields } from '../../service/src/connector/types';
import { consolePage, signInPage, type ConsoleSession } from './pages';
export type { ConsoleSession };

const ROOT = path.resolve(__dirname, '..', '..');
const SLDS_ASSETS = path.join(ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
const WEB_STATIC = path.join(ROOT, 'local', 'web', 'static');
const CONTENT_TYPES: Record<string, string> = {
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.woff': 'font/woff',
    '.woff2': 'font/woff2',
    '.js': 'text/javascript; charset=utf-8'
};

export interface ConsoleBundleSource {
    /** The bundle's JavaScript (built once, or rebuilt when a source changed). */
    code(): Promise<string>;
}

/** The user a request acts as: the console page sends it with every call (one person per browser tab). */
function actingUser(org: LocalOrg, req: FastifyRequest): string {
    const header = req.headers['x-local-user'];
    const query = (req.query as Record<string, unknown> | undefined)?.user;
    const id = typeof header === 'string' ? header : typeof query === 'string' ? query : '';
    const user = id ? org.get(id) : null;
    if (!user || org.objectOf(id) !== 'User') {
        throw new ConnectorError('INSUFFICIENT_ACCESS', 'Sign in first: no such user in the local org', {
            status: 401
        });
    }
    return id;
}

/** The UI API's error body: `[{ errorCode, message }]` with the HTTP status the platform uses. */
function sendError(reply: FastifyReply, error: unknown): FastifyReply {
    if (error instanceof ConnectorError) {
        const status =
            error.status ??
            (error.code === 'RECORD_NOT_FOUND'
                ? 404
                : error.code === 'INSUFFICIENT_ACCESS'
                  ? 403
                  : error.code === 'FIELD_UNKNOWN'
                    ? 400
                    : 400);
        const errorCode =
            error.code === 'RECORD_NOT_FOUND'
                ? 'NOT_FOUND'
                : error.code === 'FIELD_UNKNOWN'
                  ? 'INVALID_FIELD'
                  : error.code === 'FIELD_INVALID'
                    ? 'FIELD_CUSTOM_VALIDATION_EXCEPTION'
                    : error.code;
        return reply.code(status).send([{ errorCode, message: error.message }]);
    }
    const failure = error as { body?: unknown; statusCode?: number };
    if (failure?.body) {
        return reply.code(failure.statusCode ?? 400).send(Array.isArray(failure.body) ? failure.body : [failure.body]);
    }
    return reply.code(500).send([{ errorCode: 'UNKNOWN_EXCEPTION', message: 'The local org failed this request' }]);
}

export function sessionOf(service: LocalService, userId: string): ConsoleSession | null {
    const users = service.users();
    const agent = users.agents.find((a) => a.userId === userId);
    const supervisor = users.supervisor?.userId === userId ? users.supervisor : null;
    if (!agent && !supervisor) return null;
    const customPermissions = service.org.hasCustomPermission(userId, 'SMS_Reject_Offers') ? ['SMS_Reject_Offers'] : [];
    return {
        userId,
        name: (agent ?? supervisor)!.name,
        username: (agent ?? supervisor)!.username,
        role: agent ? 'agent' : 'supervisor',
        customPermissions,
        timeZone: 'America/Los_Angeles',
        locale: 'en-US',
        phoneUrl: service.simulator.url
    };
}

function serveFile(reply: FastifyReply, base: string, relative: string): FastifyReply {
    const file = path.resolve(base, relative);
    if (!file.startsWith(base + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        return reply.code(404).type('text/plain').send('Not found');
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    return reply.type(type).header('cache-control', 'max-age=3600').send(fs.createReadStream(file));
}

export function registerConsole(app: FastifyInstance, service: LocalService, bundle: ConsoleBundleSource): void {
    const org = service.org;

    app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(signInPage(service)));

    app.get('/console', async (req, reply) => {
        const as = (req.query as Record<string, string | undefined>).as ?? '';
        const session = sessionOf(service, as);
        if (!session) return reply.redirect('/');
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(consolePage(session));
    });

    app.get('/console/app.js', async (_req, reply) =>
        reply
            .type('text/javascript; charset=utf-8')
            .header('cache-control', 'no-store')
            .send(await bundle.code())
    );
    app.get('/assets/*', async (req, reply) => serveFile(reply, SLDS_ASSETS, (req.params as { '*': string })['*']));
    app.get('/static/*', async (req, reply) => serveFile(reply, WEB_STATIC, (req.params as { '*': string })['*']));

    // --- UI API ------------------------------------------------------------------------------
    app.post('/api/ui/graphql', async (req, reply) => {
        try {
            const user = actingUser(org, req);
            const body = (req.body ?? {}) as { query?: string; variables?: Record<string, unknown> };
            return reply.send(runGraphQL(org, String(body.query ?? ''), body.variables ?? {}, user));
        } catch (error) {
            return sendError(reply, error);
        }
    });

    app.post('/api/ui/records/batch', async (req, reply) => {
        try {
            const user = actingUser(org, req);
            const body = (req.body ?? {}) as { requests?: Parameters<typeof getRecords>[1] };
            return reply.send(getRecords(org, body.requests ?? [], user));
        } catch (error) {
            return sendError(reply, error);
        }
    });

    app.get('/api/ui/records/:id', async (req, reply) => {
        try {
            const user = actingUser(org, req);
            const { id } = req.params as { id: string };
            const q = req.query as Record<string, string | undefined>;
            const fields = String(q.fields ?? '')
                .split(',')
                .filter(Boolean);
            const optional = String(q.optionalFields ?? '')
                .split(',')
                .filter(Boolean);
            const [answer] = getRecords(org, [{ recordIds: [id], fields, optionalFields: optional }], user).results;
            return reply.code(answer.statusCode).send(answer.result);
        } catch (error) {
            return sendError(reply, error);
        }
    });

    // The console's record tab: the object's fields and the record's values in one read.
    app.get('/api/console/record/:id', async (req, reply) => {
        try {
            const user = actingUser(org, req);
            const { id } = req.params as { id: string };
            const object = org.objectOf(id);
            if (!object) throw new ConnectorError('RECORD_NOT_FOUND', 'The requested resource does not exist');
            const info = objectInfo(org, object);
            const optionalFields = Object.keys(info.fields).map((f) => `${object}.${f}`);
            const [answer] = getRecords(org, [{ recordIds: [id], optionalFields }], user).results;
            if (answer.statusCode !== 200) return reply.code(answer.statusCode).send(answer.result);
            return reply.send({ objectInfo: info, record: answer.result });
        } catch (error) {
            return sendError(reply, error);
        }
    });

    app.post('/api/ui/records', async (req, reply) => {
        try {
            const user = actingUser(org, req);
            const body = (req.body ?? {}) as { apiName?: string; fields?: SObjectFields };
            const created = org.createRecordUi(
                { apiName: String(body.apiName ?? ''), fields: body.fields ?? {} },
                user
            );
            return reply.code(201).send(created);
        } catch (error) {
            return sendError(reply, error);
        }
    });

    app.patch('/api/ui/records/:id', async (req, reply) => {
        try {
            const user = actingUser(org, req);
            const { id } = req.params as { id: string };
            const body = (req.body ?? {}) as { fields?: SObjectFields };
            return reply.send(org.updateRecordUi({ fields: { ...(body.fields ?? {}), Id: id } }, user));
        } catch (error) {
            return sendError(reply, error);
        }
    });

    app.get('/api/ui/object-info/:object', async (req, reply) => {
        try {
            actingUser(org, req);
            return reply.send(objectInfo(org, (req.params as { object: string }).object));
        } catch (error) {
            return sendError(reply, error);
        }
    });

    app.get('/api/ui/object-info/:object/picklist-values/:field', async (req, reply) => {
        try {
            actingUser(org, req);
            const { object, field } = req.params as { object: string; field: string };
            return reply.send(picklistValues(org, object, field));
        } catch (error) {
            return sendError(reply, error);
        }
    });

    // --- Events (lightning/empApi) -------------------------------------------------------------
    // One server-sent-event stream per subscription; the bus counts deliveries per client, and a
    // user's tabs are one client, as CometD counts a user's empApi connection.
    app.get('/api/events', (req, reply) => {
        let user: string;
        try {
            user = actingUser(org, req);
        } catch (error) {
            sendError(reply, error);
            return;
        }
        const q = req.query as Record<string, string | undefined>;
        const topic = String(q.topic ?? '');
        const replayFrom = Number(q.replayId ?? -1);
        let unsubscribe: () => void;
        reply.hijack();
        const res = reply.raw;
        try {
            unsubscribe = org.bus.subscribe(
                `empApi:${user}`,
                topic,
                Number.isFinite(replayFrom) ? replayFrom : -1,
                (m) => {
                    res.write(`data: ${JSON.stringify(m)}\n\n`);
                }
            );
        } catch (error) {
            res.writeHead(400, { 'content-type': 'application/json' });
            res.end(JSON.stringify([{ errorCode: 'INVALID_TOPIC', message: (error as Error).message }]));
            return;
        }
        res.writeHead(200, {
            'content-type': 'text/event-stream',
            'cache-control': 'no-store',
            connection: 'keep-alive'
        });
        res.write(': subscribed\n\n');
        const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
        const end = (): void => {
            clearInterval(keepAlive);
            unsubscribe();
        };
        req.raw.on('close', end);
        closers.add(() => {
            end();
            res.end();
        });
    });

    const closers = new Set<() => void>();
    app.addHook('onClose', async () => {
        for (const close of closers) close();
        closers.clear();
    });
}
