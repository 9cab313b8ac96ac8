/**
 * The local org's event bus: platform events on their standard channel (`/event/X__e`) and on
 * custom channels (`/event/Name__chn`) whose members filter the stream, with replay, and a
 * delivery count per subscribed client — the figure Salesforce's 24-hour delivery allocation
 * counts. A filtered-out event on a custom channel is not delivered and does not count.
 */
import { randomUUID } from 'crypto';
import { ConnectorError } from '../errors';
import type { FieldValue } from '../types';
import { compileFilter, type EventFilter } from './filter';

/** The message shape empApi / CometD subscribers receive. */
export interface BusEventMessage {
    channel: string;
    data: {
        schema: string;
        payload: Record<string, FieldValue>;
        event: { replayId: number; EventUuid: string; EventApiName?: string };
    };
}

export interface ChannelMember {
    selectedEntity: string;
    filterExpression?: string;
}

export interface StoredEvent {
    entity: string;
    replayId: number;
    uuid: string;
    payload: Record<string, FieldValue>;
}

export interface BusState {
    nextReplayId: number;
    retained: StoredEvent[];
}

interface Subscription {
    clientId: string;
    topic: string;
    listener: (message: BusEventMessage) => void;
    active: boolean;
}

export interface BusStats {
    published: number;
    deliveries: number;
    filteredOut: number;
    byClient: Record<string, number>;
    byTopic: Record<string, number>;
}

/** Salesforce's allocation: custom channels for platform events per org. */
export const MAX_CUSTOM_CHANNELS = 100;
const RETAINED_EVENTS = 10_000;

export class EventBus {
    private readonly entities = new Map<string, { fields: Set<string>; schemaId: string }>();
    private readonly channels = new Map<string, Map<string, { expression?: string; filter: EventFilter | null }>>();
    private readonly retained: StoredEvent[] = [];
    private readonly subscriptions = new Set<Subscription>();
    private readonly pending: Array<() => void> = [];
    private flushing = false;
    private idle: Array<() => void> = [];
    private nextReplayId = 1;
    private stats: BusStats = { published: 0, deliveries: 0, filteredOut: 0, byClient: {}, byTopic: {} };

    constructor(private readonly now: () => number = Date.now) {}

    /** Notified after every publish (the local console persists the bus with the records). */
    onPublish: (() => void) | null = null;

    /**
     * What a restart needs to go on as the same bus: the next replay Id (replay Ids only grow, so
     * a subscriber resuming after a stored one gets every later event) and the newest retained
     * events (at most `limit`), so that an event published just before a stop is still delivered.
     */
    exportState(limit = 1000): BusState {
        return {
            nextReplayId: this.nextReplayId,
            retained: this.retained.slice(-limit).map((e) => ({ ...e, payload: { ...e.payload } }))
        };
    }

    /** Restores an exported state (before anyone subscribes). */
    importState(state: BusState): void {
        this.nextReplayId = Math.max(this.nextReplayId, state.nextReplayId);
        this.retained.length = 0;
        for (const e of state.retained) this.retained.push({ ...e, payload: { ...e.payload } });
    }

    defineEvent(name: string, fields: Iterable<string>, schemaId: string): void {
        this.entities.set(name, { fields: new Set(fields), schemaId });
    }

    /** Creates or replaces a custom channel (`Name__chn`) with its members and filters. */
    defineChannel(name: string, members: readonly ChannelMember[]): void {
        if (!/^[A-Za-z][A-Za-z0-9_]*__chn$/.test(name)) {
            throw new ConnectorError('FILTER_INVALID', `A custom channel is named Name__chn, not ${name}`);
        }
        if (!this.channels.has(name) && this.channels.size >= MAX_CUSTOM_CHANNELS) {
            throw new ConnectorError(
                'FILTER_INVALID',
                `An org holds at most ${MAX_CUSTOM_CHANNELS} custom platform event channels`
            );
        }
        const compiled = new Map<string, { expression?: string; filter: EventFilter | null }>();
        for (const member of members) {
            const entity = this.entities.get(member.selectedEntity);
            if (!entity) throw new ConnectorError('FILTER_INVALID', `No platform event ${member.selectedEntity}`);
            if (compiled.has(member.selectedEntity)) {
                throw new ConnectorError('FILTER_INVALID', `${member.selectedEntity} is already a member of ${name}`);
            }
            compiled.set(member.selectedEntity, {
                expression: member.filterExpression,
                filter: member.filterExpression ? compileFilter(member.filterExpression, entity.fields) : null
            });
        }
        this.channels.set(name, compiled);
    }

    /** Open subscriptions (all clients, all topics). */
    subscriberCount(): number {
        return this.subscriptions.size;
    }

    hasChannel(name: string): boolean {
        return this.channels.has(name);
    }

    channelNames(): string[] {
        return [...this.channels.keys()];
    }

    /** Publishes after commit: subscribers get it asynchronously, in order. */
    publish(
        entity: string,
        fields: Record<string, FieldValue>,
        publisherId: string
    ): { replayId: number; uuid: string } {
        const def = this.entities.get(entity);
        if (!def) throw new ConnectorError('FIELD_UNKNOWN', `No platform event ${entity}`);
        for (const key of Object.keys(fields)) {
            if (!def.fields.has(key)) throw new ConnectorError('FIELD_UNKNOWN', `${entity} has no field ${key}`);
        }
        const stored: StoredEvent = {
            entity,
            replayId: this.nextReplayId++,
            uuid: randomUUID(),
            payload: { CreatedDate: new Date(this.now()).toISOString(), CreatedById: publisherId, ...fields }
        };
        this.retained.push(stored);
        if (this.retained.length > RETAINED_EVENTS) this.retained.shift();
        this.stats.published++;
        for (const sub of this.subscriptions) this.offer(sub, stored);
        this.onPublish?.();
        return { replayId: stored.replayId, uuid: stored.uuid };
    }

    /**
     * Subscribes a client to a topic. `replayFrom`: -1 new events only (the tip), -2 every
     * retained event, or a replay Id to resume after.
     */
    subscribe(
        clientId: string,
        topic: string,
        replayFrom: number,
        listener: (message: BusEventMessage) => void
    ): () => void {
        this.resolveTopic(topic);
        const sub: Subscription = { clientId, topic, listener, active: true };
        this.subscriptions.add(sub);
        if (replayFrom !== -1) {
            for (const event of this.retained) {
                if (replayFrom === -2 || event.replayId > replayFrom) this.offer(sub, event);
            }
        }
        return () => {
            sub.active = false;
            this.subscriptions.delete(sub);
        };
    }

    /** Resolves when every queued delivery has been handed to its listener. */
    async drain(): Promise<void> {
        if (this.pending.length === 0 && !this.flushing) return;
        await new Promise<void>((resolve) => this.idle.push(resolve));
    }

    snapshot(): BusStats {
        return { ...this.stats, byClient: { ...this.stats.byClient }, byTopic: { ...this.stats.byTopic } };
    }

    resetStats(): void {
        this.stats = { published: 0, deliveries: 0, filteredOut: 0, byClient: {}, byTopic: {} };
    }

    private resolveTopic(topic: string): { kind: 'event'; entity: string } | { kind: 'channel'; name: string } {
        const m = /^\/event\/([A-Za-z0-9_]+)$/.exec(topic);
        if (m && m[1].endsWith('__e') && this.entities.has(m[1])) return { kind: 'event', entity: m[1] };
        if (m && m[1].endsWith('__chn') && this.channels.has(m[1])) return { kind: 'channel', name: m[1] };
        throw new ConnectorError('FIELD_UNKNOWN', `No such channel: ${topic}`);
    }

    private offer(sub: Subscription, event: StoredEvent): void {
        const topic = this.resolveTopic(sub.topic);
        let apiName: string | undefined;
        if (topic.kind === 'event') {
            if (topic.entity !== event.entity) return;
        } else {
            const member = this.channels.get(topic.name)?.get(event.entity);
            if (!member) return;
            if (member.filter && !member.filter(event.payload)) {
                this.stats.filteredOut++;
                return;
            }
            apiName = event.entity;
        }
        const message: BusEventMessage = {
            channel: sub.topic,
            data: {
                schema: this.entities.get(event.entity)!.schemaId,
                payload: { ...event.payload },
                event: {
                    replayId: event.replayId,
                    EventUuid: event.uuid,
                    ...(apiName ? { EventApiName: apiName } : {})
                }
            }
        };
        this.pending.push(() => {
            if (!sub.active) return;
            this.stats.deliveries++;
            this.stats.byClient[sub.clientId] = (this.stats.byClient[sub.clientId] ?? 0) + 1;
            this.stats.byTopic[sub.topic] = (this.stats.byTopic[sub.topic] ?? 0) + 1;
            sub.listener(message);
        });
        this.schedule();
    }

    private schedule(): void {
        if (this.flushing) return;
        this.flushing = true;
        setImmediate(() => {
            while (this.pending.length > 0) {
                const deliver = this.pending.shift()!;
                try {
                    deliver();
                } catch {
                    // A subscriber's failure never stops delivery to the others.
                }
            }
            this.flushing = false;
            const waiting = this.idle;
            this.idle = [];
            for (const resolve of waiting) resolve();
        });
    }
}
