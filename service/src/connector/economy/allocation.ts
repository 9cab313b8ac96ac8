/**
 * The expected 24-hour event deliveries for an admin's own numbers, with and without the event
 * economy's measures. The same model the reference-day replay (referenceDay.ts) checks against
 * the local org's delivery counter.
 *
 * Per conversation of K messages (the customer writes first, then the two alternate:
 * c = ⌈K/2⌉ customer messages, a = ⌊K/2⌋ agent messages), accepted on first offer:
 *   facts for the agent: offer 1, accepted 1, customer messages after the first c−1, each agent
 *   message 3 (sent by the agent, Sent, Delivered), end 2 (interaction, agent state),
 *   wrap-up 2 (interaction, agent state)                          → 5 + c + 3a events unmerged
 *   coalesced: offer 1, accepted 1, c−1, a (a message and its statuses in one), end 1,
 *   wrap-up 1                                                     → 3 + c + a = 3 + K events
 *   actions for the service: accept 1, a sends, end 1, wrap-up 1  → 3 + a
 * Per agent and day: `statusChanges` status actions, each answered by one agent-state event.
 *
 * Without the measures every event goes to the standard channel, which every online panel
 * subscribes to: deliveries = events × agents online. With them, each panel's filtered channel
 * delivers only its own events: deliveries = events × agents sharing a channel (1 up to the
 * channel budget). Every action event is delivered once to each service instance subscribed.
 */
import { DEFAULT_CHANNEL_BUDGET } from './channels';

export interface AllocationInput {
    agents: number;
    conversations: number;
    messages: number;
    /** Status changes per agent per day (Available in the morning, Offline at night: 2). */
    statusChanges?: number;
    /** Service instances subscribed to the action events. */
    serviceSubscribers?: number;
    channelBudget?: number;
}

export interface AllocationFigures {
    eventsPublished: number;
    deliveriesToPanels: number;
    deliveriesToService: number;
    total: number;
}

export interface AllocationEstimate {
    input: Required<AllocationInput>;
    agentsPerChannel: number;
    without: AllocationFigures;
    with: AllocationFigures;
}

export const EDITION_ALLOCATIONS: ReadonlyArray<{ edition: string; deliveries: number }> = [
    { edition: 'Developer', deliveries: 10_000 },
    { edition: 'Enterprise', deliveries: 25_000 },
    { edition: 'Unlimited / Performance', deliveries: 50_000 }
];

export function estimateAllocation(input: AllocationInput): AllocationEstimate {
    const full: Required<AllocationInput> = {
        statusChanges: 2,
        serviceSubscribers: 1,
        channelBudget: DEFAULT_CHANNEL_BUDGET,
        ...input
    };
    for (const [k, v] of Object.entries(full)) {
        if (!Number.isInteger(v) || v < 0) throw new RangeError(`${k} must be a whole number ≥ 0, not ${String(v)}`);
    }
    const c = Math.ceil(full.messages / 2);
    const a = Math.floor(full.messages / 2);
    const m = full.conversations;
    const statusEvents = full.agents * full.statusChanges;
    const actions = m * (3 + a) + statusEvents;
    const toService = actions * full.serviceSubscribers;
    const rawEvents = m * (5 + c + 3 * a) + statusEvents;
    const coalescedEvents = m * (3 + c + a) + statusEvents;
    const agentsPerChannel =
        full.agents <= full.channelBudget ? 1 : Math.ceil(full.agents / Math.max(1, full.channelBudget));
    const without = {
        eventsPublished: rawEvents,
        deliveriesToPanels: rawEvents * full.agents,
        deliveriesToService: toService,
        total: rawEvents * full.agents + toService
    };
    const withMeasures = {
        eventsPublished: coalescedEvents,
        deliveriesToPanels: coalescedEvents * agentsPerChannel,
        deliveriesToService: toService,
        total: coalescedEvents * agentsPerChannel + toService
    };
    return { input: full, agentsPerChannel, without, with: withMeasures };
}

export function formatEstimate(e: AllocationEstimate): string {
    const n = (x: number) => x.toLocaleString('en-US');
    const lines = [
        `Agents online ${n(e.input.agents)}, conversations ${n(e.input.conversations)}, messages each ${n(e.input.messages)}, ` +
            `status changes per agent ${e.input.statusChanges}, service subscribers ${e.input.serviceSubscribers}`,
        '',
        `                         events published   to panels   to service   deliveries / day`,
        `without the measures     ${n(e.without.eventsPublished).padStart(16)}   ${n(e.without.deliveriesToPanels).padStart(9)}   ${n(e.without.deliveriesToService).padStart(10)}   ${n(e.without.total).padStart(16)}`,
        `with the measures        ${n(e.with.eventsPublished).padStart(16)}   ${n(e.with.deliveriesToPanels).padStart(9)}   ${n(e.with.deliveriesToService).padStart(10)}   ${n(e.with.total).padStart(16)}`,
        '',
        e.agentsPerChannel === 1
            ? 'Each agent has a filtered channel of their own.'
            : `Agents share filtered channels, ${e.agentsPerChannel} to a channel (an org holds at most 100 custom channels).`
    ];
    for (const { edition, deliveries } of EDITION_ALLOCATIONS) {
        const fits = e.with.total <= deliveries;
        lines.push(
            `${edition.padEnd(24)} ${n(deliveries).padStart(7)} a day: ${fits ? 'fits' : `over by ${n(e.with.total - deliveries)}`}`
        );
    }
    return lines.join('\n');
}
