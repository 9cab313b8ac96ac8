/**
 * Loads seed records in the Salesforce CLI's data tree format (`sf data import tree`): JSON files
 * of `{ "records": [ { "attributes": { "type", "referenceId" }, …fields } ] }`, references to other
 * seed records written `@ReferenceId`, nested child records (`"Contacts": { "records": […] }`),
 * and optional plan files (`plan.json`, `*-plan.json`: `[{ "sobject", "saveRefs", "resolveRefs", "files" }]`)
 * that give the order. Without a plan, records are inserted in dependency order.
 */
import fs from 'fs';
import path from 'path';
import { ConnectorError } from '../errors';
import type { FieldValue, SObjectFields } from '../types';
import type { LocalOrg } from './localOrg';

interface TreeRecord {
    attributes: { type: string; referenceId?: string };
    [field: string]: unknown;
}

interface PendingRecord {
    file: string;
    type: string;
    referenceId?: string;
    fields: Record<string, unknown>;
    /** Set for a nested child: the parent's reference, filled once the parent exists. */
    parentRef?: { referenceId: string; parentType: string };
}

interface PlanEntry {
    sobject: string;
    files: string[];
}

/** The org's N-th agent user, for the `$user:N` / `$userName:N` values of agents-plan.json. */
export type SeedUsers = (n: number) => { id: string; name: string };

export interface SeedOptions {
    users?: SeedUsers;
}

/** Local agent users made on demand: "Agent N", agentN@sms.local, with the SMS_Agent permission set. */
export function localAgentUsers(org: LocalOrg): SeedUsers {
    const made = new Map<number, { id: string; name: string }>();
    return (n) => {
        let user = made.get(n);
        if (!user) {
            const existing = org.find('User', { Username: `agent${n}@sms.local` })[0];
            const id = existing
                ? String(existing.Id)
                : org.createUser({ FirstName: 'Agent', LastName: String(n), Username: `agent${n}@sms.local` }, [
                      'SMS_Agent'
                  ]);
            user = { id, name: `Agent ${n}` };
            made.set(n, user);
        }
        return user;
    };
}

export interface SeedReport {
    files: string[];
    created: Record<string, number>;
}

function readJson(file: string): unknown {
    try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
        throw new ConnectorError('SEED_ERROR', `${file} is not valid JSON: ${(error as Error).message}`, {
            cause: error
        });
    }
}

function treeRecords(file: string, data: unknown): TreeRecord[] {
    const records = (data as { records?: unknown }).records;
    if (!Array.isArray(records)) throw new ConnectorError('SEED_ERROR', `${file} has no "records" array`);
    for (const [i, r] of records.entries()) {
        const type = (r as TreeRecord)?.attributes?.type;
        if (typeof type !== 'string')
            throw new ConnectorError('SEED_ERROR', `${file} record ${i} has no attributes.type`);
    }
    return records as TreeRecord[];
}

let anonymous = 0;

function flatten(file: string, record: TreeRecord, out: PendingRecord[], parent?: PendingRecord): void {
    const fields: Record<string, unknown> = {};
    const children: TreeRecord[][] = [];
    for (const [key, value] of Object.entries(record)) {
        if (key === 'attributes') continue;
        if (value && typeof value === 'object' && Array.isArray((value as { records?: unknown }).records)) {
            children.push((value as { records: TreeRecord[] }).records);
        } else fields[key] = value;
    }
    const pending: PendingRecord = {
        file,
        type: record.attributes.type,
        referenceId: record.attributes.referenceId ?? (children.length > 0 ? `__seed_${++anonymous}` : undefined),
        fields
    };
    if (parent?.referenceId) pending.parentRef = { referenceId: parent.referenceId, parentType: parent.type };
    out.push(pending);
    for (const list of children) for (const child of list) flatten(file, child, out, pending);
}

function seedFiles(dir: string): string[] {
    // plan.json first, then the other plans (agents-plan.json needs its records).
    const plans = fs
        .readdirSync(dir)
        .filter((f) => /(^|-)plan\.json$/.test(f))
        .sort((a, b) => (a === 'plan.json' ? -1 : b === 'plan.json' ? 1 : a.localeCompare(b)));
    if (plans.length > 0) {
        const files: string[] = [];
        for (const plan of plans) {
            const entries = readJson(path.join(dir, plan));
            if (!Array.isArray(entries))
                throw new ConnectorError('SEED_ERROR', `${plan} is not a plan (an array of steps)`);
            for (const entry of entries as PlanEntry[]) {
                for (const f of entry.files ?? []) {
                    const full = path.join(dir, f);
                    if (!files.includes(full)) files.push(full);
                }
            }
        }
        return files;
    }
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => path.join(dir, f));
}

/** Loads every seed file under `dir` (and its sub-folders with their own plans) into the org. */
export function loadSeed(org: LocalOrg, dir: string, options: SeedOptions = {}): SeedReport {
    const users = options.users ?? localAgentUsers(org);
    if (!fs.existsSync(dir)) return { files: [], created: {} };
    const dirs = [
        dir,
        ...fs
            .readdirSync(dir, { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => path.join(dir, d.name))
    ];
    const files = dirs.flatMap((d) => seedFiles(d));
    const pending: PendingRecord[] = [];
    for (const file of files) {
        const data = readJson(file);
        if (Array.isArray(data)) continue; // a plan file picked up by a folder without plans
        for (const record of treeRecords(file, data)) flatten(file, record, pending);
    }
    const created: Record<string, number> = {};
    let remaining = pending;
    while (remaining.length > 0) {
        const next: PendingRecord[] = [];
        for (const record of remaining) {
            const fields = resolve(org, record, users);
            if (!fields) {
                next.push(record);
                continue;
            }
            let id: string;
            try {
                id = org.insert(record.type, fields);
            } catch (error) {
                throw new ConnectorError(
                    'SEED_ERROR',
                    `${path.basename(record.file)}: ${record.type} ${record.referenceId ?? ''} could not be created: ${(error as Error).message}`,
                    { cause: error }
                );
            }
            if (record.referenceId) org.refs.set(record.referenceId, id);
            created[record.type] = (created[record.type] ?? 0) + 1;
        }
        if (next.length === remaining.length) {
            const first = next[0];
            const missing = Object.values(first.fields)
                .filter((v): v is string => typeof v === 'string' && v.startsWith('@'))
                .filter((v) => !org.refs.has(v.slice(1)));
            throw new ConnectorError(
                'SEED_ERROR',
                `${path.basename(first.file)}: ${first.type} ${first.referenceId ?? ''} refers to ${missing.join(', ') || 'a parent'} that no seed record defines`
            );
        }
        remaining = next;
    }
    return { files, created };
}

/** The record's fields with `@Ref`s replaced by Ids, or null while a reference is not yet created. */
function resolve(org: LocalOrg, record: PendingRecord, users: SeedUsers): SObjectFields | null {
    const out: SObjectFields = {};
    const def = org.objectDef(record.type);
    for (const [key, value] of Object.entries(record.fields)) {
        const user = typeof value === 'string' ? /^\$(user|userName):(\d+)$/.exec(value) : null;
        if (user) {
            const u = users(Number(user[2]));
            out[key] = user[1] === 'user' ? u.id : u.name;
        } else if (key === 'RecordType' && value && typeof value === 'object') {
            // The CLI resolves a record type by name; the local org knows the person account one.
            const name = (value as { Name?: unknown }).Name;
            if (record.type === 'Account' && name === 'Person Account') out.IsPersonAccount = true;
            else
                throw new ConnectorError(
                    'SEED_ERROR',
                    `${path.basename(record.file)}: unknown record type ${String(name)} for ${record.type}`
                );
        } else if (typeof value === 'string' && value.startsWith('@')) {
            const id = org.refs.get(value.slice(1));
            if (!id) return null;
            out[key] = id;
        } else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
            out[key] = value as FieldValue;
        } else {
            throw new ConnectorError(
                'SEED_ERROR',
                `${path.basename(record.file)}: ${record.type}.${key} has an unsupported value`
            );
        }
    }
    if (record.parentRef) {
        const parentId = org.refs.get(record.parentRef.referenceId);
        if (!parentId) return null;
        const link = [...def.fields.values()].find(
            (f) =>
                (f.type === 'Lookup' || f.type === 'MasterDetail') &&
                f.referenceTo?.includes(record.parentRef!.parentType)
        );
        if (!link) {
            throw new ConnectorError(
                'SEED_ERROR',
                `${record.type} has no lookup to ${record.parentRef.parentType} for a nested record`
            );
        }
        out[link.name] = parentId;
    }
    return out;
}
