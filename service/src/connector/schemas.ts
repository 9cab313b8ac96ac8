/**
 * The Avro schemas of the package's platform events, in the form the Pub/Sub API serves them
 * (GetSchema): a record in namespace `com.sforce.eventbus` with `CreatedDate` (long, epoch ms),
 * `CreatedById` (string), `EventUuid`, and each custom field as a nullable union (Text → string,
 * Number → double). Built from the field definitions of docs/data-model.md.
 */
import { createHash } from 'crypto';
import { AGENT_ACTION_EVENT, AGENT_ACTION_FIELDS, AGENT_EVENT, AGENT_EVENT_FIELDS, type EventFieldDef } from './model';

export interface AvroField {
    name: string;
    type: string | Array<string>;
    doc?: string;
    default?: null;
}

export interface AvroRecordSchema {
    type: 'record';
    name: string;
    namespace: string;
    doc?: string;
    fields: AvroField[];
}

export function eventSchema(name: string, fields: readonly EventFieldDef[]): AvroRecordSchema {
    return {
        type: 'record',
        name,
        namespace: 'com.sforce.eventbus',
        doc: '68.0',
        fields: [
            { name: 'CreatedDate', type: 'long', doc: 'CreatedDate:DateTime' },
            { name: 'CreatedById', type: 'string', doc: 'CreatedBy:EntityId' },
            { name: 'EventUuid', type: ['null', 'string'], doc: 'EventUuid:Text', default: null },
            ...fields.map((f): AvroField => ({
                name: f.name,
                type: ['null', f.type === 'Number' ? 'double' : 'string'],
                doc: `Data:${f.type === 'Number' ? 'Double' : 'Text'}`,
                default: null
            }))
        ]
    };
}

/** A schema Id the way the Pub/Sub API spells them: the schema's fingerprint, base64url. */
export function schemaId(schema: AvroRecordSchema): string {
    return createHash('md5').update(JSON.stringify(schema)).digest('base64url');
}

export const AGENT_EVENT_SCHEMA = eventSchema(AGENT_EVENT, AGENT_EVENT_FIELDS);
export const AGENT_ACTION_SCHEMA = eventSchema(AGENT_ACTION_EVENT, AGENT_ACTION_FIELDS);
