/**
 * The assembled service's own figures in /metrics: per queue, what waits and for how long (read
 * from the router at scrape time); routing latency (message stored → the router's decision);
 * messages in, out (accepted by the provider) and failed. The connector adds the agent actions,
 * offers, accepts, rejects, lapses and event deliveries.
 */
import type { Metrics } from '../metrics';
import type { MessageStatusUpdate } from '../provider';
import type { QueueStats } from '../router';

const MESSAGES = 'sms_messages_total';
const MESSAGES_HELP =
    'SMS messages: received from customers (inbound), accepted by the provider for sending (outbound)';
const FAILED = 'sms_messages_failed_total';
const FAILED_HELP = 'Outbound SMS messages that failed (refused by the provider or the carrier, or never confirmed)';
const LATENCY = 'sms_routing_latency_seconds';
const LATENCY_HELP = 'From a customer message stored to the router having queued or offered it';
/** Messages whose counting is remembered (a status is reported once per change; this bounds memory). */
const REMEMBERED = 10_000;

export class ServiceMetrics {
    private readonly counted = new Map<string, { out: boolean; failed: boolean }>();

    constructor(
        private readonly metrics: Metrics,
        queueStats: () => Promise<QueueStats[]>
    ) {
        metrics.declare(MESSAGES, MESSAGES_HELP, 'counter');
        metrics.declare(FAILED, FAILED_HELP, 'counter');
        metrics.addCollector(async () => {
            const stats = await queueStats();
            for (const name of [
                'sms_queue_waiting',
                'sms_queue_oldest_wait_seconds',
                'sms_queue_sla_breaches',
                'sms_queue_open_interactions',
                'sms_queue_capacity'
            ]) {
                metrics.reset(name);
            }
            for (const q of stats) {
                const labels = { queue: q.name, queue_id: q.queueId };
                metrics.set('sms_queue_waiting', 'Interactions waiting for an agent, per queue', labels, q.waiting);
                metrics.set(
                    'sms_queue_oldest_wait_seconds',
                    'How long the oldest waiting interaction has waited, per queue (0 when none waits)',
                    labels,
                    (q.oldestWaitMs ?? 0) / 1000
                );
                metrics.set(
                    'sms_queue_sla_breaches',
                    'Open interactions past the SLA target, per queue',
                    labels,
                    q.slaBreaches
                );
                metrics.set(
                    'sms_queue_open_interactions',
                    "Open interactions held by the queue's agents",
                    labels,
                    q.load.open
                );
                metrics.set('sms_queue_capacity', "The queue's agents' total capacity", labels, q.load.capacity);
            }
        });
    }

    /** A customer message handed to the router for the first time. */
    received(latencyMs: number): void {
        this.metrics.inc(MESSAGES, MESSAGES_HELP, { direction: 'inbound' });
        this.metrics.observe(LATENCY, LATENCY_HELP, Math.max(0, latencyMs) / 1000);
    }

    /** A committed status change of a message. */
    status(update: MessageStatusUpdate): void {
        if (update.direction !== 'outbound') return;
        let seen = this.counted.get(update.messageId);
        if (!seen) {
            seen = { out: false, failed: false };
            this.counted.set(update.messageId, seen);
            if (this.counted.size > REMEMBERED) this.counted.delete(this.counted.keys().next().value!);
        }
        if (update.providerSid && !seen.out) {
            seen.out = true;
            this.metrics.inc(MESSAGES, MESSAGES_HELP, { direction: 'outbound' });
        }
        if (update.recordStatus === 'Failed' && !seen.failed) {
            seen.failed = true;
            this.metrics.inc(FAILED, FAILED_HELP);
        }
    }
}
