/**
 * The connector's durable state, in the shared database (service/src/db): the last processed
 * replay Id per topic, the event UUIDs already seen (duplicates dropped), the agent actions
 * already handled (idempotent by record Id), the service-id ↔ record-Id map, the per-recipient
 * publish sequence, and the record an agent picked for a customer number (X2).
 */
import type { Db, Migration, Queryable } from '../db';

export const connectorMigrations: Migration[] = [
    {
        id: 'connector_0001_state',
        up: [
            `CREATE TABLE connector_replay (
                topic TEXT PRIMARY KEY,
                replay_id TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )`,
            `CREATE TABLE connector_seen_events (
                event_uuid TEXT PRIMARY KEY,
                topic TEXT NOT NULL,
                seen_at BIGINT NOT NULL
            )`,
            'CREATE INDEX connector_seen_events_at ON connector_seen_events (seen_at)',
            `CREATE TABLE connector_actions (
                record_id TEXT PRIMARY KEY,
                object TEXT NOT NULL,
                type TEXT NOT NULL,
                acting_user_id TEXT NOT NULL,
                state TEXT NOT NULL,
                detail TEXT,
                claimed_at BIGINT NOT NULL,
                finished_at BIGINT
            )`,
            `CREATE TABLE connector_record_ids (
                object TEXT NOT NULL,
                service_id TEXT NOT NULL,
                record_id TEXT NOT NULL,
                PRIMARY KEY (object, service_id)
            )`,
            'CREATE UNIQUE INDEX connector_record_ids_record ON connector_record_ids (record_id)',
            `CREATE TABLE connector_sequences (
                recipient_id TEXT PRIMARY KEY,
                last_sequence BIGINT NOT NULL
            )`,
            `CREATE TABLE connector_preferred_match (
                customer_key TEXT PRIMARY KEY,
                record_id TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )`
        ]
    }
];

export type ActionState = 'started' | 'Applied' | 'Refused' | 'Ignored';

export interface ActionClaim {
    recordId: string;
    state: ActionState;
    detail: string | null;
}

export class ConnectorStore {
    constructor(
        private readonly db: Db,
        private readonly now: () => number = Date.now
    ) {}

    async replayId(topic: string): Promise<string | null> {
        const row = await this.db.get<{ replay_id: string }>('SELECT replay_id FROM connector_replay WHERE topic = ?', [
            topic
        ]);
        return row?.replay_id ?? null;
    }

    async saveReplayId(topic: string, replayId: string, q: Queryable = this.db): Promise<void> {
        const updated = await q.run('UPDATE connector_replay SET replay_id = ?, updated_at = ? WHERE topic = ?', [
            replayId,
            this.now(),
            topic
        ]);
        if (updated.changes === 0) {
            await q.run('INSERT INTO connector_replay (topic, replay_id, updated_at) VALUES (?, ?, ?)', [
                topic,
                replayId,
                this.now()
            ]);
        }
    }

    /** Records a UUID; false when it was seen before (a duplicate delivery). */
    async markSeen(eventUuid: string, topic: string, q: Queryable = this.db): Promise<boolean> {
        const existing = await q.get('SELECT event_uuid FROM connector_seen_events WHERE event_uuid = ?', [eventUuid]);
        if (existing) return false;
        await q.run('INSERT INTO connector_seen_events (event_uuid, topic, seen_at) VALUES (?, ?, ?)', [
            eventUuid,
            topic,
            this.now()
        ]);
        return true;
    }

    /** Whether an event UUID was already processed. */
    async markSeenProbe(eventUuid: string): Promise<boolean> {
        return (
            (await this.db.get('SELECT event_uuid FROM connector_seen_events WHERE event_uuid = ?', [eventUuid])) !==
            undefined
        );
    }

    /** Forgets UUIDs older than the event bus keeps events (72 hours for high-volume events). */
    async pruneSeen(olderThanMs = 72 * 3600_000): Promise<number> {
        const r = await this.db.run('DELETE FROM connector_seen_events WHERE seen_at < ?', [this.now() - olderThanMs]);
        return r.changes;
    }

    async action(recordId: string): Promise<ActionClaim | null> {
        const row = await this.db.get<{ record_id: string; state: ActionState; detail: string | null }>(
            'SELECT record_id, state, detail FROM connector_actions WHERE record_id = ?',
            [recordId]
        );
        return row ? { recordId: row.record_id, state: row.state, detail: row.detail } : null;
    }

    /** Claims an action for processing; false when it was already finished. */
    async claimAction(recordId: string, object: string, type: string, actingUserId: string): Promise<boolean> {
        return this.db.tx(async (q) => {
            const row = await q.get<{ state: ActionState }>('SELECT state FROM connector_actions WHERE record_id = ?', [
                recordId
            ]);
            if (row && row.state !== 'started') return false;
            if (!row) {
                await q.run(
                    'INSERT INTO connector_actions (record_id, object, type, acting_user_id, state, claimed_at) VALUES (?, ?, ?, ?, ?, ?)',
                    [recordId, object, type, actingUserId, 'started', this.now()]
                );
            }
            return true;
        });
    }

    async finishAction(recordId: string, state: Exclude<ActionState, 'started'>, detail: string | null): Promise<void> {
        await this.db.run('UPDATE connector_actions SET state = ?, detail = ?, finished_at = ? WHERE record_id = ?', [
            state,
            detail,
            this.now(),
            recordId
        ]);
    }

    async mapRecord(object: string, serviceId: string, recordId: string): Promise<void> {
        const existing = await this.recordId(object, serviceId);
        if (existing === recordId) return;
        if (existing) {
            await this.db.run('UPDATE connector_record_ids SET record_id = ? WHERE object = ? AND service_id = ?', [
                recordId,
                object,
                serviceId
            ]);
        } else {
            await this.db.run('INSERT INTO connector_record_ids (object, service_id, record_id) VALUES (?, ?, ?)', [
                object,
                serviceId,
                recordId
            ]);
        }
    }

    async recordId(object: string, serviceId: string): Promise<string | null> {
        const row = await this.db.get<{ record_id: string }>(
            'SELECT record_id FROM connector_record_ids WHERE object = ? AND service_id = ?',
            [object, serviceId]
        );
        return row?.record_id ?? null;
    }

    async serviceId(recordId: string): Promise<{ object: string; serviceId: string } | null> {
        const row = await this.db.get<{ object: string; service_id: string }>(
            'SELECT object, service_id FROM connector_record_ids WHERE record_id = ?',
            [recordId]
        );
        return row ? { object: row.object, serviceId: row.service_id } : null;
    }

    /** Takes the next publish sequence numbers for a recipient (1, 2, 3… with no gap). */
    async nextSequences(recipientId: string, count: number): Promise<number[]> {
        return this.db.tx(async (q) => {
            const row = await q.get<{ last_sequence: number | string }>(
                `SELECT last_sequence FROM connector_sequences WHERE recipient_id = ?${q.dialect === 'postgres' ? ' FOR UPDATE' : ''}`,
                [recipientId]
            );
            const last = row ? Number(row.last_sequence) : 0;
            if (row)
                await q.run('UPDATE connector_sequences SET last_sequence = ? WHERE recipient_id = ?', [
                    last + count,
                    recipientId
                ]);
            else
                await q.run('INSERT INTO connector_sequences (recipient_id, last_sequence) VALUES (?, ?)', [
                    recipientId,
                    last + count
                ]);
            return Array.from({ length: count }, (_v, i) => last + i + 1);
        });
    }

    async preferredMatch(customerKey: string): Promise<string | null> {
        const row = await this.db.get<{ record_id: string }>(
            'SELECT record_id FROM connector_preferred_match WHERE customer_key = ?',
            [customerKey]
        );
        return row?.record_id ?? null;
    }

    async setPreferredMatch(customerKey: string, recordId: string): Promise<void> {
        const r = await this.db.run(
            'UPDATE connector_preferred_match SET record_id = ?, updated_at = ? WHERE customer_key = ?',
            [recordId, this.now(), customerKey]
        );
        if (r.changes === 0) {
            await this.db.run(
                'INSERT INTO connector_preferred_match (customer_key, record_id, updated_at) VALUES (?, ?, ?)',
                [customerKey, recordId, this.now()]
            );
        }
    }
}
