/**
 * The panel under a simulated shift, in jsdom with the real components (run through jest: see
 * bench/jest.panel.config.js and `npm run bench:panel`).
 *
 * A small in-memory "service" holds the agent's records — 10 active interactions with 500
 * messages each by default — and, tick by tick over the shift, changes them the way the router
 * does: customer messages arrive (unread counts, SLA flags, last-writer times), the agent replies,
 * deliveries fail, interactions end, are wrapped up and are replaced by new ones, offers come and
 * go, the agent switches conversations. Every change is announced with an SMS_Agent_Event__e in
 * empApi's envelope; the panel coalesces, calls the wire's refresh, and the "service" answers
 * with the GraphQL response of the records as they now are (the same shapes as the fixtures).
 *
 * Measured: the time from the event to the rendered DOM (per update), and the JavaScript heap
 * after a forced garbage collection, once warmed up and at the end of the shift.
 */
import { performance as realPerformance } from 'perf_hooks';
import v8 from 'v8';
import vm from 'vm';
import { createElement } from 'lwc';
import SmsAgentPanel from 'c/smsAgentPanel';
import { graphqlMock } from 'lightning/graphql';
import { empApiMock } from 'lightning/empApi';
import { createRecord, getRecords, updateRecord } from 'lightning/uiRecordApi';
import { navigationMock } from 'lightning/navigation';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import objectInfo from '../../main/default/lwc/smsAgentPanel/__tests__/data/interactionObjectInfo.json';
import picklist from '../../main/default/lwc/smsAgentPanel/__tests__/data/dispositionPicklist.json';
import { configData } from '../panelFixtures';
import { flushPromises, ldsAdapter } from '../test-utils';

export interface BenchOptions {
    interactions: number;
    messagesPerInteraction: number;
    shiftHours: number;
    /** Seconds between two service events (each one is an update of the panel). */
    eventEverySeconds: number;
}

export const FULL: BenchOptions = {
    interactions: 10,
    messagesPerInteraction: 500,
    shiftHours: 8,
    eventEverySeconds: 10
};
export const QUICK: BenchOptions = {
    interactions: 10,
    messagesPerInteraction: 50,
    shiftHours: 0.25,
    eventEverySeconds: 10
};

export interface BenchResult {
    options: BenchOptions;
    updates: number;
    renderedMessages: number;
    msPerUpdate: { mean: number; p50: number; p95: number; max: number };
    initialRenderMs: number;
    heapWarmMb: number;
    heapEndMb: number;
    heapGrowthPercent: number;
}

const USER = '005000000000000000';
const CHANNEL = '/event/SMS_Agent_Event__e';
const COALESCE_MS = 150;
// Captured before the fake timers replace it: the bench yields to the real event loop with it.
const realSetTimeout = setTimeout;
const START = Date.parse('2026-11-25T08:00:00.000Z');

type Field = { value: unknown };
type Node = { Id: string } & Record<string, Field | { [k: string]: Field } | string>;

function f(value: unknown): Field {
    return { value };
}

function idOf(prefix: string, n: number): string {
    return `${prefix}${String(n).padStart(12, '0')}AAA`;
}

/** The records the service holds for one agent. */
class FakeService {
    private seq = 0;
    private nextInteraction = 1;
    private nextMessage = 1;
    readonly interactions: Node[] = [];
    readonly messages = new Map<string, Node[]>();
    offer: Node | null = null;
    private readonly rand: () => number;

    constructor(
        private readonly options: BenchOptions,
        private now: () => number
    ) {
        let seed = 42;
        this.rand = () => {
            seed = (seed * 1103515245 + 12345) % 2147483648;
            return seed / 2147483648;
        };
        for (let i = 0; i < options.interactions; i += 1) this.openInteraction();
    }

    private iso(offsetMs = 0): string {
        return new Date(this.now() + offsetMs).toISOString();
    }

    private openInteraction(): Node {
        const n = this.nextInteraction++;
        const id = idOf('a02', n);
        const accepted = this.iso(-60000 * (this.options.interactions - this.interactions.length));
        const node: Node = {
            Id: id,
            Name: f(`SMS-${String(n).padStart(6, '0')}`),
            Customer_Phone__c: f(`+1415555${String(1000 + (n % 9000)).padStart(4, '0')}`),
            Channel__c: f('a03000000000001AAA'),
            Channel__r: { Name: f('Support US'), Phone_Number__c: f('+14155550100') },
            Queue__c: f('a04000000000001AAA'),
            Queue__r: { Name: f('Support') },
            Direction__c: f('Inbound'),
            Status__c: f('Active'),
            Initiated_At__c: f(accepted),
            Offered_At__c: f(accepted),
            Offer_Expires_At__c: f(null),
            Accepted_At__c: f(accepted),
            Terminated_At__c: f(null),
            Wrap_Up_Deadline__c: f(null),
            Disposition__c: f(null),
            Disposition_Required__c: f(false),
            Matched_Record_Ids__c: f('003000000000001AAA'),
            Match_Count__c: f(1),
            Contact__c: f(null),
            Lead__c: f(null),
            Account__c: f(null),
            Case__c: f(null),
            Chat_Log_Task_Id__c: f(null),
            Unread_Count__c: f(0),
            Awaiting_Reply_Since__c: f(null),
            SLA_Due_At__c: f(null),
            SLA_Breached__c: f(false),
            Delivery_Failed__c: f(false),
            Customer_Opted_Out__c: f(false),
            Last_Customer_Message_At__c: f(accepted),
            Last_Agent_Message_At__c: f(null)
        };
        this.interactions.push(node);
        const list: Node[] = [];
        for (let m = 0; m < this.options.messagesPerInteraction; m += 1) {
            list.push(
                this.message(m % 2 === 0 ? 'Inbound' : 'Outbound', -1000 * (this.options.messagesPerInteraction - m))
            );
        }
        this.messages.set(id, list);
        return node;
    }

    private message(direction: 'Inbound' | 'Outbound', offsetMs = 0): Node {
        const n = this.nextMessage++;
        const inbound = direction === 'Inbound';
        return {
            Id: idOf('a06', n),
            Direction__c: f(direction),
            Source__c: f(inbound ? 'Customer' : 'Agent'),
            Body__c: f(
                inbound
                    ? `Message ${n} from the customer about order ${1000 + (n % 500)}.`
                    : `Reply ${n}: thanks, I am checking order ${1000 + (n % 500)} for you now.`
            ),
            Status__c: f(inbound ? 'Received' : 'Delivered'),
            Error_Code__c: f(null),
            Error_Message__c: f(null),
            Segments__c: f(1),
            Encoding__c: f('GSM-7'),
            Sent_At__c: f(inbound ? null : this.iso(offsetMs)),
            Delivered_At__c: f(inbound ? null : this.iso(offsetMs)),
            Resend_Of__c: f(null),
            CreatedDate: f(this.iso(offsetMs))
        };
    }

    private append(interactionId: string, message: Node): void {
        const list = this.messages.get(interactionId)!;
        list.push(message);
        // The conversation keeps its size: the bench measures a steady 500 messages.
        if (list.length > this.options.messagesPerInteraction) list.shift();
    }

    /** One change of the shift; returns the event the service publishes. */
    step(selectedId: string | null): Record<string, unknown> {
        const roll = this.rand();
        const status = (i: Node) => (i.Status__c as Field).value;
        const active = this.interactions.filter((i) => status(i) === 'Active');
        const ended = this.interactions.filter((i) => status(i) === 'Post-processing');
        let type = 'interaction_changed';
        let interactionId: string | null = null;
        if (this.offer) {
            // The standing offer is accepted (the agent keeps a full load) or lapses to the next agent.
            const offer = this.offer;
            this.offer = null;
            interactionId = offer.Id;
            if (this.interactions.length < this.options.interactions) {
                offer.Status__c = f('Active');
                offer.Offer_Expires_At__c = f(null);
                offer.Accepted_At__c = f(this.iso());
                this.interactions.push(offer);
            } else {
                type = 'offer_withdrawn';
                this.messages.delete(offer.Id);
            }
        } else if (this.interactions.length < this.options.interactions) {
            // Capacity is free: the router offers the next SMS.
            const fresh = this.openInteraction();
            this.interactions.pop();
            fresh.Status__c = f('Offered');
            fresh.Accepted_At__c = f(null);
            fresh.Offer_Expires_At__c = f(this.iso(30000));
            this.offer = fresh;
            type = 'offer';
            interactionId = fresh.Id;
        } else if (ended.length > 0 && roll < 0.3) {
            // Wrapped up: it closes and leaves the agent's list.
            const done = ended[0];
            this.interactions.splice(this.interactions.indexOf(done), 1);
            this.messages.delete(done.Id);
            interactionId = done.Id;
        } else if (roll < 0.04 && active.length > 1) {
            const target = active[Math.floor(this.rand() * active.length)];
            target.Status__c = f('Post-processing');
            target.Terminated_At__c = f(this.iso());
            target.Wrap_Up_Deadline__c = f(this.iso(120000));
            interactionId = target.Id;
        } else if (active.length > 0) {
            const target = active[Math.floor(this.rand() * active.length)];
            interactionId = target.Id;
            type = 'message';
            if (roll < 0.55 || target.Id !== selectedId) {
                this.append(target.Id, this.message('Inbound'));
                target.Unread_Count__c = f(((target.Unread_Count__c as Field).value as number) + 1);
                target.Last_Customer_Message_At__c = f(this.iso());
                target.SLA_Breached__c = f(roll > 0.45);
            } else {
                const reply = this.message('Outbound');
                if (roll > 0.97) {
                    reply.Status__c = f('Failed');
                    reply.Error_Message__c = f('Unreachable destination handset');
                    target.Delivery_Failed__c = f(true);
                }
                this.append(target.Id, reply);
                target.Unread_Count__c = f(0);
                target.SLA_Breached__c = f(false);
                target.Last_Agent_Message_At__c = f(this.iso());
            }
        }
        this.seq += 1;
        return {
            Recipient_Id__c: USER,
            Type__c: type,
            Interaction_Id__c: interactionId,
            Sequence__c: this.seq,
            CreatedDate: this.iso(),
            CreatedById: '005000000000009AAA'
        };
    }

    stateData(): unknown {
        const open = [...this.interactions, ...(this.offer ? [this.offer] : [])];
        return {
            uiapi: {
                query: {
                    SMS_Agent__c: {
                        edges: [
                            {
                                node: {
                                    Id: 'a01000000000001AAA',
                                    Name: f('Ada Agent'),
                                    Status__c: f('Available'),
                                    Status_Reason__c: f('Agent'),
                                    Status_Changed_At__c: f(this.iso()),
                                    Stop_New__c: f(false),
                                    Max_Interactions__c: f(this.options.interactions),
                                    Open_Interactions__c: f(open.length),
                                    Event_Channel__c: f(CHANNEL)
                                }
                            }
                        ]
                    },
                    SMS_Interaction__c: { edges: open.map((node) => ({ node: { ...node } })) },
                    SMS_Agent_Action__c: { edges: [] }
                }
            }
        };
    }

    /** The chat log's read: one interaction's messages, oldest first. */
    chatLogData(interactionId: string): unknown {
        const list = this.messages.get(interactionId) ?? [];
        const edges = list.map((node) => ({ node: { ...node, Interaction__c: f(interactionId) } }));
        return { uiapi: { query: { SMS_Message__c: { edges, pageInfo: { hasNextPage: false } } } } };
    }

    conversationData(interactionId: string | null): unknown {
        const list = interactionId ? (this.messages.get(interactionId) ?? []) : [];
        const edges = [];
        for (let i = list.length - 1; i >= 0; i -= 1) edges.push({ node: { ...list[i] } });
        return { uiapi: { query: { SMS_Message__c: { edges, pageInfo: { hasNextPage: false } } } } };
    }
}

function collectGarbage(): () => void {
    v8.setFlagsFromString('--expose_gc');
    return vm.runInNewContext('gc') as () => void;
}

async function heapMb(gc: () => void): Promise<number> {
    await nextTask();
    gc();
    gc();
    return process.memoryUsage().heapUsed / (1024 * 1024);
}

function percentile(sorted: number[], p: number): number {
    if (sorted.length === 0) return 0;
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// The DOM is walked through childNodes and shadow roots: with the engine in production mode,
// querySelector does not reach into nested synthetic shadow trees under jsdom.
function find(root: Node, match: (el: Element) => boolean): Element | null {
    for (const child of Array.from(root.childNodes)) {
        if (child.nodeType !== 1) continue;
        const el = child as Element;
        if (match(el)) return el;
        const found = find(el, match) ?? (el.shadowRoot ? find(el.shadowRoot, match) : null);
        if (found) return found;
    }
    return null;
}

function count(root: Node, match: (el: Element) => boolean): number {
    let n = 0;
    for (const child of Array.from(root.childNodes)) {
        if (child.nodeType !== 1) continue;
        const el = child as Element;
        if (match(el)) n += 1;
        n += count(el, match) + (el.shadowRoot ? count(el.shadowRoot, match) : 0);
    }
    return n;
}

async function settle(): Promise<void> {
    await flushPromises(8);
}

/**
 * Lets the real event loop turn. In a browser every event arrives in a task of its own; without
 * this the whole shift would run as one job, and V8 keeps every WeakRef target alive until a job
 * ends (the LWC engine's development build holds its components through WeakRefs).
 */
function nextTask(): Promise<void> {
    return new Promise((resolve) => realSetTimeout(resolve, 0));
}

/** Runs the shift. Needs jest fake timers that leave `performance` and microtasks real. */
export async function runPanelBench(options: BenchOptions): Promise<BenchResult> {
    const gc = collectGarbage();
    jest.useFakeTimers({
        now: START,
        doNotFake: ['performance', 'hrtime', 'nextTick', 'queueMicrotask']
    });
    empApiMock.reset();
    graphqlMock.reset();
    jest.mocked(createRecord).mockResolvedValue({
        apiName: 'SMS_Agent_Action__c',
        id: 'a05000000000001AAA',
        fields: {}
    });

    const service = new FakeService(options, () => Date.now());
    let selectedId: string | null = null;
    const refreshState = (): Promise<void> => {
        graphqlMock.emit('smsPanelState', service.stateData(), refreshState);
        return Promise.resolve();
    };
    const refreshConversation = (): Promise<void> => {
        graphqlMock.emit('smsConversation', service.conversationData(selectedId), refreshConversation);
        return Promise.resolve();
    };
    const refreshConfig = (): Promise<void> => {
        graphqlMock.emit('smsPanelConfig', configData(), refreshConfig);
        return Promise.resolve();
    };
    // The CRM reads answer as the platform does: the one matching Contact, and a transcript when an
    // interaction ended (the Task is then created and opened).
    let matchesAnswered = '';
    const answerCrmReads = async (): Promise<void> => {
        const config = ldsAdapter(getRecords).getLastConfig() as { records?: Array<{ recordIds: string[] }> } | null;
        const asked = (config?.records ?? []).flatMap((group) => group.recordIds);
        if (asked.join(',') !== matchesAnswered) {
            matchesAnswered = asked.join(',');
            ldsAdapter(getRecords).emit({
                results: asked.map((id) => ({
                    statusCode: 200,
                    result: { apiName: 'Contact', id, fields: { Name: f('Sam Smith'), Phone: f('+14155551000') } }
                }))
            });
            await settle();
        }
        const chatLog = graphqlMock.configOf('smsChatLog');
        const reading = chatLog?.query ? (chatLog.variables?.interactionId as string | undefined) : undefined;
        if (reading) {
            graphqlMock.emit('smsChatLog', service.chatLogData(reading));
            await settle();
        }
        // What the test doubles record about each call (a chat log's whole description among
        // it) is the bench's, not the panel's: it must not count as the panel's heap.
        navigationMock.reset();
        jest.mocked(createRecord).mockClear();
        jest.mocked(updateRecord).mockClear();
    };

    const element = createElement('c-sms-agent-panel', { is: SmsAgentPanel });
    const started = realPerformance.now();
    document.body.appendChild(element);
    await refreshConfig();
    ldsAdapter(getObjectInfo).emit(objectInfo);
    await settle();
    ldsAdapter(getPicklistValues).emit(picklist);
    await refreshState();
    await settle();
    const list = () =>
        (
            element.shadowRoot!.querySelector('c-sms-interaction-list') as unknown as {
                items: Array<{ interaction: { id: string }; selected: boolean }>;
            }
        ).items;
    selectedId = list().find((i) => i.selected)?.interaction.id ?? null;
    await refreshConversation();
    await settle();
    const initialRenderMs = realPerformance.now() - started;

    const transcript = () => {
        const host = find(element.shadowRoot!, (el) => el.tagName === 'C-SMS-TRANSCRIPT');
        return host?.shadowRoot ? count(host.shadowRoot, (el) => el.classList.contains('sms-msg')) : 0;
    };
    const renderedMessages = transcript();

    const totalSteps = Math.round((options.shiftHours * 3600) / options.eventEverySeconds);
    const warmUpAt = Math.max(1, Math.round(totalSteps * 0.1));
    const times: number[] = [];
    let heapWarmMb = 0;

    // The shift is a sequence: each event waits for the panel to render the previous one.
    /* eslint-disable no-await-in-loop */
    for (let step = 0; step < totalSteps; step += 1) {
        // Between events: the clock runs (countdowns tick), sometimes the agent switches conversations.
        jest.advanceTimersByTime(options.eventEverySeconds * 1000 - COALESCE_MS);
        if (step % 25 === 0) {
            const items = list();
            if (items.length > 0) {
                const next = items[(step / 25) % items.length].interaction.id;
                const listElement = element.shadowRoot!.querySelector('c-sms-interaction-list')!;
                listElement.dispatchEvent(new CustomEvent('select', { detail: { interactionId: next } }));
                await settle();
                selectedId = next;
                await refreshConversation();
                await settle();
            }
        }
        await nextTask();
        const payload = service.step(selectedId);
        const t0 = realPerformance.now();
        empApiMock.fireMessage(CHANNEL, payload);
        jest.advanceTimersByTime(COALESCE_MS);
        await settle();
        // The panel may have opened another interaction by itself (the open one closed, an offer
        // was accepted): its wire asks for that conversation, and the answer is part of the update.
        const nowSelected = list().find((i) => i.selected)?.interaction.id ?? null;
        if (nowSelected !== selectedId) {
            selectedId = nowSelected;
            await refreshConversation();
            await settle();
        }
        times.push(realPerformance.now() - t0);
        await answerCrmReads();
        if (step + 1 === warmUpAt) heapWarmMb = await heapMb(gc);
    }
    /* eslint-enable no-await-in-loop */
    const heapEndMb = await heapMb(gc);

    document.body.removeChild(element);
    jest.useRealTimers();

    const sorted = [...times].sort((a, b) => a - b);
    const mean = times.reduce((sum, t) => sum + t, 0) / Math.max(1, times.length);
    return {
        options,
        updates: times.length,
        renderedMessages,
        msPerUpdate: { mean, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0 },
        initialRenderMs,
        heapWarmMb,
        heapEndMb,
        heapGrowthPercent: heapWarmMb > 0 ? ((heapEndMb - heapWarmMb) / heapWarmMb) * 100 : 0
    };
}

export function formatResult(result: BenchResult): string {
    const o = result.options;
    const ms = result.msPerUpdate;
    const r = (n: number) => n.toFixed(1);
    return [
        `panel bench: ${o.interactions} interactions × ${o.messagesPerInteraction} messages, ` +
            `${o.shiftHours} h shift, one event every ${o.eventEverySeconds} s ` +
            `(jsdom, LWC engine in ${process.env.NODE_ENV === 'production' ? 'production' : 'development'} mode)`,
        `  messages rendered in the open conversation: ${result.renderedMessages}`,
        `  first render: ${r(result.initialRenderMs)} ms`,
        `  updates: ${result.updates}`,
        `  ms per update (event → DOM): mean ${r(ms.mean)}, p50 ${r(ms.p50)}, p95 ${r(ms.p95)}, max ${r(ms.max)}` +
            `  (goal ≤ 50)`,
        `  heap after warm-up: ${r(result.heapWarmMb)} MB; at the end of the shift: ${r(result.heapEndMb)} MB; ` +
            `growth ${r(result.heapGrowthPercent)} % (goal within 10 %)`
    ].join('\n');
}
