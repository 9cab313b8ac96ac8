/**
 * `npm run org:setup`: a scratch org with the package, ready to use.
 *
 * Checks that a Dev Hub is authorised (and stops at once, saying how, when none is), then builds
 * and checks the components, creates a scratch org from config/project-scratch-def.json, deploys
 * the package, assigns the permission sets to you, adds a second agent user, imports the seed data,
 * creates the agent and queue-member records for the org's users, and opens the console app.
 *
 * Options: --target-dev-hub <alias>, --alias <scratch org alias> (default sms-agent-console),
 * --duration-days <1-30> (default 7), --no-open (print the app's address instead of opening it).
 */
import fs from 'fs';
import path from 'path';
import { DevHub, findDevHub, NoDevHubError } from './lib/devhub';
import { importTree, query, sfJson, soqlString } from './lib/org-steps';
import { parseOrgScriptArgs } from './lib/script-args';
import {
    AGENTS_PLAN_FILE,
    DATA_DIR,
    isPersonAccount,
    OrgUser,
    PLAN_FILE,
    readPlan,
    resolvePlan,
    tempPlanDir,
    withoutPersonAccounts,
    writePlan
} from './lib/seed-data';
import { REPO_ROOT } from './lib/sf-cli';
import { npmRun, runSteps, StepError } from './lib/steps';

const COMMAND = 'npm run org:setup';
const APP_PATH = 'lightning/app/c__SMS_Agent_Console';
const PERMISSION_SETS = ['SMS_Admin', 'SMS_Supervisor', 'SMS_Agent', 'SMS_Reject_Offers'];

const USAGE = `Usage: ${COMMAND} -- [--target-dev-hub <alias>] [--alias <name>] [--duration-days <1-30>] [--no-open]`;

async function setUp(hub: DevHub, org: string, durationDays: number, open: boolean): Promise<void> {
    const users: OrgUser[] = [];
    const imported = new Map<string, string>();
    const work = tempPlanDir();
    let secondAgentAlias: string | undefined;
    try {
        await runSteps([
            { title: 'Build the components (TypeScript to JavaScript)', run: () => npmRun('build') },
            { title: 'Check the components with the LWC compiler', run: () => npmRun('check:lwc') },
            {
                title: `Create the scratch org "${org}" from config/project-scratch-def.json (a few minutes)`,
                run: async () => {
                    const created = await sfJson<{ username?: string; orgId?: string }>(
                        [
                            'org',
                            'create',
                            'scratch',
                            '--definition-file',
                            path.join('config', 'project-scratch-def.json'),
                            '--alias',
                            org,
                            '--set-default',
                            '--duration-days',
                            String(durationDays),
                            '--target-dev-hub',
                            hub.username,
                            '--wait',
                            '20'
                        ],
                        { timeoutMs: 25 * 60_000 }
                    );
                    return `${created.username ?? org} (org ${created.orgId ?? 'unknown'})`;
                }
            },
            {
                title: 'Deploy the package (force-app)',
                run: async () => {
                    const deployed = await sfJson<{ numberComponentsDeployed?: number }>(
                        [
                            'project',
                            'deploy',
                            'start',
                            '--source-dir',
                            'force-app',
                            '--target-org',
                            org,
                            '--wait',
                            '30'
                        ],
                        { timeoutMs: 35 * 60_000 }
                    );
                    return `${deployed.numberComponentsDeployed ?? 'all'} components`;
                }
            },
            {
                title: `Assign the permission sets ${PERMISSION_SETS.join(', ')} to you`,
                run: async () => {
                    await sfJson([
                        'org',
                        'assign',
                        'permset',
                        ...PERMISSION_SETS.flatMap((p) => ['--name', p]),
                        '--target-org',
                        org
                    ]);
                    const me = await sfJson<{ id: string }>(['org', 'display', 'user', '--target-org', org]);
                    const found = await query<{ Id: string; Name: string }>(
                        org,
                        `SELECT Id, Name FROM User WHERE Id = ${soqlString(me.id)}`
                    );
                    users.push({ id: me.id, name: found.records[0]?.Name ?? 'Agent 1' });
                    return users[0].name;
                }
            },
            {
                title: 'Create a second agent user (config/agent-user-def.json) to see offers move between agents',
                run: async () => {
                    secondAgentAlias = `${org}-agent2`;
                    try {
                        const created = await sfJson<{ fields: { id: string; firstname?: string; lastname?: string } }>(
                            [
                                'org',
                                'create',
                                'user',
                                '--definition-file',
                                path.join('config', 'agent-user-def.json'),
                                '--set-alias',
                                secondAgentAlias,
                                '--target-org',
                                org
                            ]
                        );
                        const name = [created.fields.firstname, created.fields.lastname].filter(Boolean).join(' ');
                        users.push({ id: created.fields.id, name: name || 'Agent 2' });
                        return `${name}, alias ${secondAgentAlias}`;
                    } catch (error) {
                        // The org may have no licence left; one agent is enough to work.
                        secondAgentAlias = undefined;
                        return `skipped: ${(error as Error).message}`;
                    }
                }
            },
            {
                title: 'Import the seed data (data/plan.json: accounts, contacts, leads, cases, queues, numbers, quick answers)',
                run: async () => {
                    let plan = readPlan(DATA_DIR, PLAN_FILE);
                    const personTypes = await query<{ Name: string }>(
                        org,
                        "SELECT Name FROM RecordType WHERE SobjectType = 'Account' AND IsPersonType = true AND IsActive = true"
                    );
                    let note = '';
                    if (personTypes.records.length === 0) {
                        const without = withoutPersonAccounts(plan);
                        plan = without.plan;
                        note = `; no person accounts in this org, left out ${without.left.join(', ')}`;
                    } else {
                        // The CLI finds record types by name; use the org's own name for it.
                        const name = personTypes.records[0].Name;
                        for (const record of plan.files.flatMap((f) => f.records).filter(isPersonAccount)) {
                            record.RecordType = { Name: name };
                        }
                    }
                    const results = await importTree(org, writePlan(path.join(work, 'plan'), PLAN_FILE, plan.files));
                    for (const r of results) imported.set(r.refId, r.id);
                    return `${results.length} records${note}`;
                }
            },
            {
                title: "Create the agents and queue members for the org's users (data/agents-plan.json)",
                run: async () => {
                    const resolved = resolvePlan(readPlan(DATA_DIR, AGENTS_PLAN_FILE), users, imported);
                    const results = await importTree(
                        org,
                        writePlan(path.join(work, 'agents'), AGENTS_PLAN_FILE, resolved.files)
                    );
                    const left = resolved.dropped.map((d) => `${d.referenceId} (${d.reason})`);
                    return `${results.length} records${left.length ? `; left out ${left.join(', ')}` : ''}`;
                }
            },
            {
                title: open ? 'Open the SMS Agent Console app' : 'Address of the SMS Agent Console app',
                run: async () => {
                    const opened = await sfJson<{ url: string }>([
                        'org',
                        'open',
                        '--target-org',
                        org,
                        '--path',
                        APP_PATH,
                        ...(open ? [] : ['--url-only'])
                    ]);
                    return open ? 'opened in your browser' : opened.url;
                }
            }
        ]);
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
    console.log(`\nThe scratch org "${org}" is ready.`);
    console.log(`  Open it again:            npx sf org open --target-org ${org} --path ${APP_PATH}`);
    if (secondAgentAlias) {
        console.log(`  Work as the second agent: npx sf org open --target-org ${secondAgentAlias} --path ${APP_PATH}`);
    }
    console.log('  The SMS panel works with the SMS Agent Console service, which connects as a user holding');
    console.log('  the SMS Integration User permission set (README.md, "After installing the package").');
}

async function main(): Promise<void> {
    const options = parseOrgScriptArgs(process.argv.slice(2));
    if (options.help) {
        console.log(USAGE);
        return;
    }
    console.log('SMS Agent Console: scratch org setup');
    console.log('Looking for an authorised Dev Hub...');
    const hub = await findDevHub(options.targetDevHub, COMMAND, { cwd: REPO_ROOT });
    console.log(`Dev Hub: ${hub.alias ? `${hub.alias} (${hub.username})` : hub.username}`);
    await setUp(hub, options.alias, options.durationDays, options.open);
}

main().catch((error: unknown) => {
    if (error instanceof NoDevHubError || error instanceof StepError || error instanceof RangeError) {
        console.error(`\n${error.message}`);
    } else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
        console.error(`${error.message}\n${USAGE}`);
    } else {
        console.error(error);
    }
    process.exitCode = 1;
});
