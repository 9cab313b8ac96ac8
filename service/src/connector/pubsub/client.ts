/**
 * A Pub/Sub API client on @grpc/grpc-js and Salesforce's proto: GetTopic, GetSchema (Avro
 * schemas cached by Id), Publish, and Subscribe with flow control — a bounded batch is requested,
 * processed, and only then is the next batch requested. The session (access token, instance URL,
 * org Id) goes in each call's metadata; an UNAUTHENTICATED answer makes it fetch a fresh token.
 */
import { randomUUID } from 'crypto';
import * as grpc from '@grpc/grpc-js';
import { ConnectorError } from '../errors';
import type { SalesforceSession } from '../rest/jwt';
import type { FieldValue } from '../types';
import { EventCodec } from './avro';
import {
    pubSubPackage,
    ReplayPreset,
    type FetchRequest,
    type FetchResponse,
    type PubSubClientStub,
    type TopicInfo
} from './proto';

export interface SessionSource {
    getSession(): Promise<SalesforceSession>;
    refresh(): Promise<SalesforceSession>;
}

export interface PubSubClientOptions {
    /** host:port, e.g. api.pubsub.salesforce.com:7443. */
    endpoint: string;
    /** Plain text instead of TLS: only for a server on this machine. */
    insecure?: boolean;
    auth: SessionSource;
}

export interface ReceivedEvent {
    uuid: string;
    replayId: Buffer;
    payload: Record<string, FieldValue>;
}

export type ReplayStart = { preset: 'LATEST' } | { preset: 'EARLIEST' } | { preset: 'CUSTOM'; replayId: Buffer };

export interface SubscribeOptions {
    replay: ReplayStart;
    batchSize: number;
    onBatch(events: ReceivedEvent[]): Promise<void>;
    /** An empty keepalive batch with the stream's latest replay Id, while nothing is pending. */
    onKeepalive?(latestReplayId: Buffer): Promise<void>;
    /** The stream ended (error: why; null when closed by us). Called once. */
    onEnd(error: grpc.ServiceError | Error | null): void;
}

export interface StreamHandle {
    close(): void;
    /** Resolves when no batch is being processed (after an end, before resuming). */
    idle(): Promise<void>;
}

function isLoopback(endpoint: string): boolean {
    const host = endpoint.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export class PubSubClient {
    private readonly stub: PubSubClientStub;
    private readonly codecs = new Map<string, EventCodec>();
    private readonly topics = new Map<string, TopicInfo>();

    constructor(private readonly options: PubSubClientOptions) {
        if (options.insecure && !isLoopback(options.endpoint)) {
            throw new ConnectorError(
                'PUBSUB_ERROR',
                'A plain-text Pub/Sub connection is only allowed to a server on this machine'
            );
        }
        const { PubSub } = pubSubPackage().eventbus.v1;
        this.stub = new PubSub(
            options.endpoint,
            options.insecure ? grpc.credentials.createInsecure() : grpc.credentials.createSsl(),
            {
                'grpc.keepalive_time_ms': 60_000
            }
        );
    }

    close(): void {
        this.stub.close();
    }

    connectivity(): grpc.connectivityState {
        return this.stub.getChannel().getConnectivityState(false);
    }

    private async metadata(session?: SalesforceSession): Promise<grpc.Metadata> {
        const s = session ?? (await this.options.auth.getSession());
        const m = new grpc.Metadata();
        m.set('accesstoken', s.accessToken);
        m.set('instanceurl', s.instanceUrl);
        m.set('tenantid', s.organizationId);
        return m;
    }

    private async unary<Req, Res>(
        call: (req: Req, md: grpc.Metadata, cb: (e: grpc.ServiceError | null, r?: Res) => void) => grpc.ClientUnaryCall,
        request: Req,
        what: string
    ): Promise<Res> {
        const once = async (md: grpc.Metadata) =>
            new Promise<Res>((resolve, reject) =>
                call.call(this.stub, request, md, (error, response) =>
                    error ? reject(error) : resolve(response as Res)
                )
            );
        try {
            return await once(await this.metadata());
        } catch (error) {
            const e = error as grpc.ServiceError;
            if (e.code === grpc.status.UNAUTHENTICATED) {
                try {
                    return await once(await this.metadata(await this.options.auth.refresh()));
                } catch (again) {
                    throw pubSubError(again, what);
                }
            }
            throw pubSubError(error, what);
        }
    }

    async getTopic(topicName: string, fresh = false): Promise<TopicInfo> {
        const cached = this.topics.get(topicName);
        if (cached && !fresh) return cached;
        const info = await this.unary(this.stub.GetTopic, { topic_name: topicName }, `GetTopic ${topicName}`);
        this.topics.set(topicName, info);
        return info;
    }

    async codec(schemaId: string): Promise<EventCodec> {
        let codec = this.codecs.get(schemaId);
        if (!codec) {
            const info = await this.unary(this.stub.GetSchema, { schema_id: schemaId }, `GetSchema ${schemaId}`);
            codec = new EventCodec(schemaId, info.schema_json);
            this.codecs.set(schemaId, codec);
        }
        return codec;
    }

    /** Publishes events (plain field maps) and returns their replay Ids; any failed event fails the call. */
    async publish(topicName: string, events: ReadonlyArray<Record<string, FieldValue>>): Promise<Buffer[]> {
        if (events.length === 0) return [];
        const topic = await this.getTopic(topicName);
        const codec = await this.codec(topic.schema_id);
        const session = await this.options.auth.getSession();
        const producerEvents = events.map((fields) => ({
            id: randomUUID(),
            schema_id: topic.schema_id,
            payload: codec.encode({ CreatedDate: Date.now(), CreatedById: session.userId, ...fields })
        }));
        const response = await this.unary(
            this.stub.Publish,
            { topic_name: topicName, events: producerEvents },
            `Publish ${topicName}`
        );
        const failed = response.results.filter((r) => r.error && r.error.msg);
        if (failed.length > 0) {
            throw new ConnectorError(
                'PUBSUB_ERROR',
                `${failed.length} of ${events.length} events were not published: ${failed[0].error!.msg}`,
                {
                    retryable: true
                }
            );
        }
        return response.results.map((r) => r.replay_id);
    }

    /** Opens a Subscribe stream with flow control. */
    async subscribe(topicName: string, options: SubscribeOptions): Promise<StreamHandle> {
        const metadata = await this.metadata();
        const stream = this.stub.Subscribe(metadata);
        const queue: ReceivedEvent[] = [];
        let outstanding = options.batchSize;
        let processing = false;
        let ended = false;
        let latest: Buffer | null = null;
        let current: Promise<void> = Promise.resolve();
        const end = (error: grpc.ServiceError | Error | null) => {
            if (ended) return;
            ended = true;
            stream.cancel();
            options.onEnd(error);
        };
        const first: FetchRequest = {
            topic_name: topicName,
            replay_preset: ReplayPreset[options.replay.preset],
            num_requested: options.batchSize
        };
        if (options.replay.preset === 'CUSTOM') first.replay_id = options.replay.replayId;
        const pump = async () => {
            if (processing || ended) return;
            processing = true;
            let done!: () => void;
            current = new Promise<void>((resolve) => (done = resolve));
            try {
                while (!ended && queue.length > 0) {
                    const batch = queue.splice(0, options.batchSize);
                    await options.onBatch(batch);
                }
                if (!ended && queue.length === 0 && outstanding <= 0) {
                    outstanding = options.batchSize;
                    stream.write({ num_requested: options.batchSize });
                } else if (!ended && queue.length === 0 && latest && options.onKeepalive) {
                    const l = latest;
                    latest = null;
                    await options.onKeepalive(l);
                }
            } catch (error) {
                end(error as Error);
            } finally {
                processing = false;
                done();
            }
        };
        // Responses are handled strictly in arrival order (a schema fetch must not reorder them).
        let chain: Promise<void> = Promise.resolve();
        stream.on('data', (response: FetchResponse) => {
            if (ended) return;
            chain = chain.then(async () => {
                if (ended) return;
                try {
                    if (response.events.length === 0) {
                        latest = response.latest_replay_id;
                    } else {
                        for (const e of response.events) {
                            const codec = await this.codec(e.event.schema_id);
                            const payload = codec.decode(e.event.payload);
                            const uuid =
                                typeof payload.EventUuid === 'string' && payload.EventUuid
                                    ? payload.EventUuid
                                    : e.event.id;
                            queue.push({ uuid, replayId: e.replay_id, payload });
                        }
                        outstanding = response.pending_num_requested;
                    }
                    await pump();
                } catch (error) {
                    end(error as Error);
                }
            });
        });
        stream.on('error', (error: grpc.ServiceError) => {
            if (error.code === grpc.status.CANCELLED && ended) return;
            end(error);
        });
        stream.on('end', () =>
            end(new ConnectorError('PUBSUB_ERROR', 'The server closed the event stream', { retryable: true }))
        );
        stream.write(first);
        return { close: () => end(null), idle: () => current };
    }
}

export function pubSubError(error: unknown, what: string): ConnectorError {
    if (error instanceof ConnectorError) return error;
    const e = error as grpc.ServiceError;
    const code = e?.metadata?.get('error-code')?.[0];
    const retryable = [
        grpc.status.UNAVAILABLE,
        grpc.status.DEADLINE_EXCEEDED,
        grpc.status.RESOURCE_EXHAUSTED,
        grpc.status.INTERNAL
    ].includes(e?.code);
    return new ConnectorError(
        'PUBSUB_ERROR',
        `${what} failed: ${e?.details ?? e?.message ?? 'unknown'}${code ? ` (${String(code)})` : ''}`,
        {
            cause: error,
            retryable
        }
    );
}
