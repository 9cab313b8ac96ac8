// A controllable stand-in for lightning/empApi (sfdx-lwc-jest's stub resolves everything to
// undefined and can fire nothing). Mirrors the platform's behaviour: isEmpEnabled resolves a
// boolean, onError callbacks are kept (there is no way to remove one), subscribe resolves the
// subscription object { id, channel, replayId } and delivers messages in the platform envelope
// { channel, data: { schema, payload, event: { replayId, EventUuid } } }.
//
// Tests drive it through `empApiMock`: fire messages to a channel, fire errors, make the next
// subscribe calls fail, switch empApi off, and inspect what is subscribed.

interface MockSubscription {
    id: string;
    channel: string;
    replayId: number;
}

interface Listener {
    subscription: MockSubscription;
    callback: (message: unknown) => void;
}

let enabled = true;
let listeners: Listener[] = [];
let errorCallbacks: Array<(error: unknown) => void> = [];
let subscribeFailures: unknown[] = [];
let nextSubscriptionId = 1;
let nextReplayId = 1000;

export const isEmpEnabled = jest.fn(() => Promise.resolve(enabled));

export const setDebugFlag = jest.fn(() => Promise.resolve(true));

export const onError = jest.fn((callback: (error: unknown) => void) => {
    errorCallbacks.push(callback);
});

export const subscribe = jest.fn((channel: string, replayId: number, callback: (message: unknown) => void) => {
    if (subscribeFailures.length > 0) {
        return Promise.reject(subscribeFailures.shift());
    }
    const subscription: MockSubscription = { id: `sub-${nextSubscriptionId++}`, channel, replayId };
    listeners.push({ subscription, callback });
    return Promise.resolve(subscription);
});

export const unsubscribe = jest.fn((subscription: MockSubscription, callback?: (response: unknown) => void) => {
    const before = listeners.length;
    listeners = listeners.filter((listener) => listener.subscription.id !== subscription?.id);
    const response = { successful: before !== listeners.length, subscription: subscription?.channel };
    if (callback) callback(response);
    return Promise.resolve(response);
});

/** Builds the envelope empApi hands to subscribers for a platform event. */
export function platformEventMessage(channel: string, payload: Record<string, unknown>, replayId?: number): unknown {
    const id = replayId ?? nextReplayId++;
    return {
        channel,
        data: {
            schema: 'Qm9va1NjaGVtYUlk',
            payload: { CreatedDate: '2026-11-25T15:00:00.000Z', CreatedById: '005000000000001AAA', ...payload },
            event: { replayId: id, EventUuid: `0d0e5e0f-0000-4000-8000-${String(id).padStart(12, '0')}` }
        }
    };
}

export const empApiMock = {
    /** Resets every control and the recorded calls. */
    reset(): void {
        enabled = true;
        listeners = [];
        errorCallbacks = [];
        subscribeFailures = [];
        nextSubscriptionId = 1;
        nextReplayId = 1000;
        isEmpEnabled.mockClear();
        setDebugFlag.mockClear();
        onError.mockClear();
        subscribe.mockClear();
        unsubscribe.mockClear();
    },
    setEnabled(value: boolean): void {
        enabled = value;
    },
    /** The next `count` subscribe calls reject with `error`. */
    failNextSubscribe(error: unknown, count = 1): void {
        for (let i = 0; i < count; i += 1) subscribeFailures.push(error);
    },
    /** Calls every registered onError callback, as the platform does when the connection fails. */
    fireError(error: unknown): void {
        for (const callback of [...errorCallbacks]) callback(error);
    },
    /** Delivers a message (an envelope, or a payload wrapped into one) to the channel's subscribers. */
    fireMessage(channel: string, payloadOrMessage: Record<string, unknown>, replayId?: number): void {
        const message =
            'data' in payloadOrMessage && 'channel' in payloadOrMessage
                ? payloadOrMessage
                : platformEventMessage(channel, payloadOrMessage, replayId);
        for (const listener of listeners.filter((l) => l.subscription.channel === channel)) {
            listener.callback(message);
        }
    },
    /** Channels with a live subscription, one entry per subscription. */
    subscribedChannels(): string[] {
        return listeners.map((listener) => listener.subscription.channel);
    }
};
