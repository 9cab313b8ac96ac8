/** Command-line options shared by the org scripts. */
import { parseArgs } from 'util';

export interface OrgScriptOptions {
    targetDevHub?: string;
    alias: string;
    durationDays: number;
    open: boolean;
    help: boolean;
}

export const DEFAULT_ALIAS = 'sms-agent-console';

export function parseOrgScriptArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): OrgScriptOptions {
    const { values } = parseArgs({
        args: [...argv],
        options: {
            'target-dev-hub': { type: 'string', short: 'v' },
            alias: { type: 'string', short: 'a' },
            'duration-days': { type: 'string', short: 'd' },
            'no-open': { type: 'boolean' },
            help: { type: 'boolean', short: 'h' }
        },
        strict: true,
        allowPositionals: false
    });
    const durationDays = values['duration-days'] === undefined ? 7 : Number(values['duration-days']);
    if (!Number.isInteger(durationDays) || durationDays < 1 || durationDays > 30) {
        throw new RangeError(
            `--duration-days must be a whole number of days from 1 to 30, not "${values['duration-days']}"`
        );
    }
    return {
        targetDevHub: values['target-dev-hub'] ?? (env.SF_TARGET_DEV_HUB || undefined),
        alias: values.alias ?? DEFAULT_ALIAS,
        durationDays,
        open: !values['no-open'],
        help: values.help ?? false
    };
}

export interface PackageScriptOptions {
    targetDevHub?: string;
    help: boolean;
}

export function parsePackageScriptArgs(
    argv: readonly string[],
    env: NodeJS.ProcessEnv = process.env
): PackageScriptOptions {
    const { values } = parseArgs({
        args: [...argv],
        options: {
            'target-dev-hub': { type: 'string', short: 'v' },
            help: { type: 'boolean', short: 'h' }
        },
        strict: true,
        allowPositionals: false
    });
    return {
        targetDevHub: values['target-dev-hub'] ?? (env.SF_TARGET_DEV_HUB || undefined),
        help: values.help ?? false
    };
}
