/**
 * SQL over the provider's tables (service/src/db: `?` placeholders, one text for SQLite and
 * PostgreSQL). Rows are mapped to the types the rest of the service sees.
 */
import { randomBytes } from 'crypto';
import type { Queryable } from '../db';
import type { MessageStatus, ProviderStatus, RecordStatus, StoredMessage } from './types';

/** Orders the lifecycle: an update whose rank is not higher than the stored one changes nothing. */
export const STATUS_RANK = {
    received: 0,
    pending: 0,
    sending: 10,
    /** The service gave up without the provider's word (it may still report the message later). */
    failedLocally: 15,
    queued: 20,
    sent: 30,
    final: 40
} as const;

export const RECORD_STATUS: Readonly<Record<MessageStatus, RecordStatus>> = {
    received: 'Received',
    pending: 'Queued',
    sending: 'Queued',
    queued: 'Queued',
    sent: 'Sent',
    delivered: 'Delivered',
    undelivered: 'Failed',
    failed: 'Failed'
};

/** A provider's status in the service's lifecycle, with its rank. */
export function fromProviderStatus(status: ProviderStatus): { status: MessageStatus; rank: number } {
    switch (status) {
        case 'sent':
            return { status: 'sent', rank: STATUS_RANK.sent };
        case 'delivered':
        case 'read':
            return { status: 'delivered', rank: STATUS_RANK.final };
        case 'undelivered':
            return { status: 'undelivered', rank: STATUS_RANK.final };
        case 'failed':
        case 'canceled':
            return { status: 'failed', rank: STATUS_RANK.final };
        default:
            return { status: 'queued', rank: STATUS_RANK.queued };
    }
}

let lastMs = 0;
let counter = 0;
/** Ids that sort by creation time (then by a per-process counter), so "oldest first" is an ORDER BY id. */
export function newId(prefix: string, now: number = Date.now()): string {
    if (now === lastMs) counter += 1;
    else {
        lastMs = now;
        counter = 0;
    }
    return `${prefix}${Math.max(0, now).toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${randomBytes(5).toString('hex')}`;
}

export interface MessageRow {
    id: string;
    direction: string;
    source: string;
    channel_number: string;
    customer_number: string;
    body: string;
    encoding: string;
    segments: number;
    status: string;
    status_rank: number;
    provider_sid: string | null;
    client_ref: string | null;
    keyword: string | null;
    interaction_id: string | null;
    queue_id: string | null;
    resend_of: string | null;
    error_code: string | null;
    error_message: string | null;
    attempts: number;
    unconfirmed: number;
    first_attempt_wall_at: number | null;
    next_attempt_at: number | null;
    lease_until: number | null;
    created_at: number;
    updated_at: number;
    routed_at: number | null;
    route_attempts: number;
    next_route_at: number | null;
    route_error: string | null;
    sent_at: number | null;
    delivered_at: number | null;
}

export function toStoredMessage(row: MessageRow): StoredMessage {
    const status = row.status as MessageStatus;
    return {
        id: row.id,
        direction: row.direction as StoredMessage['direction'],
        source: row.source as StoredMessage['source'],
        channelNumber: row.channel_number,
        customerNumber: row.customer_number,
        body: row.body,
        encoding: row.encoding as StoredMessage['encoding'],
        segments: Number(row.segments),
        status,
        recordStatus: RECORD_STATUS[status],
        providerSid: row.provider_sid,
        clientRef: row.client_ref,
        keyword: row.keyword,
        interactionId: row.interaction_id,
        queueId: row.queue_id,
        resendOf: row.resend_of,
        errorCode: row.error_code,
        errorMessage: row.error_message,
        attempts: Number(row.attempts),
        createdAt: Number(row.created_at),
        routedAt: row.routed_at === null ? null : Number(row.routed_at),
        sentAt: row.sent_at === null ? null : Number(row.sent_at),
        deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at)
    };
}

export interface NewMessage {
    id: string;
    direction: 'inbound' | 'outbound';
    source: 'customer' | 'agent' | 'auto-reply';
    channelNumber: string;
    customerNumber: string;
    body: string;
    encoding: string;
    segments: number;
    status: MessageStatus;
    providerSid?: string | null;
    clientRef?: string | null;
    keyword?: string | null;
    interactionId?: string | null;
    queueId?: string | null;
    resendOf?: string | null;
    now: number;
}

/** Inserts a message unless its provider id or client key is already stored; true when inserted. */
export async function insertMessage(q: Queryable, m: NewMessage): Promise<boolean> {
    const conflict = m.providerSid
        ? 'ON CONFLICT (provider_sid) DO NOTHING'
        : m.clientRef
          ? 'ON CONFLICT (client_ref) DO NOTHING'
          : '';
    const result = await q.run(
        `INSERT INTO provider_messages (id, direction, source, channel_number, customer_number, body, encoding, segments,
            status, status_rank, provider_sid, client_ref, keyword, interaction_id, queue_id, resend_of, next_attempt_at,
            created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${conflict}`,
        [
            m.id,
            m.direction,
            m.source,
            m.channelNumber,
            m.customerNumber,
            m.body,
            m.encoding,
            m.segments,
            m.status,
            0,
            m.providerSid ?? null,
            m.clientRef ?? null,
            m.keyword ?? null,
            m.interactionId ?? null,
            m.queueId ?? null,
            m.resendOf ?? null,
            m.direction === 'outbound' ? m.now : null,
            m.now,
            m.now
        ]
    );
    return result.changes > 0;
}

export async function messageById(q: Queryable, id: string): Promise<MessageRow | undefined> {
    return q.get<MessageRow>('SELECT * FROM provider_messages WHERE id = ?', [id]);
}

export async function messageBySid(q: Queryable, sid: string): Promise<MessageRow | undefined> {
    return q.get<MessageRow>('SELECT * FROM provider_messages WHERE provider_sid = ?', [sid]);
}

export async function messageByClientRef(q: Queryable, ref: string): Promise<MessageRow | undefined> {
    return q.get<MessageRow>('SELECT * FROM provider_messages WHERE client_ref = ?', [ref]);
}

export async function isOptedOut(q: Queryable, channelNumber: string, customerNumber: string): Promise<boolean> {
    const row = await q.get<{ opted_out: number }>(
        'SELECT opted_out FROM provider_opt_outs WHERE channel_number = ? AND customer_number = ?',
        [channelNumber, customerNumber]
    );
    return Number(row?.opted_out ?? 0) === 1;
}

export async function recordOptOut(
    q: Queryable,
    change: {
        channelNumber: string;
        customerNumber: string;
        optedOut: boolean;
        keyword: string | null;
        source: 'keyword' | 'provider';
        messageId: string | null;
        now: number;
    }
): Promise<void> {
    await q.run(
        `INSERT INTO provider_opt_outs (channel_number, customer_number, opted_out, keyword, changed_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (channel_number, customer_number)
         DO UPDATE SET opted_out = excluded.opted_out, keyword = excluded.keyword, changed_at = excluded.changed_at`,
        [change.channelNumber, change.customerNumber, change.optedOut ? 1 : 0, change.keyword, change.now]
    );
    await q.run(
        `INSERT INTO provider_opt_out_events (id, channel_number, customer_number, action, keyword, source, message_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [
            newId('oo_', change.now),
            change.channelNumber,
            change.customerNumber,
            change.optedOut ? 'opt-out' : 'opt-in',
            change.keyword,
            change.source,
            change.messageId,
            change.now
        ]
    );
}
