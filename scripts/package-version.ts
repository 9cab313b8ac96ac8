/**
 * `npm run package:version`: a new version of the unlocked package "SMS Agent Console".
 *
 * Checks that a Dev Hub is authorised (and stops at once, saying how, when none is), builds and
 * checks the components and the metadata, creates the package in the Dev Hub the first time
 * (recording its Id in sfdx-project.json, which you then commit), and creates the version. Prints
 * the install link and command.
 *
 * Options: --target-dev-hub <alias>.
 */
import fs from 'fs';
import path from 'path';
import { DevHub, findDevHub, NoDevHubError } from './lib/devhub';
import { sfJson } from './lib/org-steps';
import { parsePackageScriptArgs } from './lib/script-args';
import { REPO_ROOT } from './lib/sf-cli';
import { npmRun, runSteps, StepError } from './lib/steps';

const COMMAND = 'npm run package:version';
const PACKAGE = 'SMS Agent Console';
const USAGE = `Usage: ${COMMAND} -- [--target-dev-hub <alias>]`;

function packageAliases(): Record<string, string> {
    const project = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'sfdx-project.json'), 'utf8')) as {
        packageAliases?: Record<string, string>;
    };
    return project.packageAliases ?? {};
}

async function createVersion(hub: DevHub): Promise<void> {
    let versionId: string | undefined;
    await runSteps([
        { title: 'Build the components (TypeScript to JavaScript)', run: () => npmRun('build') },
        { title: 'Check the components with the LWC compiler', run: () => npmRun('check:lwc') },
        { title: 'Check the metadata and the seed data', run: () => npmRun('check:metadata') },
        {
            title: `Make sure the package "${PACKAGE}" exists in the Dev Hub`,
            run: async () => {
                const known = packageAliases()[PACKAGE];
                if (known) return `already created (${known})`;
                const created = await sfJson<{ Id: string }>([
                    'package',
                    'create',
                    '--name',
                    PACKAGE,
                    '--description',
                    'SMS for contact-center agents in the Lightning console, routed by the SMS Agent Console service. No Apex.',
                    '--package-type',
                    'Unlocked',
                    '--path',
                    'force-app',
                    '--no-namespace',
                    '--target-dev-hub',
                    hub.username
                ]);
                return `created ${created.Id}; sfdx-project.json now records it: commit that change`;
            }
        },
        {
            title: `Create a version of "${PACKAGE}" (several minutes)`,
            run: async () => {
                const created = await sfJson<{ SubscriberPackageVersionId?: string; Status?: string }>(
                    [
                        'package',
                        'version',
                        'create',
                        '--package',
                        PACKAGE,
                        '--installation-key-bypass',
                        '--code-coverage',
                        '--wait',
                        '60',
                        '--target-dev-hub',
                        hub.username
                    ],
                    { timeoutMs: 65 * 60_000 }
                );
                versionId = created.SubscriberPackageVersionId;
                return `${created.Status ?? 'done'}: ${versionId ?? 'no version Id returned'}`;
            }
        }
    ]);
    if (versionId) {
        console.log(`\nInstall link: https://login.salesforce.com/packaging/installPackage.apexp?p0=${versionId}`);
        console.log(`Or:           npx sf package install --package ${versionId} --target-org <org> --wait 20`);
    }
}

async function main(): Promise<void> {
    const options = parsePackageScriptArgs(process.argv.slice(2));
    if (options.help) {
        console.log(USAGE);
        return;
    }
    console.log(`SMS Agent Console: new version of the unlocked package "${PACKAGE}"`);
    console.log('Looking for an authorised Dev Hub...');
    const hub = await findDevHub(options.targetDevHub, COMMAND, { cwd: REPO_ROOT });
    console.log(`Dev Hub: ${hub.alias ? `${hub.alias} (${hub.username})` : hub.username}`);
    await createVersion(hub);
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
