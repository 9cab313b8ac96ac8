/**
 * The SMS edge's seams: the provider interface (Twilio-compatible today; other providers plug
 * in the same way), the port to the router, the port to the admin's configuration, and the
 * status notifications the rest of the service listens to.
 */
import type { BusinessHoursSchedule } from './businessHours';
import type { KeywordKind } from './keywords';

export interface Clock {
    now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

// ---------------------------------------------------------------------------------------------
// Provider interface

/** A webhook as received: the full public URL the provider signed, headers and form fields. */
export interface WebhookRequest {
    url: string;
    headers: Readonly<Record<string, string | string[] | undefined>>;
    params: Readonly<Record<string, string | string[] | undefined>>;
}

export interface InboundSms {
    providerSid: string;
    /** The customer's number as the provider sent it. */
    from: string;
    /** The company number. */
    to: string;
    body: string;
    /** The provider's delivery token for this webhook (same on its retries), when it sends one. */
    idempotencyToken?: string;
}

/** A provider's outbound status, in the provider's own vocabulary (Twilio's MessageStatus). */
export type ProviderStatus =
    | 'accepted'
    | 'scheduled'
    | 'queued'
    | 'sending'
    | 'sent'
    | 'delivered'
    | 'undelivered'
    | 'failed'
    | 'canceled'
    | 'read';

export interface StatusReport {
    providerSid: string;
    status: ProviderStatus;
    errorCode?: string;
    errorMessage?: string;
    idempotencyToken?: string;
}

export interface CreateMessageRequest {
    from: string;
    to: string;
    body: string;
    statusCallbackUrl: string;
    /** The service's message id; the same on every attempt for one message. */
    idempotencyKey: string;
    timeoutMs: number;
}

/**
 * How one create request ended:
 * - `accepted`: the provider created the message;
 * - `rejected`: the provider refused it for good (a 4xx with its error code and text);
 * - `not-sent`: the request provably created nothing (connection refused, 429) — safe to repeat;
 * - `unknown`: the request may or may not have created a message (timeout, 5xx, connection
 *   reset) — never repeated blindly.
 */
export type CreateOutcome =
    | { kind: 'accepted'; providerSid: string; status: ProviderStatus }
    | { kind: 'rejected'; code: string; message: string; httpStatus: number }
    | { kind: 'not-sent'; code: string; message: string; retryAfterMs?: number }
    | { kind: 'unknown'; code: string; message: string };

export interface ProviderMessage {
    providerSid: string;
    from: string;
    to: string;
    body: string;
    status: ProviderStatus | string;
    direction: string;
    createdAt: number;
}

export interface SmsProvider {
    readonly name: string;
    /** True when the webhook carries a valid signature for its URL and fields. */
    verifySignature(request: WebhookRequest): boolean;
    /** The inbound message in a webhook, or undefined when required fields are missing. */
    parseInbound(request: WebhookRequest): InboundSms | undefined;
    /** The status report in a status callback, or undefined when required fields are missing. */
    parseStatus(request: WebhookRequest): StatusReport | undefined;
    /** The body answering an inbound webhook (Twilio: empty TwiML). */
    inboundResponse(): { contentType: string; body: string };
    createMessage(request: CreateMessageRequest): Promise<CreateOutcome>;
    /** Messages from one number to another created at or after `since` (epoch ms), newest first. */
    findMessages(query: { from: string; to: string; since: number; timeoutMs: number }): Promise<ProviderMessage[]>;
}

// ---------------------------------------------------------------------------------------------
// Router port

export interface CustomerMessage {
    /** The company number written to, E.164. */
    channelNumber: string;
    /** The customer's number, E.164 when it is a phone number (short codes stay as sent). */
    customerNumber: string;
    /** The service's id of the stored message. */
    messageId: string;
    receivedAt: number;
    /** The customer is opted out of this company number (after this message, if it was STOP). */
    customerOptedOut: boolean;
    /** Set when the whole message was a carrier keyword (STOP, START, HELP…). */
    keyword?: KeywordKind;
}

export interface RoutedTo {
    interactionId: string;
    queueId: string;
}

/**
 * What the provider needs from the router. Hand-over is at least once: a message stored but
 * not yet confirmed as handed over is handed over again (after a crash, at start-up), so
 * `customerMessage` must be idempotent on `messageId` and return the same interaction again.
 */
export interface InboundRouting {
    customerMessage(message: CustomerMessage): Promise<RoutedTo>;
}

// ---------------------------------------------------------------------------------------------
// The admin's configuration the provider reads (loaded from the org by the connector)

export interface ChannelSettings {
    /** E.164 company number. */
    number: string;
    /** The answer to HELP (`SMS_Channel__c.Help_Reply__c`); none when blank. */
    helpReply?: string | null;
}

export interface QueueSettings {
    id: string;
    /** The queue's business hours (`Business_Hours_Name__c` resolved); null = always open. */
    businessHours?: BusinessHoursSchedule | null;
    /** `SMS_Queue__c.After_Hours_Reply__c`; none when blank. */
    afterHoursReply?: string | null;
}

export interface ChannelDirectory {
    channel(number: string): ChannelSettings | undefined | Promise<ChannelSettings | undefined>;
    queue(queueId: string): QueueSettings | undefined | Promise<QueueSettings | undefined>;
}

// ---------------------------------------------------------------------------------------------
// Messages as the rest of the service sees them

export type MessageDirection = 'inbound' | 'outbound';
export type MessageSource = 'customer' | 'agent' | 'auto-reply';

/** The service's own lifecycle; `status_rank` orders it so that nothing goes backwards. */
export type MessageStatus =
    'received' | 'pending' | 'sending' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/** `SMS_Message__c.Status__c` */
export type RecordStatus = 'Received' | 'Queued' | 'Sent' | 'Delivered' | 'Failed';

export interface StoredMessage {
    id: string;
    direction: MessageDirection;
    source: MessageSource;
    channelNumber: string;
    customerNumber: string;
    body: string;
    encoding: 'GSM-7' | 'UCS-2';
    segments: number;
    status: MessageStatus;
    recordStatus: RecordStatus;
    providerSid: string | null;
    clientRef: string | null;
    keyword: string | null;
    interactionId: string | null;
    queueId: string | null;
    resendOf: string | null;
    errorCode: string | null;
    errorMessage: string | null;
    attempts: number;
    createdAt: number;
    routedAt: number | null;
    sentAt: number | null;
    deliveredAt: number | null;
}

export interface MessageStatusUpdate {
    messageId: string;
    interactionId: string | null;
    direction: MessageDirection;
    status: MessageStatus;
    recordStatus: RecordStatus;
    providerSid: string | null;
    errorCode: string | null;
    errorMessage: string | null;
    at: number;
}

export interface OutboundRequest {
    /**
     * The caller's key for this message (e.g. the `SMS_Message__c` Id): asking twice with one
     * key stores and sends one message.
     */
    clientRef?: string;
    interactionId?: string | null;
    channelNumber: string;
    customerNumber: string;
    body: string;
    source?: 'agent' | 'auto-reply';
    resendOf?: string | null;
}
