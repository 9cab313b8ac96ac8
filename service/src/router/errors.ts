/**
 * The router's typed errors. Every refusal carries a stable `code` (the panel maps codes to
 * labels, the connector writes it to `SMS_Agent_Action__c.Result_Detail__c`) and leaves the state
 * exactly as it was: a command either applies whole or not at all.
 *
 * Messages name ids and settings, never a customer's phone number or message text.
 */
export const ROUTER_ERRORS = {
    UNKNOWN_AGENT: 'No agent with this user id is configured.',
    UNKNOWN_QUEUE: 'No queue with this id is configured.',
    UNKNOWN_CHANNEL: 'No channel is configured for this company number.',
    UNKNOWN_INTERACTION: 'No interaction with this id.',
    NOT_YOUR_INTERACTION: 'The acting user does not hold this interaction (or is not this agent).',
    TRANSITION_NOT_ALLOWED: 'The interaction or agent is not in a state that allows this action.',
    REJECT_NOT_PERMITTED: 'The agent lacks the SMS_Reject_Offers permission.',
    DISPOSITION_REQUIRED: 'The queue requires a disposition code to wrap up.',
    CAPACITY_REACHED: 'The agent already holds the maximum number of interactions.',
    CHANNEL_INACTIVE: 'The company number is not active.',
    CONVERSATION_OPEN: 'A conversation with this customer on this number is already open.',
    INVALID_PHONE: 'The number is not a valid E.164 phone number.',
    INVALID_STATUS: 'Status must be Available, On Break or Offline.',
    INVALID_ARGUMENT: 'A required argument is missing or malformed.',
    INVALID_SETTINGS: 'The configuration is not valid.'
} as const satisfies Record<string, string>;

export type RouterErrorCode = keyof typeof ROUTER_ERRORS;

export class RouterError extends Error {
    override readonly name = 'RouterError';
    readonly code: RouterErrorCode;
    /** Machine-readable specifics (ids, setting names); never personal data. */
    readonly details: readonly string[];

    constructor(code: RouterErrorCode, details: readonly string[] = []) {
        super(details.length > 0 ? `${code}: ${details.join('; ')}` : `${code}: ${ROUTER_ERRORS[code]}`);
        this.code = code;
        this.details = details;
    }
}

export function isRouterError(error: unknown, code?: RouterErrorCode): error is RouterError {
    return error instanceof RouterError && (code === undefined || error.code === code);
}
