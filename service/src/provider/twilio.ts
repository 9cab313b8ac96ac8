/**
 * The Twilio-compatible provider: Twilio's Programmable Messaging REST API (the Messages
 * resource, form-encoded, HTTP basic auth with the account SID and auth token) and its signed
 * webhooks (`X-Twilio-Signature`, checked with the `twilio` package's own validator). The base
 * URL is configurable, so the same code talks to Twilio or to the local simulator.
 *
 * Idempotency, as Twilio documents it: webhooks carry an `I-Twilio-Idempotency-Token` header
 * that stays the same when Twilio retries one webhook, and inbound messages are identified by
 * their MessageSid. Creating a Message is NOT idempotent: Twilio documents no idempotency key
 * for it, and says that repeating a create after a 500 may send the SMS twice (error 20500).
 * This client therefore reports an attempt whose outcome is unknown as `unknown` instead of
 * retrying it, and offers `findMessages` (the Messages list filtered by From and To) so the
 * caller can look the message up before any further attempt. It sends the service's message id
 * in `I-Twilio-Idempotency-Token` on creates as well; Twilio does not document that header on
 * requests to its API, so nothing relies on it.
 */
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import type {
    CreateMessageRequest,
    CreateOutcome,
    InboundSms,
    ProviderMessage,
    ProviderStatus,
    SmsProvider,
    StatusReport,
    WebhookRequest
} from './types';

export const SIGNATURE_HEADER = 'x-twilio-signature';
export const IDEMPOTENCY_HEADER = 'i-twilio-idempotency-token';
const API_VERSION = '2010-04-01';

export interface TwilioProviderOptions {
    accountSid: string;
    authToken: string;
    apiBaseUrl: string;
}

/** Connection errors after which the request provably never reached the server. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const PROVIDER_STATUSES: ReadonlySet<string> = new Set<ProviderStatus>([
    'accepted',
    'scheduled',
    'queued',
    'sending',
    'sent',
    'delivered',
    'undelivered',
    'failed',
    'canceled',
    'read'
]);

/** The texts of the error codes Twilio reports in status callbacks (which carry only the code). */
export const TWILIO_ERROR_TEXT: Readonly<Record<string, string>> = {
    '21211': "Invalid 'To' Phone Number",
    '21408': 'Permission to send an SMS has not been enabled for the region',
    '21610': 'Attempt to send to unsubscribed recipient',
    '21612': 'The To phone number is not currently reachable via SMS',
    '21614': "'To' number is not a valid mobile number",
    '30001': 'Queue overflow',
    '30002': 'Account suspended',
    '30003': 'Unreachable destination handset',
    '30004': 'Message blocked',
    '30005': 'Unknown destination handset',
    '30006': 'Landline or unreachable carrier',
    '30007': 'Message filtered by the carrier',
    '30008': 'Unknown error',
    '30034': 'Message from an unregistered number'
};

function single(value: string | string[] | undefined): string | undefined {
    return Array.isArray(value) ? value[0] : value;
}

function header(request: WebhookRequest, name: string): string | undefined {
    return single(request.headers[name] ?? request.headers[name.toLowerCase()]);
}

interface TwilioErrorBody {
    code?: number | string;
    message?: string;
}

interface TwilioMessageJson {
    sid?: string;
    status?: string;
    from?: string;
    to?: string;
    body?: string;
    direction?: string;
    date_created?: string;
}

export class TwilioProvider implements SmsProvider {
    readonly name = 'twilio';
    private readonly authorization: string;

    constructor(private readonly options: TwilioProviderOptions) {
        this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
    }

    private get messagesUrl(): string {
        return `${this.options.apiBaseUrl}/${API_VERSION}/Accounts/${encodeURIComponent(this.options.accountSid)}/Messages`;
    }

    verifySignature(request: WebhookRequest): boolean {
        const signature = header(request, SIGNATURE_HEADER);
        if (!signature) return false;
        const params: Record<string, string | string[]> = {};
        for (const [key, value] of Object.entries(request.params)) {
            if (value !== undefined) params[key] = value;
        }
        try {
            return validateRequest(this.options.authToken, signature, request.url, params);
        } catch {
            return false;
        }
    }

    parseInbound(request: WebhookRequest): InboundSms | undefined {
        const p = request.params;
        const providerSid = single(p.MessageSid) ?? single(p.SmsMessageSid) ?? single(p.SmsSid);
        const from = single(p.From);
        const to = single(p.To);
        if (!providerSid || !from || !to) return undefined;
        if (single(p.AccountSid) !== this.options.accountSid) return undefined;
        return {
            providerSid,
            from,
            to,
            body: single(p.Body) ?? '',
            idempotencyToken: header(request, IDEMPOTENCY_HEADER)
        };
    }

    parseStatus(request: WebhookRequest): StatusReport | undefined {
        const p = request.params;
        const providerSid = single(p.MessageSid) ?? single(p.SmsSid);
        const status = single(p.MessageStatus) ?? single(p.SmsStatus);
        if (!providerSid || !status || !PROVIDER_STATUSES.has(status)) return undefined;
        if (single(p.AccountSid) !== this.options.accountSid) return undefined;
        const errorCode = single(p.ErrorCode) || undefined;
        return {
            providerSid,
            status: status as ProviderStatus,
            errorCode,
            errorMessage: errorCode ? (single(p.ErrorMessage) ?? TWILIO_ERROR_TEXT[errorCode]) : undefined,
            idempotencyToken: header(request, IDEMPOTENCY_HEADER)
        };
    }

    inboundResponse(): { contentType: string; body: string } {
        return { contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' };
    }

    async createMessage(request: CreateMessageRequest): Promise<CreateOutcome> {
        const form = new URLSearchParams({
            To: request.to,
            From: request.from,
            Body: request.body,
            StatusCallback: request.statusCallbackUrl
        });
        let response: Response;
        try {
            response = await fetch(`${this.messagesUrl}.json`, {
                method: 'POST',
                headers: {
                    authorization: this.authorization,
                    'content-type': 'application/x-www-form-urlencoded',
                    accept: 'application/json',
                    [IDEMPOTENCY_HEADER]: request.idempotencyKey
                },
                body: form.toString(),
                signal: AbortSignal.timeout(request.timeoutMs)
            });
        } catch (error) {
            return networkOutcome(error);
        }
        let text: string;
        try {
            text = await response.text();
        } catch (error) {
            // The status line arrived; the body did not. Whether it was a 201 decides nothing now.
            const outcome = networkOutcome(error);
            return outcome.kind === 'not-sent' ? { ...outcome, kind: 'unknown' } : outcome;
        }
        const json = parseJson(text);
        if (response.status === 200 || response.status === 201) {
            const message = json as TwilioMessageJson | undefined;
            if (message?.sid) {
                const status = message.status && PROVIDER_STATUSES.has(message.status) ? message.status : 'queued';
                return { kind: 'accepted', providerSid: message.sid, status: status as ProviderStatus };
            }
            return {
                kind: 'unknown',
                code: 'BAD_RESPONSE',
                message: 'The provider accepted the request without a message id.'
            };
        }
        const error = (json ?? {}) as TwilioErrorBody;
        const code = error.code !== undefined && error.code !== null ? String(error.code) : `HTTP_${response.status}`;
        const message = error.message ?? `The provider answered HTTP ${response.status}.`;
        if (response.status === 429) {
            const retryAfter = Number(response.headers.get('retry-after'));
            return {
                kind: 'not-sent',
                code,
                message,
                retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined
            };
        }
        if (response.status >= 500) return { kind: 'unknown', code, message };
        return { kind: 'rejected', code, message, httpStatus: response.status };
    }

    async findMessages(query: {
        from: string;
        to: string;
        since: number;
        timeoutMs: number;
    }): Promise<ProviderMessage[]> {
        const search = new URLSearchParams({ From: query.from, To: query.to, PageSize: '50' });
        const response = await fetch(`${this.messagesUrl}.json?${search.toString()}`, {
            headers: { authorization: this.authorization, accept: 'application/json' },
            signal: AbortSignal.timeout(query.timeoutMs)
        });
        const json = parseJson(await response.text()) as { messages?: TwilioMessageJson[] } | undefined;
        if (!response.ok || !json || !Array.isArray(json.messages)) {
            throw new Error(`Message lookup failed: HTTP ${response.status}`);
        }
        return json.messages
            .map((m) => ({
                providerSid: m.sid ?? '',
                from: m.from ?? '',
                to: m.to ?? '',
                body: m.body ?? '',
                status: m.status ?? '',
                direction: m.direction ?? '',
                createdAt: m.date_created ? Date.parse(m.date_created) : NaN
            }))
            .filter((m) => m.providerSid !== '' && Number.isFinite(m.createdAt) && m.createdAt >= query.since)
            .sort((a, b) => b.createdAt - a.createdAt);
    }
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

function networkOutcome(error: unknown): CreateOutcome {
    const err = error as { name?: string; message?: string; cause?: { code?: string; name?: string } };
    if (err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError') {
        return { kind: 'unknown', code: 'TIMEOUT', message: 'The provider did not answer in time.' };
    }
    const code = err?.cause?.code ?? (error as { code?: string })?.code ?? 'NETWORK';
    if (NEVER_CONNECTED.has(code)) {
        return { kind: 'not-sent', code, message: 'The provider could not be reached.' };
    }
    return { kind: 'unknown', code, message: 'The connection to the provider broke before it answered.' };
}
