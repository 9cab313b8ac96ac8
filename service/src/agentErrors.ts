/**
 * The one vocabulary of errors an agent can see. The service writes these codes — and only these —
 * to `SMS_Agent_Action__c.Result_Detail__c` (a refused request) and to
 * `SMS_Message__c.Error_Code__c` (a message the service refused or gave up on); the panel's
 * `c/smsErrors` module maps each one to a custom label. A provider's own delivery codes (Twilio's
 * `30003`, `21610`…) also land in `Error_Code__c`, with the provider's text in `Error_Message__c`;
 * the panel shows that text for codes it does not know.
 *
 * Every part keeps its own typed errors (router, SMS edge, connector); `toAgentCode` is the one
 * place where they become what an agent reads. `agentErrors.test.ts` fails when a part gains a
 * code that is neither here nor deliberately mapped, and when the panel lacks a label for one.
 */
import { ROUTER_ERRORS, type RouterErrorCode } from './router/errors';
import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from './provider/errors';
import { REFUSALS, type RefusalCode } from './connector/security';

/** Each code with the English text the service writes next to it (`Error_Message__c`, logs). */
export const AGENT_ERRORS = {
    // Who may act (connector)
    FORGED_ACTION: 'The request could not be verified as coming from this agent, so it was not carried out.',
    NOT_AN_AGENT: 'This user is not set up as an SMS agent.',
    NOT_YOUR_INTERACTION: 'This interaction is handled by another agent.',
    UNKNOWN_INTERACTION: 'The SMS service does not know this interaction.',
    INVALID_ACTION: 'The request is incomplete or not valid.',
    INVALID_RECORD: 'Only a contact, lead, account or case can be linked to an interaction.',
    // Routing (router)
    UNKNOWN_AGENT: 'This user is not an active SMS agent.',
    TRANSITION_NOT_ALLOWED: 'The interaction has already moved on; this is no longer possible.',
    REJECT_NOT_PERMITTED: 'This agent may not reject offers.',
    DISPOSITION_REQUIRED: 'Choose a disposition code to wrap up.',
    CAPACITY_REACHED: 'The agent already has as many interactions as they may handle at once.',
    UNKNOWN_CHANNEL: 'This company number is not set up for SMS.',
    CHANNEL_INACTIVE: 'This company number is not active.',
    CONVERSATION_OPEN: 'A conversation with this customer on this number is already open.',
    INVALID_PHONE: 'The phone number is not valid.',
    INVALID_STATUS: 'The status must be Available, On Break or Offline.',
    // Messages (SMS edge)
    EMPTY_MESSAGE: 'The message is empty.',
    MESSAGE_TOO_LONG: 'The message is longer than 1,500 characters.',
    OPTED_OUT: 'The customer has opted out of SMS from this number (they texted STOP).',
    NOT_RESENDABLE: 'Only a message that failed can be sent again.',
    SEND_UNCONFIRMED:
        'The SMS provider did not confirm the message and it was not found there; check with the customer before sending it again.',
    SEND_FAILED: 'The message could not be sent.',
    // The service itself
    SERVICE_ERROR: 'The SMS service could not carry this out. Try again in a moment.'
} as const satisfies Record<string, string>;

export type AgentErrorCode = keyof typeof AGENT_ERRORS;

/**
 * Codes of the parts that an agent never reads as such, and the code they read instead. A part's
 * code must be in AGENT_ERRORS or here (the test checks every part's catalogue).
 */
export const INTERNAL_CODES = {
    // Router: the configuration is checked when it is loaded, not when an agent acts.
    UNKNOWN_QUEUE: 'SERVICE_ERROR',
    INVALID_SETTINGS: 'SERVICE_ERROR',
    INVALID_ARGUMENT: 'INVALID_ACTION',
    // SMS edge
    UNKNOWN_MESSAGE: 'INVALID_ACTION',
    INVALID_BUSINESS_HOURS: 'SERVICE_ERROR',
    INVALID_CONFIG: 'SERVICE_ERROR',
    // The service's own
    PROVIDER_UNAVAILABLE: 'SERVICE_ERROR',
    RECORD_WRITE_FAILED: 'SERVICE_ERROR'
} as const satisfies Record<string, AgentErrorCode>;

export function isAgentErrorCode(code: unknown): code is AgentErrorCode {
    return typeof code === 'string' && Object.prototype.hasOwnProperty.call(AGENT_ERRORS, code);
}

/** The code an agent reads for any part's code (unknown ones: SERVICE_ERROR). */
export function toAgentCode(code: string | null | undefined): AgentErrorCode {
    if (isAgentErrorCode(code)) return code;
    if (code && Object.prototype.hasOwnProperty.call(INTERNAL_CODES, code)) {
        return INTERNAL_CODES[code as keyof typeof INTERNAL_CODES];
    }
    return 'SERVICE_ERROR';
}

/** The code of a thrown error, as an agent reads it; null when the error carries no code. */
export function agentCodeOf(error: unknown): AgentErrorCode | null {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? toAgentCode(code) : null;
}

/** Every part's catalogue, for the drift test. */
export const PART_CODES: Readonly<Record<string, readonly string[]>> = {
    router: Object.keys(ROUTER_ERRORS) as RouterErrorCode[],
    provider: Object.keys(PROVIDER_ERROR_CODES) as ProviderErrorCode[],
    connector: Object.keys(REFUSALS) as RefusalCode[]
};
