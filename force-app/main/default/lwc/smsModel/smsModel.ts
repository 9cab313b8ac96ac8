/**
 * The panel's model: what the GraphQL wire adapter returns (UI API records, `{ value }` per field)
 * turned into plain view models, and the rules the panel shows them by — the list order, the six
 * alerts of an interaction icon (B22), and the transitions (offer accepted, interaction ended)
 * that the container reacts to. Pure functions; no platform module.
 */

// ---------------------------------------------------------------------------------------------
// GraphQL response shapes (UI API GraphQL: every field is { value, displayValue? })

export interface FieldValue<T> {
    value: T | null;
    displayValue?: string | null;
}

export interface Edge<N> {
    node: N;
}

export interface Connection<N> {
    edges: Array<Edge<N>>;
    pageInfo?: { hasNextPage: boolean; endCursor?: string | null };
}

type F<T> = FieldValue<T> | null | undefined;

export interface AgentNode {
    Id: string;
    Name?: F<string>;
    Status__c?: F<string>;
    Status_Reason__c?: F<string>;
    Status_Changed_At__c?: F<string>;
    Stop_New__c?: F<boolean>;
    Max_Interactions__c?: F<number>;
    Open_Interactions__c?: F<number>;
    Event_Channel__c?: F<string>;
}

export interface InteractionNode {
    Id: string;
    Name?: F<string>;
    Customer_Phone__c?: F<string>;
    Channel__c?: F<string>;
    Channel__r?: { Name?: F<string>; Phone_Number__c?: F<string> } | null;
    Queue__c?: F<string>;
    Queue__r?: { Name?: F<string> } | null;
    Direction__c?: F<string>;
    Status__c?: F<string>;
    Initiated_At__c?: F<string>;
    Offered_At__c?: F<string>;
    Offer_Expires_At__c?: F<string>;
    Accepted_At__c?: F<string>;
    Terminated_At__c?: F<string>;
    Wrap_Up_Deadline__c?: F<string>;
    Disposition__c?: F<string>;
    Disposition_Required__c?: F<boolean>;
    Matched_Record_Ids__c?: F<string>;
    Match_Count__c?: F<number>;
    Contact__c?: F<string>;
    Lead__c?: F<string>;
    Account__c?: F<string>;
    Case__c?: F<string>;
    Chat_Log_Task_Id__c?: F<string>;
    Unread_Count__c?: F<number>;
    Awaiting_Reply_Since__c?: F<string>;
    SLA_Due_At__c?: F<string>;
    SLA_Breached__c?: F<boolean>;
    Delivery_Failed__c?: F<boolean>;
    Customer_Opted_Out__c?: F<boolean>;
    Last_Customer_Message_At__c?: F<string>;
    Last_Agent_Message_At__c?: F<string>;
}

export interface ActionNode {
    Id: string;
    Type__c?: F<string>;
    Interaction__c?: F<string>;
    Message__c?: F<string>;
    Result__c?: F<string>;
    Result_Detail__c?: F<string>;
    CreatedDate?: F<string>;
}

export interface MessageNode {
    Id: string;
    Direction__c?: F<string>;
    Source__c?: F<string>;
    Body__c?: F<string>;
    Status__c?: F<string>;
    Error_Code__c?: F<string>;
    Error_Message__c?: F<string>;
    Segments__c?: F<number>;
    Encoding__c?: F<string>;
    Sent_At__c?: F<string>;
    Delivered_At__c?: F<string>;
    Resend_Of__c?: F<string>;
    CreatedDate?: F<string>;
}

export interface ChannelNode {
    Id: string;
    Name?: F<string>;
    Phone_Number__c?: F<string>;
}

export interface QuickAnswerNode {
    Id: string;
    Name?: F<string>;
    Answer__c?: F<string>;
    Link__c?: F<string>;
}

interface UiApi<Q> {
    uiapi?: { query?: Q } | null;
}

export type PanelStateData = UiApi<{
    SMS_Agent__c?: Connection<AgentNode> | null;
    SMS_Interaction__c?: Connection<InteractionNode> | null;
    SMS_Agent_Action__c?: Connection<ActionNode> | null;
}>;

export type PanelConfigData = UiApi<{
    SMS_Channel__c?: Connection<ChannelNode> | null;
    SMS_Quick_Answer__c?: Connection<QuickAnswerNode> | null;
}>;

export type ConversationData = UiApi<{
    SMS_Message__c?: Connection<MessageNode> | null;
}>;

// ---------------------------------------------------------------------------------------------
// View models

export const DEFAULT_EVENT_CHANNEL = '/event/SMS_Agent_Event__e';

export type AgentStatus = 'Available' | 'On Break' | 'Offline' | 'Post-processing';
export type RequestableStatus = 'Available' | 'On Break' | 'Offline';
export type InteractionStatus = 'Queued' | 'Offered' | 'Active' | 'Post-processing' | 'Closed';
export type MessageStatus = 'Received' | 'Queued' | 'Sent' | 'Delivered' | 'Failed';
export type ActionResult = 'Pending' | 'Applied' | 'Refused';

export interface AgentView {
    id: string;
    name: string;
    status: AgentStatus | null;
    statusReason: string | null;
    statusChangedAt: string | null;
    stopNew: boolean;
    maxInteractions: number | null;
    openInteractions: number | null;
    eventChannel: string;
}

export interface InteractionView {
    id: string;
    name: string;
    customerPhone: string;
    channelId: string | null;
    channelName: string;
    channelPhone: string;
    queueId: string | null;
    queueName: string;
    direction: 'Inbound' | 'Outbound' | null;
    status: InteractionStatus | null;
    initiatedAt: string | null;
    offeredAt: string | null;
    offerExpiresAt: string | null;
    acceptedAt: string | null;
    terminatedAt: string | null;
    wrapUpDeadline: string | null;
    disposition: string | null;
    dispositionRequired: boolean;
    matchedRecordIds: string[];
    matchCount: number;
    contactId: string | null;
    leadId: string | null;
    accountId: string | null;
    caseId: string | null;
    chatLogTaskId: string | null;
    unreadCount: number;
    awaitingReplySince: string | null;
    slaDueAt: string | null;
    slaBreached: boolean;
    deliveryFailed: boolean;
    optedOut: boolean;
    lastCustomerMessageAt: string | null;
    lastAgentMessageAt: string | null;
}

export interface ActionView {
    id: string;
    type: string | null;
    interactionId: string | null;
    messageId: string | null;
    result: ActionResult | null;
    detail: string | null;
}

export interface MessageView {
    id: string;
    direction: 'Inbound' | 'Outbound';
    source: string | null;
    body: string;
    status: MessageStatus | null;
    errorCode: string | null;
    errorMessage: string | null;
    segments: number | null;
    encoding: string | null;
    sentAt: string | null;
    deliveredAt: string | null;
    resendOf: string | null;
    createdDate: string | null;
}

export interface ChannelView {
    id: string;
    name: string;
    phoneNumber: string;
}

export interface QuickAnswerView {
    id: string;
    title: string;
    answer: string;
    link: string;
}

export interface PanelState {
    agent: AgentView | null;
    interactions: InteractionView[];
    actions: ActionView[];
}

export interface PanelConfig {
    channels: ChannelView[];
    quickAnswers: QuickAnswerView[];
}

export interface Conversation {
    messages: MessageView[];
    /** More messages exist than the query returned (the oldest are left out). */
    truncated: boolean;
}

/**
 * The messages of one interaction, oldest first, as the container hands them to the conversation
 * and the transcript. A class rather than a plain object on purpose: LWC passes class instances
 * between components as they are, where a plain object graph would get a read-only proxy for
 * each of its hundreds of messages on every refresh. Never changed after construction.
 */
export class MessageList {
    readonly interactionId: string | null;
    readonly messages: readonly MessageView[];
    readonly truncated: boolean;

    constructor(interactionId: string | null, messages: readonly MessageView[], truncated: boolean) {
        this.interactionId = interactionId;
        this.messages = messages;
        this.truncated = truncated;
    }

    get length(): number {
        return this.messages.length;
    }

    static readonly EMPTY = new MessageList(null, [], false);
}

function v<T>(field: F<T>): T | null {
    return field && field.value !== undefined ? field.value : null;
}

function text(field: F<string>): string {
    return v(field) ?? '';
}

function nodes<N>(connection: Connection<N> | null | undefined): N[] {
    return (connection?.edges ?? []).map((edge) => edge.node).filter((node): node is N => Boolean(node));
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
    return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

const AGENT_STATUSES = ['Available', 'On Break', 'Offline', 'Post-processing'] as const;
const INTERACTION_STATUSES = ['Queued', 'Offered', 'Active', 'Post-processing', 'Closed'] as const;
const MESSAGE_STATUSES = ['Received', 'Queued', 'Sent', 'Delivered', 'Failed'] as const;
const ACTION_RESULTS = ['Pending', 'Applied', 'Refused'] as const;
const DIRECTIONS = ['Inbound', 'Outbound'] as const;

export function toAgent(node: AgentNode): AgentView {
    return {
        id: node.Id,
        name: text(node.Name),
        status: oneOf(v(node.Status__c), AGENT_STATUSES),
        statusReason: v(node.Status_Reason__c),
        statusChangedAt: v(node.Status_Changed_At__c),
        stopNew: v(node.Stop_New__c) === true,
        maxInteractions: v(node.Max_Interactions__c),
        openInteractions: v(node.Open_Interactions__c),
        eventChannel: v(node.Event_Channel__c)?.trim() || DEFAULT_EVENT_CHANNEL
    };
}

export function toInteraction(node: InteractionNode): InteractionView {
    const matched = (v(node.Matched_Record_Ids__c) ?? '')
        .split(/[,\s]+/)
        .map((id) => id.trim())
        .filter((id) => id.length > 0);
    const matchCount = v(node.Match_Count__c);
    return {
        id: node.Id,
        name: text(node.Name),
        customerPhone: text(node.Customer_Phone__c),
        channelId: v(node.Channel__c),
        channelName: text(node.Channel__r?.Name),
        channelPhone: text(node.Channel__r?.Phone_Number__c),
        queueId: v(node.Queue__c),
        queueName: text(node.Queue__r?.Name),
        direction: oneOf(v(node.Direction__c), DIRECTIONS),
        status: oneOf(v(node.Status__c), INTERACTION_STATUSES),
        initiatedAt: v(node.Initiated_At__c),
        offeredAt: v(node.Offered_At__c),
        offerExpiresAt: v(node.Offer_Expires_At__c),
        acceptedAt: v(node.Accepted_At__c),
        terminatedAt: v(node.Terminated_At__c),
        wrapUpDeadline: v(node.Wrap_Up_Deadline__c),
        disposition: v(node.Disposition__c),
        dispositionRequired: v(node.Disposition_Required__c) === true,
        matchedRecordIds: matched,
        matchCount: typeof matchCount === 'number' ? matchCount : matched.length,
        contactId: v(node.Contact__c),
        leadId: v(node.Lead__c),
        accountId: v(node.Account__c),
        caseId: v(node.Case__c),
        chatLogTaskId: v(node.Chat_Log_Task_Id__c),
        unreadCount: v(node.Unread_Count__c) ?? 0,
        awaitingReplySince: v(node.Awaiting_Reply_Since__c),
        slaDueAt: v(node.SLA_Due_At__c),
        slaBreached: v(node.SLA_Breached__c) === true,
        deliveryFailed: v(node.Delivery_Failed__c) === true,
        optedOut: v(node.Customer_Opted_Out__c) === true,
        lastCustomerMessageAt: v(node.Last_Customer_Message_At__c),
        lastAgentMessageAt: v(node.Last_Agent_Message_At__c)
    };
}

export function toAction(node: ActionNode): ActionView {
    return {
        id: node.Id,
        type: v(node.Type__c),
        interactionId: v(node.Interaction__c),
        messageId: v(node.Message__c),
        result: oneOf(v(node.Result__c), ACTION_RESULTS),
        detail: v(node.Result_Detail__c)
    };
}

export function toMessage(node: MessageNode): MessageView {
    return {
        id: node.Id,
        direction: oneOf(v(node.Direction__c), DIRECTIONS) ?? 'Inbound',
        source: v(node.Source__c),
        body: text(node.Body__c),
        status: oneOf(v(node.Status__c), MESSAGE_STATUSES),
        errorCode: v(node.Error_Code__c),
        errorMessage: v(node.Error_Message__c),
        segments: v(node.Segments__c),
        encoding: v(node.Encoding__c),
        sentAt: v(node.Sent_At__c),
        deliveredAt: v(node.Delivered_At__c),
        resendOf: v(node.Resend_Of__c),
        createdDate: v(node.CreatedDate)
    };
}

export function readPanelState(data: PanelStateData | null | undefined): PanelState {
    const query = data?.uiapi?.query;
    const agentNode = nodes(query?.SMS_Agent__c)[0];
    return {
        agent: agentNode ? toAgent(agentNode) : null,
        interactions: nodes(query?.SMS_Interaction__c).map(toInteraction),
        actions: nodes(query?.SMS_Agent_Action__c).map(toAction)
    };
}

export function readPanelConfig(data: PanelConfigData | null | undefined): PanelConfig {
    const query = data?.uiapi?.query;
    return {
        channels: nodes(query?.SMS_Channel__c).map((node) => ({
            id: node.Id,
            name: text(node.Name),
            phoneNumber: text(node.Phone_Number__c)
        })),
        quickAnswers: nodes(query?.SMS_Quick_Answer__c).map((node) => ({
            id: node.Id,
            title: text(node.Name),
            answer: text(node.Answer__c),
            link: text(node.Link__c)
        }))
    };
}

/**
 * Messages oldest first. The query reads the newest first (so that a very long conversation
 * still shows its latest messages) and this puts them back in reading order.
 */
export function readConversation(data: ConversationData | null | undefined): Conversation {
    const connection = data?.uiapi?.query?.SMS_Message__c;
    const messages = nodes(connection).map(toMessage).reverse();
    // The query orders newest first, so reversed they are already in order; sort only if not.
    for (let i = 1; i < messages.length; i += 1) {
        if (compareMessages(messages[i - 1], messages[i]) > 0) {
            messages.sort(compareMessages);
            break;
        }
    }
    return { messages, truncated: connection?.pageInfo?.hasNextPage === true };
}

function time(iso: string | null): number {
    if (!iso) return Number.NaN;
    return Date.parse(iso);
}

function compareMessages(a: MessageView, b: MessageView): number {
    if (a.createdDate !== b.createdDate) {
        const ta = time(a.createdDate);
        const tb = time(b.createdDate);
        if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// Rules

/** When the interaction was accepted; outbound interactions are active from their start. */
function acceptedTime(interaction: InteractionView): number {
    const t = time(interaction.acceptedAt ?? interaction.initiatedAt);
    return Number.isNaN(t) ? Number.MAX_SAFE_INTEGER : t;
}

/** B21: accepted interactions (active or in post-processing), oldest accepted on top. */
export function workingInteractions(interactions: InteractionView[]): InteractionView[] {
    return interactions
        .filter((i) => i.status === 'Active' || i.status === 'Post-processing')
        .sort((a, b) => acceptedTime(a) - acceptedTime(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** B3/B20: standing offers, the one expiring first on top. */
export function offeredInteractions(interactions: InteractionView[]): InteractionView[] {
    const expiry = (i: InteractionView): number => {
        const t = time(i.offerExpiresAt);
        return Number.isNaN(t) ? Number.MAX_SAFE_INTEGER : t;
    };
    return interactions.filter((i) => i.status === 'Offered').sort((a, b) => expiry(a) - expiry(b));
}

export type AlertCode =
    | 'customer_waiting'
    | 'awaiting_customer'
    | 'past_sla'
    | 'unread'
    | 'unread_past_sla'
    | 'delivery_failed'
    | 'post_processing';

export interface InteractionAlerts {
    /** Who wrote last: the customer (a message arrived) or the agent (awaiting the customer). */
    lastWriter: 'customer' | 'agent' | null;
    pastSla: boolean;
    unreadCount: number;
    /** orange: unread messages; red: unread and past SLA. */
    unreadLevel: 'none' | 'orange' | 'red';
    /** Unread and past SLA, not yet opened since the latest customer message. */
    blinkOrange: boolean;
    deliveryFailed: boolean;
    /** Ended and in post-processing; blinks red until wrapped up. */
    postProcessing: boolean;
    /** Every alert that stands, in reading order, for the text equivalent. */
    codes: AlertCode[];
}

export interface AlertContext {
    /** The interaction is the one open in the conversation view. */
    selected: boolean;
    /** Last_Customer_Message_At__c as it was when the agent last opened the interaction. */
    openedAtCustomerMessage?: string | null;
}

/** B22: the alerts of one interaction icon. */
export function interactionAlerts(interaction: InteractionView, context: AlertContext): InteractionAlerts {
    const customerAt = time(interaction.lastCustomerMessageAt);
    const agentAt = time(interaction.lastAgentMessageAt);
    let lastWriter: InteractionAlerts['lastWriter'] = null;
    if (!Number.isNaN(customerAt) && (Number.isNaN(agentAt) || customerAt > agentAt)) {
        lastWriter = 'customer';
    } else if (!Number.isNaN(agentAt)) {
        lastWriter = 'agent';
    }
    const postProcessing = interaction.status === 'Post-processing';
    const pastSla = interaction.slaBreached && !postProcessing;
    const unreadCount = Math.max(0, interaction.unreadCount);
    const unreadLevel: InteractionAlerts['unreadLevel'] = unreadCount === 0 ? 'none' : pastSla ? 'red' : 'orange';
    const seen =
        context.selected ||
        (context.openedAtCustomerMessage !== undefined &&
            context.openedAtCustomerMessage === interaction.lastCustomerMessageAt);
    const codes: AlertCode[] = [];
    if (postProcessing) codes.push('post_processing');
    if (!postProcessing && lastWriter === 'customer') codes.push('customer_waiting');
    if (!postProcessing && lastWriter === 'agent') codes.push('awaiting_customer');
    if (unreadLevel === 'red') codes.push('unread_past_sla');
    else if (unreadLevel === 'orange') codes.push('unread');
    if (pastSla && unreadLevel !== 'red') codes.push('past_sla');
    if (interaction.deliveryFailed) codes.push('delivery_failed');
    return {
        lastWriter,
        pastSla,
        unreadCount,
        unreadLevel,
        blinkOrange: unreadLevel === 'red' && !seen,
        deliveryFailed: interaction.deliveryFailed,
        postProcessing,
        codes
    };
}

export interface Transitions {
    /** Offers that were not standing before. */
    newOffers: InteractionView[];
    /** Offered → Active, or an outbound interaction that appeared active: the customer pop seam. */
    accepted: InteractionView[];
    /** Active → Post-processing (or gone): the chat-log seam. */
    terminated: InteractionView[];
    /** Ids no longer open (closed, withdrawn, or given to someone else). */
    removed: string[];
}

/**
 * What changed between two reads of the agent's open interactions. The first read after loading
 * (previous undefined) reports nothing: reloading the panel must not pop records again.
 */
export function interactionTransitions(
    previous: Map<string, InteractionView> | undefined,
    next: InteractionView[]
): Transitions {
    const result: Transitions = { newOffers: [], accepted: [], terminated: [], removed: [] };
    if (!previous) return result;
    const nextIds = new Set<string>();
    for (const interaction of next) {
        nextIds.add(interaction.id);
        const before = previous.get(interaction.id);
        if (interaction.status === 'Offered' && before?.status !== 'Offered') {
            result.newOffers.push(interaction);
        }
        if (interaction.status === 'Active' && (before === undefined || before.status === 'Offered')) {
            if (before !== undefined || interaction.direction === 'Outbound') result.accepted.push(interaction);
        }
        if (
            (interaction.status === 'Post-processing' || interaction.status === 'Closed') &&
            before?.status === 'Active'
        ) {
            result.terminated.push(interaction);
        }
    }
    for (const [id, before] of previous) {
        if (nextIds.has(id)) continue;
        result.removed.push(id);
        if (before.status === 'Active') result.terminated.push({ ...before, status: 'Closed' });
    }
    return result;
}
