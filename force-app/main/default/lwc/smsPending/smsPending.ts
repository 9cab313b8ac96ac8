/**
 * Requests the agent made that the service has not answered yet. The panel never assumes an
 * action worked: a request stays pending until the records say what happened — the action
 * record's Result__c (Applied or Refused, with Result_Detail__c), or the state the request asked
 * for (the agent's status, the interaction's status, the message record appearing).
 */
import type { ActionView, AgentView, InteractionView, MessageView } from 'c/smsModel';

export type PendingKind =
    'status' | 'stopNew' | 'accept' | 'reject' | 'end' | 'wrapup' | 'resend' | 'outbound' | 'message' | 'link';

export interface PendingRequest {
    key: string;
    kind: PendingKind;
    /** The SMS_Agent_Action__c (or, for a message, SMS_Message__c) record Id; null until created. */
    recordId: string | null;
    since: number;
    interactionId?: string;
    messageId?: string;
    requestedStatus?: string;
    stopNew?: boolean;
    customerPhone?: string;
    channelId?: string;
    body?: string;
    /** For a Link Record: the record linked. */
    linkedRecordId?: string;
}

export type PendingOutcome = 'applied' | 'refused' | 'observed';

export interface SettledRequest {
    request: PendingRequest;
    outcome: PendingOutcome;
    /** Result_Detail__c of a refused action. */
    detail: string | null;
    /** For an applied Start Outbound: the interaction it opened, when it can be told. */
    interactionId: string | null;
}

export function pendingKey(kind: PendingKind, id?: string | null): string {
    return id ? `${kind}:${id}` : kind;
}

/** The interaction's lookups hold the linked record (Ids compared on their 15-character form). */
function linkShows(interaction: InteractionView, recordId: string | undefined): boolean {
    if (!recordId) return false;
    const key = recordId.slice(0, 15);
    return [interaction.contactId, interaction.leadId, interaction.accountId, interaction.caseId].some(
        (id) => id !== null && id.slice(0, 15) === key
    );
}

function observed(request: PendingRequest, agent: AgentView | null, byId: Map<string, InteractionView>): boolean {
    const interaction = request.interactionId ? byId.get(request.interactionId) : undefined;
    switch (request.kind) {
        case 'status':
            return agent !== null && agent.status === request.requestedStatus;
        case 'stopNew':
            return agent !== null && agent.stopNew === request.stopNew;
        case 'accept':
        case 'reject':
            return interaction === undefined || interaction.status !== 'Offered';
        case 'end':
            return interaction === undefined || (interaction.status !== 'Active' && interaction.status !== 'Offered');
        case 'wrapup':
            return interaction === undefined || interaction.status === 'Closed';
        case 'link':
            return interaction === undefined || linkShows(interaction, request.linkedRecordId);
        default:
            return false;
    }
}

/** The interaction a Start Outbound opened: the action's Interaction__c, else the newest match. */
function outboundInteraction(
    request: PendingRequest,
    action: ActionView | undefined,
    interactions: InteractionView[],
    knownBefore: Set<string>
): string | null {
    if (action?.interactionId) return action.interactionId;
    const candidates = interactions.filter(
        (i) =>
            i.direction === 'Outbound' &&
            i.customerPhone === request.customerPhone &&
            (!request.channelId || i.channelId === request.channelId) &&
            !knownBefore.has(i.id)
    );
    return candidates.length > 0 ? candidates[candidates.length - 1].id : null;
}

/**
 * Which pending requests the latest read of the agent's records settles. `knownBefore` holds the
 * interaction Ids the panel knew before this read (to tell a new outbound interaction).
 */
export function settleWithState(
    pending: PendingRequest[],
    agent: AgentView | null,
    interactions: InteractionView[],
    actions: ActionView[],
    knownBefore: Set<string>
): SettledRequest[] {
    const byId = new Map(interactions.map((i) => [i.id, i]));
    const actionsById = new Map(actions.map((a) => [a.id, a]));
    const settled: SettledRequest[] = [];
    for (const request of pending) {
        if (request.kind === 'message' || request.recordId === null) continue;
        const action = actionsById.get(request.recordId);
        if (action?.result === 'Refused') {
            settled.push({ request, outcome: 'refused', detail: action.detail, interactionId: null });
        } else if (action?.result === 'Applied') {
            const interactionId =
                request.kind === 'outbound'
                    ? outboundInteraction(request, action, interactions, knownBefore)
                    : (request.interactionId ?? null);
            settled.push({ request, outcome: 'applied', detail: null, interactionId });
        } else if (request.kind === 'outbound') {
            const interactionId = outboundInteraction(request, action, interactions, knownBefore);
            if (interactionId) settled.push({ request, outcome: 'observed', detail: null, interactionId });
        } else if (request.kind !== 'resend' && observed(request, agent, byId)) {
            settled.push({ request, outcome: 'observed', detail: null, interactionId: request.interactionId ?? null });
        }
    }
    return settled;
}

/** Outbound messages and resends that the conversation's messages now show. */
export function settleWithMessages(pending: PendingRequest[], messages: MessageView[]): SettledRequest[] {
    const ids = new Set(messages.map((m) => m.id));
    const resent = new Set(messages.map((m) => m.resendOf).filter((id): id is string => Boolean(id)));
    const settled: SettledRequest[] = [];
    for (const request of pending) {
        if (request.kind === 'message' && request.recordId && ids.has(request.recordId)) {
            settled.push({ request, outcome: 'observed', detail: null, interactionId: request.interactionId ?? null });
        }
        if (request.kind === 'resend' && request.messageId && resent.has(request.messageId)) {
            settled.push({ request, outcome: 'observed', detail: null, interactionId: request.interactionId ?? null });
        }
    }
    return settled;
}
