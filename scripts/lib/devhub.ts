/**
 * Which Dev Hub the scripts use: the one named on the command line (or in SF_TARGET_DEV_HUB),
 * else the CLI's default Dev Hub, else the only Dev Hub the CLI is authorised to. With none, the
 * scripts stop before doing anything else and say what to authorise and how.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { runSf as defaultRunSf, SfOptions, SfResult } from './sf-cli';

export interface DevHub {
    username: string;
    alias?: string;
}

export class NoDevHubError extends Error {
    readonly code = 'NO_DEV_HUB';
    constructor(reason: string, command: string) {
        super(
            [
                `${reason}`,
                '',
                'A Dev Hub is the Salesforce org that creates scratch orgs and package versions: your',
                'production org or a Developer Edition org with Dev Hub enabled (Setup > Dev Hub).',
                "Authorise it once with the project's Salesforce CLI, then run this command again:",
                '',
                '    npx sf org login web --set-default-dev-hub --alias devhub',
                '',
                `To use another authorised Dev Hub: ${command} -- --target-dev-hub <alias or username>`
            ].join('\n')
        );
        this.name = 'NoDevHubError';
    }
}

interface OrgListEntry {
    username?: string;
    alias?: string;
    isDevHub?: boolean;
    isDefaultDevHubUsername?: boolean;
}

interface OrgList {
    devHubs?: OrgListEntry[];
    nonScratchOrgs?: OrgListEntry[];
}

export type SfRunner = (args: readonly string[], options?: SfOptions) => Promise<SfResult>;

/**
 * True when the CLI has never stored anything for this user (no ~/.sf or ~/.sfdx with files):
 * then nothing is authorised, and there is no need to start the CLI to find that out.
 */
export function cliHasNoState(home: string): boolean {
    return ['.sf', '.sfdx'].every((dir) => {
        const full = path.join(home, dir);
        return !fs.existsSync(full) || fs.readdirSync(full).length === 0;
    });
}

/**
 * Finds the Dev Hub to use, reading only the CLI's local state (no network). `requested` is the
 * alias or username the user asked for, if any. `command` is how the user ran the script.
 */
export async function findDevHub(
    requested: string | undefined,
    command: string,
    options: SfOptions = {},
    runSf: SfRunner = defaultRunSf
): Promise<DevHub> {
    if (cliHasNoState(options.home ?? os.homedir())) {
        throw new NoDevHubError(
            requested
                ? `"${requested}" is not a Dev Hub the Salesforce CLI is authorised to: the CLI has no authorised org at all.`
                : 'No Dev Hub is authorised for the Salesforce CLI: it has no authorised org at all.',
            command
        );
    }
    const listed = await runSf(['org', 'list', '--skip-connection-status', '--json'], {
        ...options,
        timeoutMs: 60_000
    });
    const list = (listed.json?.result ?? {}) as OrgList;
    const hubs = [...(list.devHubs ?? []), ...(list.nonScratchOrgs ?? []).filter((o) => o.isDevHub)].filter(
        (hub, index, all) => hub.username && all.findIndex((other) => other.username === hub.username) === index
    );
    const toDevHub = (hub: OrgListEntry): DevHub => ({ username: hub.username as string, alias: hub.alias });
    if (requested) {
        const hub = hubs.find((h) => h.username === requested || h.alias === requested);
        if (!hub)
            throw new NoDevHubError(`"${requested}" is not a Dev Hub the Salesforce CLI is authorised to.`, command);
        return toDevHub(hub);
    }
    const byDefault = hubs.find((h) => h.isDefaultDevHubUsername);
    if (byDefault) return toDevHub(byDefault);
    if (hubs.length === 1) return toDevHub(hubs[0]);
    if (hubs.length > 1) {
        throw new NoDevHubError(
            `Several Dev Hubs are authorised (${hubs.map((h) => h.alias ?? h.username).join(', ')}) and none is the default.`,
            command
        );
    }
    throw new NoDevHubError('No Dev Hub is authorised for the Salesforce CLI.', command);
}
