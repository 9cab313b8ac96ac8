/**
 * A local SMS provider that speaks the subset of Twilio's REST API the service uses — create a
 * Message, fetch one, list them filtered by From and To; account SID and auth token as HTTP
 * basic auth — and posts signed webhooks and status callbacks as Twilio does (the same form
 * fields, the same `X-Twilio-Signature`, an `I-Twilio-Idempotency-Token` that stays the same on
 * a webhook's retries). The Twilio-compatible provider runs against it unchanged.
 *
 * Like Twilio, creating a message is not idempotent: a create repeated after a timeout or a 5xx
 * makes a second message. Like Twilio's default opt-out handling, a customer who texted STOP
 * to a number is refused further messages from it (error 21610) until they text START.
 *
 * It also serves the customer-phone page (`/`) and an admin API (`/admin/…`, JSON) to send as
 * a customer, read every message, follow changes live (server-sent events) and inject faults.
 * It is a development and test tool: it listens on 127.0.0.1 by default and its admin API has
 * no authentication.
 */
import { randomBytes, randomUUID } from 'crypto';
import { EventEmitter } from 'events';
import fs from 'fs';
import http, { type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo, Socket } from 'net';
import path from 'path';
import { segmentInfo } from '../../../../force-app/main/default/lwc/smsSegments/smsSegments';
import { classifyKeyword } from '../keywords';
import { twilioSignature } from './signature';

const API_VERSION = '2010-04-01';
const E164 = /^\+[1-9]\d{6,14}$/;

export type SimDirection = 'inbound' | 'outbound-api';
export type SimStatus = 'received' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface SimMessage {
    sid: string;
    accountSid: string;
    from: string;
    to: string;
    body: string;
    direction: SimDirection;
    status: SimStatus;
    numSegments: number;
    dateCreated: number;
    dateUpdated: number;
    dateSent: number | null;
    errorCode: number | null;
    errorMessage: string | null;
    /** Outbound: the StatusCallback URL given at creation. */
    statusCallback: string | null;
    /** Inbound: how the webhook to the service went. */
    webhook?: { attempts: number; httpStatus: number | null; delivered: boolean; error?: string };
    /** Outbound: the status callbacks posted (after drops), in order. */
    callbacks: { status: SimStatus; httpStatus: number | null; dropped: boolean }[];
}

/** A fault applied to one create request (they are used up in order). */
export type CreateFault =
    /** Answers with an error status without creating the message. */
    | { type: 'error-before'; status?: number }
    /** Creates the message, then answers with an error status. */
    | { type: 'error-after'; status?: number }
    /** Holds the request `ms` without creating the message, then closes the connection. */
    | { type: 'timeout-before'; ms?: number }
    /** Creates the message, holds the request `ms`, then closes the connection without answering. */
    | { type: 'timeout-after'; ms?: number }
    /** Answers 429 Too Many Requests without creating the message. */
    | { type: 'rate-limit' };

export interface Faults {
    /** Delay before every REST request is handled (ms). */
    apiDelayMs: number;
    /** Delay between creating a message and answering the create (ms): its status callbacks may come first. */
    createAnswerDelayMs: number;
    /** Faults for the next create requests, used up in order. */
    createFaults: CreateFault[];
    /** Drop (never post) the next N status callbacks. */
    dropCallbacks: number;
    /** Post each message's status callbacks in reverse order, after the last is due. */
    reorderCallbacks: boolean;
    /** Post every status callback twice. */
    duplicateCallbacks: boolean;
    /** Post the next N inbound webhooks twice (a redelivery with the same MessageSid). */
    duplicateWebhooks: number;
    /** Extra delay before status callbacks (ms). */
    callbackDelayMs: number;
    /** The next N outbound messages end undelivered or failed with this error code instead of delivered. */
    failDeliveries: { count: number; status: 'undelivered' | 'failed'; errorCode: number };
}

export function noFaults(): Faults {
    return {
        apiDelayMs: 0,
        createAnswerDelayMs: 0,
        createFaults: [],
        dropCallbacks: 0,
        reorderCallbacks: false,
        duplicateCallbacks: false,
        duplicateWebhooks: 0,
        callbackDelayMs: 0,
        failDeliveries: { count: 0, status: 'undelivered', errorCode: 30003 }
    };
}

export interface SimulatorOptions {
    port?: number;
    host?: string;
    accountSid?: string;
    authToken?: string;
    /** The account's company numbers (E.164). Creates from another number are refused (21606). */
    numbers?: string[];
    /** Where inbound SMS are posted (a number's "A message comes in" webhook). */
    smsUrl?: string;
    /** queued → sent (ms). */
    sendDelayMs?: number;
    /** sent → delivered (ms). */
    deliverDelayMs?: number;
    /** How often a webhook is tried again when the connection to the service fails (Twilio's default: once). */
    webhookRetries?: number;
    /** Time limit for the service to answer a webhook (ms; Twilio's default is 15 s). */
    webhookTimeoutMs?: number;
}

export interface SimulatorEvent {
    type: 'message';
    message: SimMessage;
}

export interface Simulator {
    readonly url: string;
    readonly port: number;
    readonly accountSid: string;
    readonly authToken: string;
    readonly numbers: readonly string[];
    /** Faults in force; change them in place or with setFaults. */
    readonly faults: Faults;
    setFaults(change: Partial<Faults>): void;
    resetFaults(): void;
    setSmsUrl(url: string): void;
    /** Replaces the account's company numbers (the service's channels changed). */
    setNumbers(numbers: readonly string[]): void;
    /** A customer texts a company number; resolves once the webhook has been answered (or has failed). */
    sendFromCustomer(input: { from: string; to: string; body: string }): Promise<SimMessage>;
    /** Every message, oldest first; optionally only those between one customer and one company number. */
    messages(filter?: { customer?: string; company?: string; direction?: SimDirection }): SimMessage[];
    /** Resolves when a message matches (checked on every change), or rejects after `timeoutMs`. */
    waitFor(predicate: (message: SimMessage) => boolean, timeoutMs?: number): Promise<SimMessage>;
    /** Resolves when no webhook, callback or timed transition is pending. */
    idle(timeoutMs?: number): Promise<void>;
    on(event: 'event', listener: (event: SimulatorEvent) => void): void;
    close(): Promise<void>;
}

const DEFAULT_ACCOUNT_SID = 'AC00000000000000000000000000000000';
const DEFAULT_AUTH_TOKEN = 'simulator-auth-token';
const PAGE_DIR = path.join(__dirname, 'page');
const PAGE_FILES: Record<string, { file: string; type: string }> = {
    '/': { file: 'phone.html', type: 'text/html; charset=utf-8' },
    '/phone.css': { file: 'phone.css', type: 'text/css; charset=utf-8' },
    '/phone.js': { file: 'phone.js', type: 'text/javascript; charset=utf-8' }
};

class HttpError extends Error {
    constructor(
        readonly status: number,
        readonly code: number,
        message: string
    ) {
        super(message);
    }
}

function sid(prefix: string): string {
    return prefix + randomBytes(16).toString('hex');
}

/** RFC 2822 dates as Twilio writes them: "Wed, 18 Aug 2010 20:01:40 +0000". */
function rfc2822(ms: number): string {
    return new Date(ms).toUTCString().replace('GMT', '+0000');
}

function rawDlrDoneDate(ms: number): string {
    const d = new Date(ms);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}`;
}

async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > limit) throw new HttpError(413, 20001, 'Request body too large');
        chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf-8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text)
    });
    res.end(text);
}

const ERROR_TEXT: Record<number, string> = {
    30003: 'Unreachable destination handset',
    30005: 'Unknown destination handset',
    30006: 'Landline or unreachable carrier',
    30008: 'Unknown error'
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
    const accountSid = options.accountSid ?? DEFAULT_ACCOUNT_SID;
    const authToken = options.authToken ?? DEFAULT_AUTH_TOKEN;
    const numbers = [...(options.numbers ?? [])];
    const sendDelayMs = options.sendDelayMs ?? 20;
    const deliverDelayMs = options.deliverDelayMs ?? 20;
    const webhookRetries = options.webhookRetries ?? 1;
    const webhookTimeoutMs = options.webhookTimeoutMs ?? 15_000;
    let smsUrl = options.smsUrl;
    let faults = noFaults();
    const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;

    const messages: SimMessage[] = [];
    const bySid = new Map<string, SimMessage>();
    /** Carrier-level opt-outs: `${company}|${customer}`. */
    const optedOut = new Set<string>();
    const events = new EventEmitter();
    events.setMaxListeners(0);
    const pending = new Set<Promise<unknown>>();
    const timers = new Map<ReturnType<typeof setTimeout>, () => void>();
    const sockets = new Set<Socket>();
    const streams = new Set<ServerResponse>();
    let closed = false;

    const pageCache = new Map<string, Buffer>();
    function page(file: string): Buffer {
        let content = pageCache.get(file);
        if (!content) {
            content = fs.readFileSync(path.join(PAGE_DIR, file));
            pageCache.set(file, content);
        }
        return content;
    }

    function track<T>(promise: Promise<T>): Promise<T> {
        pending.add(promise);
        promise.then(
            () => pending.delete(promise),
            () => pending.delete(promise)
        );
        return promise;
    }

    /** A pause that ends early when the simulator closes. */
    function delay(ms: number): Promise<void> {
        return new Promise((resolve) => {
            if (closed) return resolve();
            const timer = setTimeout(() => {
                timers.delete(timer);
                resolve();
            }, ms);
            timers.set(timer, resolve);
        });
    }

    function changed(message: SimMessage): void {
        message.dateUpdated = Date.now();
        events.emit('event', { type: 'message', message: { ...message } } satisfies SimulatorEvent);
    }

    function toJson(m: SimMessage) {
        const uri = `/${API_VERSION}/Accounts/${accountSid}/Messages/${m.sid}.json`;
        return {
            account_sid: m.accountSid,
            api_version: API_VERSION,
            body: m.body,
            date_created: rfc2822(m.dateCreated),
            date_sent: m.dateSent === null ? null : rfc2822(m.dateSent),
            date_updated: rfc2822(m.dateUpdated),
            direction: m.direction,
            error_code: m.errorCode,
            error_message: m.errorMessage,
            from: m.from,
            messaging_service_sid: null,
            num_media: '0',
            num_segments: String(m.numSegments),
            price: null,
            price_unit: 'USD',
            sid: m.sid,
            status: m.status,
            subresource_uris: { media: uri.replace('.json', '/Media.json') },
            to: m.to,
            uri
        };
    }

    // ---------------------------------------------------------------------------------------
    // Webhooks and status callbacks, signed as Twilio signs them

    async function post(
        url: string,
        params: Record<string, string>,
        idempotencyToken: string
    ): Promise<{ httpStatus: number | null; error?: string }> {
        const body = new URLSearchParams(params).toString();
        try {
            const response = await fetch(url, {
                method: 'POST',
                headers: {
                    'content-type': 'application/x-www-form-urlencoded',
                    'x-twilio-signature': twilioSignature(authToken, url, params),
                    'i-twilio-idempotency-token': idempotencyToken,
                    'user-agent': 'TwilioProxy/1.1'
                },
                body,
                signal: AbortSignal.timeout(webhookTimeoutMs)
            });
            await response.arrayBuffer();
            return { httpStatus: response.status };
        } catch (error) {
            const err = error as { message?: string; cause?: { code?: string } };
            return { httpStatus: null, error: err.cause?.code ?? err.message ?? 'error' };
        }
    }

    async function deliverWebhook(message: SimMessage, url: string): Promise<void> {
        const params: Record<string, string> = {
            ToCountry: 'US',
            ToState: '',
            SmsMessageSid: message.sid,
            NumMedia: '0',
            ToCity: '',
            FromZip: '',
            SmsSid: message.sid,
            FromState: '',
            SmsStatus: 'received',
            FromCity: '',
            Body: message.body,
            FromCountry: '',
            To: message.to,
            ToZip: '',
            NumSegments: String(message.numSegments),
            ReferralNumMedia: '0',
            MessageSid: message.sid,
            AccountSid: accountSid,
            From: message.from,
            ApiVersion: API_VERSION
        };
        const token = randomUUID();
        const copies = faults.duplicateWebhooks > 0 ? 2 : 1;
        if (copies === 2) faults.duplicateWebhooks -= 1;
        for (let copy = 0; copy < copies; copy++) {
            for (let attempt = 0; attempt <= webhookRetries; attempt++) {
                const result = await post(url, params, token);
                message.webhook = {
                    attempts: (message.webhook?.attempts ?? 0) + 1,
                    httpStatus: result.httpStatus,
                    delivered: result.httpStatus !== null && result.httpStatus >= 200 && result.httpStatus < 300,
                    ...(result.error ? { error: result.error } : {})
                };
                changed(message);
                // Like Twilio, only a failed connection is retried; an HTTP error answer is not.
                if (result.httpStatus !== null || closed) break;
            }
        }
    }

    async function postCallback(message: SimMessage, status: SimStatus): Promise<void> {
        if (!message.statusCallback) return;
        if (faults.dropCallbacks > 0) {
            faults.dropCallbacks -= 1;
            message.callbacks.push({ status, httpStatus: null, dropped: true });
            changed(message);
            return;
        }
        const params: Record<string, string> = {
            SmsSid: message.sid,
            SmsStatus: status,
            MessageStatus: status,
            To: message.to,
            MessageSid: message.sid,
            AccountSid: accountSid,
            From: message.from,
            ApiVersion: API_VERSION
        };
        if ((status === 'failed' || status === 'undelivered') && message.errorCode !== null) {
            params.ErrorCode = String(message.errorCode);
        }
        if (status === 'delivered' || status === 'undelivered') params.RawDlrDoneDate = rawDlrDoneDate(Date.now());
        const token = randomUUID();
        const copies = faults.duplicateCallbacks ? 2 : 1;
        for (let copy = 0; copy < copies; copy++) {
            const result = await post(message.statusCallback, params, token);
            message.callbacks.push({ status, httpStatus: result.httpStatus, dropped: false });
            changed(message);
        }
    }

    /** queued → sent → delivered (or undelivered/failed), with a status callback for each step. */
    async function lifecycle(message: SimMessage): Promise<void> {
        const failure = faults.failDeliveries.count > 0 ? { ...faults.failDeliveries } : undefined;
        if (failure) faults.failDeliveries.count -= 1;
        const reorder = faults.reorderCallbacks;
        const due: SimStatus[] = [];
        await delay(sendDelayMs);
        if (closed) return;
        if (failure?.status === 'failed') {
            message.status = 'failed';
            message.errorCode = failure.errorCode;
            message.errorMessage = ERROR_TEXT[failure.errorCode] ?? 'Message failed';
            changed(message);
            due.push('failed');
        } else {
            message.status = 'sent';
            message.dateSent = Date.now();
            changed(message);
            due.push('sent');
            if (!reorder) await flush(message, due);
            await delay(deliverDelayMs);
            if (closed) return;
            if (failure?.status === 'undelivered') {
                message.status = 'undelivered';
                message.errorCode = failure.errorCode;
                message.errorMessage = ERROR_TEXT[failure.errorCode] ?? 'Message undelivered';
            } else {
                message.status = 'delivered';
            }
            changed(message);
            due.push(message.status);
        }
        if (reorder) due.reverse();
        await flush(message, due);
    }

    async function flush(message: SimMessage, due: SimStatus[]): Promise<void> {
        if (faults.callbackDelayMs > 0) await delay(faults.callbackDelayMs);
        while (due.length > 0 && !closed) await postCallback(message, due.shift() as SimStatus);
    }

    // ---------------------------------------------------------------------------------------
    // REST API

    function checkAuth(req: IncomingMessage, account: string): void {
        if (req.headers.authorization !== authorization) throw new HttpError(401, 20003, 'Authenticate');
        if (account !== accountSid) {
            throw new HttpError(404, 20404, `The requested resource /${API_VERSION}/Accounts/${account} was not found`);
        }
    }

    async function createMessage(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const form = new URLSearchParams(await readBody(req));
        const fault = faults.createFaults.shift();
        if (faults.apiDelayMs > 0) await delay(faults.apiDelayMs);
        if (fault?.type === 'rate-limit') {
            res.setHeader('retry-after', '0');
            throw new HttpError(429, 20429, 'Too Many Requests');
        }
        if (fault?.type === 'error-before') {
            throw new HttpError(fault.status ?? 500, 20500, 'An internal server error has occurred');
        }
        if (fault?.type === 'timeout-before') {
            await delay(fault.ms ?? 5_000);
            req.socket.destroy();
            return;
        }
        const to = form.get('To') ?? '';
        const from = form.get('From') ?? '';
        const body = form.get('Body') ?? '';
        const statusCallback = form.get('StatusCallback');
        if (!to) throw new HttpError(400, 21604, "A 'To' phone number is required.");
        if (!from) throw new HttpError(400, 21603, "A 'From' phone number is required.");
        if (!body) throw new HttpError(400, 21602, 'Message body is required.');
        if (Array.from(body).length > 1600) {
            throw new HttpError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
        }
        if (!E164.test(to)) throw new HttpError(400, 21211, "Invalid 'To' Phone Number");
        if (numbers.length > 0 && !numbers.includes(from)) {
            throw new HttpError(
                400,
                21606,
                'The From phone number is not a valid, SMS-capable inbound phone number or short code for your account.'
            );
        }
        if (statusCallback !== null) {
            try {
                new URL(statusCallback);
            } catch {
                throw new HttpError(400, 21609, 'Invalid StatusCallback url');
            }
        }
        if (optedOut.has(`${from}|${to}`)) throw new HttpError(400, 21610, 'Attempt to send to unsubscribed recipient');
        const now = Date.now();
        const message: SimMessage = {
            sid: sid('SM'),
            accountSid,
            from,
            to,
            body,
            direction: 'outbound-api',
            status: 'queued',
            numSegments: segmentInfo(body).segments,
            dateCreated: now,
            dateUpdated: now,
            dateSent: null,
            errorCode: null,
            errorMessage: null,
            statusCallback,
            callbacks: []
        };
        messages.push(message);
        bySid.set(message.sid, message);
        changed(message);
        void track(lifecycle(message));
        if (fault?.type === 'error-after') {
            throw new HttpError(fault.status ?? 500, 20500, 'An internal server error has occurred');
        }
        if (fault?.type === 'timeout-after') {
            await delay(fault.ms ?? 5_000);
            req.socket.destroy();
            return;
        }
        const created = toJson(message);
        if (faults.createAnswerDelayMs > 0) await delay(faults.createAnswerDelayMs);
        sendJson(res, 201, created);
    }

    function listMessages(url: URL, res: ServerResponse): void {
        const to = url.searchParams.get('To');
        const from = url.searchParams.get('From');
        const pageSize = Math.min(1000, Math.max(1, Number(url.searchParams.get('PageSize') ?? 50) || 50));
        const found = messages
            .filter((m) => (to === null || m.to === to) && (from === null || m.from === from))
            .sort((a, b) => b.dateCreated - a.dateCreated)
            .slice(0, pageSize)
            .map(toJson);
        const uri = `/${API_VERSION}/Accounts/${accountSid}/Messages.json?PageSize=${pageSize}&Page=0`;
        sendJson(res, 200, {
            messages: found,
            end: Math.max(0, found.length - 1),
            first_page_uri: uri,
            next_page_uri: null,
            page: 0,
            page_size: pageSize,
            previous_page_uri: null,
            start: 0,
            uri
        });
    }

    // ---------------------------------------------------------------------------------------
    // Customer side

    async function sendFromCustomer(input: { from: string; to: string; body: string }): Promise<SimMessage> {
        if (!E164.test(input.from ?? ''))
            throw new HttpError(400, 21211, 'The customer number must be in E.164, e.g. +14155550123.');
        if (!E164.test(input.to ?? ''))
            throw new HttpError(400, 21211, 'The company number must be in E.164, e.g. +14155550100.');
        if (typeof input.body !== 'string' || input.body === '')
            throw new HttpError(400, 21602, 'Message body is required.');
        if (numbers.length > 0 && !numbers.includes(input.to)) {
            throw new HttpError(400, 21606, 'The company number is not a number of this account.');
        }
        const keyword = classifyKeyword(input.body);
        if (keyword?.kind === 'opt-out') optedOut.add(`${input.to}|${input.from}`);
        if (keyword?.kind === 'opt-in') optedOut.delete(`${input.to}|${input.from}`);
        const now = Date.now();
        const message: SimMessage = {
            sid: sid('SM'),
            accountSid,
            from: input.from,
            to: input.to,
            body: input.body,
            direction: 'inbound',
            status: 'received',
            numSegments: segmentInfo(input.body).segments,
            dateCreated: now,
            dateUpdated: now,
            dateSent: now,
            errorCode: null,
            errorMessage: null,
            statusCallback: null,
            webhook: { attempts: 0, httpStatus: null, delivered: false },
            callbacks: []
        };
        messages.push(message);
        bySid.set(message.sid, message);
        changed(message);
        if (smsUrl) {
            await track(deliverWebhook(message, smsUrl));
        } else {
            message.webhook = { attempts: 0, httpStatus: null, delivered: false, error: 'No SMS webhook URL is set.' };
            changed(message);
        }
        return message;
    }

    function filtered(filter: { customer?: string; company?: string; direction?: SimDirection } = {}): SimMessage[] {
        return messages.filter((m) => {
            const customer = m.direction === 'inbound' ? m.from : m.to;
            const company = m.direction === 'inbound' ? m.to : m.from;
            return (
                (!filter.customer || customer === filter.customer) &&
                (!filter.company || company === filter.company) &&
                (!filter.direction || m.direction === filter.direction)
            );
        });
    }

    function applyFaults(change: unknown): void {
        if (!change || typeof change !== 'object') throw new HttpError(400, 20001, 'Faults must be a JSON object.');
        const next = { ...faults, ...(change as Partial<Faults>) };
        const numeric: (keyof Faults)[] = [
            'apiDelayMs',
            'createAnswerDelayMs',
            'dropCallbacks',
            'duplicateWebhooks',
            'callbackDelayMs'
        ];
        for (const key of numeric) {
            if (typeof next[key] !== 'number' || !Number.isFinite(next[key] as number) || (next[key] as number) < 0) {
                throw new HttpError(400, 20001, `${key} must be a number of at least 0.`);
            }
        }
        if (!Array.isArray(next.createFaults)) throw new HttpError(400, 20001, 'createFaults must be an array.');
        const types = new Set(['error-before', 'error-after', 'timeout-before', 'timeout-after', 'rate-limit']);
        for (const fault of next.createFaults) {
            if (!fault || !types.has(fault.type)) {
                throw new HttpError(400, 20001, `Each create fault needs a type: ${[...types].join(', ')}.`);
            }
        }
        faults = { ...next, createFaults: [...next.createFaults], failDeliveries: { ...next.failDeliveries } };
    }

    // ---------------------------------------------------------------------------------------
    // HTTP

    const messagesPath = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)/Messages(?:/([^/]+))?\\.json$`);

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const url = new URL(req.url ?? '/', 'http://simulator.local');
        const method = req.method ?? 'GET';
        const api = messagesPath.exec(url.pathname);
        if (api) {
            checkAuth(req, decodeURIComponent(api[1]));
            if (api[2] === undefined && method === 'POST') return createMessage(req, res);
            if (faults.apiDelayMs > 0) await delay(faults.apiDelayMs);
            if (api[2] === undefined && method === 'GET') return listMessages(url, res);
            if (api[2] !== undefined && method === 'GET') {
                const message = bySid.get(decodeURIComponent(api[2]));
                if (!message) throw new HttpError(404, 20404, `The requested resource ${url.pathname} was not found`);
                return sendJson(res, 200, toJson(message));
            }
            throw new HttpError(405, 20004, 'Method not allowed');
        }
        const file = PAGE_FILES[url.pathname];
        if (file && method === 'GET') {
            const content = page(file.file);
            res.writeHead(200, {
                'content-type': file.type,
                'content-length': content.length,
                'cache-control': 'no-store'
            });
            res.end(content);
            return;
        }
        if (url.pathname === '/favicon.ico' && method === 'GET') {
            res.writeHead(204).end();
            return;
        }
        if (url.pathname === '/admin/numbers' && method === 'GET') return sendJson(res, 200, { numbers });
        if (url.pathname === '/admin/messages' && method === 'GET') {
            return sendJson(res, 200, {
                messages: filtered({
                    customer: url.searchParams.get('customer') ?? undefined,
                    company: url.searchParams.get('company') ?? undefined
                })
            });
        }
        if (url.pathname === '/admin/send' && method === 'POST') {
            const input = parseJson(await readBody(req)) as { from?: string; to?: string; body?: string } | undefined;
            if (!input) throw new HttpError(400, 20001, 'Send a JSON object with from, to and body.');
            const message = await sendFromCustomer({
                from: input.from ?? '',
                to: input.to ?? '',
                body: input.body ?? ''
            });
            return sendJson(res, 201, { message });
        }
        if (url.pathname === '/admin/faults') {
            if (method === 'GET') return sendJson(res, 200, faults);
            if (method === 'PUT' || method === 'POST') {
                applyFaults(parseJson(await readBody(req)));
                return sendJson(res, 200, faults);
            }
            if (method === 'DELETE') {
                faults = noFaults();
                return sendJson(res, 200, faults);
            }
        }
        if (url.pathname === '/admin/events' && method === 'GET') return openStream(req, res);
        throw new HttpError(404, 20404, `The requested resource ${url.pathname} was not found`);
    }

    function openStream(req: IncomingMessage, res: ServerResponse): void {
        res.writeHead(200, {
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-store',
            connection: 'keep-alive'
        });
        res.write('retry: 1000\n\n');
        const listener = (event: SimulatorEvent) =>
            res.write(`event: message\ndata: ${JSON.stringify(event.message)}\n\n`);
        events.on('event', listener);
        streams.add(res);
        req.on('close', () => {
            events.off('event', listener);
            streams.delete(res);
        });
    }

    const server = http.createServer((req, res) => {
        handle(req, res).catch((error: unknown) => {
            if (res.headersSent || res.destroyed) return;
            if (error instanceof HttpError) {
                sendJson(res, error.status, {
                    code: error.code,
                    message: error.message,
                    more_info: `https://www.twilio.com/docs/errors/${error.code}`,
                    status: error.status
                });
            } else {
                sendJson(res, 500, { code: 20500, message: 'An internal server error has occurred', status: 500 });
            }
        });
    });
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const host = options.host ?? '127.0.0.1';
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

    return {
        url,
        port,
        accountSid,
        authToken,
        numbers,
        get faults() {
            return faults;
        },
        setFaults: (change) => applyFaults(change),
        resetFaults: () => {
            faults = noFaults();
        },
        setSmsUrl: (value) => {
            smsUrl = value;
        },
        setNumbers: (value) => {
            // In place: `numbers` is the array the handlers and the admin API read.
            numbers.splice(0, numbers.length, ...value);
        },
        sendFromCustomer,
        messages: (filter) => filtered(filter).map((m) => ({ ...m })),
        waitFor: (predicate, timeoutMs = 5_000) =>
            new Promise((resolve, reject) => {
                const hit = messages.find(predicate);
                if (hit) return resolve({ ...hit });
                const listener = (event: SimulatorEvent) => {
                    if (predicate(event.message)) {
                        clearTimeout(timer);
                        events.off('event', listener);
                        resolve(event.message);
                    }
                };
                const timer = setTimeout(() => {
                    events.off('event', listener);
                    reject(new Error(`No simulator message matched within ${timeoutMs} ms`));
                }, timeoutMs);
                events.on('event', listener);
            }),
        idle: async (timeoutMs = 5_000) => {
            const until = Date.now() + timeoutMs;
            while (pending.size > 0) {
                if (Date.now() > until) throw new Error('Simulator still busy');
                await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, 50))]);
            }
        },
        on: (event, listener) => {
            events.on(event, listener);
        },
        close: async () => {
            closed = true;
            for (const [timer, resolve] of timers) {
                clearTimeout(timer);
                resolve();
            }
            timers.clear();
            for (const stream of streams) stream.end();
            await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, 1_000))]);
            for (const socket of sockets) socket.destroy();
            await new Promise<void>((resolve) => server.close(() => resolve()));
            events.removeAllListeners();
        }
    };
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}
