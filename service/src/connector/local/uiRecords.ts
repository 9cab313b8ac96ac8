/**
 * `lightning/uiRecordApi` getRecords in the local org: the UI API batch
 * (`GET /ui-api/records/batch/{ids}?fields=…&optionalFields=…`) with the user's access. A record
 * the user cannot read answers 404 as on the platform (sharing hides it); a required field the
 * object does not have answers 400 INVALID_FIELD, an optional one is left out. Fields are
 * `Object.Field` or relationship paths `Object.Rel.Field` (`Contact.Account.Name`).
 */
import { ConnectorError } from '../errors';
import { fieldValue, relationshipName } from './graphql';
import type { LocalOrg, Rec } from './localOrg';
import type { FieldDef, ObjectDef } from './schema';
import { displayValue, toUiRecord, type UiFieldValue, type UiRecord } from './uiApi';

export interface RecordsRequest {
    recordIds: string[];
    fields?: string[];
    optionalFields?: string[];
}

export interface UiError {
    errorCode: string;
    message: string;
}

export type BatchResult = { statusCode: 200; result: UiRecord } | { statusCode: 400 | 403 | 404; result: UiError[] };

/** A relationship field's value: the related record, or null. */
type RelatedValue = { displayValue: string | null; value: UiRecord | null };

const NOT_FOUND: UiError = { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' };

function lookupOf(def: ObjectDef, rel: string): FieldDef | null {
    for (const field of def.fields.values()) if (relationshipName(field) === rel) return field;
    return null;
}

/** Checks a path against the schema (following the first target of each lookup); null when valid. */
function pathError(org: LocalOrg, def: ObjectDef, path: string[]): string | null {
    if (path.length === 0) return `No field named in ${def.name}`;
    if (path.length === 1) return def.fields.has(path[0]) ? null : `No such column '${path[0]}' on ${def.name}`;
    const lookup = lookupOf(def, path[0]);
    const target = lookup?.referenceTo?.[0];
    if (!lookup || !target || !org.schema.objects.has(target)) {
        return `No such relationship '${path[0]}' on ${def.name}`;
    }
    return pathError(org, org.schema.objects.get(target)!, path.slice(1));
}

function nameOf(def: ObjectDef, rec: Rec): string | null {
    const v = def.fields.has('Name') || def.fields.has('LastName') ? fieldValue(def, rec, 'Name') : null;
    return v === null ? null : String(v);
}

/** Adds a valid path's value to `fields` (related records nest as UI API records). */
function fill(
    org: LocalOrg,
    def: ObjectDef,
    rec: Rec,
    path: string[],
    fields: Record<string, UiFieldValue | RelatedValue>,
    asUser: string
): void {
    if (path.length === 1) {
        const value = fieldValue(def, rec, path[0]);
        fields[path[0]] = { displayValue: displayValue(def, path[0], value), value };
        return;
    }
    const lookup = lookupOf(def, path[0])!;
    const id = rec[lookup.name];
    const related = typeof id === 'string' ? org.get(id, asUser) : null;
    const object = typeof id === 'string' ? org.objectOf(id) : null;
    if (!related || !object) {
        fields[path[0]] = { displayValue: null, value: null };
        return;
    }
    const relatedDef = org.objectDef(object);
    // A path through a polymorphic lookup that does not fit the related record's object is left out.
    if (pathError(org, relatedDef, path.slice(1)) !== null) return;
    let entry = fields[path[0]] as RelatedValue | undefined;
    if (!entry?.value) {
        entry = { displayValue: nameOf(relatedDef, related), value: toUiRecord(relatedDef, related, []) };
        fields[path[0]] = entry;
    }
    fill(
        org,
        relatedDef,
        related,
        path.slice(1),
        entry.value!.fields as Record<string, UiFieldValue | RelatedValue>,
        asUser
    );
}

function oneRecord(org: LocalOrg, id: string, request: RecordsRequest, asUser: string): BatchResult {
    const object = org.objectOf(id);
    const rec = object ? org.get(id, asUser) : null;
    if (!object || !rec) return { statusCode: 404, result: [NOT_FOUND] };
    const def = org.objectDef(object);
    const paths: string[][] = [];
    const ofThisObject = (f: string): string[] | null => {
        const parts = f.split('.');
        return parts.length > 1 && parts[0] === def.name ? parts.slice(1) : null;
    };
    for (const f of request.fields ?? []) {
        const path = ofThisObject(f);
        if (!path) continue;
        const error = pathError(org, def, path);
        if (error) return { statusCode: 400, result: [{ errorCode: 'INVALID_FIELD', message: error }] };
        paths.push(path);
    }
    for (const f of request.optionalFields ?? []) {
        const path = ofThisObject(f);
        if (path && pathError(org, def, path) === null) paths.push(path);
    }
    let record: UiRecord;
    try {
        record = org.getRecordUi(
            id,
            paths.filter((p) => p.length === 1).map((p) => p[0]),
            asUser
        );
    } catch (error) {
        if (error instanceof ConnectorError && error.code === 'RECORD_NOT_FOUND') {
            return { statusCode: 404, result: [NOT_FOUND] };
        }
        throw error;
    }
    const fields = record.fields as Record<string, UiFieldValue | RelatedValue>;
    for (const path of paths) fill(org, def, rec, path, fields, asUser);
    return { statusCode: 200, result: record };
}

/** The UI API batch of records: one result per requested Id, in the order asked. */
export function getRecords(
    org: LocalOrg,
    requests: readonly RecordsRequest[],
    asUser: string
): { results: BatchResult[] } {
    const results: BatchResult[] = [];
    for (const request of requests) {
        for (const id of request.recordIds) results.push(oneRecord(org, id, request, asUser));
    }
    return { results };
}
