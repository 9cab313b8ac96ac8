import { empApiMock, isEmpEnabled, onError, subscribe, unsubscribe } from 'lightning/empApi';
import { createAgentEventStream, createCoalescer, sameUserId } from 'c/smsEvents';
import type { AgentEvent, ResyncReason, StreamState } from 'c/smsEvents';
import agentEvent from '../../smsAgentPanel/__tests__/data/agentEvent.json';
import { flushPromises } from '../../../../../test/test-utils';

const CHANNEL = '/event/SMS_Agent_Event__e';
const ME = '005000000000000000';

function setup() {
    const events: AgentEvent[] = [];
    const resyncs: ResyncReason[] = [];
    const states: StreamState[] = [];
    const errors: unknown[] = [];
    const stream = createAgentEventStream({
        channel: CHANNEL,
        recipientId: ME,
        onEvent: (e) => events.push(e),
        onResync: (r) => resyncs.push(r),
        onStateChange: (s, error) => {
            states.push(s);
            if (error !== undefined) errors.push(error);
        },
        initialRetryMs: 1000,
        maxRetryMs: 4000
    });
    return { stream, events, resyncs, states, errors };
}

function fire(payload: Record<string, unknown>, replayId?: number) {
    empApiMock.fireMessage(CHANNEL, { ...agentEvent.data.payload, ...payload }, replayId);
}

describe('c/smsEvents agent event stream', () => {
    beforeEach(() => {
        empApiMock.reset();
        jest.useFakeTimers();
    });

    afterEach(() => {
        jest.useRealTimers();
    });

    it('subscribes in the platform order: isEmpEnabled, onError, subscribe(channel, -1)', async () => {
        const { stream, states } = setup();
        await stream.start();
        expect(isEmpEnabled).toHaveBeenCalled();
        expect(onError).toHaveBeenCalledTimes(1);
        expect(subscribe).toHaveBeenCalledWith(CHANNEL, -1, expect.any(Function));
        const order = [isEmpEnabled, onError, subscribe].map((fn) => jest.mocked(fn).mock.invocationCallOrder[0]);
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(states).toEqual(['connecting', 'live']);
    });

    it('delivers the envelope from the platform as an event', async () => {
        const { stream, events } = setup();
        await stream.start();
        empApiMock.fireMessage(CHANNEL, agentEvent as unknown as Record<string, unknown>);
        expect(events).toEqual([{ type: 'offer', interactionId: 'a02000000000003AAA', sequence: 41, replayId: 18844 }]);
    });

    it("ignores other recipients' events and unknown types; compares 15- and 18-character Ids", async () => {
        const { stream, events } = setup();
        await stream.start();
        fire({ Recipient_Id__c: '005000000000001AAA', Sequence__c: 1 });
        fire({ Type__c: 'something_else', Sequence__c: 2 });
        fire({ Recipient_Id__c: ME.slice(0, 15), Sequence__c: 3 });
        expect(events.map((e) => e.sequence)).toEqual([3]);
        expect(sameUserId('005000000000000', '005000000000000AAA')).toBe(true);
        expect(sameUserId('005000000000000', '005000000000001')).toBe(false);
    });

    it('asks for a resync when the sequence has a gap, not when it follows on', async () => {
        const { stream, events, resyncs } = setup();
        await stream.start();
        fire({ Sequence__c: 7 });
        fire({ Sequence__c: 8 });
        expect(resyncs).toEqual([]);
        fire({ Sequence__c: 10 });
        expect(resyncs).toEqual(['gap']);
        expect(events).toHaveLength(3);
        fire({ Sequence__c: 11 });
        expect(resyncs).toEqual(['gap']);
    });

    it('asks for a resync when the sequence starts again, and drops an event delivered twice', async () => {
        const { stream, events, resyncs } = setup();
        await stream.start();
        fire({ Sequence__c: 20 }, 500);
        fire({ Sequence__c: 20 }, 500);
        expect(events).toHaveLength(1);
        fire({ Sequence__c: 1 }, 501);
        expect(resyncs).toEqual(['sequence_restarted']);
    });

    it('resyncs on a resync event', async () => {
        const { stream, resyncs } = setup();
        await stream.start();
        fire({ Type__c: 'resync', Interaction_Id__c: null, Sequence__c: 5 });
        expect(resyncs).toEqual(['resync_event']);
    });

    it('on an error reports the stream down, resubscribes with a growing backoff, then resyncs', async () => {
        const { stream, states, resyncs, errors } = setup();
        await stream.start();
        const failure = { channel: '/meta/connect', error: '403::Unknown client', successful: false };
        empApiMock.failNextSubscribe(new Error('Handshake denied'));
        empApiMock.fireError(failure);
        expect(states.at(-1)).toBe('down');
        expect(errors[0]).toBe(failure);
        expect(unsubscribe).toHaveBeenCalledTimes(1);
        expect(subscribe).toHaveBeenCalledTimes(1);

        jest.advanceTimersByTime(999);
        expect(subscribe).toHaveBeenCalledTimes(1);
        jest.advanceTimersByTime(1);
        await flushPromises();
        expect(subscribe).toHaveBeenCalledTimes(2); // failed: the next wait is twice as long
        expect(states.at(-1)).toBe('down');

        jest.advanceTimersByTime(1999);
        await flushPromises();
        expect(subscribe).toHaveBeenCalledTimes(2);
        jest.advanceTimersByTime(1);
        await flushPromises();
        expect(subscribe).toHaveBeenCalledTimes(3);
        expect(states.at(-1)).toBe('live');
        expect(resyncs).toEqual(['resubscribed']);
        expect(empApiMock.subscribedChannels()).toEqual([CHANNEL]);
    });

    it('reports a failed first subscribe as down and retries it', async () => {
        empApiMock.failNextSubscribe({ error: 'Insufficient permissions for this channel' });
        const { stream, states } = setup();
        await stream.start();
        expect(states).toEqual(['connecting', 'down']);
        jest.advanceTimersByTime(1000);
        await flushPromises();
        expect(states.at(-1)).toBe('live');
    });

    it('ignores errors about another component’s channel', async () => {
        const { stream, states } = setup();
        await stream.start();
        empApiMock.fireError({ subscription: '/event/Other_Event__e', error: 'boom', successful: false });
        expect(states.at(-1)).toBe('live');
    });

    it('says when empApi is not available', async () => {
        empApiMock.setEnabled(false);
        const { stream, states } = setup();
        await stream.start();
        expect(states.at(-1)).toBe('unavailable');
        expect(subscribe).not.toHaveBeenCalled();
    });

    it('unsubscribes on stop and delivers nothing afterwards', async () => {
        const { stream, events } = setup();
        await stream.start();
        await stream.stop();
        expect(unsubscribe).toHaveBeenCalledWith(expect.objectContaining({ channel: CHANNEL }));
        expect(empApiMock.subscribedChannels()).toEqual([]);
        fire({ Sequence__c: 1 });
        expect(events).toEqual([]);
    });

    it('retries at once when asked', async () => {
        empApiMock.failNextSubscribe(new Error('down'));
        const { stream, states } = setup();
        await stream.start();
        stream.retryNow();
        await flushPromises();
        expect(states.at(-1)).toBe('live');
    });
});

describe('c/smsEvents coalescer', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('turns a burst of requests into one run with every key', async () => {
        const run = jest.fn().mockResolvedValue(undefined);
        const coalescer = createCoalescer<'state' | 'conversation'>(run, 100);
        coalescer.request('state');
        coalescer.request('state');
        coalescer.request('conversation');
        jest.advanceTimersByTime(100);
        await flushPromises();
        expect(run).toHaveBeenCalledTimes(1);
        expect([...run.mock.calls[0][0]].sort()).toEqual(['conversation', 'state']);
    });

    it('runs once more after a run when requests arrived during it', async () => {
        let finish: () => void = () => undefined;
        const run = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
        const coalescer = createCoalescer<'state'>(run, 100);
        coalescer.request('state');
        jest.advanceTimersByTime(100);
        coalescer.request('state');
        coalescer.request('state');
        jest.advanceTimersByTime(500);
        expect(run).toHaveBeenCalledTimes(1);
        finish();
        await flushPromises();
        jest.advanceTimersByTime(100);
        expect(run).toHaveBeenCalledTimes(2);
    });

    it('runs nothing once cancelled', () => {
        const run = jest.fn();
        const coalescer = createCoalescer<'state'>(run, 100);
        coalescer.request('state');
        coalescer.cancel();
        jest.advanceTimersByTime(1000);
        expect(run).not.toHaveBeenCalled();
    });
});
