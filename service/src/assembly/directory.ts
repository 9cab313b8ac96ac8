/**
 * The SMS edge's view of the admin's configuration — each company number's HELP reply, each
 * queue's business hours and after-hours reply — rebuilt from the org's configuration every time
 * the connector loads a different one.
 */
import type { Logger } from '../log';
import type { OrgConfiguration } from '../connector/types';
import {
    StaticDirectory,
    type ChannelDirectory,
    type ChannelSettings,
    type QueueSettings,
    type SalesforceBusinessHours
} from '../provider';

export class OrgDirectory implements ChannelDirectory {
    private current = new StaticDirectory();

    constructor(private readonly log: Logger) {}

    update(config: OrgConfiguration): void {
        const hours = new Map<string, SalesforceBusinessHours>();
        for (const record of config.businessHours ?? []) {
            if (typeof record.Name === 'string' && typeof record.TimeZoneSidKey === 'string') {
                hours.set(record.Name.toLowerCase(), record as unknown as SalesforceBusinessHours);
            }
        }
        const next = new StaticDirectory({
            channels: config.channels.map((c) => ({ number: c.phoneNumber, helpReply: c.helpReply }))
        });
        for (const queue of config.queues) {
            const named = queue.businessHoursName;
            const record = named ? hours.get(named.toLowerCase()) : undefined;
            if (named && !record) {
                this.log.warn(
                    { queueId: queue.id, businessHours: named },
                    'the queue names business hours the org does not have (or not active); it counts as always open'
                );
            }
            try {
                next.setQueue({ id: queue.id, businessHours: record ?? null, afterHoursReply: queue.afterHoursReply });
            } catch (error) {
                this.log.error(
                    { err: error, queueId: queue.id, businessHours: named },
                    'the business hours are not valid; the queue counts as always open'
                );
                next.setQueue({ id: queue.id, businessHours: null, afterHoursReply: queue.afterHoursReply });
            }
        }
        this.current = next;
    }

    channel(number: string): ChannelSettings | undefined {
        return this.current.channel(number);
    }

    queue(queueId: string): QueueSettings | undefined {
        return this.current.queue(queueId);
    }
}
