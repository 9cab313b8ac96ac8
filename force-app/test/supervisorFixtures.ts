// Records as the supervisor query returns them (UI API GraphQL: { value } per field), built from
// short descriptions so each test says only what matters to it.
import type {
    SupervisorAgentNode,
    SupervisorData,
    SupervisorInteractionNode,
    SupervisorMemberNode,
    SupervisorQueueNode
} from 'c/smsSupervisorModel';

const val = <T>(value: T | null | undefined) => ({ value: value === undefined ? null : value });

export interface QueueSpec {
    id: string;
    name: string;
    slaTarget?: number | null;
    max?: number | null;
    dedicatedAgent?: string | null;
    active?: boolean;
}

export interface InteractionSpec {
    id: string;
    queue: string | null;
    status: string;
    initiatedAt?: string | null;
    agent?: string | null;
    owner?: string | null;
    breached?: boolean;
}

export interface AgentSpec {
    id: string;
    name: string;
    user?: string;
    status?: string | null;
    stopNew?: boolean;
    max?: number | null;
    open?: number | null;
}

export interface MemberSpec {
    queue: string;
    agent: string;
}

export function queueNode(q: QueueSpec): SupervisorQueueNode {
    return {
        Id: q.id,
        Name: val(q.name),
        SLA_Target_Seconds__c: val(q.slaTarget === undefined ? 300 : q.slaTarget),
        Max_Interactions__c: val(q.max === undefined ? 3 : q.max),
        Dedicated_Agent__c: val(q.dedicatedAgent ?? null),
        Active__c: val(q.active ?? true)
    };
}

export function interactionNode(i: InteractionSpec): SupervisorInteractionNode {
    return {
        Id: i.id,
        Queue__c: val(i.queue),
        Agent__c: val(i.agent ?? null),
        OwnerId: val(i.owner ?? '005000000000INT'),
        Status__c: val(i.status),
        Initiated_At__c: val(i.initiatedAt ?? null),
        SLA_Breached__c: val(i.breached ?? false)
    };
}

export function agentNode(a: AgentSpec): SupervisorAgentNode {
    return {
        Id: a.id,
        Name: val(a.name),
        User__c: val(a.user ?? `005${a.id}`),
        Status__c: val(a.status === undefined ? 'Available' : a.status),
        Stop_New__c: val(a.stopNew ?? false),
        Max_Interactions__c: val(a.max ?? null),
        Open_Interactions__c: val(a.open === undefined ? 0 : a.open)
    };
}

export function memberNode(m: MemberSpec, index: number): SupervisorMemberNode {
    return { Id: `a03M${index}`, Queue__c: val(m.queue), Agent__c: val(m.agent) };
}

export function supervisorData(
    spec: {
        queues?: QueueSpec[];
        interactions?: InteractionSpec[];
        agents?: AgentSpec[];
        members?: MemberSpec[];
        hasNextPage?: boolean;
    } = {}
): SupervisorData {
    const edges = <N>(list: N[]) => list.map((node) => ({ node }));
    return {
        uiapi: {
            query: {
                SMS_Queue__c: { edges: edges((spec.queues ?? []).map(queueNode)) },
                SMS_Queue_Member__c: { edges: edges((spec.members ?? []).map(memberNode)) },
                SMS_Interaction__c: {
                    edges: edges((spec.interactions ?? []).map(interactionNode)),
                    pageInfo: { hasNextPage: spec.hasNextPage ?? false }
                },
                SMS_Agent__c: { edges: edges((spec.agents ?? []).map(agentNode)) }
            }
        }
    };
}
