/**
 * The supervisor view's model (X13): what the supervisor query returns (UI API records, `{ value }`
 * per field) summarised per queue and per agent. Pure functions of the records and a clock; the
 * same rules as the router's queue statistics (docs/router.md, getQueueStats):
 *
 * - waiting = Queued interactions of the queue; oldest wait = now − the oldest waiting one's
 *   Initiated_At__c;
 * - SLA breaches = Queued, Offered and Active interactions flagged SLA_Breached__c (in
 *   post-processing the customer no longer waits for an answer);
 * - an agent's load = open interactions (offered + active + post-processing) / capacity, where
 *   capacity is the agent's Max_Interactions__c, or else the largest default of the queues the
 *   agent works in (the most the router gives them).
 */
import type { Connection, FieldValue } from 'c/smsModel';

type F<T> = FieldValue<T> | null | undefined;

export interface SupervisorQueueNode {
    Id: string;
    Name?: F<string>;
    SLA_Target_Seconds__c?: F<number>;
    Max_Interactions__c?: F<number>;
    Dedicated_Agent__c?: F<string>;
    Active__c?: F<boolean>;
}

export interface SupervisorMemberNode {
    Id: string;
    Queue__c?: F<string>;
    Agent__c?: F<string>;
}

export interface SupervisorInteractionNode {
    Id: string;
    Queue__c?: F<string>;
    Agent__c?: F<string>;
    OwnerId?: F<string>;
    Status__c?: F<string>;
    Initiated_At__c?: F<string>;
    SLA_Breached__c?: F<boolean>;
}

export interface SupervisorAgentNode {
    Id: string;
    Name?: F<string>;
    User__c?: F<string>;
    Status__c?: F<string>;
    Stop_New__c?: F<boolean>;
    Max_Interactions__c?: F<number>;
    Open_Interactions__c?: F<number>;
}

export interface SupervisorData {
    uiapi?: {
        query?: {
            SMS_Queue__c?: Connection<SupervisorQueueNode> | null;
            SMS_Queue_Member__c?: Connection<SupervisorMemberNode> | null;
            SMS_Interaction__c?: Connection<SupervisorInteractionNode> | null;
            SMS_Agent__c?: Connection<SupervisorAgentNode> | null;
        } | null;
    } | null;
}

export type SupervisorAgentStatus = 'Available' | 'Post-processing' | 'On Break' | 'Offline';

export interface QueueSummary {
    id: string;
    name: string;
    active: boolean;
    slaTargetSeconds: number | null;
    /** Queued interactions. */
    waiting: number;
    offered: number;
    activeCount: number;
    postProcessing: number;
    /** Initiated_At__c of the oldest waiting interaction (epoch ms), null when none waits. */
    oldestWaitingSince: number | null;
    /** Whole seconds the oldest waiting interaction has waited at `now`; null when none waits. */
    oldestWaitSeconds: number | null;
    /** The oldest wait is longer than the queue's SLA target. */
    oldestOverTarget: boolean;
    slaBreaches: number;
}

export interface AgentSummary {
    id: string;
    name: string;
    userId: string | null;
    status: SupervisorAgentStatus | null;
    stopNew: boolean;
    open: number;
    /** null when neither the agent nor any of their queues sets a maximum. */
    capacity: number | null;
    /** open / capacity as a whole percentage; null without a capacity. */
    loadPercent: number | null;
    atCapacity: boolean;
}

export interface SupervisorSummary {
    queues: QueueSummary[];
    agents: AgentSummary[];
    /** SLA breaches over every queue (and interactions with no queue). */
    totalBreaches: number;
    totalWaiting: number;
    /** The read hit its page size: more open interactions exist than were counted. */
    truncated: boolean;
}

/** The statuses the supervisor query reads; Closed work is not the supervisor's live view. */
export const OPEN_STATUSES = ['Queued', 'Offered', 'Active', 'Post-processing'] as const;
/** Statuses whose flagged interactions count as SLA breaches (the router's rule). */
const BREACH_STATUSES = new Set(['Queued', 'Offered', 'Active']);
/** The order agents are listed in: who can take work first. */
export const AGENT_STATUS_ORDER: readonly SupervisorAgentStatus[] = [
    'Available',
    'Post-processing',
    'On Break',
    'Offline'
];

function v<T>(field: F<T>): T | null {
    return field && field.value !== undefined ? field.value : null;
}

function nodes<N>(connection: Connection<N> | null | undefined): N[] {
    return (connection?.edges ?? []).map((edge) => edge?.node).filter((node): node is N => Boolean(node));
}

function wholeNumber(value: number | null): number | null {
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function timeOf(iso: string | null): number | null {
    if (!iso) return null;
    const at = Date.parse(iso);
    return Number.isNaN(at) ? null : at;
}

const byName = (a: { name: string; id: string }, b: { name: string; id: string }): number =>
    a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);

function statusRank(status: SupervisorAgentStatus | null): number {
    const rank = status === null ? -1 : AGENT_STATUS_ORDER.indexOf(status);
    return rank < 0 ? AGENT_STATUS_ORDER.length : rank;
}

function agentStatus(value: string | null): SupervisorAgentStatus | null {
    return value !== null && (AGENT_STATUS_ORDER as readonly string[]).includes(value)
        ? (value as SupervisorAgentStatus)
        : null;
}

/** Whole seconds from `since` to `now`, never negative. */
export function waitSeconds(since: number, now: number): number {
    return Math.max(0, Math.floor((now - since) / 1000));
}

/**
 * Queues sorted by name (each with its counts, oldest wait and SLA breaches) and agents sorted by
 * status (Available, Post-processing, On Break, Offline, unknown) then name, each with load and
 * Stop new. `now` is epoch milliseconds.
 */
export function summarise(data: SupervisorData | null | undefined, now: number): SupervisorSummary {
    const query = data?.uiapi?.query;
    const queueNodes = nodes(query?.SMS_Queue__c);
    const interactionConnection = query?.SMS_Interaction__c;
    const interactions = nodes(interactionConnection);

    const queues = new Map<string, QueueSummary>();
    for (const node of queueNodes) {
        queues.set(node.Id, {
            id: node.Id,
            name: v(node.Name) ?? '',
            active: v(node.Active__c) !== false,
            slaTargetSeconds: wholeNumber(v(node.SLA_Target_Seconds__c)),
            waiting: 0,
            offered: 0,
            activeCount: 0,
            postProcessing: 0,
            oldestWaitingSince: null,
            oldestWaitSeconds: null,
            oldestOverTarget: false,
            slaBreaches: 0
        });
    }

    let totalBreaches = 0;
    let totalWaiting = 0;
    const counted = new Map<string, number>();
    for (const node of interactions) {
        const status = v(node.Status__c);
        const queue = queues.get(v(node.Queue__c) ?? '');
        const breached = v(node.SLA_Breached__c) === true && status !== null && BREACH_STATUSES.has(status);
        if (breached) totalBreaches += 1;
        if (status === 'Queued') totalWaiting += 1;
        const agentId = v(node.Agent__c);
        if (agentId && status !== 'Queued' && status !== null) counted.set(agentId, (counted.get(agentId) ?? 0) + 1);
        if (!queue) continue;
        if (breached) queue.slaBreaches += 1;
        if (status === 'Queued') {
            queue.waiting += 1;
            const since = timeOf(v(node.Initiated_At__c));
            if (since !== null && (queue.oldestWaitingSince === null || since < queue.oldestWaitingSince)) {
                queue.oldestWaitingSince = since;
            }
        } else if (status === 'Offered') queue.offered += 1;
        else if (status === 'Active') queue.activeCount += 1;
        else if (status === 'Post-processing') queue.postProcessing += 1;
    }
    const queueList = [...queues.values()].map((queue) => withWait(queue, now)).sort(byName);

    // The largest default of the queues each agent works in (member, or the queue's dedicated agent).
    const queueDefault = new Map<string, number>();
    const noteDefault = (agentId: string | null, queueId: string | null): void => {
        if (!agentId || !queueId) return;
        const node = queueNodes.find((q) => q.Id === queueId);
        const max = node ? wholeNumber(v(node.Max_Interactions__c)) : null;
        if (max !== null && max > (queueDefault.get(agentId) ?? 0)) queueDefault.set(agentId, max);
    };
    for (const member of nodes(query?.SMS_Queue_Member__c)) noteDefault(v(member.Agent__c), v(member.Queue__c));
    for (const node of queueNodes) noteDefault(v(node.Dedicated_Agent__c), node.Id);

    const agents = nodes(query?.SMS_Agent__c)
        .map((node): AgentSummary => {
            const open = wholeNumber(v(node.Open_Interactions__c)) ?? counted.get(node.Id) ?? 0;
            const own = wholeNumber(v(node.Max_Interactions__c));
            const capacity = own !== null && own > 0 ? own : (queueDefault.get(node.Id) ?? null);
            return {
                id: node.Id,
                name: v(node.Name) ?? '',
                userId: v(node.User__c),
                status: agentStatus(v(node.Status__c)),
                stopNew: v(node.Stop_New__c) === true,
                open,
                capacity,
                loadPercent: capacity ? Math.round((open / capacity) * 100) : null,
                atCapacity: capacity !== null && open >= capacity
            };
        })
        .sort((a, b) => statusRank(a.status) - statusRank(b.status) || byName(a, b));

    return {
        queues: queueList,
        agents,
        totalBreaches,
        totalWaiting,
        truncated: interactionConnection?.pageInfo?.hasNextPage === true
    };
}

/** The queue with its oldest wait measured at `now` (the view's one-second tick calls this, no read). */
export function withWait(queue: QueueSummary, now: number): QueueSummary {
    const oldestWaitSeconds = queue.oldestWaitingSince === null ? null : waitSeconds(queue.oldestWaitingSince, now);
    return {
        ...queue,
        oldestWaitSeconds,
        oldestOverTarget:
            oldestWaitSeconds !== null && queue.slaTargetSeconds !== null && oldestWaitSeconds > queue.slaTargetSeconds
    };
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** A time of day as hh:mm:ss (24-hour) in the user's locale and time zone. */
export function formatClock(epochMs: number, locale: string, timeZone: string): string {
    const key = `${locale}|${timeZone}`;
    let format = clockFormats.get(key);
    if (!format) {
        try {
            format = new Intl.DateTimeFormat(locale, {
                hour: '2-digit',
                minute: '2-digit',
                second: '2-digit',
                hourCycle: 'h23',
                timeZone
            });
        } catch {
            format = new Intl.DateTimeFormat('en-GB', {
                hour: '2-digit',
                minute: '2-digit',
                second: '2-digit',
                hourCycle: 'h23'
            });
        }
        clockFormats.set(key, format);
    }
    return format.format(new Date(epochMs));
}
