/**
 * Avro encoding of event payloads with the schema the Pub/Sub API serves (avro-js, the Apache
 * implementation). Nullable fields are unions in Avro's JSON-ish form (`{ string: 'x' }`); this
 * module converts to and from plain `{ Field: value }` objects.
 */
import avro from 'avro-js';
import { ConnectorError } from '../errors';
import type { FieldValue } from '../types';

interface AvroFieldSchema {
    name: string;
    type: unknown;
}

export class EventCodec {
    private readonly type: avro.Type;
    private readonly fields: AvroFieldSchema[];

    constructor(
        readonly schemaId: string,
        schemaJson: string
    ) {
        const schema = JSON.parse(schemaJson) as { fields: AvroFieldSchema[] };
        this.fields = schema.fields;
        this.type = avro.parse(schema);
    }

    encode(values: Record<string, FieldValue>): Buffer {
        const record: Record<string, unknown> = {};
        for (const f of this.fields) {
            const v = values[f.name];
            if (Array.isArray(f.type)) {
                const branch = (f.type as string[]).find((t) => t !== 'null');
                record[f.name] = v === null || v === undefined ? null : { [branch!]: v };
            } else {
                record[f.name] = v;
            }
        }
        for (const k of Object.keys(values)) {
            if (!this.fields.some((f) => f.name === k))
                throw new ConnectorError('SCHEMA_MISMATCH', `The event schema has no field ${k}`);
        }
        try {
            return this.type.toBuffer(record);
        } catch (error) {
            throw new ConnectorError('SCHEMA_MISMATCH', `An event does not match schema ${this.schemaId}`, {
                cause: error
            });
        }
    }

    decode(payload: Buffer): Record<string, FieldValue> {
        let record: Record<string, unknown>;
        try {
            record = this.type.fromBuffer(payload) as Record<string, unknown>;
        } catch (error) {
            throw new ConnectorError(
                'SCHEMA_MISMATCH',
                `An event payload does not decode with schema ${this.schemaId}`,
                { cause: error }
            );
        }
        const out: Record<string, FieldValue> = {};
        for (const f of this.fields) {
            const v = record[f.name];
            if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
                const inner = Object.values(v as Record<string, unknown>)[0];
                out[f.name] = typeof inner === 'bigint' ? Number(inner) : (inner as FieldValue);
            } else out[f.name] = typeof v === 'bigint' ? Number(v) : ((v ?? null) as FieldValue);
        }
        return out;
    }
}
