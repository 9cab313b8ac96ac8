/**
 * The router's public shapes: configuration in, records and events out. Times are epoch
 * milliseconds. Agents are identified by their Salesforce User Id, queues by their
 * `SMS_Queue__c` Id, channels by their company number (E.164), interactions by the router's own id.
 */

/** Status an agent can choose from the panel's menu. */
export type SelectableStatus = 'Available' | 'On Break' | 'Offline';
/** `SMS_Agent__c.Status__c`: the chosen statuses plus the derived Post-processing. */
export type AgentStatus = SelectableStatus | 'Post-processing';
/** `SMS_Agent__c.Status_Reason__c`. */
export type StatusReason = 'Agent' | 'Rejected Offer' | 'Missed Offer' | 'System';
/** `SMS_Interaction__c.Status__c`. */
export type InteractionStatus = 'Queued' | 'Offered' | 'Active' | 'Post-processing' | 'Closed';
/** `SMS_Interaction__c.Direction__c`. */
export type Direction = 'Inbound' | 'Outbound';

export const SELECTABLE_STATUSES: readonly SelectableStatus[] = ['Available', 'On Break', 'Offline'];
export const AGENT_STATUSES: readonly AgentStatus[] = ['Available', 'On Break', 'Offline', 'Post-processing'];
/** Statuses in which a conversation is open: a customer message attaches to it. */
export const OPEN_STATUSES: readonly InteractionStatus[] = ['Queued', 'Offered', 'Active'];

// ---------------------------------------------------------------------------------------------
// Configuration (from SMS_Queue__c, SMS_Queue_Member__c, SMS_Channel__c, SMS_Agent__c)

export interface QueueConfig {
    /** The `SMS_Queue__c` Id. */
    id: string;
    name: string;
    /** `Acceptance_Interval_Seconds__c`: 1…99,999. */
    acceptanceIntervalSeconds: number;
    /** `Post_Processing_Seconds__c`: 0…999,999 (0 closes at End). */
    postProcessingSeconds: number;
    /** `SLA_Target_Seconds__c`: 1…999,999. */
    slaTargetSeconds: number;
    /** `Max_Interactions__c`: 1…999, the default capacity of the queue's agents. */
    maxInteractions: number;
    /** `Disposition_Required__c`. */
    dispositionRequired: boolean;
    /** `Dedicated_Agent__c`, as the agent's User Id; null = any member. */
    dedicatedAgentId: string | null;
    /** `Active__c`: an inactive queue offers nothing (its waiting work keeps waiting). */
    active: boolean;
}

export interface AgentConfig {
    /** The agent's Salesforce User Id (`SMS_Agent__c.User_Key__c`). */
    userId: string;
    name: string;
    /** `SMS_Agent__c.Max_Interactions__c`: overrides the queue's maximum; null = the queue's. */
    maxInteractions: number | null;
    /** Whether the user holds the `SMS_Reject_Offers` custom permission. */
    canReject: boolean;
}

export interface ChannelConfig {
    /** The company number, E.164 (`SMS_Channel__c.Phone_Number__c`). */
    phoneNumber: string;
    /** The `SMS_Channel__c` Id, when known. */
    channelId: string | null;
    /** `Queue__c`: where inbound SMS to this number go. */
    queueId: string;
    /** `Active__c`: an inactive number neither receives nor sends. */
    active: boolean;
}

export interface QueueMembers {
    queueId: string;
    /** Member agents' User Ids. */
    userIds: string[];
}

/** The whole configuration: `configure` upserts what is in it and removes what is not. */
export interface ConfigSnapshot {
    queues: QueueConfig[];
    agents: AgentConfig[];
    channels: ChannelConfig[];
    members: QueueMembers[];
}

export interface ConfigureResult {
    queues: { upserted: number; removed: number };
    agents: { upserted: number; removed: number };
    channels: { upserted: number; removed: number };
    members: { added: number; removed: number };
}

// ---------------------------------------------------------------------------------------------
// Records

/** One conversation from offer to wrap-up (mirrors `SMS_Interaction__c`). */
export interface Interaction {
    id: string;
    queueId: string;
    /** Company number (E.164). */
    channelNumber: string;
    channelId: string | null;
    /** The customer's number (E.164). Personal data: never log it, never put it in an event. */
    customerNumber: string;
    direction: Direction;
    status: InteractionStatus;
    /** User Id of the agent it is offered to / handled by; null while queued. */
    agentId: string | null;
    /** When the conversation started; its age in the queue (kept when re-queued). */
    initiatedAt: number;
    offeredAt: number | null;
    offerExpiresAt: number | null;
    acceptedAt: number | null;
    terminatedAt: number | null;
    wrapUpDeadline: number | null;
    wrappedUpAt: number | null;
    disposition: string | null;
    dispositionRequired: boolean;
    /** Customer messages since the agent's last reply. */
    unreadCount: number;
    /** Oldest unanswered customer message. */
    awaitingReplySince: number | null;
    /** When the unanswered message passes the queue's SLA target (armed SLA timer). */
    slaDueAt: number | null;
    slaBreached: boolean;
    deliveryFailed: boolean;
    lastCustomerMessageAt: number | null;
    lastAgentMessageAt: number | null;
    /** How many times it has been offered (re-offers after reject or lapse included). */
    offerCount: number;
}

export interface AgentState {
    userId: string;
    name: string;
    /** False once the agent was removed from the configuration (they may still finish their work). */
    configured: boolean;
    status: AgentStatus;
    statusReason: StatusReason;
    statusChangedAt: number;
    stopNew: boolean;
    canReject: boolean;
    /** The agent's own maximum; null = each queue's maximum applies. */
    maxInteractions: number | null;
    /** Offered + Active. */
    liveCount: number;
    /** Post-processing. */
    wrapUpCount: number;
    /** Offered + Active + Post-processing (`SMS_Agent__c.Open_Interactions__c`). */
    openCount: number;
    /** Since the last offer or since becoming Available, whichever is later (longest idle first). */
    idleSince: number;
    /** The last sequence number given to an event for this agent. */
    lastSequence: number;
}

export interface QueueAgentLoad {
    userId: string;
    status: AgentStatus;
    stopNew: boolean;
    openCount: number;
    capacity: number;
}

export interface QueueStats {
    queueId: string;
    name: string;
    active: boolean;
    /** Interactions waiting for an agent. */
    waiting: number;
    /** When the oldest waiting interaction started, and how long ago (null when none waits). */
    oldestWaitingSince: number | null;
    oldestWaitMs: number | null;
    /** Open interactions of this queue past their SLA target. */
    slaBreaches: number;
    /** Open interactions of this queue per status (Queued = waiting). */
    interactions: { queued: number; offered: number; active: number; postProcessing: number };
    /** The queue's routing agents (its members, or its dedicated agent) by status. */
    agentsByStatus: Record<AgentStatus, number>;
    /** Their load: open interactions against their capacity. */
    load: { open: number; capacity: number };
    agents: QueueAgentLoad[];
}

// ---------------------------------------------------------------------------------------------
// Events (for the connector: it writes records and publishes `SMS_Agent_Event__e`)

export type RouterEventType = 'offer' | 'offer_withdrawn' | 'interaction_changed' | 'agent_state';

/** Why an event was emitted: ids and facts only, never personal data. */
export type RouterEventReason =
    | 'offered'
    | 'rejected'
    | 'lapsed'
    | 'agent_offline'
    | 'agent_removed'
    | 'accepted'
    | 'customer_message'
    | 'agent_message'
    | 'sla_breached'
    | 'delivery_failed'
    | 'ended'
    | 'wrapped_up'
    | 'closed_at_deadline'
    | 'outbound_started'
    | 'status'
    | 'stop_new';

export interface RouterEvent {
    /** Outbox id: increases with each event; use it to acknowledge. */
    id: number;
    /** Recipient: the agent's User Id (`Recipient_Id__c`). */
    userId: string;
    /** Per-recipient sequence number (`Sequence__c`): 1, 2, 3… with no gap. */
    seq: number;
    type: RouterEventType;
    /** The router's interaction id (the connector maps it to the record Id), or null. */
    interactionId: string | null;
    reason: RouterEventReason;
    at: number;
}

// ---------------------------------------------------------------------------------------------
// Command results

export interface CommandResult {
    /** Events this command emitted (already in the outbox). */
    events: RouterEvent[];
}

export interface InteractionResult extends CommandResult {
    interaction: Interaction;
}

export interface AgentResult extends CommandResult {
    agent: AgentState;
}

export interface CustomerMessageResult extends CommandResult {
    interaction: Interaction;
    /** True when the message opened a new interaction. */
    created: boolean;
    /** True when this message id was handed over before (nothing changed this time). */
    duplicate: boolean;
}

export interface SendAuthorization {
    interactionId: string;
    channelNumber: string;
    channelId: string | null;
    customerNumber: string;
}

export interface FiredTimer {
    kind: 'offer_expiry' | 'wrap_up_deadline' | 'sla';
    interactionId: string;
    dueAt: number;
}
