/**
 * Who may act. The identity the service trusts is the creator of the action record
 * (`CreatedById`, read back from the org), never a field of the event alone: anyone allowed to
 * publish `SMS_Agent_Action__e` could write any user Id into it. An action is applied only when
 * its creator is the interaction's agent (by the router's state), or — for status actions — an
 * agent acting on themself.
 */
import { sameId } from './ids';
import { SELF_ACTIONS, type ActionEventType } from './model';
import type { AgentActionEvent, FieldValue } from './types';

/**
 * The connector's refusal codes (see service/src/agentErrors.ts for what an agent reads). The
 * code itself is written to the action record (`Result_Detail__c`), never a label name.
 */
export const REFUSALS = {
    FORGED_ACTION: 'the event names another user or type than the record',
    NOT_AN_AGENT: 'the acting user is not an SMS agent',
    NOT_YOUR_INTERACTION: 'the acting user does not hold this interaction',
    UNKNOWN_INTERACTION: 'the interaction is not known to the service',
    INVALID_ACTION: 'the request is incomplete or not valid',
    INVALID_RECORD: 'the record to link is not a contact, lead, account or case'
} as const;

export type RefusalCode = keyof typeof REFUSALS;

export interface ActionFacts {
    event: AgentActionEvent;
    /** The action or message record as read from the org (`CreatedById`, `Type__c`, `Interaction__c`…). */
    record: Record<string, FieldValue>;
    /** Whether the acting user is a configured agent. */
    isAgent: boolean;
    /**
     * The agent (User Id) holding the interaction the record names, by the router's state;
     * undefined when the record names no interaction, null when the interaction is unknown.
     */
    interactionAgentId?: string | null;
}

export type Decision = { ok: true } | { ok: false; code: RefusalCode; reason: string };

export function authorize(facts: ActionFacts): Decision {
    const { event, record } = facts;
    const creator = typeof record.CreatedById === 'string' ? record.CreatedById : null;
    if (!sameId(creator, event.actingUserId)) {
        return { ok: false, code: 'FORGED_ACTION', reason: 'the event names another user than the record creator' };
    }
    const recordType: ActionEventType | null =
        event.object === 'SMS_Message__c'
            ? 'Send'
            : typeof record.Type__c === 'string'
              ? (record.Type__c as ActionEventType)
              : null;
    if (recordType !== event.type) {
        return { ok: false, code: 'FORGED_ACTION', reason: 'the event type differs from the record' };
    }
    if (event.object === 'SMS_Message__c' && (record.Direction__c !== 'Outbound' || record.Status__c !== 'Queued')) {
        return { ok: false, code: 'INVALID_ACTION', reason: 'only a queued outbound message can be sent' };
    }
    if (!facts.isAgent) return { ok: false, code: 'NOT_AN_AGENT', reason: 'the acting user is not an SMS agent' };
    if (SELF_ACTIONS.includes(event.type)) return { ok: true };
    if (facts.interactionAgentId === undefined) {
        return { ok: false, code: 'INVALID_ACTION', reason: 'the action names no interaction' };
    }
    if (facts.interactionAgentId === null) {
        return { ok: false, code: 'UNKNOWN_INTERACTION', reason: 'the interaction is not known to the service' };
    }
    if (!sameId(facts.interactionAgentId, event.actingUserId)) {
        return { ok: false, code: 'NOT_YOUR_INTERACTION', reason: 'the acting user does not hold this interaction' };
    }
    return { ok: true };
}
