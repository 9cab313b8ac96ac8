/**
 * Salesforce's published Pub/Sub API proto (`pubsub_api.proto`, shipped by the
 * salesforce-pubsub-api-client package), loaded with @grpc/proto-loader for both the client and
 * the local test server.
 */
import path from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const PROTO_PATH = path.join(
    path.dirname(require.resolve('salesforce-pubsub-api-client')),
    '..',
    'pubsub_api.proto'
);

export const ReplayPreset = { LATEST: 0, EARLIEST: 1, CUSTOM: 2 } as const;

export interface TopicInfo {
    topic_name: string;
    tenant_guid: string;
    can_publish: boolean;
    can_subscribe: boolean;
    schema_id: string;
    rpc_id: string;
}

export interface SchemaInfo {
    schema_json: string;
    schema_id: string;
    rpc_id: string;
}

export interface ProducerEvent {
    id: string;
    schema_id: string;
    payload: Buffer;
    headers?: Array<{ key: string; value: Buffer }>;
}

export interface ConsumerEvent {
    event: ProducerEvent;
    replay_id: Buffer;
}

export interface FetchRequest {
    topic_name?: string;
    replay_preset?: number;
    replay_id?: Buffer;
    num_requested?: number;
    auth_refresh?: string;
}

export interface FetchResponse {
    events: ConsumerEvent[];
    latest_replay_id: Buffer;
    rpc_id: string;
    pending_num_requested: number;
}

export interface PublishRequest {
    topic_name: string;
    events: ProducerEvent[];
}

export interface PublishResult {
    replay_id: Buffer;
    error?: { code: number | string; msg: string } | null;
    correlation_key: string;
}

export interface PublishResponse {
    results: PublishResult[];
    schema_id: string;
    rpc_id: string;
}

type Unary<Req, Res> = (
    request: Req,
    metadata: grpc.Metadata,
    callback: (error: grpc.ServiceError | null, response?: Res) => void
) => grpc.ClientUnaryCall;

export interface PubSubClientStub extends grpc.Client {
    GetTopic: Unary<{ topic_name: string }, TopicInfo>;
    GetSchema: Unary<{ schema_id: string }, SchemaInfo>;
    Publish: Unary<PublishRequest, PublishResponse>;
    Subscribe(metadata: grpc.Metadata): grpc.ClientDuplexStream<FetchRequest, FetchResponse>;
}

interface PubSubPackage {
    eventbus: {
        v1: {
            PubSub: (new (
                address: string,
                credentials: grpc.ChannelCredentials,
                options?: grpc.ChannelOptions
            ) => PubSubClientStub) & {
                service: grpc.ServiceDefinition;
            };
        };
    };
}

let loaded: PubSubPackage | null = null;

export function pubSubPackage(): PubSubPackage {
    if (!loaded) {
        const definition = protoLoader.loadSync(PROTO_PATH, {
            keepCase: true,
            longs: String,
            enums: Number,
            defaults: true,
            oneofs: true
        });
        loaded = grpc.loadPackageDefinition(definition) as unknown as PubSubPackage;
    }
    return loaded;
}
