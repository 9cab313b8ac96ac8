/**
 * The SMS service's error codes as the agent reads them. The service writes a code — and only
 * one of these — to an action's Result_Detail__c when it refuses a request, and to a message's
 * Error_Code__c when it refuses or gives up on a message (service/src/agentErrors.ts is the
 * service's side of this list; a test on each side fails when the two drift apart). A provider's
 * own delivery codes (Twilio's 30003…) are not here: for those the panel shows the provider's
 * text from Error_Message__c.
 */
import refusedAtCapacity from '@salesforce/label/c.SMS_Actions_Refused_At_Capacity';
import refusedChannel from '@salesforce/label/c.SMS_Actions_Refused_Channel';
import refusedDispositionRequired from '@salesforce/label/c.SMS_Actions_Refused_Disposition_Required';
import refusedInvalidPhone from '@salesforce/label/c.SMS_Actions_Refused_Invalid_Phone';
import refusedNotPermitted from '@salesforce/label/c.SMS_Actions_Refused_Not_Permitted';
import refusedNotYours from '@salesforce/label/c.SMS_Actions_Refused_Not_Yours';
import refusedOptedOut from '@salesforce/label/c.SMS_Actions_Refused_Opted_Out';
import refusedTooLong from '@salesforce/label/c.SMS_Actions_Refused_Too_Long';
import refusedTransition from '@salesforce/label/c.SMS_Actions_Refused_Transition';
import inputEmpty from '@salesforce/label/c.SMS_Actions_Input_Empty';
import forgedAction from '@salesforce/label/c.SMS_Error_Forged_Action';
import notAnAgent from '@salesforce/label/c.SMS_Error_Not_An_Agent';
import unknownInteraction from '@salesforce/label/c.SMS_Error_Unknown_Interaction';
import invalidAction from '@salesforce/label/c.SMS_Error_Invalid_Action';
import invalidRecord from '@salesforce/label/c.SMS_Error_Invalid_Record';
import unknownAgent from '@salesforce/label/c.SMS_Error_Unknown_Agent';
import conversationOpen from '@salesforce/label/c.SMS_Error_Conversation_Open';
import invalidStatus from '@salesforce/label/c.SMS_Error_Invalid_Status';
import notResendable from '@salesforce/label/c.SMS_Error_Not_Resendable';
import sendUnconfirmed from '@salesforce/label/c.SMS_Error_Send_Unconfirmed';
import sendFailed from '@salesforce/label/c.SMS_Error_Send_Failed';
import serviceError from '@salesforce/label/c.SMS_Error_Service';

/** Every code the service writes, with the label the agent reads. */
export const ERROR_LABELS = Object.freeze({
    // Who may act
    FORGED_ACTION: forgedAction,
    NOT_AN_AGENT: notAnAgent,
    NOT_YOUR_INTERACTION: refusedNotYours,
    UNKNOWN_INTERACTION: unknownInteraction,
    INVALID_ACTION: invalidAction,
    INVALID_RECORD: invalidRecord,
    // Routing
    UNKNOWN_AGENT: unknownAgent,
    TRANSITION_NOT_ALLOWED: refusedTransition,
    REJECT_NOT_PERMITTED: refusedNotPermitted,
    DISPOSITION_REQUIRED: refusedDispositionRequired,
    CAPACITY_REACHED: refusedAtCapacity,
    UNKNOWN_CHANNEL: refusedChannel,
    CHANNEL_INACTIVE: refusedChannel,
    CONVERSATION_OPEN: conversationOpen,
    INVALID_PHONE: refusedInvalidPhone,
    INVALID_STATUS: invalidStatus,
    // Messages
    EMPTY_MESSAGE: inputEmpty,
    MESSAGE_TOO_LONG: refusedTooLong,
    OPTED_OUT: refusedOptedOut,
    NOT_RESENDABLE: notResendable,
    SEND_UNCONFIRMED: sendUnconfirmed,
    SEND_FAILED: sendFailed,
    // The service
    SERVICE_ERROR: serviceError
} as const satisfies Record<string, string>);

export type ErrorCode = keyof typeof ERROR_LABELS;

/** The label for one of the service's codes; null for anything else (e.g. a provider's code). */
export function errorLabel(code: string | null | undefined): string | null {
    const key = (code ?? '').trim();
    return Object.prototype.hasOwnProperty.call(ERROR_LABELS, key) ? ERROR_LABELS[key as ErrorCode] : null;
}
