/**
 * The Salesforce CLI calls the org scripts make, each returning the part of the CLI's JSON answer
 * the next step needs, and failing with the CLI's own message.
 */
import { runSf, SfOptions } from './sf-cli';
import { StepError } from './steps';

export async function sfJson<T>(args: readonly string[], options: SfOptions = {}): Promise<T> {
    const result = await runSf([...args, '--json'], options);
    if (result.code !== 0 || !result.json || result.json.status !== 0) {
        const message =
            result.json?.message ?? (result.stderr.trim() || result.stdout.trim() || `exit code ${result.code}`);
        throw new StepError(`sf ${args.slice(0, 3).join(' ')} failed: ${message}`);
    }
    return result.json.result as T;
}

export interface QueryResult<R> {
    records: R[];
    totalSize: number;
}

/** Runs a SOQL query in the org. Literals in `soql` must already be escaped by the caller. */
export function query<R>(org: string, soql: string): Promise<QueryResult<R>> {
    return sfJson<QueryResult<R>>(['data', 'query', '--query', soql, '--target-org', org]);
}

/** Quotes a value for a SOQL string literal. */
export function soqlString(value: string): string {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export interface ImportResult {
    refId: string;
    type: string;
    id: string;
}

export function importTree(org: string, planPath: string): Promise<ImportResult[]> {
    return sfJson<ImportResult[]>(['data', 'import', 'tree', '--plan', planPath, '--target-org', org], {
        timeoutMs: 600_000
    });
}
