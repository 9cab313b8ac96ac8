/**
 * Validation of the admin's configuration, pure. Every problem is listed (ids and setting names
 * only) in one INVALID_SETTINGS error, and nothing is applied.
 */
import { isE164 } from './domain';
import { RouterError } from './errors';
import type { AgentConfig, ChannelConfig, ConfigSnapshot, QueueConfig, QueueMembers } from './types';

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

function isId(value: unknown): value is string {
    return typeof value === 'string' && ID.test(value);
}

function intIn(value: unknown, min: number, max: number): value is number {
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function label(kind: string, id: unknown): string {
    return `${kind} ${isId(id) ? id : JSON.stringify(String(id)).slice(0, 70)}`;
}

export function queueProblems(queue: QueueConfig): string[] {
    const problems: string[] = [];
    const at = label('queue', queue?.id);
    if (!queue || typeof queue !== 'object') return ['queue: not an object'];
    if (!isId(queue.id)) problems.push(`${at}: id must be 1-64 letters, digits or _.:-`);
    if (typeof queue.name !== 'string' || queue.name.length > 80)
        problems.push(`${at}: name must be text of at most 80`);
    if (!intIn(queue.acceptanceIntervalSeconds, 1, 99_999)) {
        problems.push(`${at}: acceptanceIntervalSeconds must be a whole number 1-99999`);
    }
    if (!intIn(queue.postProcessingSeconds, 0, 999_999)) {
        problems.push(`${at}: postProcessingSeconds must be a whole number 0-999999`);
    }
    if (!intIn(queue.slaTargetSeconds, 1, 999_999)) {
        problems.push(`${at}: slaTargetSeconds must be a whole number 1-999999`);
    }
    if (!intIn(queue.maxInteractions, 1, 999)) problems.push(`${at}: maxInteractions must be a whole number 1-999`);
    if (typeof queue.dispositionRequired !== 'boolean')
        problems.push(`${at}: dispositionRequired must be true or false`);
    if (typeof queue.active !== 'boolean') problems.push(`${at}: active must be true or false`);
    if (queue.dedicatedAgentId !== null && !isId(queue.dedicatedAgentId)) {
        problems.push(`${at}: dedicatedAgentId must be a user id or null`);
    }
    return problems;
}

export function agentProblems(agent: AgentConfig): string[] {
    if (!agent || typeof agent !== 'object') return ['agent: not an object'];
    const problems: string[] = [];
    const at = label('agent', agent.userId);
    if (!isId(agent.userId)) problems.push(`${at}: userId must be a Salesforce User Id`);
    if (typeof agent.name !== 'string' || agent.name.length > 121)
        problems.push(`${at}: name must be text of at most 121`);
    if (agent.maxInteractions !== null && !intIn(agent.maxInteractions, 1, 999)) {
        problems.push(`${at}: maxInteractions must be a whole number 1-999 or null`);
    }
    if (typeof agent.canReject !== 'boolean') problems.push(`${at}: canReject must be true or false`);
    return problems;
}

export function channelProblems(channel: ChannelConfig): string[] {
    if (!channel || typeof channel !== 'object') return ['channel: not an object'];
    const problems: string[] = [];
    // A company number is not personal data; it may be named.
    const at = `channel ${isE164(channel.phoneNumber) ? channel.phoneNumber : '(invalid number)'}`;
    if (!isE164(channel.phoneNumber)) problems.push(`${at}: phoneNumber must be E.164 (+14155550100)`);
    if (channel.channelId !== null && !isId(channel.channelId)) problems.push(`${at}: channelId must be an id or null`);
    if (!isId(channel.queueId)) problems.push(`${at}: queueId must be a queue id`);
    if (typeof channel.active !== 'boolean') problems.push(`${at}: active must be true or false`);
    return problems;
}

export function membersProblems(members: QueueMembers): string[] {
    if (!members || typeof members !== 'object') return ['members: not an object'];
    const problems: string[] = [];
    const at = label('members of queue', members.queueId);
    if (!isId(members.queueId)) problems.push(`${at}: queueId must be a queue id`);
    if (!Array.isArray(members.userIds)) return [...problems, `${at}: userIds must be a list`];
    for (const userId of members.userIds) {
        if (!isId(userId)) problems.push(`${at}: ${label('member', userId)} is not a user id`);
    }
    return problems;
}

function duplicates(values: readonly string[]): string[] {
    const seen = new Set<string>();
    const twice = new Set<string>();
    for (const value of values) {
        if (seen.has(value)) twice.add(value);
        seen.add(value);
    }
    return [...twice];
}

/** Validates a whole snapshot: shapes, duplicates and every reference inside it. */
export function validateSnapshot(snapshot: ConfigSnapshot): void {
    if (!snapshot || typeof snapshot !== 'object')
        throw new RouterError('INVALID_SETTINGS', ['snapshot: not an object']);
    const problems: string[] = [];
    for (const key of ['queues', 'agents', 'channels', 'members'] as const) {
        if (!Array.isArray(snapshot[key])) problems.push(`snapshot.${key} must be a list`);
    }
    if (problems.length > 0) throw new RouterError('INVALID_SETTINGS', problems);

    for (const queue of snapshot.queues) problems.push(...queueProblems(queue));
    for (const agent of snapshot.agents) problems.push(...agentProblems(agent));
    for (const channel of snapshot.channels) problems.push(...channelProblems(channel));
    for (const members of snapshot.members) problems.push(...membersProblems(members));
    if (problems.length > 0) throw new RouterError('INVALID_SETTINGS', problems);

    const queueIds = new Set(snapshot.queues.map((q) => q.id));
    const agentIds = new Set(snapshot.agents.map((a) => a.userId));
    for (const id of duplicates(snapshot.queues.map((q) => q.id))) problems.push(`queue ${id}: listed twice`);
    for (const id of duplicates(snapshot.agents.map((a) => a.userId))) problems.push(`agent ${id}: listed twice`);
    for (const n of duplicates(snapshot.channels.map((c) => c.phoneNumber)))
        problems.push(`channel ${n}: listed twice`);
    for (const id of duplicates(snapshot.members.map((m) => m.queueId)))
        problems.push(`members of queue ${id}: listed twice`);
    for (const queue of snapshot.queues) {
        if (queue.dedicatedAgentId !== null && !agentIds.has(queue.dedicatedAgentId)) {
            problems.push(`queue ${queue.id}: dedicated agent ${queue.dedicatedAgentId} is not among the agents`);
        }
    }
    for (const channel of snapshot.channels) {
        if (!queueIds.has(channel.queueId)) {
            problems.push(`channel ${channel.phoneNumber}: queue ${channel.queueId} is not among the queues`);
        }
    }
    for (const members of snapshot.members) {
        if (!queueIds.has(members.queueId)) problems.push(`members: queue ${members.queueId} is not among the queues`);
        for (const userId of members.userIds) {
            if (!agentIds.has(userId))
                problems.push(`members of queue ${members.queueId}: agent ${userId} is not among the agents`);
        }
    }
    if (problems.length > 0) throw new RouterError('INVALID_SETTINGS', problems);
}

export function assertValid(problems: string[]): void {
    if (problems.length > 0) throw new RouterError('INVALID_SETTINGS', problems);
}
