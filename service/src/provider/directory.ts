/**
 * A ChannelDirectory over settings held in memory: what the connector builds from the org's
 * SMS_Channel__c and SMS_Queue__c records, and what tests and the local console use directly.
 */
import { parseBusinessHours, type SalesforceBusinessHours } from './businessHours';
import type { ChannelDirectory, ChannelSettings, QueueSettings } from './types';

export interface StaticQueue {
    id: string;
    /** A BusinessHours record (validated here, once); none = always open. */
    businessHours?: SalesforceBusinessHours | null;
    afterHoursReply?: string | null;
}

export class StaticDirectory implements ChannelDirectory {
    private readonly channels = new Map<string, ChannelSettings>();
    private readonly queues = new Map<string, QueueSettings>();

    constructor(config: { channels?: ChannelSettings[]; queues?: StaticQueue[] } = {}) {
        for (const channel of config.channels ?? []) this.setChannel(channel);
        for (const queue of config.queues ?? []) this.setQueue(queue);
    }

    setChannel(channel: ChannelSettings): void {
        this.channels.set(channel.number, { ...channel });
    }

    /** Throws INVALID_BUSINESS_HOURS when the record is not valid. */
    setQueue(queue: StaticQueue): void {
        this.queues.set(queue.id, {
            id: queue.id,
            businessHours: queue.businessHours ? parseBusinessHours(queue.businessHours) : null,
            afterHoursReply: queue.afterHoursReply ?? null
        });
    }

    channel(number: string): ChannelSettings | undefined {
        return this.channels.get(number);
    }

    queue(queueId: string): QueueSettings | undefined {
        return this.queues.get(queueId);
    }
}
