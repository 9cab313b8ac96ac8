/**
 * Agent actions in: each `SMS_Agent_Action__e` batch is de-duplicated by event UUID, claimed by
 * record Id (an action is applied once, however often it is delivered), checked (security.ts),
 * turned into a router command, and its outcome written back to the action record
 * (`Result__c` Applied / Refused with the reason) — the audit trail. The replay Id is saved only
 * after the whole batch is processed, so a restart resumes with nothing lost.
 */
import { createHash } from 'crypto';
import { AGENT_ERRORS, toAgentCode } from '../agentErrors';
import type { Logger } from '../log';
import { isSalesforceId, toId18 } from './ids';
import {
    AGENT_ACTION_TOPIC,
    OBJECTS,
    REQUESTABLE_STATUSES,
    type AgentEventType,
    type RequestableStatus
} from './model';
import { authorize, type RefusalCode } from './security';
import type { ConnectorStore } from './store';
import type { AgentActionEvent, FieldValue, SalesforcePort, SObjectFields } from './types';

/** A router command, with the router's own ids (interactions by their service id). */
export type AgentCommand =
    | { kind: 'setStatus'; userId: string; status: RequestableStatus }
    | { kind: 'accept' | 'reject' | 'end'; userId: string; interactionId: string }
    | { kind: 'wrapUp'; userId: string; interactionId: string; disposition: string | null }
    | { kind: 'stopNew'; userId: string; stopNew: boolean }
    | {
          kind: 'startOutbound';
          userId: string;
          channelId: string;
          customerPhone: string;
          body: string;
          actionRecordId: string;
      }
    | { kind: 'send'; userId: string; interactionId: string; messageRecordId: string; body: string }
    | { kind: 'resend'; userId: string; interactionId: string; failedMessageRecordId: string; messageRecordId: string }
    | { kind: 'linkRecord'; userId: string; interactionId: string; recordId: string };

/**
 * How a command ended. `interactionRecordId`: the `SMS_Interaction__c` the command opened (Start
 * Outbound), written to the action's `Interaction__c` so the panel knows which one it was.
 */
export type CommandOutcome = { ok: true; interactionRecordId?: string } | { ok: false; code: string };

/**
 * An action whose outcome was just written to its record: the acting agent's panel should read it
 * now (an `agent_state` nudge for status and Stop new, `interaction_changed` — or `message` for a
 * refused message — otherwise).
 */
export interface SettledAction {
    recipientId: string;
    type: AgentEventType;
    /** The `SMS_Interaction__c` record Id the action is about, or null. */
    interactionRecordId: string | null;
}

export interface ActionProcessorOptions {
    now?: () => number;
    onSettled?: (settled: SettledAction) => void;
}

/** What applies commands: the router (with the provider for sends), behind the connector. */
export interface ActionHandler {
    apply(command: AgentCommand): Promise<CommandOutcome>;
    /** The User Id of the agent holding a service interaction, or null when unknown. */
    interactionAgent(interactionId: string): Promise<string | null>;
    isAgent(userId: string): boolean;
}

const ACTION_FIELDS = [
    'CreatedById',
    'Type__c',
    'Interaction__c',
    'Requested_Status__c',
    'Disposition__c',
    'Channel__c',
    'Customer_Phone__c',
    'Body__c',
    'Message__c',
    'Linked_Record_Id__c',
    'Result__c'
];
const MESSAGE_FIELDS = ['CreatedById', 'Interaction__c', 'Direction__c', 'Status__c', 'Body__c', 'Resend_Of__c'];
/** Records an agent may link to an interaction: Contact, Lead, Account, Case. */
const LINKABLE_PREFIXES: Record<string, string> = {
    '003': 'Contact__c',
    '00Q': 'Lead__c',
    '001': 'Account__c',
    '500': 'Case__c'
};
/** The customer records a pick is remembered for (the phone search returns these; X2). */
const REMEMBERED_LINKS = new Set(['Contact__c', 'Lead__c', 'Account__c']);
const STATE_ACTIONS = new Set(['Set Status', 'Stop New', 'Resume New']);

export interface ActionStats {
    received: number;
    /** Events fully handled (applied, refused, ignored or dropped as duplicates). */
    finished: number;
    duplicates: number;
    ignored: number;
    applied: number;
    refused: number;
}

export class ActionProcessor {
    readonly stats: ActionStats = { received: 0, finished: 0, duplicates: 0, ignored: 0, applied: 0, refused: 0 };

    private readonly now: () => number;

    constructor(
        private readonly port: SalesforcePort,
        private readonly store: ConnectorStore,
        private readonly handler: ActionHandler,
        private readonly log: Logger,
        private readonly options: ActionProcessorOptions = {}
    ) {
        this.now = options.now ?? Date.now;
    }

    /** Resolves when the batch in hand (if any) is processed. */
    idle(): Promise<void> {
        return this.serial;
    }

    /** Resume point for the subscription. */
    loadReplayId = (): Promise<string | null> => this.store.replayId(AGENT_ACTION_TOPIC);

    private serial: Promise<void> = Promise.resolve();

    /**
     * Processes one batch in order; saves the replay Id of its last event when all are done.
     * Batches never overlap, even from two streams (one ending, one resuming).
     */
    onBatch = (events: readonly AgentActionEvent[]): Promise<void> => {
        const run = this.serial.then(() => this.processBatch(events));
        this.serial = run.catch(() => undefined);
        return run;
    };

    private async processBatch(events: readonly AgentActionEvent[]): Promise<void> {
        for (const event of events) {
            this.stats.received++;
            await this.processOne(event);
            this.stats.finished++;
        }
        const last = events[events.length - 1];
        if (last) await this.store.saveReplayId(AGENT_ACTION_TOPIC, last.replayId);
    }

    private async processOne(event: AgentActionEvent): Promise<void> {
        if (await this.isSeen(event.eventUuid)) {
            this.stats.duplicates++;
            return;
        }
        if (toId18(event.actingUserId) === toId18(this.port.integrationUserId)) {
            this.stats.ignored++;
            await this.store.markSeen(event.eventUuid, AGENT_ACTION_TOPIC);
            return;
        }
        if (!isSalesforceId(event.recordId)) {
            this.log.warn({ eventUuid: event.eventUuid }, 'agent action event without a valid record Id dropped');
            this.stats.ignored++;
            await this.store.markSeen(event.eventUuid, AGENT_ACTION_TOPIC);
            return;
        }
        const recordId = toId18(event.recordId)!;
        if (!(await this.store.claimAction(recordId, event.object, event.type, event.actingUserId))) {
            this.stats.duplicates++;
            await this.store.markSeen(event.eventUuid, AGENT_ACTION_TOPIC);
            return;
        }
        const fields = event.object === OBJECTS.message ? MESSAGE_FIELDS : ACTION_FIELDS;
        const record = (await this.port.readRecords(event.object, [recordId], fields)).get(recordId);
        if (!record) {
            this.log.warn({ recordId, object: event.object }, 'agent action record not found; nothing applied');
            await this.store.finishAction(recordId, 'Ignored', 'record not found');
            await this.store.markSeen(event.eventUuid, AGENT_ACTION_TOPIC);
            this.stats.ignored++;
            return;
        }
        const interactionRecordId = typeof record.Interaction__c === 'string' ? toId18(record.Interaction__c) : null;
        const serviceInteraction = interactionRecordId ? await this.store.serviceId(interactionRecordId) : null;
        const interactionAgentId =
            interactionRecordId === null
                ? undefined
                : serviceInteraction
                  ? await this.handler.interactionAgent(serviceInteraction.serviceId)
                  : null;
        const decision = authorize({
            event,
            record,
            isAgent: this.handler.isAgent(event.actingUserId),
            interactionAgentId
        });
        let outcome: CommandOutcome;
        if (!decision.ok) {
            outcome = { ok: false, code: decision.code };
            this.log.warn(
                {
                    recordId,
                    object: event.object,
                    type: event.type,
                    actingUserId: event.actingUserId,
                    code: decision.code
                },
                `agent action refused: ${decision.reason}`
            );
        } else {
            const command = this.toCommand(event, record, serviceInteraction?.serviceId ?? null, recordId);
            outcome = 'code' in command ? { ok: false, code: command.code } : await this.dispatch(command);
            if (!outcome.ok) {
                this.log.info(
                    { recordId, type: event.type, actingUserId: event.actingUserId, code: outcome.code },
                    'agent action refused'
                );
            }
        }
        // What the agent reads is always a code of the one vocabulary (service/src/agentErrors.ts).
        if (!outcome.ok) outcome = { ok: false, code: toAgentCode(outcome.code) };
        await this.writeOutcome(event, recordId, outcome);
        await this.store.finishAction(recordId, outcome.ok ? 'Applied' : 'Refused', outcome.ok ? null : outcome.code);
        await this.store.markSeen(event.eventUuid, AGENT_ACTION_TOPIC);
        if (outcome.ok) this.stats.applied++;
        else this.stats.refused++;
        this.settled(event, outcome, interactionRecordId);
    }

    /** Tells the acting agent's panel to read the outcome now. */
    private settled(event: AgentActionEvent, outcome: CommandOutcome, interactionRecordId: string | null): void {
        if (!this.options.onSettled) return;
        const recipientId = toId18(event.actingUserId);
        if (!recipientId) return;
        // A message that was sent needs no word: its statuses follow as the provider reports them.
        if (event.object === OBJECTS.message && outcome.ok) return;
        const opened = outcome.ok ? (outcome.interactionRecordId ?? null) : null;
        this.options.onSettled({
            recipientId,
            type: STATE_ACTIONS.has(event.type)
                ? 'agent_state'
                : event.object === OBJECTS.message
                  ? 'message'
                  : 'interaction_changed',
            interactionRecordId: opened ?? interactionRecordId
        });
    }

    private isSeen(uuid: string): Promise<boolean> {
        return this.store.markSeenProbe(uuid);
    }

    private async dispatch(command: AgentCommand): Promise<CommandOutcome> {
        if (command.kind === 'linkRecord') return this.linkRecord(command);
        try {
            return await this.handler.apply(command);
        } catch (error) {
            const code = (error as { code?: unknown }).code;
            if (typeof code === 'string') return { ok: false, code };
            throw error;
        }
    }

    private toCommand(
        event: AgentActionEvent,
        record: SObjectFields,
        interactionId: string | null,
        recordId: string
    ): AgentCommand | { code: RefusalCode } {
        const userId = toId18(event.actingUserId)!;
        const str = (v: FieldValue | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);
        const needInteraction = (): string | { code: RefusalCode } => interactionId ?? { code: 'UNKNOWN_INTERACTION' };
        switch (event.type) {
            case 'Set Status': {
                const status = str(record.Requested_Status__c);
                if (!status || !(REQUESTABLE_STATUSES as readonly string[]).includes(status))
                    return { code: 'INVALID_ACTION' };
                return { kind: 'setStatus', userId, status: status as RequestableStatus };
            }
            case 'Stop New':
            case 'Resume New':
                return { kind: 'stopNew', userId, stopNew: event.type === 'Stop New' };
            case 'Start Outbound': {
                const channelId = str(record.Channel__c);
                const customerPhone = str(record.Customer_Phone__c);
                const body = str(record.Body__c);
                if (!channelId || !customerPhone || !body) return { code: 'INVALID_ACTION' };
                return { kind: 'startOutbound', userId, channelId, customerPhone, body, actionRecordId: recordId };
            }
            case 'Accept':
            case 'Reject':
            case 'End': {
                const id = needInteraction();
                if (typeof id !== 'string') return id;
                return {
                    kind: event.type === 'Accept' ? 'accept' : event.type === 'Reject' ? 'reject' : 'end',
                    userId,
                    interactionId: id
                };
            }
            case 'Wrap Up': {
                const id = needInteraction();
                if (typeof id !== 'string') return id;
                return { kind: 'wrapUp', userId, interactionId: id, disposition: str(record.Disposition__c) };
            }
            case 'Link Record': {
                const id = needInteraction();
                if (typeof id !== 'string') return id;
                const linked = str(record.Linked_Record_Id__c);
                if (!linked || !isSalesforceId(linked) || !LINKABLE_PREFIXES[linked.slice(0, 3)])
                    return { code: 'INVALID_RECORD' };
                return { kind: 'linkRecord', userId, interactionId: id, recordId: toId18(linked)! };
            }
            case 'Send': {
                const id = needInteraction();
                if (typeof id !== 'string') return id;
                const body = str(record.Body__c);
                if (!body) return { code: 'INVALID_ACTION' };
                return { kind: 'send', userId, interactionId: id, messageRecordId: recordId, body };
            }
            case 'Resend': {
                const id = needInteraction();
                if (typeof id !== 'string') return id;
                const failed = str(record.Message__c);
                if (!failed || !isSalesforceId(failed)) return { code: 'INVALID_ACTION' };
                return {
                    kind: 'resend',
                    userId,
                    interactionId: id,
                    failedMessageRecordId: toId18(failed)!,
                    messageRecordId: recordId
                };
            }
            default:
                return { code: 'INVALID_ACTION' };
        }
    }

    /** Link Record: set the Contact/Lead/Account/Case lookup and remember the pick for the number (X2). */
    private async linkRecord(command: Extract<AgentCommand, { kind: 'linkRecord' }>): Promise<CommandOutcome> {
        const interactionRecordId = await this.store.recordId(OBJECTS.interaction, command.interactionId);
        if (!interactionRecordId) return { ok: false, code: 'UNKNOWN_INTERACTION' };
        const field = LINKABLE_PREFIXES[command.recordId.slice(0, 3)];
        const [result] = await this.port.writeRecords([
            { object: OBJECTS.interaction, id: interactionRecordId, fields: { [field]: command.recordId } }
        ]);
        // The org refuses a lookup to a record that does not exist (or is of another type).
        if (!result.ok) return { ok: false, code: 'INVALID_RECORD' };
        if (REMEMBERED_LINKS.has(field)) {
            const current = (
                await this.port.readRecords(OBJECTS.interaction, [interactionRecordId], ['Customer_Phone__c'])
            ).get(interactionRecordId);
            const phone = current?.Customer_Phone__c;
            if (typeof phone === 'string' && phone)
                await this.store.setPreferredMatch(customerKey(phone), command.recordId);
        }
        return { ok: true };
    }

    private async writeOutcome(event: AgentActionEvent, recordId: string, outcome: CommandOutcome): Promise<void> {
        const at = new Date(this.now()).toISOString();
        if (event.object === OBJECTS.action) {
            const fields: Record<string, FieldValue> = {
                Result__c: outcome.ok ? 'Applied' : 'Refused',
                Result_Detail__c: outcome.ok ? null : outcome.code,
                Processed_At__c: at
            };
            if (outcome.ok && outcome.interactionRecordId) fields.Interaction__c = outcome.interactionRecordId;
            const [result] = await this.port.writeRecords([{ object: OBJECTS.action, id: recordId, fields }]);
            if (!result.ok) this.log.error({ recordId, code: result.error?.code }, 'could not write the action result');
        } else if (!outcome.ok) {
            // A refused send: the message record shows why, as a failed delivery would.
            const code = toAgentCode(outcome.code);
            const [result] = await this.port.writeRecords([
                {
                    object: OBJECTS.message,
                    id: recordId,
                    fields: { Status__c: 'Failed', Error_Code__c: code, Error_Message__c: AGENT_ERRORS[code] }
                }
            ]);
            if (!result.ok)
                this.log.error({ recordId, code: result.error?.code }, 'could not write the refused message status');
        }
    }
}

/** The key a customer number is remembered by (a hash: the number itself stays in the records). */
export function customerKey(phone: string): string {
    return createHash('sha256')
        .update(phone.replace(/[^\d+]/g, ''))
        .digest('hex');
}
