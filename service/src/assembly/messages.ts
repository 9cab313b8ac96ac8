/**
 * The SMS edge's messages as `SMS_Message__c` records. The SMS edge keeps every message (text,
 * numbers, status) in its own tables; this writes what the panel reads:
 *
 * - customer messages, once the router has attached them to an interaction — before the agent
 *   hears of it (the relay calls `writeInbound` between the interaction's record and the nudge);
 * - outbound messages as their status moves: the agent's own record (the panel inserted it) is
 *   updated; the service creates the record of a message it sends on its own (an outbound start's
 *   first message, a resend, an after-hours or HELP reply).
 *
 * Which record holds which message is kept in the connector's Id map (`connector_record_ids`,
 * object `SMS_Message__c`, keyed by the SMS edge's message id). A record the service creates is
 * upserted on `Provider_Message_Id__c` — the provider's message id, or the SMS edge's own id while
 * the provider has not named it yet — so that writing it again never makes a second record.
 */
import type { Db } from '../db';
import type { Logger } from '../log';
import { isSalesforceId, toId18 } from '../connector/ids';
import { OBJECTS } from '../connector/model';
import type { ConnectorStore } from '../connector/store';
import type { RecordWrite, SalesforcePort, SObjectFields, WriteResult } from '../connector/types';
import type { StoredMessage } from '../provider';
import type { KeyedLocks } from './locks';

const iso = (ms: number | null | undefined): string | null =>
    typeof ms === 'number' ? new Date(ms).toISOString() : null;

export interface MessageRecordsDeps {
    port: SalesforcePort;
    store: ConnectorStore;
    db: Db;
    /** The SMS edge's stored message (the current state: a status only moves forward). */
    message(messageId: string): Promise<StoredMessage | undefined>;
    /** The interaction's record Id, written first when it has none. */
    interactionRecord(interactionId: string): Promise<string>;
    locks: KeyedLocks;
    log: Logger;
}

interface InboundRow {
    id: string;
    provider_sid: string | null;
    body: string;
    encoding: string;
    segments: number | string;
    interaction_id: string;
}

export class RecordWriteError extends Error {
    readonly code = 'RECORD_WRITE_FAILED';
}

export class MessageRecords {
    constructor(private readonly deps: MessageRecordsDeps) {}

    /**
     * Writes the customer messages the router attached to these interactions that have no record
     * yet (one batched upsert, oldest first). The interactions' records exist already.
     */
    async writeInbound(interactionIds: readonly string[]): Promise<number> {
        if (interactionIds.length === 0) return 0;
        // The router records each hand-over (message id → interaction) in the transaction of the
        // change it made, so the messages are known here before the change's events are relayed.
        const rows = await this.deps.db.all<InboundRow>(
            `SELECT m.id, m.provider_sid, m.body, m.encoding, m.segments, r.interaction_id
             FROM router_inbound r JOIN provider_messages m ON m.id = r.message_id
             WHERE r.interaction_id IN (${interactionIds.map(() => '?').join(', ')})
               AND NOT EXISTS (SELECT 1 FROM connector_record_ids c
                               WHERE c.object = ? AND c.service_id = m.id)
             ORDER BY m.created_at, m.id`,
            [...interactionIds, OBJECTS.message]
        );
        if (rows.length === 0) return 0;
        const writes: RecordWrite[] = rows.map((row) => ({
            object: OBJECTS.message,
            externalIdField: 'Provider_Message_Id__c',
            externalId: row.provider_sid ?? row.id,
            fields: {
                Direction__c: 'Inbound',
                Source__c: 'Customer',
                Body__c: row.body,
                Status__c: 'Received',
                Segments__c: Number(row.segments),
                Encoding__c: row.encoding === 'UCS-2' ? 'UCS-2' : 'GSM-7'
            },
            refs: {
                Interaction__c: {
                    object: OBJECTS.interaction,
                    externalIdField: 'External_Id__c',
                    value: row.interaction_id
                }
            }
        }));
        const results = await this.deps.port.writeRecords(writes);
        for (let i = 0; i < rows.length; i++) {
            await this.deps.store.mapRecord(OBJECTS.message, rows[i].id, this.check(results[i], rows[i].id));
        }
        return rows.length;
    }

    /**
     * Writes an outbound message's current state to its record, creating the record when the
     * service sent the message on its own. `hint.recordId`: the agent's record (known at send);
     * `hint.resendOf`: the failed record a resend copies. Returns the record Id, or null for a
     * message outside any interaction.
     */
    async writeOutbound(
        messageId: string,
        hint: { recordId?: string | null; resendOf?: string | null } = {}
    ): Promise<string | null> {
        return this.deps.locks.run([`message:${messageId}`], async () => {
            const m = await this.deps.message(messageId);
            if (!m || m.direction !== 'outbound') return null;
            let recordId = (await this.deps.store.recordId(OBJECTS.message, m.id)) ?? hint.recordId ?? null;
            if (!recordId) recordId = await this.agentRecord(m);
            const failed = m.recordStatus === 'Failed';
            const fields: SObjectFields = {
                Status__c: m.recordStatus,
                Segments__c: m.segments,
                Encoding__c: m.encoding,
                Error_Code__c: failed && m.errorCode ? m.errorCode.slice(0, 40) : null,
                Error_Message__c: failed && m.errorMessage ? m.errorMessage.slice(0, 255) : null,
                Sent_At__c: iso(m.sentAt),
                Delivered_At__c: iso(m.deliveredAt)
            };
            if (m.providerSid) fields.Provider_Message_Id__c = m.providerSid;
            let write: RecordWrite;
            if (recordId) {
                write = { object: OBJECTS.message, id: recordId, fields };
            } else {
                if (!m.interactionId) return null;
                await this.deps.interactionRecord(m.interactionId);
                const resendOf =
                    hint.resendOf ?? (m.resendOf ? await this.deps.store.recordId(OBJECTS.message, m.resendOf) : null);
                write = {
                    object: OBJECTS.message,
                    externalIdField: 'Provider_Message_Id__c',
                    externalId: m.providerSid ?? m.id,
                    fields: {
                        ...fields,
                        Direction__c: 'Outbound',
                        Source__c: m.source === 'auto-reply' ? 'Auto-reply' : 'Agent',
                        Body__c: m.body,
                        ...(resendOf ? { Resend_Of__c: resendOf } : {})
                    },
                    refs: {
                        Interaction__c: {
                            object: OBJECTS.interaction,
                            externalIdField: 'External_Id__c',
                            value: m.interactionId
                        }
                    }
                };
            }
            const [result] = await this.deps.port.writeRecords([write]);
            const id = this.check(result, m.id);
            await this.deps.store.mapRecord(OBJECTS.message, m.id, id);
            return id;
        });
    }

    /** The agent's own record for a message they sent: its Id is the message's key at the edge. */
    private async agentRecord(m: StoredMessage): Promise<string | null> {
        if (m.source !== 'agent' || !m.clientRef || !isSalesforceId(m.clientRef)) return null;
        const id = toId18(m.clientRef)!;
        const found = await this.deps.port.readRecords(OBJECTS.message, [id], ['Direction__c']);
        return found.has(id) ? id : null;
    }

    private check(result: WriteResult | undefined, messageId: string): string {
        if (!result?.ok || !result.id) {
            const code = result?.error?.code ?? 'UNKNOWN';
            this.deps.log.error({ messageId, code }, 'could not write the message record');
            throw new RecordWriteError(`Could not write the message record: ${code}`);
        }
        return result.id;
    }
}
