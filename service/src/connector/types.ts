/**
 * The one interface the service uses for Salesforce, implemented by the real org (JWT, Pub/Sub
 * API, REST) and by the local org (in memory). The router and the provider never see which.
 */
import type { ActionEventType, AgentEventType, AgentStatus, ActionResult } from './model';

export type FieldValue = string | number | boolean | null;
export type SObjectFields = Record<string, FieldValue>;

/** A lookup set through another record's external Id (the REST `Rel__r: {Ext__c: …}` form). */
export interface ExternalRef {
    object: string;
    externalIdField: string;
    value: string;
}

/** One record to create, update or upsert. */
export interface RecordWrite {
    object: string;
    /** Update this record. */
    id?: string;
    /** Upsert on this external Id field (with `externalId`). */
    externalIdField?: string;
    externalId?: string;
    fields: SObjectFields;
    /** Lookups set by the referenced record's external Id, keyed by the lookup field (`Interaction__c`). */
    refs?: Record<string, ExternalRef>;
}

export interface WriteError {
    code: string;
    message: string;
}

export interface WriteResult {
    ok: boolean;
    id?: string;
    created?: boolean;
    error?: WriteError;
}

/** `SMS_Agent_Event__e` as the service sends it (after targeting, coalescing and sequencing). */
export interface AgentEvent {
    recipientId: string;
    type: AgentEventType;
    interactionId: string | null;
    sequence: number;
}

/** `SMS_Agent_Action__e` as received. */
export interface AgentActionEvent {
    /** The event's UUID: duplicates (redelivery after a resume) are dropped by it. */
    eventUuid: string;
    /** Opaque replay Id (base64 of the Pub/Sub bytes, or the local bus's number). */
    replayId: string;
    recordId: string;
    object: 'SMS_Agent_Action__c' | 'SMS_Message__c';
    type: ActionEventType;
    actingUserId: string;
    createdDate: number;
}

export interface PhoneMatch {
    id: string;
    type: 'Contact' | 'Lead' | 'Account';
}

export interface QueueConfig {
    id: string;
    name: string;
    acceptanceIntervalSeconds: number;
    postProcessingSeconds: number;
    slaTargetSeconds: number;
    maxInteractions: number;
    dispositionRequired: boolean;
    /** The dedicated agent's User Id, when the queue has one. */
    dedicatedAgentUserId: string | null;
    businessHoursName: string | null;
    afterHoursReply: string | null;
    active: boolean;
}

export interface ChannelConfig {
    id: string;
    name: string;
    phoneNumber: string;
    queueId: string;
    helpReply: string | null;
    active: boolean;
}

export interface AgentConfig {
    /** The `SMS_Agent__c` record Id. */
    recordId: string;
    /** The agent's User Id: how the service names agents. */
    userId: string;
    name: string;
    status: AgentStatus | null;
    stopNew: boolean;
    maxInteractions: number | null;
    eventChannel: string | null;
}

export interface MemberConfig {
    queueId: string;
    agentUserId: string;
}

/** What the router needs from the org's configuration. */
export interface OrgConfiguration {
    queues: QueueConfig[];
    channels: ChannelConfig[];
    agents: AgentConfig[];
    members: MemberConfig[];
    /** Users who hold the custom permission SMS_Reject_Offers (by any permission set or profile). */
    rejectPermissionUserIds: string[];
    /**
     * The org's active BusinessHours records (`Name`, `TimeZoneSidKey`, `MondayStartTime`…, as the
     * REST API returns them), for the queues' `Business_Hours_Name__c`.
     */
    businessHours?: SObjectFields[];
}

export interface ActionSubscriptionOptions {
    /** The last processed replay Id, to resume after; null starts at the tip of the stream. */
    loadReplayId(): Promise<string | null>;
    /** Processes one batch; the next batch is requested only after it resolves. */
    onBatch(events: AgentActionEvent[]): Promise<void>;
    /** Events per batch (flow control). */
    batchSize?: number;
}

export interface ActionSubscription {
    close(): Promise<void>;
    readonly connected: boolean;
}

export interface ConnectorHealth {
    org: boolean;
    stream: boolean;
    detail?: string;
}

/** One finding of the boot-time org check. */
export interface OrgCheckFinding {
    ok: boolean;
    item: string;
    /** What is missing and what to do about it. */
    detail: string;
}

export interface SalesforcePort {
    /** The integration user's Id (its own actions are ignored; it owns queued interactions). */
    readonly integrationUserId: string;
    readonly kind: 'real' | 'local';
    connect(): Promise<void>;
    close(): Promise<void>;
    health(): ConnectorHealth;

    publishAgentEvents(events: readonly AgentEvent[]): Promise<void>;
    subscribeActions(options: ActionSubscriptionOptions): Promise<ActionSubscription>;

    writeRecords(writes: readonly RecordWrite[]): Promise<WriteResult[]>;
    /** Reads records by Id (missing ones are absent from the result). */
    readRecords(object: string, ids: readonly string[], fields: readonly string[]): Promise<Map<string, SObjectFields>>;
    searchPhone(phone: string): Promise<PhoneMatch[]>;
    loadConfiguration(): Promise<OrgConfiguration>;
    checkSetup(): Promise<OrgCheckFinding[]>;
}

export type { ActionEventType, AgentEventType, ActionResult };
