/**
 * Records in the UI API's JSON shape (`GET /ui-api/records/{id}`), which `lightning/uiRecordApi`
 * hands to components: `{ apiName, id, fields: { F: { value, displayValue } }, … }`.
 */
import { createHash } from 'crypto';
import type { FieldValue } from '../types';
import type { ObjectDef } from './schema';

export interface UiFieldValue {
    displayValue: string | null;
    value: FieldValue;
}

export interface UiRecord {
    apiName: string;
    childRelationships: Record<string, never>;
    eTag: string;
    fields: Record<string, UiFieldValue>;
    id: string;
    lastModifiedById: string | null;
    lastModifiedDate: string | null;
    recordTypeId: string;
    recordTypeInfo: null;
    systemModstamp: string | null;
    weakEtag: number;
}

/** The master record type Id every org has. */
export const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

/** The UI API's `displayValue` of a field: formatted date/times, picklist labels, else null. */
export function displayValue(def: ObjectDef, field: string, value: FieldValue): string | null {
    if (value === null) return null;
    const type = def.fields.get(field)?.type;
    if (type === 'DateTime' && typeof value === 'string') {
        const d = new Date(value);
        return Number.isNaN(d.getTime()) ? null : d.toLocaleString('en-US', { timeZone: 'UTC' });
    }
    if (type === 'Picklist' && typeof value === 'string')
        return def.fields.get(field)?.picklistLabels?.[value] ?? value;
    if (type === 'Checkbox' || type === 'Number') return null;
    return null;
}

/** Strips `Object.` from `Object.Field`; refuses a field of another object. */
export function unqualify(apiName: string, field: string): string {
    const dot = field.indexOf('.');
    if (dot < 0) return field;
    return field.slice(0, dot) === apiName ? field.slice(dot + 1) : field;
}

export function toUiRecord(def: ObjectDef, record: Record<string, FieldValue>, fields: readonly string[]): UiRecord {
    const out: Record<string, UiFieldValue> = {};
    for (const f of fields) {
        const value = record[f] ?? null;
        out[f] = { displayValue: displayValue(def, f, value), value };
    }
    const modstamp = (record.SystemModstamp as string | null) ?? null;
    const weak = modstamp ? Date.parse(modstamp) : 0;
    return {
        apiName: def.name,
        childRelationships: {},
        eTag: createHash('md5')
            .update(`${String(record.Id)}:${modstamp ?? ''}:${fields.join(',')}`)
            .digest('hex'),
        fields: out,
        id: String(record.Id),
        lastModifiedById: (record.LastModifiedById as string | null) ?? null,
        lastModifiedDate: (record.LastModifiedDate as string | null) ?? null,
        recordTypeId: MASTER_RECORD_TYPE_ID,
        recordTypeInfo: null,
        systemModstamp: modstamp,
        weakEtag: weak
    };
}
