/**
 * The only writer in the panel. Everything the agent asks for is an SMS_Agent_Action__c record
 * (an append-only audit trail the service acts on), and every agent message is an outbound
 * SMS_Message__c (Direction Outbound, Source Agent, Status Queued). Both are created through
 * lightning/uiRecordApi with the agent's own access; a record-triggered Flow turns them into
 * SMS_Agent_Action__e for the service. Creating the record is only a request: the service decides,
 * and the panel learns the outcome from the records (the action's Result__c, the interaction, the
 * agent) — never from the create call succeeding.
 *
 * Each function resolves to the Id of the record it created, or rejects with the platform's error
 * (UI API error body) — or, before anything is sent, with an ActionInputError.
 */
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { MAX_AGENT_MESSAGE_LENGTH, characterCount } from 'c/smsSegments';
import ACTION_OBJECT from '@salesforce/schema/SMS_Agent_Action__c';
import ACTION_TYPE from '@salesforce/schema/SMS_Agent_Action__c.Type__c';
import ACTION_INTERACTION from '@salesforce/schema/SMS_Agent_Action__c.Interaction__c';
import ACTION_REQUESTED_STATUS from '@salesforce/schema/SMS_Agent_Action__c.Requested_Status__c';
import ACTION_DISPOSITION from '@salesforce/schema/SMS_Agent_Action__c.Disposition__c';
import ACTION_CHANNEL from '@salesforce/schema/SMS_Agent_Action__c.Channel__c';
import ACTION_CUSTOMER_PHONE from '@salesforce/schema/SMS_Agent_Action__c.Customer_Phone__c';
import ACTION_BODY from '@salesforce/schema/SMS_Agent_Action__c.Body__c';
import ACTION_MESSAGE from '@salesforce/schema/SMS_Agent_Action__c.Message__c';
import ACTION_LINKED_RECORD from '@salesforce/schema/SMS_Agent_Action__c.Linked_Record_Id__c';
import MESSAGE_OBJECT from '@salesforce/schema/SMS_Message__c';
import TASK_OBJECT from '@salesforce/schema/Task';
import INTERACTION_CHAT_LOG_TASK from '@salesforce/schema/SMS_Interaction__c.Chat_Log_Task_Id__c';
import MESSAGE_INTERACTION from '@salesforce/schema/SMS_Message__c.Interaction__c';
import MESSAGE_DIRECTION from '@salesforce/schema/SMS_Message__c.Direction__c';
import MESSAGE_SOURCE from '@salesforce/schema/SMS_Message__c.Source__c';
import MESSAGE_STATUS from '@salesforce/schema/SMS_Message__c.Status__c';
import MESSAGE_BODY from '@salesforce/schema/SMS_Message__c.Body__c';
import { errorLabel } from 'c/smsErrors';
import refusedGeneric from '@salesforce/label/c.SMS_Actions_Refused_Generic';
import refusedTooLong from '@salesforce/label/c.SMS_Actions_Refused_Too_Long';
import inputEmptyLabel from '@salesforce/label/c.SMS_Actions_Input_Empty';
import inputMissingLabel from '@salesforce/label/c.SMS_Actions_Input_Missing';

export type ActionType =
    | 'Set Status'
    | 'Accept'
    | 'Reject'
    | 'End'
    | 'Wrap Up'
    | 'Stop New'
    | 'Resume New'
    | 'Start Outbound'
    | 'Link Record'
    | 'Resend';

export type RequestableStatus = 'Available' | 'On Break' | 'Offline';

export type ActionInputProblem = 'EMPTY_MESSAGE' | 'MESSAGE_TOO_LONG' | 'MISSING_INTERACTION' | 'MISSING_FIELD';

/** Input refused before anything was sent; nothing was written. */
export class ActionInputError extends Error {
    readonly code: ActionInputProblem;
    constructor(code: ActionInputProblem, message: string) {
        super(message);
        this.name = 'ActionInputError';
        this.code = code;
    }
}

type Fields = Record<string, unknown>;

function requireId(value: string | null | undefined, what: string): string {
    if (!value) throw new ActionInputError('MISSING_INTERACTION', `${what} is required`);
    return value;
}

function checkBody(body: string): string {
    if (body.trim().length === 0) throw new ActionInputError('EMPTY_MESSAGE', 'The message is empty');
    if (characterCount(body) > MAX_AGENT_MESSAGE_LENGTH) {
        throw new ActionInputError(
            'MESSAGE_TOO_LONG',
            `The message has ${characterCount(body)} characters; at most ${MAX_AGENT_MESSAGE_LENGTH} can be sent`
        );
    }
    return body;
}

async function createAction(type: ActionType, fields: Fields = {}): Promise<string> {
    const record = await createRecord({
        apiName: ACTION_OBJECT.objectApiName,
        fields: { [ACTION_TYPE.fieldApiName]: type, ...fields }
    });
    return record.id;
}

export function setStatus(status: RequestableStatus): Promise<string> {
    return createAction('Set Status', { [ACTION_REQUESTED_STATUS.fieldApiName]: status });
}

export function setStopNew(stop: boolean): Promise<string> {
    return createAction(stop ? 'Stop New' : 'Resume New');
}

export function acceptOffer(interactionId: string): Promise<string> {
    return createAction('Accept', { [ACTION_INTERACTION.fieldApiName]: requireId(interactionId, 'interaction') });
}

export function rejectOffer(interactionId: string): Promise<string> {
    return createAction('Reject', { [ACTION_INTERACTION.fieldApiName]: requireId(interactionId, 'interaction') });
}

export function endInteraction(interactionId: string): Promise<string> {
    return createAction('End', { [ACTION_INTERACTION.fieldApiName]: requireId(interactionId, 'interaction') });
}

export function wrapUp(interactionId: string, disposition: string | null): Promise<string> {
    const fields: Fields = { [ACTION_INTERACTION.fieldApiName]: requireId(interactionId, 'interaction') };
    if (disposition) fields[ACTION_DISPOSITION.fieldApiName] = disposition;
    return createAction('Wrap Up', fields);
}

export function resendMessage(interactionId: string, messageId: string): Promise<string> {
    return createAction('Resend', {
        [ACTION_INTERACTION.fieldApiName]: requireId(interactionId, 'interaction'),
        [ACTION_MESSAGE.fieldApiName]: requireId(messageId, 'message')
    });
}

/**
 * The Contact/Lead/Account/Case the agent linked to the interaction (or created for it). The
 * service writes the interaction's lookup and remembers a person record for the customer's
 * number (X2); see docs/crm.md.
 */
export function linkRecord(interactionId: string, recordId: string): Promise<string> {
    return createAction('Link Record', {
        [ACTION_INTERACTION.fieldApiName]: requireId(interactionId, 'interaction'),
        [ACTION_LINKED_RECORD.fieldApiName]: requireId(recordId, 'record')
    });
}

/**
 * The chat log (B13): a Task the agent creates with their own access. Not a request to the
 * service — the Task is the agent's record. Resolves to the new Task's Id.
 */
export async function createChatLog(fields: Record<string, string>): Promise<string> {
    const record = await createRecord({ apiName: TASK_OBJECT.objectApiName, fields });
    return record.id;
}

/** Updates the chat log the agent created (its subject once the disposition is known). */
export async function updateChatLog(taskId: string, fields: Record<string, string>): Promise<void> {
    await updateRecord({ fields: { Id: requireId(taskId, 'task'), ...fields } });
}

/**
 * Stores the chat log's Task Id on the interaction: the one field of an interaction the agent
 * may edit (permission set SMS_Agent), and not routing state, so it is written directly.
 */
export async function storeChatLogId(interactionId: string, taskId: string): Promise<void> {
    await updateRecord({
        fields: {
            Id: requireId(interactionId, 'interaction'),
            [INTERACTION_CHAT_LOG_TASK.fieldApiName]: requireId(taskId, 'task')
        }
    });
}

export interface OutboundRequest {
    channelId: string;
    /** E.164, as smsPhone's checkPhone gives it. */
    customerPhone: string;
    body: string;
}

export function startOutbound(request: OutboundRequest): Promise<string> {
    if (!request.channelId || !request.customerPhone) {
        throw new ActionInputError('MISSING_FIELD', 'A company number and a customer number are required');
    }
    return createAction('Start Outbound', {
        [ACTION_CHANNEL.fieldApiName]: request.channelId,
        [ACTION_CUSTOMER_PHONE.fieldApiName]: request.customerPhone,
        [ACTION_BODY.fieldApiName]: checkBody(request.body)
    });
}

/** An agent message in an open interaction. */
export async function sendMessage(interactionId: string, body: string): Promise<string> {
    const record = await createRecord({
        apiName: MESSAGE_OBJECT.objectApiName,
        fields: {
            [MESSAGE_INTERACTION.fieldApiName]: requireId(interactionId, 'interaction'),
            [MESSAGE_DIRECTION.fieldApiName]: 'Outbound',
            [MESSAGE_SOURCE.fieldApiName]: 'Agent',
            [MESSAGE_STATUS.fieldApiName]: 'Queued',
            [MESSAGE_BODY.fieldApiName]: checkBody(body)
        }
    });
    return record.id;
}

/**
 * Why the service refused an action, as the agent reads it. Result_Detail__c holds one of the
 * service's error codes (c/smsErrors); anything else gets the generic text.
 */
export function refusalMessage(detail: string | null | undefined): string {
    return errorLabel(detail) ?? refusedGeneric;
}

const INPUT_PROBLEMS = {
    EMPTY_MESSAGE: inputEmptyLabel,
    MESSAGE_TOO_LONG: refusedTooLong,
    MISSING_INTERACTION: inputMissingLabel,
    MISSING_FIELD: inputMissingLabel
} as const satisfies Record<ActionInputProblem, string>;

/** What the agent reads for input refused before anything was sent. */
export function inputErrorMessage(error: ActionInputError): string {
    return INPUT_PROBLEMS[error.code];
}
