/**
 * `npm run channels:metadata -- --out <folder> --users 005…,005… [--budget 90]` — writes the
 * Metadata API source of the filtered custom channels the event economy uses (one per agent, or
 * shared by groups beyond the budget), ready for `sf project deploy start --source-dir <folder>`,
 * and prints each agent's topic for `SMS_Agent__c.Event_Channel__c`. See docs/event-economy.md.
 */
import fs from 'fs';
import path from 'path';
import { channelMetadata, DEFAULT_CHANNEL_BUDGET, planChannels } from '../service/src/connector/economy/channels';
import { isSalesforceId } from '../service/src/connector/ids';

function main(argv: string[]): void {
    const opt = (name: string): string | undefined => {
        const i = argv.indexOf(`--${name}`);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    const out = opt('out');
    const users = (opt('users') ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
    const budget = Number(opt('budget') ?? DEFAULT_CHANNEL_BUDGET);
    if (!out) throw new Error('--out <folder> is required');
    if (users.length === 0) throw new Error('--users needs the agents’ User Ids, comma-separated');
    const bad = users.filter((u) => !isSalesforceId(u) || !u.startsWith('005'));
    if (bad.length > 0) throw new Error(`Not User Ids: ${bad.join(', ')}`);
    if (!Number.isInteger(budget) || budget < 1 || budget > 100)
        throw new Error('--budget must be a whole number from 1 to 100');
    const plan = planChannels(users, budget);
    for (const file of channelMetadata(plan)) {
        const full = path.join(out, file.path);
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.writeFileSync(full, file.content);
    }
    console.log(`${plan.entries.length} channel(s), ${plan.groupSize} agent(s) each, written under ${out}`);
    for (const e of plan.entries) for (const u of e.agentUserIds) console.log(`${u}\t${e.topic}`);
}

try {
    main(process.argv.slice(2));
} catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
}
