/**
 * Seed records in `data/`, in the Salesforce CLI's data tree format (see data/README.md):
 * - `plan.json` holds records any org can take as they are (`sf data import tree --plan`);
 * - `agents-plan.json` holds records that need the target org's users: values `$user:N` and
 *   `$userName:N` stand for the Id and the name of the org's N-th agent user, and `@…Ref…`
 *   references may point at records of plan.json. An org's setup fills these in after importing
 *   plan.json, and drops the records of users the org does not have.
 * The same files seed the local org, which resolves the placeholders against its own users.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

export const DATA_DIR = path.join(__dirname, '..', '..', 'data');
export const PLAN_FILE = 'plan.json';
export const AGENTS_PLAN_FILE = 'agents-plan.json';

export interface TreeRecord {
    attributes: { type: string; referenceId: string };
    [field: string]: unknown;
}

export interface PlanEntry {
    sobject: string;
    files: string[];
}

export interface LoadedFile {
    sobject: string;
    file: string;
    records: TreeRecord[];
}

export interface LoadedPlan {
    planFile: string;
    files: LoadedFile[];
}

/** What the CLI itself treats as a reference (anything else is sent as a literal value). */
export const REFERENCE = /^@(\w+Ref\d+)$/;
export const REFERENCE_ID = /^\w+Ref\d+$/;
export const PLACEHOLDER = /^\$(user|userName):(\d+)$/;

export class SeedDataError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'SeedDataError';
    }
}

export function readPlan(dataDir: string, planFile: string): LoadedPlan {
    const planPath = path.join(dataDir, planFile);
    const entries = JSON.parse(fs.readFileSync(planPath, 'utf8')) as PlanEntry[];
    if (!Array.isArray(entries)) throw new SeedDataError(`${planFile} must be an array of { sobject, files }`);
    const files: LoadedFile[] = [];
    for (const entry of entries) {
        for (const file of entry.files) {
            const parsed = JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')) as { records?: TreeRecord[] };
            if (!Array.isArray(parsed.records)) throw new SeedDataError(`${file} must hold { "records": [...] }`);
            files.push({ sobject: entry.sobject, file, records: parsed.records });
        }
    }
    return { planFile, files };
}

export interface OrgUser {
    id: string;
    name: string;
}

export interface ResolvedPlan {
    /** Plan entries and the records to write, placeholders and outside references filled in. */
    files: LoadedFile[];
    /** Reference Ids of records left out, with why. */
    dropped: Array<{ referenceId: string; reason: string }>;
}

/**
 * Fills in a plan for one org: `$user:N`/`$userName:N` from `users` (1-based), references to
 * records imported earlier (`importedIds`: referenceId → record Id). A record whose user the org
 * does not have is dropped, and so is every record that refers to a dropped record.
 */
export function resolvePlan(
    plan: LoadedPlan,
    users: readonly OrgUser[],
    importedIds: ReadonlyMap<string, string>
): ResolvedPlan {
    const defined = new Set(plan.files.flatMap((f) => f.records.map((r) => r.attributes.referenceId)));
    const dropped: ResolvedPlan['dropped'] = [];
    const droppedIds = new Set<string>();
    const files: LoadedFile[] = [];
    for (const loaded of plan.files) {
        const records: TreeRecord[] = [];
        for (const record of loaded.records) {
            const resolved: TreeRecord = { attributes: { ...record.attributes } };
            let reason: string | undefined;
            for (const [field, value] of Object.entries(record)) {
                if (field === 'attributes') continue;
                if (typeof value !== 'string') {
                    resolved[field] = value;
                    continue;
                }
                const placeholder = PLACEHOLDER.exec(value);
                const reference = REFERENCE.exec(value);
                if (placeholder) {
                    const user = users[Number(placeholder[2]) - 1];
                    if (!user) {
                        reason = `the org has no agent user ${placeholder[2]}`;
                        break;
                    }
                    resolved[field] = placeholder[1] === 'user' ? user.id : user.name;
                } else if (reference && droppedIds.has(reference[1])) {
                    reason = `it refers to ${reference[1]}, which was left out`;
                    break;
                } else if (reference && !defined.has(reference[1])) {
                    const id = importedIds.get(reference[1]);
                    if (!id) throw new SeedDataError(`${loaded.file}: ${value} names no record imported before`);
                    resolved[field] = id;
                } else {
                    resolved[field] = value;
                }
            }
            if (reason) {
                droppedIds.add(record.attributes.referenceId);
                dropped.push({ referenceId: record.attributes.referenceId, reason });
            } else {
                records.push(resolved);
            }
        }
        files.push({ ...loaded, records });
    }
    return { files, dropped };
}

/** Writes a plan and its record files into `dir` (files without records are left out). */
export function writePlan(dir: string, planFile: string, files: readonly LoadedFile[]): string {
    fs.mkdirSync(dir, { recursive: true });
    const entries: PlanEntry[] = [];
    for (const loaded of files) {
        if (loaded.records.length === 0) continue;
        fs.writeFileSync(path.join(dir, loaded.file), `${JSON.stringify({ records: loaded.records }, null, 2)}\n`);
        entries.push({ sobject: loaded.sobject, files: [loaded.file] });
    }
    const planPath = path.join(dir, planFile);
    fs.writeFileSync(planPath, `${JSON.stringify(entries, null, 2)}\n`);
    return planPath;
}

/** A temporary folder for a resolved plan. */
export function tempPlanDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), 'sms-seed-'));
}

/** Records that need person accounts (they name the Person Account record type). */
export function isPersonAccount(record: TreeRecord): boolean {
    const recordType = record.RecordType as { Name?: unknown } | undefined;
    return record.attributes.type === 'Account' && recordType?.Name === 'Person Account';
}

/** The plan without its person-account records, for orgs that do not have person accounts. */
export function withoutPersonAccounts(plan: LoadedPlan): { plan: LoadedPlan; left: string[] } {
    const left: string[] = [];
    const files = plan.files.map((f) => {
        const keep = f.records.filter((r) => !isPersonAccount(r));
        left.push(...f.records.filter(isPersonAccount).map((r) => r.attributes.referenceId));
        return { ...f, records: keep };
    });
    return { plan: { ...plan, files }, left };
}
