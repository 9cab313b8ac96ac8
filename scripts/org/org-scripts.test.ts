import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { cliHasNoState, findDevHub, NoDevHubError, SfRunner } from '../lib/devhub';
import { DEFAULT_ALIAS, parseOrgScriptArgs, parsePackageScriptArgs } from '../lib/script-args';
import { SF_QUIET_ENV } from '../lib/sf-cli';

/** The CLI starts slowly on a busy machine; the first test waits for the runs started above. */
const CLI_TIMEOUT_MS = 90_000;

const REPO = path.join(__dirname, '..', '..');
const TS_NODE = path.join(REPO, 'node_modules', '.bin', 'ts-node');

interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs a script as `npm run` does, with HOME set to `home` and no Dev Hub named anywhere. */
function runScript(script: string, args: string[], home: string): Promise<Run> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...SF_QUIET_ENV, HOME: home, USERPROFILE: home };
    delete env.SF_TARGET_DEV_HUB;
    delete env.SFDX_DEFAULTDEVHUBUSERNAME;
    return new Promise((resolve, reject) => {
        const child = spawn(TS_NODE, [path.join('scripts', script), ...args], { cwd: REPO, env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
}

describe('org scripts without a Dev Hub (run for real)', () => {
    const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-home-empty-'));
    // A CLI that has been used (it has state) and names a default Dev Hub it is not authorised to.
    const usedHome = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-home-used-'));
    fs.mkdirSync(path.join(usedHome, '.sf'));
    fs.writeFileSync(path.join(usedHome, '.sf', 'config.json'), JSON.stringify({ 'target-dev-hub': 'devhub' }));
    const runs = Promise.all([
        runScript('org-setup.ts', [], emptyHome),
        runScript('package-version.ts', ['--target-dev-hub', 'production-hub'], usedHome)
    ]);
    afterAll(() => {
        for (const dir of [emptyHome, usedHome]) fs.rmSync(dir, { recursive: true, force: true });
    });

    it(
        'npm run org:setup stops at once, before any step, saying what to authorise and how',
        async () => {
            const [run] = await runs;
            expect(run.code).toBe(1);
            expect(run.stderr).toContain('No Dev Hub is authorised for the Salesforce CLI');
            expect(run.stderr).toContain('Dev Hub enabled (Setup > Dev Hub)');
            expect(run.stderr).toContain('npx sf org login web --set-default-dev-hub --alias devhub');
            expect(run.stderr).toContain('npm run org:setup -- --target-dev-hub <alias or username>');
            expect(run.stdout).not.toMatch(/\[1\/\d+\]/);
        },
        CLI_TIMEOUT_MS
    );

    it('npm run package:version asks the CLI, finds the Dev Hub asked for is not authorised, and stops the same way', async () => {
        const [, run] = await runs;
        expect(run.code).toBe(1);
        expect(run.stderr).toContain('"production-hub" is not a Dev Hub the Salesforce CLI is authorised to.');
        expect(run.stderr).toContain('npx sf org login web --set-default-dev-hub --alias devhub');
        expect(run.stderr).toContain('npm run package:version -- --target-dev-hub <alias or username>');
        expect(run.stdout).not.toMatch(/\[1\/\d+\]/);
    });
});

describe('choosing the Dev Hub from the CLI state', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-home-state-'));
    fs.mkdirSync(path.join(home, '.sfdx'));
    fs.writeFileSync(path.join(home, '.sfdx', 'alias.json'), '{}');
    afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

    const listing =
        (result: object): SfRunner =>
        async () => ({ code: 0, stdout: '', stderr: '', json: { status: 0, result } });
    const hub = (username: string, alias?: string, isDefault = false) => ({
        username,
        alias,
        isDevHub: true,
        isDefaultDevHubUsername: isDefault
    });

    it('takes the default Dev Hub, else the only one, else the one asked for', async () => {
        const two = listing({ devHubs: [hub('a@example.com', 'hub-a'), hub('b@example.com', 'hub-b', true)] });
        await expect(findDevHub(undefined, 'cmd', { home }, two)).resolves.toEqual({
            username: 'b@example.com',
            alias: 'hub-b'
        });
        await expect(findDevHub('hub-a', 'cmd', { home }, two)).resolves.toEqual({
            username: 'a@example.com',
            alias: 'hub-a'
        });
        const one = listing({
            nonScratchOrgs: [{ username: 'c@example.com', isDevHub: true }, { username: 'sandbox@example.com' }]
        });
        await expect(findDevHub(undefined, 'cmd', { home }, one)).resolves.toEqual({
            username: 'c@example.com',
            alias: undefined
        });
    });

    it('refuses several Dev Hubs with no default, and none at all', async () => {
        const two = listing({ devHubs: [hub('a@example.com', 'hub-a'), hub('b@example.com', 'hub-b')] });
        await expect(findDevHub(undefined, 'cmd', { home }, two)).rejects.toThrow(
            'Several Dev Hubs are authorised (hub-a, hub-b) and none is the default.'
        );
        await expect(findDevHub(undefined, 'cmd', { home }, listing({ devHubs: [] }))).rejects.toThrow(NoDevHubError);
    });

    it('does not start the CLI when it has no state at all', async () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-home-none-'));
        try {
            expect(cliHasNoState(empty)).toBe(true);
            expect(cliHasNoState(home)).toBe(false);
            const never: SfRunner = () => Promise.reject(new Error('the CLI was started'));
            await expect(findDevHub(undefined, 'cmd', { home: empty }, never)).rejects.toThrow(NoDevHubError);
        } finally {
            fs.rmSync(empty, { recursive: true, force: true });
        }
    });
});

describe('script options', () => {
    it('has sensible defaults and takes the Dev Hub from SF_TARGET_DEV_HUB', () => {
        expect(parseOrgScriptArgs([], {})).toEqual({
            alias: DEFAULT_ALIAS,
            durationDays: 7,
            open: true,
            help: false,
            targetDevHub: undefined
        });
        expect(parseOrgScriptArgs(['--no-open', '--alias', 'mine', '-d', '3'], { SF_TARGET_DEV_HUB: 'hub' })).toEqual({
            alias: 'mine',
            durationDays: 3,
            open: false,
            help: false,
            targetDevHub: 'hub'
        });
        expect(parsePackageScriptArgs(['-v', 'prod'], {})).toEqual({ targetDevHub: 'prod', help: false });
    });

    it('refuses an unknown option and a scratch org that would live too long', () => {
        expect(() => parseOrgScriptArgs(['--bogus'], {})).toThrow(/Unknown option '--bogus'/);
        expect(() => parseOrgScriptArgs(['--duration-days', '45'], {})).toThrow(RangeError);
        expect(() => parsePackageScriptArgs(['--alias', 'x'], {})).toThrow(/Unknown option '--alias'/);
    });
});
