/**
 * The provider's tables. Phone numbers and message text live here and in Salesforce records
 * only. Times are epoch milliseconds (BIGINT), booleans 0/1.
 */
import type { Migration } from '../db';

export const providerMigrations: Migration[] = [
    {
        id: 'provider_0001_messages',
        up: [
            `CREATE TABLE provider_messages (
                id TEXT PRIMARY KEY,
                direction TEXT NOT NULL,
                source TEXT NOT NULL,
                channel_number TEXT NOT NULL,
                customer_number TEXT NOT NULL,
                body TEXT NOT NULL,
                encoding TEXT NOT NULL,
                segments INTEGER NOT NULL,
                status TEXT NOT NULL,
                status_rank INTEGER NOT NULL,
                provider_sid TEXT UNIQUE,
                client_ref TEXT UNIQUE,
                keyword TEXT,
                interaction_id TEXT,
                queue_id TEXT,
                resend_of TEXT,
                error_code TEXT,
                error_message TEXT,
                attempts INTEGER NOT NULL DEFAULT 0,
                unconfirmed INTEGER NOT NULL DEFAULT 0,
                first_attempt_wall_at BIGINT,
                next_attempt_at BIGINT,
                lease_until BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                routed_at BIGINT,
                route_attempts INTEGER NOT NULL DEFAULT 0,
                next_route_at BIGINT,
                route_error TEXT,
                sent_at BIGINT,
                delivered_at BIGINT
            )`,
            `CREATE INDEX provider_messages_unrouted ON provider_messages (created_at)
                WHERE direction = 'inbound' AND routed_at IS NULL`,
            `CREATE INDEX provider_messages_outbox ON provider_messages (next_attempt_at)
                WHERE status IN ('pending', 'sending')`,
            'CREATE INDEX provider_messages_interaction ON provider_messages (interaction_id)',
            `CREATE TABLE provider_status_events (
                id TEXT PRIMARY KEY,
                provider_sid TEXT NOT NULL,
                message_id TEXT,
                status TEXT NOT NULL,
                error_code TEXT,
                idempotency_token TEXT,
                received_at BIGINT NOT NULL,
                UNIQUE (provider_sid, status)
            )`,
            `CREATE TABLE provider_opt_outs (
                channel_number TEXT NOT NULL,
                customer_number TEXT NOT NULL,
                opted_out INTEGER NOT NULL,
                keyword TEXT,
                changed_at BIGINT NOT NULL,
                PRIMARY KEY (channel_number, customer_number)
            )`,
            `CREATE TABLE provider_opt_out_events (
                id TEXT PRIMARY KEY,
                channel_number TEXT NOT NULL,
                customer_number TEXT NOT NULL,
                action TEXT NOT NULL,
                keyword TEXT,
                source TEXT NOT NULL,
                message_id TEXT,
                at BIGINT NOT NULL
            )`,
            'CREATE INDEX provider_opt_out_events_pair ON provider_opt_out_events (channel_number, customer_number, at)',
            `CREATE TABLE provider_after_hours_replies (
                interaction_id TEXT PRIMARY KEY,
                message_id TEXT NOT NULL,
                at BIGINT NOT NULL
            )`
        ]
    }
];
