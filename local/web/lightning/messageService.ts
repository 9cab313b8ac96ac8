/** lightning/messageService in the local console: one message bus for the page. */
import { constantAdapter, messageBus } from 'console/runtime';

export const APPLICATION_SCOPE = Symbol('APPLICATION_SCOPE');
export const MessageContext = constantAdapter({ local: 'message-context' });

interface Subscription {
    stop(): void;
}

export function subscribe(_context: unknown, channel: unknown, listener: (message: unknown) => void): Subscription {
    const stop = messageBus.subscribe((m) => {
        if (m.channel === channel) listener(m.message);
    });
    return { stop };
}

export function unsubscribe(subscription: Subscription | null | undefined): void {
    subscription?.stop();
}

export function publish(_context: unknown, channel: unknown, message?: unknown): void {
    messageBus.publish({ channel, message });
}

export function createMessageContext(): unknown {
    return { local: 'message-context' };
}

export function releaseMessageContext(): void {}
