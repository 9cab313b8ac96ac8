/**
 * Router state out to the org: interactions, agents and messages written as records (upserts by
 * external Id, so a repeated write changes nothing), the phone search on a new interaction
 * (B14 / X1 / X2), and the nudges that tell the concerned agent's panel to re-read — through the
 * event outbox (targeted, coalesced, sequenced). Records are written before the nudge is pushed,
 * so a panel that reacts to the event finds the new state.
 */
import type { Logger } from '../log';
import { customerKey } from './actions';
import type { AgentEventOutbox } from './economy/outbox';
import { OBJECTS, type AgentEventType, type AgentStatus, type InteractionStatus, type MessageStatus } from './model';
import type { ConnectorStore } from './store';
import type { FieldValue, RecordWrite, SalesforcePort, SObjectFields, WriteResult } from './types';

export interface InteractionView {
    /** The router's interaction id (External_Id__c). */
    id: string;
    status: InteractionStatus;
    /** User Id of the agent offered to / handling it; null while queued. */
    agentUserId: string | null;
    queueId: string | null;
    channelId: string | null;
    customerPhone: string;
    direction: 'Inbound' | 'Outbound';
    initiatedAt: number;
    offeredAt?: number | null;
    offerExpiresAt?: number | null;
    acceptedAt?: number | null;
    terminatedAt?: number | null;
    wrapUpDeadline?: number | null;
    wrappedUpAt?: number | null;
    disposition?: string | null;
    dispositionRequired?: boolean;
    unreadCount?: number;
    awaitingReplySince?: number | null;
    slaDueAt?: number | null;
    slaBreached?: boolean;
    deliveryFailed?: boolean;
    customerOptedOut?: boolean;
    lastCustomerMessageAt?: number | null;
    lastAgentMessageAt?: number | null;
}

export interface AgentView {
    userId: string;
    name?: string;
    status: AgentStatus;
    statusReason?: 'Agent' | 'Rejected Offer' | 'Missed Offer' | 'System';
    statusChangedAt: number;
    stopNew: boolean;
    openInteractions: number;
}

export interface MessageView {
    /** Update this record (an agent's message the panel inserted)… */
    recordId?: string;
    /** …or upsert on the provider's message id (customer messages, auto-replies). */
    providerMessageId?: string;
    interactionId: string;
    direction?: 'Inbound' | 'Outbound';
    source?: 'Customer' | 'Agent' | 'Auto-reply';
    body?: string;
    status: MessageStatus;
    errorCode?: string | null;
    errorMessage?: string | null;
    segments?: number | null;
    encoding?: 'GSM-7' | 'UCS-2' | null;
    sentAt?: number | null;
    deliveredAt?: number | null;
}

const iso = (ms: number | null | undefined): string | null =>
    typeof ms === 'number' ? new Date(ms).toISOString() : null;

/** Where a remembered person record goes on a new interaction, by its Id's key prefix. */
const REMEMBERED_LOOKUP: Record<string, string> = { '003': 'Contact__c', '00Q': 'Lead__c', '001': 'Account__c' };

export class RecordSync {
    /** User Id → SMS_Agent__c record Id, from the configuration. */
    private agentRecords = new Map<string, string>();

    constructor(
        private readonly port: SalesforcePort,
        private readonly store: ConnectorStore,
        private readonly outbox: AgentEventOutbox,
        private readonly log: Logger
    ) {}

    setAgentRecords(map: ReadonlyMap<string, string>): void {
        this.agentRecords = new Map(map);
    }

    /** Writes an interaction; on its first write the customer's number is searched (B14). Returns its record Id. */
    async interaction(view: InteractionView): Promise<string> {
        return (await this.interactions([view]))[0];
    }

    /**
     * Writes interactions in one batched request (sObject Collections upsert on External_Id__c);
     * each one written for the first time gets the phone search's matches. Returns record Ids
     * in input order.
     */
    async interactions(views: readonly InteractionView[]): Promise<string[]> {
        const writes: RecordWrite[] = [];
        for (const view of views) {
            const known = await this.store.recordId(OBJECTS.interaction, view.id);
            const fields = this.interactionFields(view);
            if (!known) Object.assign(fields, await this.matches(view.customerPhone));
            writes.push({
                object: OBJECTS.interaction,
                externalIdField: 'External_Id__c',
                externalId: view.id,
                fields
            });
        }
        const results = await this.port.writeRecords(writes);
        const ids: string[] = [];
        for (let i = 0; i < views.length; i++) {
            const id = this.check(results[i], 'interaction', views[i].id);
            await this.store.mapRecord(OBJECTS.interaction, views[i].id, id);
            ids.push(id);
        }
        return ids;
    }

    private interactionFields(view: InteractionView): SObjectFields {
        return {
            Status__c: view.status,
            OwnerId: view.agentUserId ?? this.port.integrationUserId,
            Agent__c: view.agentUserId ? (this.agentRecords.get(view.agentUserId) ?? null) : null,
            Queue__c: view.queueId,
            Channel__c: view.channelId,
            Direction__c: view.direction,
            Customer_Phone__c: view.customerPhone,
            Initiated_At__c: iso(view.initiatedAt),
            Offered_At__c: iso(view.offeredAt),
            Offer_Expires_At__c: iso(view.offerExpiresAt),
            Accepted_At__c: iso(view.acceptedAt),
            Terminated_At__c: iso(view.terminatedAt),
            Wrap_Up_Deadline__c: iso(view.wrapUpDeadline),
            Wrapped_Up_At__c: iso(view.wrappedUpAt),
            Disposition__c: view.disposition ?? null,
            Disposition_Required__c: view.dispositionRequired ?? false,
            Unread_Count__c: view.unreadCount ?? 0,
            Awaiting_Reply_Since__c: iso(view.awaitingReplySince),
            SLA_Due_At__c: iso(view.slaDueAt),
            SLA_Breached__c: view.slaBreached ?? false,
            Delivery_Failed__c: view.deliveryFailed ?? false,
            Customer_Opted_Out__c: view.customerOptedOut ?? false,
            Last_Customer_Message_At__c: iso(view.lastCustomerMessageAt),
            Last_Agent_Message_At__c: iso(view.lastAgentMessageAt)
        };
    }

    /** The phone search's result for a new interaction: the agent's earlier pick first and linked (X2). */
    private async matches(phone: string): Promise<SObjectFields> {
        try {
            const found = await this.port.searchPhone(phone);
            const ids = found.map((m) => m.id);
            const preferred = await this.store.preferredMatch(customerKey(phone));
            const ordered =
                preferred && ids.includes(preferred) ? [preferred, ...ids.filter((i) => i !== preferred)] : ids;
            const fields: SObjectFields = {
                Matched_Record_Ids__c: ordered.join(',').slice(0, 4000) || null,
                Match_Count__c: ordered.length
            };
            // The remembered choice, still among the matches, is linked: it is the default and pops on accept.
            const lookup = preferred && ids.includes(preferred) ? REMEMBERED_LOOKUP[preferred.slice(0, 3)] : undefined;
            if (lookup && preferred) fields[lookup] = preferred;
            return fields;
        } catch (error) {
            // The offer goes ahead without matches; the panel offers a New Case.
            this.log.error({ err: error }, 'phone search failed');
            return {};
        }
    }

    async agent(view: AgentView): Promise<string> {
        return (await this.agents([view]))[0];
    }

    /** Writes agent records in one batched upsert on User_Key__c. */
    async agents(views: readonly AgentView[]): Promise<string[]> {
        const writes: RecordWrite[] = views.map((view) => {
            const fields: SObjectFields = {
                Status__c: view.status,
                Status_Reason__c: view.statusReason ?? 'System',
                Status_Changed_At__c: iso(view.statusChangedAt),
                Stop_New__c: view.stopNew,
                Open_Interactions__c: view.openInteractions,
                User__c: view.userId
            };
            if (view.name) fields.Name = view.name.slice(0, 80);
            return { object: OBJECTS.agent, externalIdField: 'User_Key__c', externalId: view.userId, fields };
        });
        const results = await this.port.writeRecords(writes);
        return views.map((view, i) => {
            const id = this.check(results[i], 'agent', view.userId);
            this.agentRecords.set(view.userId, id);
            return id;
        });
    }

    async message(view: MessageView): Promise<string> {
        const fields: SObjectFields = { Status__c: view.status };
        const put = (k: string, v: FieldValue | undefined) => {
            if (v !== undefined) fields[k] = v;
        };
        put('Direction__c', view.direction);
        put('Source__c', view.source);
        put('Body__c', view.body);
        put('Error_Code__c', view.errorCode);
        put(
            'Error_Message__c',
            view.errorMessage === undefined || view.errorMessage === null
                ? view.errorMessage
                : view.errorMessage.slice(0, 255)
        );
        put('Segments__c', view.segments);
        put('Encoding__c', view.encoding);
        if (view.sentAt !== undefined) fields.Sent_At__c = iso(view.sentAt);
        if (view.deliveredAt !== undefined) fields.Delivered_At__c = iso(view.deliveredAt);
        let write: RecordWrite;
        if (view.recordId) write = { object: OBJECTS.message, id: view.recordId, fields };
        else if (view.providerMessageId) {
            write = {
                object: OBJECTS.message,
                externalIdField: 'Provider_Message_Id__c',
                externalId: view.providerMessageId,
                fields,
                refs: {
                    Interaction__c: {
                        object: OBJECTS.interaction,
                        externalIdField: 'External_Id__c',
                        value: view.interactionId
                    }
                }
            };
        } else throw new Error('A message write needs its record Id or the provider message id');
        const [result] = await this.port.writeRecords([write]);
        return this.check(result, 'message', view.recordId ?? view.providerMessageId ?? '');
    }

    /** The `SMS_Interaction__c` record Id of a router interaction, once written. */
    interactionRecordId(interactionId: string): Promise<string | null> {
        return this.store.recordId(OBJECTS.interaction, interactionId);
    }

    /** Tells an agent's panel to re-read (targeted, coalesced by the outbox). */
    async nudge(
        recipientUserId: string,
        type: AgentEventType,
        interactionId: string | null,
        urgent = false
    ): Promise<void> {
        const recordId = interactionId ? await this.store.recordId(OBJECTS.interaction, interactionId) : null;
        this.outbox.push({
            recipientId: recipientUserId,
            type,
            interactionId: recordId,
            ...(urgent ? { urgent } : {})
        });
    }

    private check(result: WriteResult | undefined, what: string, key: string): string {
        if (!result || !result.ok || !result.id) {
            const code = result?.error?.code ?? 'UNKNOWN';
            this.log.error(
                { what, key: what === 'message' ? undefined : key, code },
                `could not write the ${what} record`
            );
            throw Object.assign(new Error(`Could not write the ${what} record: ${code}`), {
                code: 'RECORD_WRITE_FAILED'
            });
        }
        return result.id;
    }
}
