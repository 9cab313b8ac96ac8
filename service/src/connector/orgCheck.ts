/**
 * The boot-time org check: the package's objects, fields and events exist, the integration user
 * can publish and subscribe, the Flows are active, the custom permission is there. Each finding
 * says exactly what is missing, so a wrong setup fails at boot with a message an admin can act
 * on instead of failing later.
 */
import { AGENT_ACTION_EVENT, AGENT_ACTION_FIELDS, AGENT_EVENT, AGENT_EVENT_FIELDS, FLOWS, OBJECTS } from './model';
import type { OrgCheckFinding } from './types';

/** The fields the service reads or writes, per object. */
export const REQUIRED_FIELDS: Record<string, readonly string[]> = {
    [OBJECTS.queue]: [
        'Name',
        'Acceptance_Interval_Seconds__c',
        'Post_Processing_Seconds__c',
        'SLA_Target_Seconds__c',
        'Max_Interactions__c',
        'Disposition_Required__c',
        'Dedicated_Agent__c',
        'Business_Hours_Name__c',
        'After_Hours_Reply__c',
        'Active__c'
    ],
    [OBJECTS.channel]: ['Name', 'Phone_Number__c', 'Queue__c', 'Help_Reply__c', 'Active__c'],
    [OBJECTS.agent]: [
        'Name',
        'User__c',
        'User_Key__c',
        'Status__c',
        'Status_Reason__c',
        'Status_Changed_At__c',
        'Stop_New__c',
        'Max_Interactions__c',
        'Open_Interactions__c',
        'Event_Channel__c'
    ],
    [OBJECTS.member]: ['Queue__c', 'Agent__c'],
    [OBJECTS.interaction]: [
        'External_Id__c',
        'Customer_Phone__c',
        'Channel__c',
        'Queue__c',
        'Agent__c',
        'OwnerId',
        'Direction__c',
        'Status__c',
        'Initiated_At__c',
        'Offered_At__c',
        'Offer_Expires_At__c',
        'Accepted_At__c',
        'Terminated_At__c',
        'Wrap_Up_Deadline__c',
        'Wrapped_Up_At__c',
        'Disposition__c',
        'Matched_Record_Ids__c',
        'Match_Count__c',
        'Unread_Count__c',
        'Delivery_Failed__c'
    ],
    [OBJECTS.message]: [
        'Interaction__c',
        'Direction__c',
        'Source__c',
        'Body__c',
        'Status__c',
        'Provider_Message_Id__c',
        'Error_Code__c',
        'Error_Message__c',
        'Sent_At__c',
        'Delivered_At__c'
    ],
    [OBJECTS.action]: [
        'Type__c',
        'Interaction__c',
        'Requested_Status__c',
        'Disposition__c',
        'Channel__c',
        'Customer_Phone__c',
        'Body__c',
        'Message__c',
        'Linked_Record_Id__c',
        'Result__c',
        'Result_Detail__c',
        'Processed_At__c',
        'CreatedById'
    ],
    [AGENT_EVENT]: AGENT_EVENT_FIELDS.map((f) => f.name),
    [AGENT_ACTION_EVENT]: AGENT_ACTION_FIELDS.map((f) => f.name)
};

export interface DescribedObject {
    name: string;
    fields: readonly string[];
}

export interface AccessFacts {
    canPublish: boolean;
    canSubscribe: boolean;
    activeFlows: readonly string[];
    /** Whether the custom permission SMS_Reject_Offers exists (unknown: not checked). */
    rejectPermissionExists?: boolean;
}

/** Compares what the org describes with what the service needs. */
export function checkSchema(described: readonly DescribedObject[], access: AccessFacts): OrgCheckFinding[] {
    const findings: OrgCheckFinding[] = [];
    const byName = new Map(described.map((d) => [d.name, new Set(d.fields)]));
    for (const [object, fields] of Object.entries(REQUIRED_FIELDS)) {
        const have = byName.get(object);
        if (!have) {
            findings.push({
                ok: false,
                item: object,
                detail: `${object} is missing or not visible to the integration user: deploy the package and assign the permission set SMS_Integration_User`
            });
            continue;
        }
        const missing = fields.filter((f) => !have.has(f));
        findings.push(
            missing.length === 0
                ? { ok: true, item: object, detail: `${object}: all ${fields.length} fields present` }
                : {
                      ok: false,
                      item: object,
                      detail: `${object} lacks ${missing.join(', ')} (or the integration user has no access to them): deploy the current package version and check SMS_Integration_User's field permissions`
                  }
        );
    }
    findings.push(
        access.canPublish
            ? { ok: true, item: `publish ${AGENT_EVENT}`, detail: 'The integration user can publish agent events' }
            : {
                  ok: false,
                  item: `publish ${AGENT_EVENT}`,
                  detail: `The integration user cannot publish ${AGENT_EVENT}: grant Create on it (permission set SMS_Integration_User)`
              }
    );
    findings.push(
        access.canSubscribe
            ? {
                  ok: true,
                  item: `subscribe ${AGENT_ACTION_EVENT}`,
                  detail: 'The integration user can subscribe to agent actions'
              }
            : {
                  ok: false,
                  item: `subscribe ${AGENT_ACTION_EVENT}`,
                  detail: `The integration user cannot subscribe to ${AGENT_ACTION_EVENT}: grant Read on it (permission set SMS_Integration_User)`
              }
    );
    for (const flow of FLOWS) {
        findings.push(
            access.activeFlows.includes(flow)
                ? { ok: true, item: `flow ${flow}`, detail: `${flow} is active` }
                : {
                      ok: false,
                      item: `flow ${flow}`,
                      detail: `The Flow ${flow} is missing or inactive: activate it in Setup → Flows, or agents' actions never reach the service`
                  }
        );
    }
    if (access.rejectPermissionExists === false) {
        findings.push({
            ok: false,
            item: 'custom permission SMS_Reject_Offers',
            detail: 'The custom permission SMS_Reject_Offers is missing: deploy the package (without it nobody can reject offers)'
        });
    }
    return findings;
}

/** One message for the failing findings, or null when all pass. */
export function describeFailures(findings: readonly OrgCheckFinding[]): string | null {
    const failed = findings.filter((f) => !f.ok);
    if (failed.length === 0) return null;
    return `The org is not ready for the SMS service:\n${failed.map((f) => `  - ${f.detail}`).join('\n')}`;
}
