/**
 * lightning/empApi in the local console: a subscription is a server-sent-event stream of the
 * local org's event bus (the same per-agent filtered channels, counted per user as CometD counts).
 */
import { session } from 'console/runtime';

export interface EmpSubscription {
    id: string;
    channel: string;
    replayId: number;
}

const streams = new Map<string, EventSource>();
const errorCallbacks: Array<(error: unknown) => void> = [];
let next = 1;

export function isEmpEnabled(): Promise<boolean> {
    return Promise.resolve(typeof EventSource === 'function');
}

export function setDebugFlag(): Promise<boolean> {
    return Promise.resolve(true);
}

export function onError(callback: (error: unknown) => void): void {
    errorCallbacks.push(callback);
}

export function subscribe(
    channel: string,
    replayId: number,
    callback: (message: unknown) => void
): Promise<EmpSubscription> {
    const params = new URLSearchParams({ topic: channel, replayId: String(replayId), user: session.userId });
    const source = new EventSource(`/api/events?${params.toString()}`);
    const subscription: EmpSubscription = { id: `sub-${next++}`, channel, replayId };
    return new Promise((resolve, reject) => {
        let opened = false;
        source.onopen = () => {
            opened = true;
            streams.set(subscription.id, source);
            resolve(subscription);
        };
        source.onmessage = (event: MessageEvent<string>) => callback(JSON.parse(event.data));
        source.onerror = () => {
            source.close();
            streams.delete(subscription.id);
            const error = { error: '403::Unknown client', channel, successful: false };
            if (!opened) reject(error);
            else for (const notify of [...errorCallbacks]) notify(error);
        };
    });
}

export function unsubscribe(subscription: EmpSubscription, callback?: (response: unknown) => void): Promise<unknown> {
    const source = subscription ? streams.get(subscription.id) : undefined;
    source?.close();
    if (subscription) streams.delete(subscription.id);
    const response = { successful: Boolean(source), subscription: subscription?.channel };
    callback?.(response);
    return Promise.resolve(response);
}
