/**
 * Running the project's own Salesforce CLI (node_modules/.bin/sf) with telemetry and every update
 * check off, and its state in a given home folder instead of the user's.
 */
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

export const REPO_ROOT = path.join(__dirname, '..', '..');
export const SF_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'sf');

/** Without all four a detached `sf update` can linger for an hour after a command. */
export const SF_QUIET_ENV = {
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true'
} as const;

export interface SfResult {
    code: number;
    stdout: string;
    stderr: string;
    /** The parsed `--json` envelope, when the command printed one. */
    json?: { status: number; result?: unknown; message?: string; name?: string; warnings?: unknown[] };
}

export interface SfOptions {
    cwd?: string;
    /** Folder for the CLI's own state (~/.sf, ~/.sfdx); the user's home when undefined. */
    home?: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    /** Stream the command's output to this process's output as it runs. */
    inherit?: boolean;
}

export function sfEnv(options: SfOptions = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, ...SF_QUIET_ENV };
    if (options.home) {
        env.HOME = options.home;
        env.USERPROFILE = options.home;
    }
    return env;
}

function parseJson(stdout: string): SfResult['json'] {
    const start = stdout.indexOf('{');
    if (start < 0) return undefined;
    try {
        return JSON.parse(stdout.slice(start)) as SfResult['json'];
    } catch {
        return undefined;
    }
}

/** Runs `sf <args>`; never rejects on a non-zero exit (the caller reads `code`). */
export function runSf(args: readonly string[], options: SfOptions = {}): Promise<SfResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(SF_BIN, args, {
            cwd: options.cwd ?? REPO_ROOT,
            env: sfEnv(options),
            stdio: options.inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe']
        });
        let stdout = '';
        let stderr = '';
        child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = options.timeoutMs
            ? setTimeout(() => child.kill('SIGTERM'), options.timeoutMs).unref()
            : undefined;
        child.on('error', reject);
        child.on('close', (code, signal) => {
            if (timer) clearTimeout(timer);
            resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, json: parseJson(stdout) });
        });
    });
}

/** A fresh folder for the CLI's state, removed by the caller. */
export function scratchHome(prefix = 'sf-home-'): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** `sf project convert source`: the package in Metadata API format, offline. */
export async function convertSource(projectDir: string, outputDir: string, home: string): Promise<SfResult> {
    return runSf(['project', 'convert', 'source', '--root-dir', 'force-app', '--output-dir', outputDir, '--json'], {
        cwd: projectDir,
        home,
        timeoutMs: 60_000
    });
}

/** Files that must never reach the org: TypeScript sources, configs, tests, mocks. */
export function leakedFiles(convertedDir: string): string[] {
    const leaked: string[] = [];
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            const rel = path.relative(convertedDir, full).split(path.sep).join('/');
            if (entry.isDirectory()) {
                if (entry.name === '__tests__' || entry.name === 'jest-mocks' || entry.name === '__mocks__')
                    leaked.push(`${rel}/`);
                else walk(full);
            } else if (/\.ts$|tsconfig\.json$|jsconfig\.json$|\.test\.js$|\.spec\.js$/.test(entry.name)) {
                leaked.push(rel);
            }
        }
    };
    walk(convertedDir);
    return leaked.sort();
}
