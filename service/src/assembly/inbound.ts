/**
 * The SMS edge's hand-over to the router. A stored customer message becomes the router's
 * `customerMessage` (idempotent on the message id); the records follow through the relay, which
 * writes the interaction and its customer messages before the agent's nudge. When the router
 * emitted nothing for the hand-over (work waiting in a queue with nobody to offer it to) the
 * records are written here, so that supervisors see waiting work and the message is never only in
 * the service.
 */
import type { Logger } from '../log';
import type { CustomerMessage, InboundRouting, RoutedTo } from '../provider';
import type { RouterEngine } from '../router';
import type { ServiceMetrics } from './serviceMetrics';

export interface RouterInboundDeps {
    router: Pick<RouterEngine, 'customerMessage'>;
    /** Writes an interaction's records now (the bridge's `syncInteractions`). */
    syncInteractions(ids: readonly string[]): Promise<unknown>;
    /** Resolves once the router holds the org's configuration. */
    ready: Promise<void>;
    now(): number;
    metrics?: ServiceMetrics;
    log: Logger;
}

export class RouterInbound implements InboundRouting {
    constructor(private readonly deps: RouterInboundDeps) {}

    async customerMessage(message: CustomerMessage): Promise<RoutedTo> {
        await this.deps.ready;
        const result = await this.deps.router.customerMessage({
            channelNumber: message.channelNumber,
            customerNumber: message.customerNumber,
            messageId: message.messageId
        });
        if (!result.duplicate) this.deps.metrics?.received(this.deps.now() - message.receivedAt);
        // A repeat hand-over (after a restart) may find records a crash left unwritten.
        if (result.duplicate || result.events.length === 0) {
            await this.deps.syncInteractions([result.interaction.id]);
        }
        this.deps.log.debug(
            {
                messageId: message.messageId,
                interactionId: result.interaction.id,
                created: result.created,
                duplicate: result.duplicate
            },
            'customer message routed'
        );
        return { interactionId: result.interaction.id, queueId: result.interaction.queueId };
    }
}
