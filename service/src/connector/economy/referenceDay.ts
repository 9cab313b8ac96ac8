/**
 * A reference day replayed through the local org: agents' panels subscribed on the event bus,
 * the service subscribed to the action events, agents' actions inserted as records (the Flows
 * turn them into action events), and the facts the router emits for them pushed through the
 * agent event outbox. The bus counts every delivery, as Salesforce's allocation does.
 *
 * Timing of one conversation (t = its start): offer at t; accepted at t+8 s; customer messages
 * at t+60 s·i; each agent reply 30 s after the customer message, its Sent and Delivered statuses
 * 1 s and 3 s later; end 30 s after the last message; wrap-up 20 s after the end.
 */
import { OBJECTS } from '../model';
import { LocalOrg } from '../local/localOrg';
import { AgentEventOutbox, type Nudge } from './outbox';
import { planChannels } from './channels';
import { VirtualScheduler } from './scheduler';

export interface ReferenceDayInput {
    agents: number;
    conversations: number;
    messages: number;
    /** Length of the working day over which conversations start (ms). */
    dayMs?: number;
}

export interface ReferenceDayResult {
    measures: boolean;
    published: number;
    deliveriesToPanels: number;
    deliveriesToService: number;
    total: number;
    filteredOut: number;
    actionsReceived: number;
}

interface Step {
    at: number;
    order: number;
    run: () => void;
}

/** A simple counter standing in for the store's per-recipient sequences. */
class MemorySequences {
    private readonly last = new Map<string, number>();
    async nextSequences(recipient: string, count: number): Promise<number[]> {
        const from = this.last.get(recipient) ?? 0;
        this.last.set(recipient, from + count);
        return Array.from({ length: count }, (_v, i) => from + i + 1);
    }
}

export async function runReferenceDay(input: ReferenceDayInput, measures: boolean): Promise<ReferenceDayResult> {
    const dayMs = input.dayMs ?? 8 * 3600_000;
    const scheduler = new VirtualScheduler(Date.UTC(2026, 0, 5, 8, 0, 0));
    const org = new LocalOrg({ now: () => scheduler.now() });
    const queue = org.insert(OBJECTS.queue, { Name: 'Support' });
    const channel = org.insert(OBJECTS.channel, { Name: 'Main', Phone_Number__c: '+14155550100', Queue__c: queue });
    const agents: string[] = [];
    for (let i = 0; i < input.agents; i++) {
        const user = org.createUser({ LastName: `Agent ${i + 1}`, Username: `agent${i + 1}@sms.local` }, ['SMS_Agent']);
        org.insert(OBJECTS.agent, { Name: `Agent ${i + 1}`, User__c: user, User_Key__c: user });
        agents.push(user);
    }
    // The panels.
    if (measures) {
        const plan = planChannels(agents);
        for (const entry of plan.entries) {
            org.bus.defineChannel(entry.channel, [
                { selectedEntity: 'SMS_Agent_Event__e', filterExpression: entry.filterExpression }
            ]);
            for (const user of entry.agentUserIds) org.bus.subscribe(`panel:${user}`, entry.topic, -1, () => undefined);
        }
    } else {
        for (const user of agents) org.bus.subscribe(`panel:${user}`, '/event/SMS_Agent_Event__e', -1, () => undefined);
    }
    // The service.
    let actionsReceived = 0;
    await org.connect();
    const subscription = await org.subscribeActions({
        loadReplayId: async () => null,
        onBatch: async (batch) => {
            actionsReceived += batch.length;
        }
    });
    const outbox = new AgentEventOutbox(org, new MemorySequences(), { scheduler, coalesce: measures });
    const nudge = (recipientId: string, type: Nudge['type'], interactionId: string | null, urgent = false) =>
        outbox.push({ recipientId, type, interactionId, ...(urgent ? { urgent } : {}) });

    const steps: Step[] = [];
    let order = 0;
    const at = (time: number, run: () => void) => steps.push({ at: time, order: order++, run });
    const start = scheduler.now();
    const end = start + dayMs;

    for (const agent of agents) {
        at(start - 60_000, () => {
            org.insert(OBJECTS.action, { Type__c: 'Set Status', Requested_Status__c: 'Available' }, agent);
            nudge(agent, 'agent_state', null);
        });
        at(end + 3600_000, () => {
            org.insert(OBJECTS.action, { Type__c: 'Set Status', Requested_Status__c: 'Offline' }, agent);
            nudge(agent, 'agent_state', null);
        });
    }
    const customer = Math.ceil(input.messages / 2);
    const agentMessages = Math.floor(input.messages / 2);
    for (let i = 0; i < input.conversations; i++) {
        const t = start + Math.floor((i * dayMs) / Math.max(1, input.conversations));
        const agent = agents[i % agents.length];
        let interaction = '';
        at(t, () => {
            interaction = org.insert(OBJECTS.interaction, {
                External_Id__c: `conv-${i}`,
                Status__c: 'Offered',
                OwnerId: agent,
                Channel__c: channel,
                Queue__c: queue
            });
            nudge(agent, 'offer', interaction);
        });
        at(t + 8_000, () => {
            org.insert(OBJECTS.action, { Type__c: 'Accept', Interaction__c: interaction }, agent);
            nudge(agent, 'interaction_changed', interaction, true);
        });
        for (let k = 0; k < customer; k++) {
            if (k > 0) at(t + 60_000 * k, () => nudge(agent, 'message', interaction, true));
            if (k < agentMessages) {
                const reply = t + 60_000 * k + 30_000;
                at(reply, () => {
                    org.insert(
                        OBJECTS.message,
                        {
                            Interaction__c: interaction,
                            Direction__c: 'Outbound',
                            Source__c: 'Agent',
                            Status__c: 'Queued',
                            Body__c: 'reply'
                        },
                        agent
                    );
                    nudge(agent, 'interaction_changed', interaction);
                });
                at(reply + 1_000, () => nudge(agent, 'message', interaction));
                at(reply + 3_000, () => nudge(agent, 'message', interaction));
            }
        }
        const ended = t + 60_000 * (customer - 1) + 60_000;
        at(ended, () => {
            org.insert(OBJECTS.action, { Type__c: 'End', Interaction__c: interaction }, agent);
            nudge(agent, 'interaction_changed', interaction);
            nudge(agent, 'agent_state', null, true);
        });
        at(ended + 20_000, () => {
            org.insert(OBJECTS.action, { Type__c: 'Wrap Up', Interaction__c: interaction }, agent);
            nudge(agent, 'interaction_changed', interaction);
            nudge(agent, 'agent_state', null, true);
        });
    }

    steps.sort((x, y) => x.at - y.at || x.order - y.order);
    const settle = async () => {
        await outbox.idle();
        await org.bus.drain();
    };
    for (const step of steps) {
        await scheduler.advanceTo(step.at, settle);
        step.run();
        await settle();
    }
    await scheduler.advanceTo(scheduler.now() + 60_000, settle);
    await outbox.flushAll();
    await org.bus.drain();
    await subscription.close();

    const stats = org.bus.snapshot();
    const toService = stats.byClient.service ?? 0;
    return {
        measures,
        published: outbox.stats.published,
        deliveriesToPanels: stats.deliveries - toService,
        deliveriesToService: toService,
        total: stats.deliveries,
        filteredOut: stats.filteredOut,
        actionsReceived
    };
}
