/** lightning/uiRecordApi in the local console: records read and written through the local org's UI API. */
import { api, ReadWire, recordsChanged } from 'console/runtime';

type FieldRef = string | { objectApiName: string; fieldApiName: string };

export interface UiRecord {
    apiName: string;
    id: string;
    fields: Record<string, { value: unknown; displayValue: string | null }>;
}

function fieldName(ref: FieldRef): string {
    return typeof ref === 'string' ? ref : `${ref.objectApiName}.${ref.fieldApiName}`;
}

function fieldNames(refs: unknown): string[] {
    if (refs === undefined || refs === null) return [];
    return (Array.isArray(refs) ? refs : [refs]).map((r) => fieldName(r as FieldRef));
}

function unqualified(refs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(refs))
        out[key.includes('.') ? key.slice(key.indexOf('.') + 1) : key] = value;
    return out;
}

interface GetRecordConfig {
    recordId?: string;
    fields?: unknown;
    optionalFields?: unknown;
}

export class getRecord extends ReadWire<GetRecordConfig> {
    protected override ids(): string[] {
        return this.config?.recordId ? [this.config.recordId] : [];
    }
    protected load(): Promise<unknown> | null {
        const c = this.config!;
        if (!c.recordId) return null;
        const q = new URLSearchParams({
            fields: fieldNames(c.fields).join(','),
            optionalFields: fieldNames(c.optionalFields).join(',')
        });
        return api('GET', `/api/ui/records/${encodeURIComponent(c.recordId)}?${q.toString()}`);
    }
}

interface GetRecordsConfig {
    records?: Array<{ recordIds: string[]; fields?: unknown; optionalFields?: unknown }>;
}

export class getRecords extends ReadWire<GetRecordsConfig> {
    protected override ids(): string[] {
        return (this.config?.records ?? []).flatMap((r) => r.recordIds ?? []);
    }
    protected load(): Promise<unknown> | null {
        const records = this.config?.records;
        if (!Array.isArray(records) || records.length === 0) return null;
        return api('POST', '/api/ui/records/batch', {
            requests: records.map((r) => ({
                recordIds: r.recordIds,
                fields: fieldNames(r.fields),
                optionalFields: fieldNames(r.optionalFields)
            }))
        });
    }
}

export async function createRecord(input: { apiName: string; fields: Record<string, unknown> }): Promise<UiRecord> {
    const created = await api<UiRecord>('POST', '/api/ui/records', {
        apiName: input.apiName,
        fields: unqualified(input.fields)
    });
    recordsChanged.publish([created.id]);
    return created;
}

export async function updateRecord(input: { fields: Record<string, unknown> }): Promise<UiRecord> {
    const fields = unqualified(input.fields);
    const id = String(fields.Id ?? '');
    delete fields.Id;
    const updated = await api<UiRecord>('PATCH', `/api/ui/records/${encodeURIComponent(id)}`, { fields });
    recordsChanged.publish([id]);
    return updated;
}

export function notifyRecordUpdateAvailable(items: Array<{ recordId: string }>): Promise<void> {
    recordsChanged.publish(items.map((i) => i.recordId));
    return Promise.resolve();
}

function fieldOf(
    record: UiRecord | undefined,
    ref: FieldRef
): { value: unknown; displayValue: string | null } | undefined {
    if (!record) return undefined;
    const name = fieldName(ref);
    const path = name.includes('.') ? name.slice(name.indexOf('.') + 1) : name;
    return record.fields?.[path];
}

export function getFieldValue(record: UiRecord | undefined, ref: FieldRef): unknown {
    return fieldOf(record, ref)?.value;
}

export function getFieldDisplayValue(record: UiRecord | undefined, ref: FieldRef): string | null | undefined {
    return fieldOf(record, ref)?.displayValue;
}
