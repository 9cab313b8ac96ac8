/**
 * The connector's OutboundSender over the SMS edge: an agent's message (or an outbound start's
 * first message, or a resend) is validated, stored and handed to the provider by the SMS edge —
 * one message per idempotency key however often the action arrives — and its record is written.
 * The provider's answer and the delivery statuses follow through the status listener.
 */
import type { OutboundSender, SendAuthorization } from '../connector/routerBridge';
import { OBJECTS } from '../connector/model';
import type { ConnectorStore } from '../connector/store';
import { checkAgentMessage, normalisePhone, ProviderError, type CountryCode, type SmsEdge } from '../provider';
import type { MessageRecords } from './messages';

export interface EdgeSenderDeps {
    edge(): SmsEdge;
    records(): MessageRecords;
    store(): ConnectorStore;
    defaultRegion: CountryCode;
    /** Counts a message handed to the SMS edge. */
    onQueued?(): void;
}

export class EdgeSender implements OutboundSender {
    constructor(private readonly deps: EdgeSenderDeps) {}

    /** Number, text and opt-out, checked before an outbound conversation is opened. */
    async check(input: { channelNumber: string; customerNumber: string; body: string }): Promise<string> {
        const customer = normalisePhone(input.customerNumber, this.deps.defaultRegion);
        checkAgentMessage(input.body);
        if (await this.deps.edge().isOptedOut(input.channelNumber, customer)) {
            throw new ProviderError('OPTED_OUT');
        }
        return customer;
    }

    async send(input: {
        authorization: SendAuthorization;
        body: string;
        idempotencyKey: string;
        messageRecordId: string | null;
        resendOf?: string | null;
    }): Promise<void> {
        const store = this.deps.store();
        const original = input.resendOf ? await store.serviceId(input.resendOf) : null;
        const stored = await this.deps.edge().queueMessage({
            clientRef: input.idempotencyKey,
            interactionId: input.authorization.interactionId,
            channelNumber: input.authorization.channelNumber,
            customerNumber: input.authorization.customerNumber,
            body: input.body,
            source: 'agent',
            resendOf: original?.object === OBJECTS.message ? original.serviceId : null
        });
        this.deps.onQueued?.();
        if (input.messageRecordId) await store.mapRecord(OBJECTS.message, stored.id, input.messageRecordId);
        await this.deps.records().writeOutbound(stored.id, {
            recordId: input.messageRecordId,
            resendOf: input.resendOf ?? null
        });
    }
}
