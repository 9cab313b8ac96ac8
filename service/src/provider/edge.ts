/**
 * The SMS edge: how SMS enters and leaves the service.
 *
 * Inbound: a verified webhook is stored durably (idempotent on the provider's message id, with
 * opt-out keywords applied in the same transaction) before the webhook is answered; stored
 * messages are then handed to the router in arrival order, at least once — those not yet
 * confirmed are handed over again at start-up. After the router names the interaction, the
 * HELP reply and the queue's after-hours reply (once per interaction) are queued for sending.
 *
 * Outbound: a message is validated (number, length, opt-out), stored, then sent through the
 * provider with bounded retries. No message is sent twice: see `dispatch` and
 * docs/provider.md ("Never sent twice").
 *
 * Status callbacks update a message's status in any arrival order without going backwards.
 */
import type { Logger } from 'pino';
import type { Db, Queryable } from '../db';
import { createLogger } from '../log';
import { isOpenAt } from './businessHours';
import type { ProviderConfig } from './config';
import { ProviderError } from './errors';
import { classifyKeyword, type KeywordKind } from './keywords';
import { checkAgentMessage, messageFacts } from './messageFacts';
import { normalisePhone, tryNormalisePhone } from './phone';
import {
    RECORD_STATUS,
    STATUS_RANK,
    fromProviderStatus,
    insertMessage,
    isOptedOut,
    messageByClientRef,
    messageById,
    messageBySid,
    newId,
    recordOptOut,
    toStoredMessage,
    type MessageRow
} from './store';
import {
    systemClock,
    type ChannelDirectory,
    type Clock,
    type CreateOutcome,
    type InboundRouting,
    type InboundSms,
    type MessageStatus,
    type MessageStatusUpdate,
    type OutboundRequest,
    type ProviderStatus,
    type RoutedTo,
    type SmsProvider,
    type StatusReport,
    type StoredMessage
} from './types';

/** The path of the inbound webhook and of status callbacks, below the service's public URL. */
export const INBOUND_PATH = '/webhooks/sms/inbound';
export const STATUS_PATH = '/webhooks/sms/status';

/** Twilio's code for "attempt to send to unsubscribed recipient": the customer opted out at the carrier. */
const UNSUBSCRIBED_CODE = '21610';

export const UNCONFIRMED_CODE = 'SEND_UNCONFIRMED';

export interface SmsEdgeOptions {
    db: Db;
    config: Pick<
        ProviderConfig,
        | 'publicUrl'
        | 'defaultRegion'
        | 'sendTimeoutMs'
        | 'sendMaxAttempts'
        | 'sendBackoffMs'
        | 'unconfirmedSend'
        | 'reconcileDelayMs'
    >;
    provider: SmsProvider;
    routing: InboundRouting;
    directory?: ChannelDirectory;
    clock?: Clock;
    logger?: Logger;
    /** Called after each status change of a message has been committed. */
    onStatus?: (update: MessageStatusUpdate) => void | Promise<void>;
    /** How often to look for work another instance left behind (ms); 0 = only at start(). Default 30 s. */
    sweepIntervalMs?: number;
    /** First pause before handing a refused message to the router again (ms); doubled each time, up to a minute. Default 1 s. */
    routingRetryMs?: number;
}

export interface InboundResult {
    messageId: string;
    /** The provider delivered this message before; nothing new was stored. */
    duplicate: boolean;
}

type Timer = ReturnType<typeof setTimeout>;

/** Webhooks stored in one transaction at most, and messages handed to the router per round. */
const INBOUND_BATCH = 256;
const ROUTING_BATCH = 100;
/** The longest pause before handing a refused message to the router again. */
const ROUTING_RETRY_CAP_MS = 60_000;

interface PendingInbound {
    id: string;
    sms: InboundSms;
    channelNumber: string;
    customerNumber: string;
    encoding: string;
    segments: number;
    keyword: string | null;
    keywordKind: KeywordKind | undefined;
    now: number;
    resolve(result: InboundResult): void;
    reject(error: unknown): void;
}

export class SmsEdge {
    private readonly db: Db;
    private readonly config: SmsEdgeOptions['config'];
    private readonly provider: SmsProvider;
    private readonly routing: InboundRouting;
    private readonly directory?: ChannelDirectory;
    private readonly clock: Clock;
    private readonly log: Logger;
    private readonly listeners: ((update: MessageStatusUpdate) => void | Promise<void>)[] = [];
    private readonly sweepIntervalMs: number;
    private readonly routingRetryMs: number;

    private readonly dispatches = new Map<string, Promise<StoredMessage>>();
    private readonly timers = new Set<Timer>();
    private readonly sleepers = new Set<() => void>();
    private readonly inboundQueue: PendingInbound[] = [];
    private writingInbound: Promise<void> | undefined;
    private draining: Promise<void> | undefined;
    private drainAgain = false;
    private routingRetry: Timer | undefined;
    private sweepTimer: Timer | undefined;
    private stopped = false;

    constructor(options: SmsEdgeOptions) {
        this.db = options.db;
        this.config = options.config;
        this.provider = options.provider;
        this.routing = options.routing;
        this.directory = options.directory;
        this.clock = options.clock ?? systemClock;
        this.log = options.logger ?? createLogger().child({ part: 'provider' });
        if (options.onStatus) this.listeners.push(options.onStatus);
        this.sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
        this.routingRetryMs = options.routingRetryMs ?? 1_000;
    }

    /** Adds a listener for committed status changes. */
    onStatus(listener: (update: MessageStatusUpdate) => void | Promise<void>): void {
        this.listeners.push(listener);
    }

    /**
     * Resumes what a previous run left: stored inbound messages not yet handed to the router, and
     * outbound messages not yet sent (or whose last attempt's outcome is unknown).
     */
    async start(): Promise<void> {
        this.stopped = false;
        await this.sweep();
        if (this.sweepIntervalMs > 0) {
            this.sweepTimer = setInterval(() => {
                this.sweep().catch((error) => this.log.error({ err: error }, 'provider sweep failed'));
            }, this.sweepIntervalMs);
            this.sweepTimer.unref?.();
        }
    }

    /** Stops timers and waits for work in progress (sends in flight finish their current attempt). */
    async stop(): Promise<void> {
        this.stopped = true;
        if (this.sweepTimer) clearInterval(this.sweepTimer);
        if (this.routingRetry) clearTimeout(this.routingRetry);
        for (const timer of this.timers) clearTimeout(timer);
        this.timers.clear();
        for (const wake of [...this.sleepers]) wake();
        await Promise.allSettled([this.writingInbound, this.draining, ...this.dispatches.values()]);
    }

    private async sweep(): Promise<void> {
        void this.kickRouting();
        const now = this.clock.now();
        const rows = await this.db.all<{ id: string; next_attempt_at: number | null }>(
            `SELECT id, next_attempt_at FROM provider_messages
             WHERE status IN ('pending', 'sending') AND (lease_until IS NULL OR lease_until < ?)
             ORDER BY id`,
            [now]
        );
        for (const row of rows) {
            const due = Number(row.next_attempt_at ?? now);
            this.later(Math.max(0, due - now), () => void this.dispatch(row.id).catch(() => undefined));
        }
    }

    private later(ms: number, fn: () => void): void {
        if (this.stopped) return;
        const timer = setTimeout(() => {
            this.timers.delete(timer);
            fn();
        }, ms);
        timer.unref?.();
        this.timers.add(timer);
    }

    private sleep(ms: number): Promise<void> {
        if (ms <= 0 || this.stopped) return Promise.resolve();
        return new Promise((resolve) => {
            const wake = () => {
                clearTimeout(timer);
                this.sleepers.delete(wake);
                resolve();
            };
            const timer = setTimeout(wake, ms);
            this.sleepers.add(wake);
        });
    }

    // -----------------------------------------------------------------------------------------
    // Inbound

    /**
     * Stores a verified inbound message. Resolves once it is durable; a message the provider
     * delivered before stores nothing new. STOP/START keywords take effect in the same
     * transaction, so a send refused for opt-out is refused from the moment the webhook is answered.
     */
    async receiveInbound(sms: InboundSms): Promise<InboundResult> {
        const now = this.clock.now();
        const facts = messageFacts(sms.body);
        const keyword = classifyKeyword(sms.body);
        const pending: PendingInbound = {
            id: newId('msg_', now),
            sms,
            channelNumber: tryNormalisePhone(sms.to, this.config.defaultRegion) ?? sms.to,
            customerNumber: tryNormalisePhone(sms.from, this.config.defaultRegion) ?? sms.from,
            encoding: facts.encoding,
            segments: facts.segments,
            keyword: keyword?.keyword ?? null,
            keywordKind: keyword?.kind,
            now,
            resolve: () => undefined,
            reject: () => undefined
        };
        const stored = new Promise<InboundResult>((resolve, reject) => {
            pending.resolve = resolve;
            pending.reject = reject;
        });
        this.inboundQueue.push(pending);
        if (!this.writingInbound) this.writingInbound = this.writeInbound();
        const result = await stored;
        this.log.info(
            {
                messageId: result.messageId,
                providerSid: sms.providerSid,
                duplicate: result.duplicate,
                keyword: keyword?.kind
            },
            result.duplicate ? 'inbound SMS already stored' : 'inbound SMS stored'
        );
        void this.kickRouting();
        return result;
    }

    /**
     * Group commit: the webhooks that arrive while a transaction is being written wait for the
     * next one, which stores them all. Each is answered only after the commit that holds it —
     * as durable as one transaction per webhook, with one disk flush for many under load.
     */
    private async writeInbound(): Promise<void> {
        try {
            while (this.inboundQueue.length > 0) {
                // Let the requests that arrived meanwhile join this transaction (a commit can block
                // the event loop: SQLite flushes to disk synchronously).
                await new Promise((resolve) => setImmediate(resolve));
                const batch = this.inboundQueue.splice(0, INBOUND_BATCH);
                try {
                    const results = await this.db.tx(async (q) => {
                        const out: InboundResult[] = [];
                        for (const item of batch) out.push(await this.storeInbound(q, item));
                        return out;
                    });
                    batch.forEach((item, i) => item.resolve(results[i]));
                } catch (error) {
                    if (batch.length === 1) {
                        batch[0].reject(error);
                        continue;
                    }
                    // One bad message must not fail the others: store them one by one.
                    for (const item of batch) {
                        try {
                            item.resolve(await this.db.tx((q) => this.storeInbound(q, item)));
                        } catch (single) {
                            item.reject(single);
                        }
                    }
                }
            }
        } finally {
            this.writingInbound = undefined;
        }
    }

    private async storeInbound(q: Queryable, item: PendingInbound): Promise<InboundResult> {
        const inserted = await insertMessage(q, {
            id: item.id,
            direction: 'inbound',
            source: 'customer',
            channelNumber: item.channelNumber,
            customerNumber: item.customerNumber,
            body: item.sms.body,
            encoding: item.encoding,
            segments: item.segments,
            status: 'received',
            providerSid: item.sms.providerSid,
            keyword: item.keyword,
            now: item.now
        });
        if (!inserted) {
            const existing = await messageBySid(q, item.sms.providerSid);
            return { messageId: existing?.id ?? item.id, duplicate: true };
        }
        if (item.keywordKind === 'opt-out' || item.keywordKind === 'opt-in') {
            await recordOptOut(q, {
                channelNumber: item.channelNumber,
                customerNumber: item.customerNumber,
                optedOut: item.keywordKind === 'opt-out',
                keyword: item.keyword,
                source: 'keyword',
                messageId: item.id,
                now: item.now
            });
        }
        return { messageId: item.id, duplicate: false };
    }

    /** Hands every stored, not yet routed inbound message to the router, oldest first. */
    kickRouting(): Promise<void> {
        if (this.draining) {
            this.drainAgain = true;
            return this.draining;
        }
        this.draining = (async () => {
            try {
                do {
                    this.drainAgain = false;
                    await this.drainOnce();
                } while (this.drainAgain && !this.stopped);
            } finally {
                this.draining = undefined;
            }
        })();
        return this.draining;
    }

    /**
     * One round of hand-overs, oldest first. A message the router refuses waits (with a growing
     * pause) without holding up other customers; later messages of the same conversation wait
     * behind it, so each conversation is handed over in order.
     */
    private async drainOnce(): Promise<void> {
        for (;;) {
            if (this.stopped) return;
            const now = this.clock.now();
            const rows = await this.db.all<MessageRow & { customer_opted_out: number | null }>(
                `SELECT m.*, o.opted_out AS customer_opted_out FROM provider_messages m
                 LEFT JOIN provider_opt_outs o
                    ON o.channel_number = m.channel_number AND o.customer_number = m.customer_number
                 WHERE m.direction = 'inbound' AND m.routed_at IS NULL
                   AND (m.next_route_at IS NULL OR m.next_route_at <= ?)
                   AND NOT EXISTS (
                       SELECT 1 FROM provider_messages e
                       WHERE e.direction = 'inbound' AND e.routed_at IS NULL AND e.next_route_at > ?
                         AND e.channel_number = m.channel_number AND e.customer_number = m.customer_number
                         AND (e.created_at < m.created_at OR (e.created_at = m.created_at AND e.id < m.id)))
                 ORDER BY m.created_at, m.id LIMIT ${ROUTING_BATCH}`,
                [now, now]
            );
            if (rows.length === 0) break;
            const routed: { row: MessageRow; to: RoutedTo }[] = [];
            const held = new Set<string>();
            for (const row of rows) {
                if (this.stopped) break;
                const pair = `${row.channel_number}|${row.customer_number}`;
                if (held.has(pair)) continue;
                try {
                    const keyword = row.keyword ? classifyKeyword(row.keyword)?.kind : undefined;
                    const to = await this.routing.customerMessage({
                        channelNumber: row.channel_number,
                        customerNumber: row.customer_number,
                        messageId: row.id,
                        receivedAt: Number(row.created_at),
                        customerOptedOut: Number(row.customer_opted_out ?? 0) === 1,
                        ...(keyword ? { keyword } : {})
                    });
                    routed.push({ row, to });
                } catch (error) {
                    held.add(pair);
                    await this.routingRefused(row, error);
                }
            }
            if (routed.length > 0) await this.afterRouted(routed);
            if (this.stopped || rows.length < ROUTING_BATCH) break;
        }
        await this.armRoutingRetry();
    }

    private async routingRefused(row: MessageRow, error: unknown): Promise<void> {
        const attempts = Number(row.route_attempts) + 1;
        const pause = Math.min(ROUTING_RETRY_CAP_MS, this.routingRetryMs * 2 ** (attempts - 1));
        const code = (error as { code?: unknown })?.code;
        const reason = typeof code === 'string' ? code : ((error as Error)?.name ?? 'Error');
        await this.db.run(
            `UPDATE provider_messages SET route_attempts = ?, next_route_at = ?, route_error = ?
             WHERE id = ? AND routed_at IS NULL`,
            [attempts, this.clock.now() + pause, reason.slice(0, 80), row.id]
        );
        this.log.warn(
            { err: error, messageId: row.id, attempts, retryInMs: pause },
            'the router did not take the message; it will be handed over again'
        );
    }

    /** Wakes the hand-over when the earliest message waiting after a refusal is due. */
    private async armRoutingRetry(): Promise<void> {
        if (this.stopped) return;
        const row = await this.db.get<{ due: number | null }>(
            "SELECT MIN(next_route_at) AS due FROM provider_messages WHERE direction = 'inbound' AND routed_at IS NULL"
        );
        if (row?.due === null || row?.due === undefined) return;
        if (this.routingRetry) clearTimeout(this.routingRetry);
        this.routingRetry = setTimeout(
            () => {
                this.routingRetry = undefined;
                void this.kickRouting();
            },
            Math.max(0, Number(row.due) - this.clock.now())
        );
        this.routingRetry.unref?.();
    }

    /**
     * Records the interactions the router named (one transaction for the batch) and queues the
     * HELP and after-hours replies they call for.
     */
    private async afterRouted(routed: { row: MessageRow; to: RoutedTo }[]): Promise<void> {
        const plans: { row: MessageRow; to: RoutedTo; helpReply?: string; afterHours?: string }[] = [];
        for (const { row, to } of routed) {
            const keyword: KeywordKind | undefined = row.keyword ? classifyKeyword(row.keyword)?.kind : undefined;
            const channel =
                this.directory && keyword === 'help' ? await this.directory.channel(row.channel_number) : undefined;
            const queue = this.directory && !keyword ? await this.directory.queue(to.queueId) : undefined;
            const helpReply = channel?.helpReply?.trim() || undefined;
            const afterHours =
                queue?.businessHours &&
                queue.afterHoursReply?.trim() &&
                !isOpenAt(queue.businessHours, Number(row.created_at))
                    ? queue.afterHoursReply.trim()
                    : undefined;
            plans.push({ row, to, helpReply, afterHours });
        }
        const now = this.clock.now();
        const replies = await this.db.tx(async (q) => {
            const ids: string[] = [];
            for (const { row, to, helpReply, afterHours } of plans) {
                const updated = await q.run(
                    `UPDATE provider_messages SET routed_at = ?, interaction_id = ?, queue_id = ?, updated_at = ?
                     WHERE id = ? AND routed_at IS NULL`,
                    [now, to.interactionId, to.queueId, now, row.id]
                );
                if (updated.changes === 0) continue;
                const reply = async (body: string, clientRef: string) => {
                    const id = newId('msg_', now);
                    const facts = messageFacts(body);
                    const inserted = await insertMessage(q, {
                        id,
                        direction: 'outbound',
                        source: 'auto-reply',
                        channelNumber: row.channel_number,
                        customerNumber: row.customer_number,
                        body,
                        encoding: facts.encoding,
                        segments: facts.segments,
                        status: 'pending',
                        clientRef,
                        interactionId: to.interactionId,
                        queueId: to.queueId,
                        now
                    });
                    if (inserted) ids.push(id);
                };
                if (helpReply) await reply(helpReply, `help:${row.id}`);
                if (afterHours && !(await isOptedOut(q, row.channel_number, row.customer_number))) {
                    const claimed = await q.run(
                        `INSERT INTO provider_after_hours_replies (interaction_id, message_id, at) VALUES (?, ?, ?)
                         ON CONFLICT (interaction_id) DO NOTHING`,
                        [to.interactionId, row.id, now]
                    );
                    if (claimed.changes > 0) await reply(afterHours, `after-hours:${to.interactionId}`);
                }
            }
            return ids;
        });
        for (const id of replies) {
            void this.dispatch(id).catch((error) => this.log.error({ err: error, messageId: id }, 'auto-reply failed'));
        }
    }

    // -----------------------------------------------------------------------------------------
    // Outbound

    /**
     * Validates and stores an outbound message, and starts sending it. Refusals are typed
     * ProviderErrors (INVALID_PHONE, EMPTY_MESSAGE, MESSAGE_TOO_LONG, OPTED_OUT) and store nothing.
     * With a `clientRef` already used, returns that message instead of storing a second one.
     */
    async queueMessage(request: OutboundRequest): Promise<StoredMessage> {
        const message = await this.store(request);
        if (message.status === 'pending' || message.status === 'sending') {
            void this.dispatch(message.id).catch((error) =>
                this.log.error({ err: error, messageId: message.id }, 'send failed')
            );
        }
        return message;
    }

    /** As queueMessage, and resolves when sending has ended (accepted by the provider, or failed). */
    async sendMessage(request: OutboundRequest): Promise<StoredMessage> {
        const message = await this.store(request);
        if (message.status === 'pending' || message.status === 'sending') return this.dispatch(message.id);
        return message;
    }

    /** Sends a failed message again, as a new message that points to it (`resendOf`). */
    async resend(messageId: string, options: { clientRef?: string } = {}): Promise<StoredMessage> {
        const original = await messageById(this.db, messageId);
        if (!original || original.direction !== 'outbound') {
            throw new ProviderError('UNKNOWN_MESSAGE', 'This message cannot be found.');
        }
        if (original.status !== 'failed' && original.status !== 'undelivered') {
            throw new ProviderError('NOT_RESENDABLE', 'Only a message that failed can be sent again.');
        }
        return this.sendMessage({
            clientRef: options.clientRef,
            interactionId: original.interaction_id,
            channelNumber: original.channel_number,
            customerNumber: original.customer_number,
            body: original.body,
            source: original.source === 'auto-reply' ? 'auto-reply' : 'agent',
            resendOf: original.id
        });
    }

    private async store(request: OutboundRequest): Promise<StoredMessage> {
        if (request.clientRef) {
            const existing = await messageByClientRef(this.db, request.clientRef);
            if (existing) return toStoredMessage(existing);
        }
        const source = request.source ?? 'agent';
        const channelNumber = normalisePhone(request.channelNumber, this.config.defaultRegion);
        const customerNumber = normalisePhone(request.customerNumber, this.config.defaultRegion);
        const facts =
            source === 'agent'
                ? checkAgentMessage(request.body)
                : request.body?.trim()
                  ? messageFacts(request.body)
                  : (() => {
                        throw new ProviderError('EMPTY_MESSAGE', 'Type a message before sending.');
                    })();
        const now = this.clock.now();
        const id = newId('msg_', now);
        const row = await this.db.tx(async (q) => {
            if (await isOptedOut(q, channelNumber, customerNumber)) {
                throw new ProviderError(
                    'OPTED_OUT',
                    'The customer has opted out of messages from this number (they texted STOP). They can opt back in by texting START.'
                );
            }
            const inserted = await insertMessage(q, {
                id,
                direction: 'outbound',
                source,
                channelNumber,
                customerNumber,
                body: request.body,
                encoding: facts.encoding,
                segments: facts.segments,
                status: 'pending',
                clientRef: request.clientRef ?? null,
                interactionId: request.interactionId ?? null,
                resendOf: request.resendOf ?? null,
                now
            });
            return inserted ? await messageById(q, id) : await messageByClientRef(q, request.clientRef ?? '');
        });
        if (!row) throw new Error('Stored message vanished');
        return toStoredMessage(row);
    }

    /**
     * Sends one stored outbound message, at most one at a time per message in this process and,
     * through a lease in the database, across instances.
     *
     * Never sent twice: before each attempt the attempt is recorded. An attempt that provably
     * created nothing (connection refused, 429) may simply be repeated after a pause. An attempt
     * whose outcome is unknown (timeout, 5xx, broken connection) is never repeated blindly: the
     * message is looked for first — a status callback carrying its id, or the provider's list of
     * messages from the company number to the customer with the same text created since the
     * first attempt — and only when it is not there is it sent again (policy `reconcile`), or it
     * is marked Failed with SEND_UNCONFIRMED for the agent to check (policy `fail`).
     */
    dispatch(messageId: string): Promise<StoredMessage> {
        const running = this.dispatches.get(messageId);
        if (running) return running;
        const run = this.runDispatch(messageId).finally(() => this.dispatches.delete(messageId));
        this.dispatches.set(messageId, run);
        return run;
    }

    private leaseMs(): number {
        return this.config.sendTimeoutMs * 2 + this.config.reconcileDelayMs + 30_000;
    }

    private async runDispatch(messageId: string): Promise<StoredMessage> {
        const now = this.clock.now();
        const claimed = await this.db.run(
            `UPDATE provider_messages SET lease_until = ?
             WHERE id = ? AND status IN ('pending', 'sending') AND (lease_until IS NULL OR lease_until < ?)`,
            [now + this.leaseMs(), messageId, now]
        );
        if (claimed.changes === 0) return this.current(messageId);
        let lastError: { code: string; message: string } | undefined;
        let lookupFailures = 0;
        try {
            for (;;) {
                const row = await messageById(this.db, messageId);
                if (!row) throw new ProviderError('UNKNOWN_MESSAGE');
                if (row.status !== 'pending' && row.status !== 'sending') return toStoredMessage(row);
                if (row.provider_sid) {
                    // A status callback found it before the create's answer did.
                    await this.accepted(row, row.provider_sid);
                    return this.current(messageId);
                }
                if (Number(row.unconfirmed) === 1) {
                    const found = await this.reconcile(row);
                    if (found === 'found') return this.current(messageId);
                    if (found === 'lookup-failed') {
                        lookupFailures += 1;
                        if (lookupFailures >= this.config.sendMaxAttempts) {
                            await this.failLocally(row, UNCONFIRMED_CODE, unconfirmedText(lastError));
                            return this.current(messageId);
                        }
                        await this.pause(row, lookupFailures);
                        continue;
                    }
                    // Absent at the provider: the attempt with the unknown outcome created nothing.
                    if (this.config.unconfirmedSend === 'fail') {
                        await this.failLocally(row, UNCONFIRMED_CODE, unconfirmedText(lastError));
                        return this.current(messageId);
                    }
                }
                if (Number(row.attempts) >= this.config.sendMaxAttempts) {
                    await this.failLocally(
                        row,
                        lastError?.code ?? 'SEND_FAILED',
                        lastError?.message ?? 'The message could not be sent.'
                    );
                    return this.current(messageId);
                }
                const attempt = Number(row.attempts) + 1;
                const started = this.clock.now();
                const marked = await this.db.run(
                    `UPDATE provider_messages SET attempts = ?, status = 'sending', status_rank = ?, unconfirmed = 1,
                        first_attempt_wall_at = COALESCE(first_attempt_wall_at, ?), lease_until = ?, updated_at = ?
                     WHERE id = ? AND status IN ('pending', 'sending') AND provider_sid IS NULL`,
                    [attempt, STATUS_RANK.sending, Date.now(), started + this.leaseMs(), started, messageId]
                );
                if (marked.changes === 0) continue;
                const outcome: CreateOutcome = await this.provider.createMessage({
                    from: row.channel_number,
                    to: row.customer_number,
                    body: row.body,
                    statusCallbackUrl: this.statusCallbackUrl(messageId),
                    idempotencyKey: messageId,
                    timeoutMs: this.config.sendTimeoutMs
                });
                this.log.info(
                    { messageId, attempt, outcome: outcome.kind, code: 'code' in outcome ? outcome.code : undefined },
                    'send attempt'
                );
                const fresh = await messageById(this.db, messageId);
                if (!fresh) throw new ProviderError('UNKNOWN_MESSAGE');
                switch (outcome.kind) {
                    case 'accepted':
                        await this.accepted(fresh, outcome.providerSid);
                        return this.current(messageId);
                    case 'rejected':
                        await this.failFinally(fresh, outcome.code, outcome.message);
                        return this.current(messageId);
                    case 'not-sent':
                        lastError = outcome;
                        await this.db.run(
                            `UPDATE provider_messages SET unconfirmed = 0, error_code = ?, error_message = ?, updated_at = ?
                             WHERE id = ? AND status IN ('pending', 'sending')`,
                            [outcome.code, outcome.message, this.clock.now(), messageId]
                        );
                        if (attempt < this.config.sendMaxAttempts)
                            await this.pause(fresh, attempt, outcome.retryAfterMs);
                        break;
                    case 'unknown':
                        lastError = outcome;
                        await this.db.run(
                            `UPDATE provider_messages SET error_code = ?, error_message = ?, updated_at = ?
                             WHERE id = ? AND status IN ('pending', 'sending')`,
                            [outcome.code, outcome.message, this.clock.now(), messageId]
                        );
                        if (attempt < this.config.sendMaxAttempts) await this.pause(fresh, attempt);
                        break;
                }
            }
        } finally {
            await this.db
                .run('UPDATE provider_messages SET lease_until = NULL WHERE id = ?', [messageId])
                .catch(() => undefined);
        }
    }

    private async pause(row: MessageRow, attempt: number, retryAfterMs?: number): Promise<void> {
        const base = this.config.sendBackoffMs * 2 ** Math.max(0, attempt - 1);
        const jittered = Math.round(Math.min(30_000, base * (0.8 + Math.random() * 0.4)));
        const ms = Math.round(Math.max(retryAfterMs ?? 0, jittered));
        const due = this.clock.now() + ms;
        await this.db.run('UPDATE provider_messages SET next_attempt_at = ?, lease_until = ? WHERE id = ?', [
            due,
            due + this.leaseMs(),
            row.id
        ]);
        await this.sleep(ms);
        if (this.stopped) throw new Error('SMS edge stopped');
    }

    /** Looks for the message at the provider after an attempt with an unknown outcome. */
    private async reconcile(row: MessageRow): Promise<'found' | 'absent' | 'lookup-failed'> {
        await this.sleep(this.config.reconcileDelayMs);
        if (this.stopped) throw new Error('SMS edge stopped');
        const again = await messageById(this.db, row.id);
        if (!again) return 'absent';
        if (again.provider_sid) {
            await this.accepted(again, again.provider_sid);
            return 'found';
        }
        if (again.status !== 'pending' && again.status !== 'sending') return 'found';
        let candidates;
        try {
            candidates = await this.provider.findMessages({
                from: row.channel_number,
                to: row.customer_number,
                // The provider's clock and ours differ a little; its times have whole seconds.
                since: Number(row.first_attempt_wall_at ?? Date.now()) - 60_000,
                timeoutMs: this.config.sendTimeoutMs
            });
        } catch (error) {
            this.log.warn({ err: error, messageId: row.id }, 'message lookup failed');
            return 'lookup-failed';
        }
        for (const candidate of candidates.reverse()) {
            if (candidate.body !== row.body || !candidate.direction.startsWith('outbound')) continue;
            const ours = await messageBySid(this.db, candidate.providerSid);
            if (ours) continue;
            this.log.info(
                { messageId: row.id, providerSid: candidate.providerSid },
                'unconfirmed send found at the provider'
            );
            await this.accepted(again, candidate.providerSid, asProviderStatus(candidate.status));
            return 'found';
        }
        await this.db.run('UPDATE provider_messages SET unconfirmed = 0 WHERE id = ? AND provider_sid IS NULL', [
            row.id
        ]);
        return 'absent';
    }

    private async accepted(row: MessageRow, providerSid: string, providerStatus?: ProviderStatus): Promise<void> {
        const mapped = providerStatus
            ? fromProviderStatus(providerStatus)
            : { status: 'queued', rank: STATUS_RANK.queued };
        const now = this.clock.now();
        // The provider has it: whatever the attempts left behind is settled.
        await this.db.run(
            `UPDATE provider_messages SET unconfirmed = 0, next_attempt_at = NULL,
                error_code = CASE WHEN status_rank < ? THEN NULL ELSE error_code END,
                error_message = CASE WHEN status_rank < ? THEN NULL ELSE error_message END
             WHERE id = ?`,
            [STATUS_RANK.queued, STATUS_RANK.queued, row.id]
        );
        // Only a change is reported: a status callback may have got here first.
        const result = await this.db.run(
            `UPDATE provider_messages SET provider_sid = COALESCE(provider_sid, ?),
                status = CASE WHEN status_rank < ? THEN ? ELSE status END,
                status_rank = CASE WHEN status_rank < ? THEN ? ELSE status_rank END,
                sent_at = COALESCE(sent_at, ?), updated_at = ?
             WHERE id = ? AND (provider_sid IS NULL OR status_rank < ?)`,
            [
                providerSid,
                mapped.rank,
                mapped.status,
                mapped.rank,
                mapped.rank,
                mapped.rank >= STATUS_RANK.sent ? now : null,
                now,
                row.id,
                mapped.rank
            ]
        );
        if (row.provider_sid && row.provider_sid !== providerSid) {
            this.log.error(
                { messageId: row.id, providerSid, stored: row.provider_sid },
                'provider reported a second id'
            );
        }
        if (result.changes > 0) await this.emit(row.id);
    }

    private async failLocally(row: MessageRow, code: string, message: string): Promise<void> {
        await this.fail(row, code, message, STATUS_RANK.failedLocally);
    }

    private async failFinally(row: MessageRow, code: string, message: string): Promise<void> {
        await this.fail(row, code, message, STATUS_RANK.final);
        if (code === UNSUBSCRIBED_CODE) await this.providerOptOut(row.channel_number, row.customer_number, row.id);
    }

    private async fail(row: MessageRow, code: string, message: string, rank: number): Promise<void> {
        const now = this.clock.now();
        const result = await this.db.run(
            `UPDATE provider_messages SET status = 'failed', status_rank = ?, error_code = ?, error_message = ?,
                next_attempt_at = NULL, updated_at = ?
             WHERE id = ? AND status_rank < ?`,
            [rank, code, message.slice(0, 255), now, row.id, rank]
        );
        this.log.warn({ messageId: row.id, code }, 'outbound SMS failed');
        if (result.changes > 0) await this.emit(row.id);
    }

    private async providerOptOut(channelNumber: string, customerNumber: string, messageId: string): Promise<void> {
        await this.db.tx(async (q) => {
            if (await isOptedOut(q, channelNumber, customerNumber)) return;
            await recordOptOut(q, {
                channelNumber,
                customerNumber,
                optedOut: true,
                keyword: null,
                source: 'provider',
                messageId,
                now: this.clock.now()
            });
        });
    }

    statusCallbackUrl(messageId: string): string {
        return `${this.config.publicUrl}${STATUS_PATH}?m=${encodeURIComponent(messageId)}`;
    }

    // -----------------------------------------------------------------------------------------
    // Status callbacks

    /**
     * Applies a verified status callback. `messageIdHint` is the service's message id carried in
     * the callback URL, which identifies the message even before the create's answer arrived.
     * Duplicates and late arrivals change nothing: a status only ever moves forward.
     */
    async receiveStatus(
        report: StatusReport,
        messageIdHint?: string
    ): Promise<{ messageId: string | null; applied: boolean }> {
        const now = this.clock.now();
        const mapped = fromProviderStatus(report.status);
        const outcome = await this.db.tx(async (q) => {
            let row = await messageBySid(q, report.providerSid);
            if (!row && messageIdHint) {
                // The callback may beat the create's answer: the id in its URL names the message.
                await q.run(
                    `UPDATE provider_messages SET provider_sid = ?, unconfirmed = 0
                     WHERE id = ? AND direction = 'outbound' AND provider_sid IS NULL`,
                    [report.providerSid, messageIdHint]
                );
                row = await messageById(q, messageIdHint);
                if (row && row.provider_sid !== report.providerSid) {
                    this.log.error(
                        { messageId: row.id, providerSid: report.providerSid },
                        'status callback names a message that has another provider id'
                    );
                    row = undefined;
                }
            }
            await q.run(
                `INSERT INTO provider_status_events (id, provider_sid, message_id, status, error_code, idempotency_token, received_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider_sid, status) DO NOTHING`,
                [
                    newId('se_', now),
                    report.providerSid,
                    row?.id ?? null,
                    report.status,
                    report.errorCode ?? null,
                    report.idempotencyToken ?? null,
                    now
                ]
            );
            if (!row) return { messageId: null, applied: false, row: undefined };
            const failed = mapped.status === 'failed' || mapped.status === 'undelivered';
            const applied = await q.run(
                `UPDATE provider_messages SET status = ?, status_rank = ?, unconfirmed = 0,
                    error_code = ?, error_message = ?,
                    sent_at = COALESCE(sent_at, ?), delivered_at = COALESCE(delivered_at, ?),
                    next_attempt_at = NULL, updated_at = ?
                 WHERE id = ? AND status_rank < ?`,
                [
                    mapped.status,
                    mapped.rank,
                    failed ? (report.errorCode ?? null) : null,
                    failed ? (report.errorMessage ?? null) : null,
                    mapped.rank >= STATUS_RANK.sent ? now : null,
                    mapped.status === 'delivered' ? now : null,
                    now,
                    row.id,
                    mapped.rank
                ]
            );
            return { messageId: row.id, applied: applied.changes > 0, row };
        });
        if (outcome.row && report.errorCode === UNSUBSCRIBED_CODE) {
            await this.providerOptOut(outcome.row.channel_number, outcome.row.customer_number, outcome.row.id);
        }
        if (outcome.messageId && outcome.applied) await this.emit(outcome.messageId);
        this.log.info(
            {
                messageId: outcome.messageId,
                providerSid: report.providerSid,
                status: report.status,
                applied: outcome.applied
            },
            'status callback'
        );
        return { messageId: outcome.messageId, applied: outcome.applied };
    }

    // -----------------------------------------------------------------------------------------
    // Reads

    async getMessage(messageId: string): Promise<StoredMessage | undefined> {
        const row = await messageById(this.db, messageId);
        return row ? toStoredMessage(row) : undefined;
    }

    async messagesOfInteraction(interactionId: string): Promise<StoredMessage[]> {
        const rows = await this.db.all<MessageRow>(
            'SELECT * FROM provider_messages WHERE interaction_id = ? ORDER BY created_at, id',
            [interactionId]
        );
        return rows.map(toStoredMessage);
    }

    /** Whether the customer may be texted from this company number (numbers in any format). */
    async isOptedOut(channelNumber: string, customerNumber: string): Promise<boolean> {
        const channel = tryNormalisePhone(channelNumber, this.config.defaultRegion) ?? channelNumber;
        const customer = tryNormalisePhone(customerNumber, this.config.defaultRegion) ?? customerNumber;
        return isOptedOut(this.db, channel, customer);
    }

    /** Every opt-out and opt-in of this customer at this company number, oldest first. */
    async optOutHistory(
        channelNumber: string,
        customerNumber: string
    ): Promise<
        { action: 'opt-out' | 'opt-in'; keyword: string | null; source: string; messageId: string | null; at: number }[]
    > {
        const channel = tryNormalisePhone(channelNumber, this.config.defaultRegion) ?? channelNumber;
        const customer = tryNormalisePhone(customerNumber, this.config.defaultRegion) ?? customerNumber;
        const rows = await this.db.all<{
            action: string;
            keyword: string | null;
            source: string;
            message_id: string | null;
            at: number;
        }>(
            `SELECT action, keyword, source, message_id, at FROM provider_opt_out_events
             WHERE channel_number = ? AND customer_number = ? ORDER BY at, id`,
            [channel, customer]
        );
        return rows.map((r) => ({
            action: r.action as 'opt-out' | 'opt-in',
            keyword: r.keyword,
            source: r.source,
            messageId: r.message_id,
            at: Number(r.at)
        }));
    }

    private async current(messageId: string): Promise<StoredMessage> {
        const row = await messageById(this.db, messageId);
        if (!row) throw new ProviderError('UNKNOWN_MESSAGE');
        return toStoredMessage(row);
    }

    private async emit(messageId: string): Promise<void> {
        if (this.listeners.length === 0) return;
        const row = await messageById(this.db, messageId);
        if (!row) return;
        const status = row.status as MessageStatus;
        const update: MessageStatusUpdate = {
            messageId: row.id,
            interactionId: row.interaction_id,
            direction: row.direction as MessageStatusUpdate['direction'],
            status,
            recordStatus: RECORD_STATUS[status],
            providerSid: row.provider_sid,
            errorCode: row.error_code,
            errorMessage: row.error_message,
            at: Number(row.updated_at)
        };
        for (const listener of this.listeners) {
            try {
                await listener(update);
            } catch (error) {
                this.log.error({ err: error, messageId }, 'status listener failed');
            }
        }
    }
}

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

function asProviderStatus(status: string): ProviderStatus | undefined {
    return PROVIDER_STATUSES.has(status) ? (status as ProviderStatus) : undefined;
}

function unconfirmedText(lastError: { code: string; message: string } | undefined): string {
    const why = lastError ? ` (${lastError.message})` : '';
    return `The provider did not confirm the message${why} and it was not found there; check with the customer before sending it again.`;
}
