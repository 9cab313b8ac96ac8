import { benchEvents } from '../../../../bench/events';
import { parseCountArgs } from '../../../../scripts/lib/args';
import { planAllocation } from '../../../../scripts/plan-allocation';
import { LocalOrg } from '../local/localOrg';
import { estimateAllocation } from './allocation';
import { channelMetadata, planChannels } from './channels';
import { AgentEventOutbox, merge } from './outbox';
import { runReferenceDay } from './referenceDay';
import { VirtualScheduler } from './scheduler';
import type { AgentEvent } from '../types';

const A = '005000000000001AAA';
const B = '005000000000002AAA';
const I1 = 'a05000000000001AAA';
const I2 = 'a05000000000002AAA';

class Recorder {
    events: AgentEvent[] = [];
    async publishAgentEvents(events: readonly AgentEvent[]): Promise<void> {
        this.events.push(...events);
    }
}

class Seq {
    private n = new Map<string, number>();
    async nextSequences(r: string, count: number): Promise<number[]> {
        const from = this.n.get(r) ?? 0;
        this.n.set(r, from + count);
        return Array.from({ length: count }, (_v, i) => from + i + 1);
    }
}

describe('agent event outbox', () => {
    test('merges one recipient’s facts: one interaction → its strongest type; several → resync; offers stand alone', () => {
        // A message and a change of its interaction: `message`, which makes the panel read both.
        expect(
            merge([
                { recipientId: A, type: 'message', interactionId: I1 },
                { recipientId: A, type: 'interaction_changed', interactionId: I1 }
            ])
        ).toEqual([{ recipientId: A, type: 'message', interactionId: I1 }]);
        expect(
            merge([
                { recipientId: A, type: 'interaction_changed', interactionId: I1 },
                { recipientId: A, type: 'interaction_changed', interactionId: I1 }
            ])
        ).toEqual([{ recipientId: A, type: 'interaction_changed', interactionId: I1 }]);
        expect(
            merge([
                { recipientId: A, type: 'message', interactionId: I1 },
                { recipientId: A, type: 'message', interactionId: I2 }
            ])
        ).toEqual([{ recipientId: A, type: 'resync', interactionId: null }]);
        expect(
            merge([
                { recipientId: A, type: 'interaction_changed', interactionId: I1 },
                { recipientId: A, type: 'agent_state', interactionId: null }
            ])
        ).toEqual([{ recipientId: A, type: 'resync', interactionId: null }]);
        expect(
            merge([
                { recipientId: A, type: 'message', interactionId: I1 },
                { recipientId: A, type: 'offer', interactionId: I2 },
                { recipientId: A, type: 'interaction_changed', interactionId: I2 }
            ])
        ).toEqual([
            { recipientId: A, type: 'offer', interactionId: I2 },
            { recipientId: A, type: 'message', interactionId: I1 }
        ]);
    });

    test('coalesces within the debounce window, caps the wait, sends offers at once, sequences without gaps', async () => {
        const scheduler = new VirtualScheduler(0);
        const out = new Recorder();
        const outbox = new AgentEventOutbox(out, new Seq(), { scheduler, debounceMs: 2500, maxDelayMs: 5000 });
        outbox.push({ recipientId: A, type: 'interaction_changed', interactionId: I1 });
        await scheduler.advanceTo(1000);
        outbox.push({ recipientId: A, type: 'message', interactionId: I1 });
        await scheduler.advanceTo(3000);
        outbox.push({ recipientId: A, type: 'message', interactionId: I1 });
        await scheduler.advanceTo(4999);
        await outbox.idle();
        expect(out.events).toHaveLength(0);
        await scheduler.advanceTo(5000);
        await outbox.idle();
        expect(out.events).toEqual([{ recipientId: A, type: 'message', interactionId: I1, sequence: 1 }]);

        outbox.push({ recipientId: B, type: 'message', interactionId: I2 });
        outbox.push({ recipientId: A, type: 'offer', interactionId: I2 });
        await outbox.idle();
        expect(out.events.slice(1)).toEqual([{ recipientId: A, type: 'offer', interactionId: I2, sequence: 2 }]);
        await outbox.flushAll();
        expect(out.events.slice(2)).toEqual([{ recipientId: B, type: 'message', interactionId: I2, sequence: 1 }]);
        expect(outbox.pendingRecipients()).toBe(0);
    });

    test("a customer's message goes at once and takes along what is pending for the agent", async () => {
        const scheduler = new VirtualScheduler(0);
        const out = new Recorder();
        const outbox = new AgentEventOutbox(out, new Seq(), { scheduler, debounceMs: 2500, maxDelayMs: 5000 });
        outbox.push({ recipientId: A, type: 'interaction_changed', interactionId: I1 });
        await scheduler.advanceTo(500);
        outbox.push({ recipientId: A, type: 'message', interactionId: I1, urgent: true });
        await outbox.idle();
        expect(out.events).toEqual([{ recipientId: A, type: 'message', interactionId: I1, sequence: 1 }]);
        expect(outbox.pendingRecipients()).toBe(0);
        // The agent's own send and its statuses still coalesce.
        outbox.push({ recipientId: A, type: 'message', interactionId: I1 });
        await outbox.idle();
        expect(out.events).toHaveLength(1);
        await scheduler.advanceTo(3000);
        await outbox.idle();
        expect(out.events).toHaveLength(2);
    });

    test('with coalescing off, every nudge is its own event', async () => {
        const out = new Recorder();
        const outbox = new AgentEventOutbox(out, new Seq(), { coalesce: false });
        for (let i = 0; i < 3; i++) outbox.push({ recipientId: A, type: 'message', interactionId: I1 });
        await outbox.idle();
        expect(out.events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    });
});

describe('filtered channels per agent', () => {
    test('one channel per agent up to the budget, then equal groups', () => {
        const agents = Array.from({ length: 7 }, (_v, i) => `005000000000${String(i + 10).padStart(3, '0')}AAA`);
        const own = planChannels(agents, 10);
        expect(own.groupSize).toBe(1);
        expect(own.entries[0].filterExpression).toBe(`Recipient_Id__c = '${own.entries[0].agentUserIds[0]}'`);
        const grouped = planChannels(agents, 3);
        expect(grouped.groupSize).toBe(3);
        expect(grouped.entries).toHaveLength(3);
        expect(grouped.entries[0].filterExpression).toMatch(/^Recipient_Id__c IN \('.+', '.+', '.+'\)$/);
    });

    test('the planned filters work on the local bus and the metadata names the event', async () => {
        const org = new LocalOrg();
        const plan = planChannels([A, B]);
        for (const e of plan.entries)
            org.bus.defineChannel(e.channel, [
                { selectedEntity: 'SMS_Agent_Event__e', filterExpression: e.filterExpression }
            ]);
        const got: string[] = [];
        org.bus.subscribe('panel-a', plan.entries.find((e) => e.agentUserIds.includes(A))!.topic, -1, (m) =>
            got.push(String(m.data.payload.Recipient_Id__c))
        );
        await org.publishAgentEvents([
            { recipientId: A, type: 'offer', interactionId: null, sequence: 1 },
            { recipientId: B, type: 'offer', interactionId: null, sequence: 1 }
        ]);
        await org.bus.drain();
        expect(got).toEqual([A]);
        const files = channelMetadata(plan);
        expect(files).toHaveLength(4);
        expect(files[1].content).toContain('<selectedEntity>SMS_Agent_Event__e</selectedEntity>');
        expect(files[1].content).toContain('<filterExpression>Recipient_Id__c = &apos;');
    });
});

describe('event economy figures', () => {
    test('the quick reference day through the local org counts what the allocation model predicts', async () => {
        const input = { agents: 5, conversations: 40, messages: 10 };
        const model = estimateAllocation(input);
        const without = await runReferenceDay(input, false);
        const withMeasures = await runReferenceDay(input, true);
        expect(without.total).toBe(model.without.total);
        expect(withMeasures.total).toBe(model.with.total);
        expect(withMeasures.deliveriesToPanels).toBe(withMeasures.published);
        expect(without.deliveriesToPanels).toBe(without.published * input.agents);
        expect(withMeasures.actionsReceived).toBe(withMeasures.deliveriesToService);
    });

    test('the reference day’s model fits Enterprise with the measures and grows with agents only without them', () => {
        const ref = estimateAllocation({ agents: 50, conversations: 1000, messages: 10 });
        expect(ref.with.total).toBeLessThanOrEqual(25_000);
        const more = estimateAllocation({ agents: 80, conversations: 1000, messages: 10 });
        expect(more.with.deliveriesToPanels - ref.with.deliveriesToPanels).toBe(30 * 2);
        expect(more.without.deliveriesToPanels).toBeGreaterThan(ref.without.deliveriesToPanels * 1.5);
        expect(() => estimateAllocation({ agents: -1, conversations: 1, messages: 1 })).toThrow(/agents/);
    });

    test('npm run plan:allocation and bench:events --quick print their figures', async () => {
        const plan = planAllocation(['--agents', '10', '--conversations', '100', '--messages', '4']);
        const model = estimateAllocation({ agents: 10, conversations: 100, messages: 4 });
        expect(plan).toContain(model.with.total.toLocaleString('en-US'));
        expect(plan).toMatch(/Enterprise\s+25,000 a day: fits/);
        const bench = await benchEvents(['--quick']);
        expect(bench).toMatch(/with the measures\s+530\s+530\s+330\s+860/);
        expect(bench).toMatch(/goal ≤ 25,000 \(Enterprise\): met/);
        expect(() => parseCountArgs(['--agents', 'many'], { agents: 1, conversations: 1, messages: 1 })).toThrow(
            /--agents needs a whole number/
        );
    });
});
