/**
 * A local gRPC server implementing Salesforce's published Pub/Sub API proto over a LocalOrg's
 * event bus: GetTopic, GetSchema (the real Avro schemas of both events), Publish (payloads
 * decoded with the schema, so a wrongly encoded event fails as it would in the org) and
 * Subscribe with the replay presets (LATEST, EARLIEST, CUSTOM) and flow control (never more
 * events than requested). Stream failures on demand: end every open stream now, or after a number
 * of events (mid-batch). Authentication by the tokens the fake REST server issued.
 */
import * as grpc from '@grpc/grpc-js';
import { ConnectorError } from '../errors';
import { AGENT_ACTION_EVENT, AGENT_EVENT } from '../model';
import type { LocalOrg } from '../local/localOrg';
import { EventCodec } from '../pubsub/avro';
import {
    pubSubPackage,
    ReplayPreset,
    type ConsumerEvent,
    type FetchRequest,
    type FetchResponse,
    type PublishRequest,
    type PublishResponse,
    type SchemaInfo,
    type TopicInfo
} from '../pubsub/proto';
import { AGENT_ACTION_SCHEMA, AGENT_EVENT_SCHEMA, schemaId, type AvroRecordSchema } from '../schemas';
import type { FieldValue } from '../types';
import type { BusEventMessage } from '../local/eventBus';

export interface FakePubSubOptions {
    org: LocalOrg;
    /** Resolves an access token to its user, or null (the fake REST server's `userOf`). */
    userOf(token: string): string | null;
    organizationId: string;
    /** Events per FetchResponse at most (Salesforce splits a requested batch over several). */
    chunk?: number;
}

interface TopicDef {
    entity: string;
    schema: AvroRecordSchema;
    schemaId: string;
    codec: EventCodec;
    canPublish: boolean;
    canSubscribe: boolean;
}

interface OpenStream {
    call: grpc.ServerDuplexStream<FetchRequest, FetchResponse>;
    failAfter: number | null;
    sent: number;
    end(code: grpc.status, details: string): void;
}

export function replayBytes(n: number): Buffer {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(n));
    return b;
}

export class FakePubSub {
    private server: grpc.Server | null = null;
    private readonly topics = new Map<string, TopicDef>();
    private readonly streams = new Set<OpenStream>();
    private failNextAfter: number | null = null;
    private clientSeq = 0;
    readonly stats = { subscribeCalls: 0, eventsSent: 0, published: 0, maxInFlight: 0 };
    endpoint = '';

    constructor(private readonly options: FakePubSubOptions) {
        for (const [entity, schema] of [
            [AGENT_EVENT, AGENT_EVENT_SCHEMA],
            [AGENT_ACTION_EVENT, AGENT_ACTION_SCHEMA]
        ] as const) {
            const id = schemaId(schema);
            this.topics.set(`/event/${entity}`, {
                entity,
                schema,
                schemaId: id,
                codec: new EventCodec(id, JSON.stringify(schema)),
                canPublish: true,
                canSubscribe: true
            });
        }
    }

    /** What the integration user may do on a topic (for the org check). */
    setAccess(topic: string, access: { canPublish?: boolean; canSubscribe?: boolean }): void {
        const t = this.topics.get(topic);
        if (t) Object.assign(t, access);
    }

    async start(): Promise<string> {
        const server = new grpc.Server();
        server.addService(pubSubPackage().eventbus.v1.PubSub.service, {
            GetTopic: (
                call: grpc.ServerUnaryCall<{ topic_name: string }, TopicInfo>,
                cb: grpc.sendUnaryData<TopicInfo>
            ) => this.unary(call, cb, () => this.getTopic(call.request.topic_name)),
            GetSchema: (
                call: grpc.ServerUnaryCall<{ schema_id: string }, SchemaInfo>,
                cb: grpc.sendUnaryData<SchemaInfo>
            ) => this.unary(call, cb, () => this.getSchema(call.request.schema_id)),
            Publish: (
                call: grpc.ServerUnaryCall<PublishRequest, PublishResponse>,
                cb: grpc.sendUnaryData<PublishResponse>
            ) => this.unary(call, cb, (user) => this.publish(call.request, user)),
            Subscribe: (call: grpc.ServerDuplexStream<FetchRequest, FetchResponse>) => this.subscribe(call),
            PublishStream: (call: grpc.ServerDuplexStream<unknown, unknown>) =>
                call.destroy(Object.assign(new Error('not implemented here'), { code: grpc.status.UNIMPLEMENTED })),
            ManagedSubscribe: (call: grpc.ServerDuplexStream<unknown, unknown>) =>
                call.destroy(Object.assign(new Error('not implemented here'), { code: grpc.status.UNIMPLEMENTED }))
        });
        const port = await new Promise<number>((resolve, reject) =>
            server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, p) =>
                error ? reject(error) : resolve(p)
            )
        );
        this.server = server;
        this.endpoint = `127.0.0.1:${port}`;
        return this.endpoint;
    }

    async stop(): Promise<void> {
        for (const s of [...this.streams]) s.end(grpc.status.UNAVAILABLE, 'server shutting down');
        if (this.server) {
            const server = this.server;
            this.server = null;
            await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
            server.forceShutdown();
        }
    }

    /** Ends every open Subscribe stream now, as a dropped connection would. */
    killStreams(code = grpc.status.UNAVAILABLE, details = 'stream reset by the server'): void {
        for (const s of [...this.streams]) s.end(code, details);
    }

    /** The next Subscribe stream ends after it has sent `events` events (mid-batch). */
    failNextStreamAfter(events: number): void {
        this.failNextAfter = events;
    }

    openStreams(): number {
        return this.streams.size;
    }

    private authenticate(metadata: grpc.Metadata): string {
        const token = metadata.get('accesstoken')[0];
        const tenant = metadata.get('tenantid')[0];
        const user = typeof token === 'string' ? this.options.userOf(token) : null;
        if (!user || tenant !== this.options.organizationId) {
            const md = new grpc.Metadata();
            md.set('error-code', 'sfdc.platform.eventbus.grpc.service.auth.error');
            throw Object.assign(new Error('authentication failed'), {
                code: grpc.status.UNAUTHENTICATED,
                details: 'authentication failed',
                metadata: md
            });
        }
        return user;
    }

    private unary<Res>(
        call: grpc.ServerUnaryCall<unknown, Res>,
        cb: grpc.sendUnaryData<Res>,
        fn: (user: string) => Res
    ): void {
        try {
            cb(null, fn(this.authenticate(call.metadata)));
        } catch (error) {
            const e = error as { code?: number; details?: string; message?: string; metadata?: grpc.Metadata };
            cb({
                code: e.code ?? grpc.status.INTERNAL,
                details: e.details ?? e.message ?? 'error',
                metadata: e.metadata
            } as grpc.ServiceError);
        }
    }

    private topic(name: string): TopicDef {
        const t = this.topics.get(name);
        if (!t)
            throw Object.assign(new Error('topic not found'), {
                code: grpc.status.NOT_FOUND,
                details: `topic ${name} not found`
            });
        return t;
    }

    private getTopic(name: string): TopicInfo {
        const t = this.topic(name);
        return {
            topic_name: name,
            tenant_guid: this.options.organizationId,
            can_publish: t.canPublish,
            can_subscribe: t.canSubscribe,
            schema_id: t.schemaId,
            rpc_id: `rpc-${Date.now()}`
        };
    }

    private getSchema(id: string): SchemaInfo {
        const t = [...this.topics.values()].find((x) => x.schemaId === id);
        if (!t)
            throw Object.assign(new Error('schema not found'), {
                code: grpc.status.NOT_FOUND,
                details: `schema ${id} not found`
            });
        return { schema_json: JSON.stringify(t.schema), schema_id: id, rpc_id: `rpc-${Date.now()}` };
    }

    private publish(request: PublishRequest, user: string): PublishResponse {
        const t = this.topic(request.topic_name);
        if (!t.canPublish)
            throw Object.assign(new Error('denied'), {
                code: grpc.status.PERMISSION_DENIED,
                details: 'no publish access'
            });
        const results = request.events.map((e) => {
            try {
                if (e.schema_id !== t.schemaId)
                    throw new ConnectorError('SCHEMA_MISMATCH', `unknown schema ${e.schema_id}`);
                const decoded = t.codec.decode(e.payload);
                const fields: Record<string, FieldValue> = {};
                for (const [k, v] of Object.entries(decoded)) {
                    if (!['CreatedDate', 'CreatedById', 'EventUuid'].includes(k)) fields[k] = v;
                }
                const { replayId } = this.options.org.bus.publish(t.entity, fields, user);
                this.stats.published++;
                return { replay_id: replayBytes(replayId), error: null, correlation_key: e.id };
            } catch (error) {
                return {
                    replay_id: Buffer.alloc(0),
                    error: { code: 1, msg: (error as Error).message },
                    correlation_key: e.id
                };
            }
        });
        return { results, schema_id: t.schemaId, rpc_id: `rpc-${Date.now()}` };
    }

    private subscribe(call: grpc.ServerDuplexStream<FetchRequest, FetchResponse>): void {
        this.stats.subscribeCalls++;
        let user: string;
        try {
            user = this.authenticate(call.metadata);
        } catch (error) {
            const e = error as { code: number; details: string; metadata: grpc.Metadata };
            call.emit(
                'error',
                Object.assign(new Error(e.details), { code: e.code, details: e.details, metadata: e.metadata })
            );
            return;
        }
        void user;
        const queue: ConsumerEvent[] = [];
        let requested = 0;
        let topic: TopicDef | null = null;
        let unsubscribe: () => void = () => undefined;
        const stream: OpenStream = {
            call,
            failAfter: this.failNextAfter,
            sent: 0,
            end: (code, details) => {
                if (!this.streams.has(stream)) return;
                this.streams.delete(stream);
                unsubscribe();
                // grpc-js sends a server stream's status when the stream emits an error.
                call.emit('error', Object.assign(new Error(details), { code, details }));
            }
        };
        this.failNextAfter = null;
        this.streams.add(stream);
        const chunk = this.options.chunk ?? 3;
        const send = () => {
            while (this.streams.has(stream) && requested > 0 && queue.length > 0) {
                let n = Math.min(chunk, requested, queue.length);
                if (stream.failAfter !== null) n = Math.min(n, stream.failAfter - stream.sent);
                if (n <= 0) {
                    stream.end(grpc.status.UNAVAILABLE, 'connection reset mid-batch');
                    return;
                }
                const events = queue.splice(0, n);
                requested -= n;
                stream.sent += n;
                this.stats.eventsSent += n;
                call.write({
                    events,
                    latest_replay_id: events[events.length - 1].replay_id,
                    rpc_id: 'rpc',
                    pending_num_requested: requested
                });
                if (stream.failAfter !== null && stream.sent >= stream.failAfter) {
                    stream.end(grpc.status.UNAVAILABLE, 'connection reset mid-batch');
                    return;
                }
            }
        };
        call.on('data', (request: FetchRequest) => {
            try {
                if (!topic) {
                    topic = this.topic(request.topic_name ?? '');
                    if (!topic.canSubscribe)
                        throw Object.assign(new Error('denied'), {
                            code: grpc.status.PERMISSION_DENIED,
                            details: 'no subscribe access'
                        });
                    let from = -1;
                    if (request.replay_preset === ReplayPreset.EARLIEST) from = -2;
                    else if (request.replay_preset === ReplayPreset.CUSTOM) {
                        const b = request.replay_id;
                        if (!b || b.length !== 8) {
                            throw Object.assign(new Error('bad replay'), {
                                code: grpc.status.INVALID_ARGUMENT,
                                details: 'The replay ID validation failed: replay id corrupted'
                            });
                        }
                        from = Number(b.readBigUInt64BE());
                    }
                    const def = topic;
                    unsubscribe = this.options.org.bus.subscribe(
                        `pubsub:${++this.clientSeq}`,
                        request.topic_name!,
                        from,
                        (m: BusEventMessage) => {
                            const payload = m.data.payload;
                            queue.push({
                                event: {
                                    id: m.data.event.EventUuid,
                                    schema_id: def.schemaId,
                                    payload: def.codec.encode({
                                        ...payload,
                                        CreatedDate: Date.parse(String(payload.CreatedDate)),
                                        EventUuid: m.data.event.EventUuid
                                    })
                                },
                                replay_id: replayBytes(m.data.event.replayId)
                            });
                            send();
                        }
                    );
                } else if (
                    request.topic_name &&
                    request.topic_name !== topic.entity &&
                    request.topic_name !== `/event/${topic.entity}`
                ) {
                    throw Object.assign(new Error('topic'), {
                        code: grpc.status.INVALID_ARGUMENT,
                        details: 'topic cannot change'
                    });
                }
                requested += request.num_requested ?? 0;
                this.stats.maxInFlight = Math.max(this.stats.maxInFlight, requested);
                send();
            } catch (error) {
                const e = error as { code?: number; details?: string };
                stream.end(e.code ?? grpc.status.INTERNAL, e.details ?? 'error');
            }
        });
        call.on('end', () => stream.end(grpc.status.CANCELLED, 'client closed'));
        call.on('cancelled', () => stream.end(grpc.status.CANCELLED, 'client cancelled'));
    }
}
