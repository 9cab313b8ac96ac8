/**
 * A small in-memory stand-in for the router behind the InboundRouting port, for tests and for
 * running the SMS edge on its own: one open interaction per (company number, customer number),
 * on the queue of the company number; idempotent on the message id, as the port requires.
 */
import type { CustomerMessage, InboundRouting, RoutedTo } from './types';

export class InMemoryRouting implements InboundRouting {
    /** Every hand-over, repeats included, in order. */
    readonly handed: CustomerMessage[] = [];
    private readonly byMessage = new Map<string, RoutedTo>();
    private readonly open = new Map<string, RoutedTo>();
    private counter = 0;
    /** Hand-overs to refuse before accepting again (the router being down). */
    failNext = 0;
    /** Refuses the messages this returns true for (e.g. a company number the router does not know). */
    refuseWhen: ((message: CustomerMessage) => boolean) | undefined;

    constructor(private readonly queueOf: (channelNumber: string) => string = () => 'queue-1') {}

    async customerMessage(message: CustomerMessage): Promise<RoutedTo> {
        this.handed.push(message);
        if (this.failNext > 0) {
            this.failNext -= 1;
            throw new Error('router unavailable');
        }
        if (this.refuseWhen?.(message)) {
            throw Object.assign(new Error('unknown channel'), { code: 'UNKNOWN_CHANNEL' });
        }
        const known = this.byMessage.get(message.messageId);
        if (known) return known;
        const key = `${message.channelNumber}|${message.customerNumber}`;
        let routed = this.open.get(key);
        if (!routed) {
            this.counter += 1;
            routed = { interactionId: `interaction-${this.counter}`, queueId: this.queueOf(message.channelNumber) };
            this.open.set(key, routed);
        }
        this.byMessage.set(message.messageId, routed);
        return routed;
    }

    /** Ends the open interaction of a pair: the next message opens a new one. */
    close(channelNumber: string, customerNumber: string): void {
        this.open.delete(`${channelNumber}|${customerNumber}`);
    }

    /** Distinct messages handed over, in first hand-over order. */
    get messageIds(): string[] {
        return [...new Set(this.handed.map((m) => m.messageId))];
    }
}
