/**
 * Targeting through filtered custom channels. Salesforce counts an event toward the 24-hour
 * delivery allocation once per subscriber it is delivered to; on a custom channel
 * (PlatformEventChannel) whose member (PlatformEventChannelMember) has a filter expression,
 * filtered-out events are not delivered and not counted. So each agent's panel subscribes to a
 * channel that only lets their own events through: `Recipient_Id__c = '<their User Id>'`.
 *
 * An org holds at most 100 custom platform event channels. Up to `budget` agents get a channel
 * each; beyond that agents share channels in equal groups (`Recipient_Id__c IN (…)`), and a
 * group's events reach every panel of the group — the plan says how many.
 */
import { soqlInList, soqlString } from '../escape';
import { toId18 } from '../ids';
import { AGENT_EVENT } from '../model';

export interface ChannelPlanEntry {
    /** Custom channel API name, `…__chn`. */
    channel: string;
    /** The topic panels subscribe to (`SMS_Agent__c.Event_Channel__c`). */
    topic: string;
    label: string;
    filterExpression: string;
    agentUserIds: string[];
}

export interface ChannelPlan {
    entries: ChannelPlanEntry[];
    /** Agents per channel (1 when every agent has their own). */
    groupSize: number;
}

/** Leaves room for other apps' channels under the org's 100. */
export const DEFAULT_CHANNEL_BUDGET = 90;

export function planChannels(agentUserIds: readonly string[], budget = DEFAULT_CHANNEL_BUDGET): ChannelPlan {
    const ids = [...new Set(agentUserIds.map((id) => toId18(id) ?? id))].sort();
    if (ids.length <= budget) {
        return {
            groupSize: 1,
            entries: ids.map((id) => ({
                channel: `SMS_Agent_${id}__chn`,
                topic: `/event/SMS_Agent_${id}__chn`,
                label: `SMS agent ${id}`,
                filterExpression: `Recipient_Id__c = ${soqlString(id)}`,
                agentUserIds: [id]
            }))
        };
    }
    const groupSize = Math.ceil(ids.length / budget);
    const entries: ChannelPlanEntry[] = [];
    for (let i = 0; i < ids.length; i += groupSize) {
        const group = ids.slice(i, i + groupSize);
        const n = entries.length + 1;
        entries.push({
            channel: `SMS_Agents_${n}__chn`,
            topic: `/event/SMS_Agents_${n}__chn`,
            label: `SMS agents group ${n}`,
            filterExpression: `Recipient_Id__c IN ${soqlInList(group)}`,
            agentUserIds: group
        });
    }
    return { groupSize, entries };
}

/** Metadata API source files for the plan, to deploy with `sf project deploy start`. */
export function channelMetadata(plan: ChannelPlan): Array<{ path: string; content: string }> {
    const files: Array<{ path: string; content: string }> = [];
    const escapeXml = (s: string) =>
        s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');
    for (const e of plan.entries) {
        files.push({
            path: `platformEventChannels/${e.channel}.platformEventChannel-meta.xml`,
            content: `<?xml version="1.0" encoding="UTF-8"?>
<PlatformEventChannel xmlns="http://soap.sforce.com/2006/04/metadata">
    <channelType>event</channelType>
    <label>${escapeXml(e.label)}</label>
</PlatformEventChannel>
`
        });
        const memberName = `${e.channel.replace(/__chn$/, '_chn')}_${AGENT_EVENT.replace(/__e$/, '_e')}`;
        files.push({
            path: `platformEventChannelMembers/${memberName}.platformEventChannelMember-meta.xml`,
            content: `<?xml version="1.0" encoding="UTF-8"?>
<PlatformEventChannelMember xmlns="http://soap.sforce.com/2006/04/metadata">
    <eventChannel>${e.channel}</eventChannel>
    <filterExpression>${escapeXml(e.filterExpression)}</filterExpression>
    <selectedEntity>${AGENT_EVENT}</selectedEntity>
</PlatformEventChannelMember>
`
        });
    }
    return files;
}
