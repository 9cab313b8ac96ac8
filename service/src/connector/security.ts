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

export const REFUSALS = {
    FORGED_ACTION: 'SMS_Error_ForgedAction',
    NOT_AN_AGENT: 'SMS_Error_NotAnAgent',
    NOT_YOUR_INTERACTION: 'SMS_Error_NotYourInteraction',
    UNKNOWN_INTERACTION: 'SMS_Error_UnknownInteraction',
    INVALID_ACTION: 'SMS_Error_InvalidAction'
} as const;

export type RefusalCode = keyof typeof REFUSALS;

/** The label name the panel shows for a refusal code (the connector's or the router's). */
export function refusalLabel(code: string): string {
    if (code in REFUSALS) return REFUSALS[code as RefusalCode];
    const pascal = code
        .toLowerCase()
        .split('_')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join('');
    return `SMS_Error_${pascal}`;
}

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
