// A working stand-in for lightning/messageService: subscribers per channel, publish delivers to
// them synchronously, unsubscribe removes one. The console's tab events (lightning__tabReplaced,
// lightning__tabClosed…) reach components this way; the workspace mock publishes them.
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const APPLICATION_SCOPE = Symbol('APPLICATION_SCOPE');
export const MessageContext = createTestWireAdapter(jest.fn());

interface Subscription {
    channel: unknown;
    listener: (message: unknown) => void;
    scope: symbol | undefined;
}

const subscriptions = new Set<Subscription>();

export const subscribe = jest.fn(
    (_context: unknown, channel: unknown, listener: (message: unknown) => void, options?: { scope?: symbol }) => {
        const subscription: Subscription = { channel, listener, scope: options?.scope };
        subscriptions.add(subscription);
        return subscription;
    }
);

export const unsubscribe = jest.fn((subscription: Subscription | null | undefined) => {
    if (subscription) subscriptions.delete(subscription);
});

export const publish = jest.fn((_context: unknown, channel: unknown, message?: unknown) => {
    for (const subscription of [...subscriptions]) {
        if (subscription.channel === channel) subscription.listener(message);
    }
});

export const messageServiceMock = {
    /** Channels with at least one subscriber, and the scope each asked for. */
    subscribed(): Array<{ channel: unknown; scope: symbol | undefined }> {
        return [...subscriptions].map((s) => ({ channel: s.channel, scope: s.scope }));
    },
    reset(): void {
        subscriptions.clear();
        subscribe.mockClear();
        unsubscribe.mockClear();
        publish.mockClear();
    }
};
