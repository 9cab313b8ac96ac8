/**
 * The names of docs/data-model.md, typed: objects, fields, picklist values and the two platform
 * events. Everything the connector writes or reads is spelled here once.
 */

export const OBJECTS = {
    queue: 'SMS_Queue__c',
    channel: 'SMS_Channel__c',
    agent: 'SMS_Agent__c',
    member: 'SMS_Queue_Member__c',
    quickAnswer: 'SMS_Quick_Answer__c',
    interaction: 'SMS_Interaction__c',
    message: 'SMS_Message__c',
    action: 'SMS_Agent_Action__c'
} as const;

export const AGENT_EVENT = 'SMS_Agent_Event__e';
export const AGENT_ACTION_EVENT = 'SMS_Agent_Action__e';
export const AGENT_EVENT_TOPIC = `/event/${AGENT_EVENT}`;
export const AGENT_ACTION_TOPIC = `/event/${AGENT_ACTION_EVENT}`;
export const REJECT_PERMISSION = 'SMS_Reject_Offers';
export const FLOWS = ['SMS_Publish_Agent_Action', 'SMS_Publish_Outbound_Message'] as const;
/** Objects and events the boot-time org check describes. */
export const REQUIRED_FIELDS_OBJECTS = [
    'SMS_Queue__c',
    'SMS_Channel__c',
    'SMS_Agent__c',
    'SMS_Queue_Member__c',
    'SMS_Interaction__c',
    'SMS_Message__c',
    'SMS_Agent_Action__c',
    'SMS_Agent_Event__e',
    'SMS_Agent_Action__e'
] as const;

export type InteractionField =
    | 'External_Id__c'
    | 'Customer_Phone__c'
    | 'Channel__c'
    | 'Queue__c'
    | 'Agent__c'
    | 'OwnerId'
    | 'Direction__c'
    | 'Status__c'
    | 'Initiated_At__c'
    | 'Offered_At__c'
    | 'Offer_Expires_At__c'
    | 'Accepted_At__c'
    | 'Terminated_At__c'
    | 'Wrap_Up_Deadline__c'
    | 'Wrapped_Up_At__c'
    | 'Disposition__c'
    | 'Disposition_Required__c'
    | 'Matched_Record_Ids__c'
    | 'Match_Count__c'
    | 'Contact__c'
    | 'Lead__c'
    | 'Account__c'
    | 'Case__c'
    | 'Chat_Log_Task_Id__c'
    | 'Unread_Count__c'
    | 'Awaiting_Reply_Since__c'
    | 'SLA_Due_At__c'
    | 'SLA_Breached__c'
    | 'Delivery_Failed__c'
    | 'Customer_Opted_Out__c'
    | 'Last_Customer_Message_At__c'
    | 'Last_Agent_Message_At__c';

export type MessageField =
    | 'Interaction__c'
    | 'Direction__c'
    | 'Source__c'
    | 'Body__c'
    | 'Status__c'
    | 'Provider_Message_Id__c'
    | 'Error_Code__c'
    | 'Error_Message__c'
    | 'Segments__c'
    | 'Encoding__c'
    | 'Sent_At__c'
    | 'Delivered_At__c'
    | 'Resend_Of__c';

export type AgentField =
    | 'Name'
    | 'User__c'
    | 'User_Key__c'
    | 'Status__c'
    | 'Status_Reason__c'
    | 'Status_Changed_At__c'
    | 'Stop_New__c'
    | 'Max_Interactions__c'
    | 'Open_Interactions__c'
    | 'Event_Channel__c';

export type ActionField = 'Result__c' | 'Result_Detail__c' | 'Processed_At__c';

export const ACTION_TYPES = [
    'Set Status',
    'Accept',
    'Reject',
    'End',
    'Wrap Up',
    'Stop New',
    'Resume New',
    'Start Outbound',
    'Link Record',
    'Resend'
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
/** The action event's Type__c: an action's type, or `Send` for an outbound message. */
export type ActionEventType = ActionType | 'Send';

/** Actions about the agent themself rather than an interaction. */
export const SELF_ACTIONS: readonly ActionEventType[] = ['Set Status', 'Stop New', 'Resume New', 'Start Outbound'];

export const AGENT_STATUSES = ['Available', 'On Break', 'Offline', 'Post-processing'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];
export const REQUESTABLE_STATUSES = ['Available', 'On Break', 'Offline'] as const;
export type RequestableStatus = (typeof REQUESTABLE_STATUSES)[number];

export const INTERACTION_STATUSES = ['Queued', 'Offered', 'Active', 'Post-processing', 'Closed'] as const;
export type InteractionStatus = (typeof INTERACTION_STATUSES)[number];

export const MESSAGE_STATUSES = ['Received', 'Queued', 'Sent', 'Delivered', 'Failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const AGENT_EVENT_TYPES = [
    'offer',
    'offer_withdrawn',
    'interaction_changed',
    'message',
    'agent_state',
    'resync'
] as const;
export type AgentEventType = (typeof AGENT_EVENT_TYPES)[number];

export type ActionResult = 'Pending' | 'Applied' | 'Refused';

/**
 * A platform event field as docs/data-model.md defines it; the Avro schemas of both events are
 * built from these (Text → string, Number → double, as Salesforce maps them).
 */
export interface EventFieldDef {
    name: string;
    type: 'Text' | 'Number';
    length?: number;
}

export const AGENT_EVENT_FIELDS: readonly EventFieldDef[] = [
    { name: 'Recipient_Id__c', type: 'Text', length: 18 },
    { name: 'Type__c', type: 'Text', length: 40 },
    { name: 'Interaction_Id__c', type: 'Text', length: 18 },
    { name: 'Sequence__c', type: 'Number' }
];

export const AGENT_ACTION_FIELDS: readonly EventFieldDef[] = [
    { name: 'Record_Id__c', type: 'Text', length: 18 },
    { name: 'Object__c', type: 'Text', length: 40 },
    { name: 'Type__c', type: 'Text', length: 40 },
    { name: 'Acting_User_Id__c', type: 'Text', length: 18 }
];
