/**
 * The local console's org, kept across restarts. The local org lives in memory; its whole state
 * (records, Id counters, the event bus's replay position and latest events) is written to
 * `<dataDir>/local-org.json` shortly after every change and at close — to a temporary file that
 * then replaces the old one, so a crash leaves the previous complete snapshot, never half of one.
 * A start with that file resumes from it; a start without it seeds a new org from `data/`.
 *
 * What a crash can lose: the changes of the last `saveDelayMs` (50 ms by default). The service's
 * own state is in SQLite; a record written just before a crash may be missing from the org after
 * it, and is written again when its interaction next changes.
 */
import fs from 'fs';
import path from 'path';
import type { Logger } from '../log';
import { planChannels } from '../connector/economy/channels';
import { toId18 } from '../connector/ids';
import { LocalOrg, type LocalOrgSnapshot } from '../connector/local/localOrg';
import { loadSeed } from '../connector/local/seed';
import { AGENT_EVENT, AGENT_EVENT_TOPIC, OBJECTS } from '../connector/model';

export const LOCAL_ORG_FILE = 'local-org.json';

export interface LocalOrgFile {
    org: LocalOrg;
    /** True when this start seeded a new org (no snapshot in dataDir). */
    created: boolean;
    file: string;
    /** Writes the snapshot now. */
    save(): void;
    /** Writes the last snapshot and stops following changes. */
    close(): void;
}

export interface OpenLocalOrgOptions {
    dataDir: string;
    seedDir: string;
    now?: () => number;
    log: Logger;
    saveDelayMs?: number;
}

export function openLocalOrg(options: OpenLocalOrgOptions): LocalOrgFile {
    fs.mkdirSync(options.dataDir, { recursive: true });
    const file = path.join(options.dataDir, LOCAL_ORG_FILE);
    let org: LocalOrg;
    let created = false;
    if (fs.existsSync(file)) {
        let snapshot: LocalOrgSnapshot;
        try {
            snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as LocalOrgSnapshot;
        } catch (error) {
            throw new Error(
                `${file} is not a readable local org snapshot (${(error as Error).message}); move it away to start afresh`,
                { cause: error }
            );
        }
        org = new LocalOrg({ now: options.now, snapshot });
        options.log.info({ file }, 'local org resumed');
    } else {
        org = new LocalOrg({ now: options.now });
        seedLocalOrg(org, options.seedDir);
        created = true;
        options.log.info({ file }, 'local org seeded');
    }
    const save = () => {
        const tmp = `${file}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(org.snapshot()));
        fs.renameSync(tmp, file);
    };
    let timer: NodeJS.Timeout | null = null;
    let closed = false;
    const stop = org.onChange(() => {
        if (closed || timer) return;
        timer = setTimeout(() => {
            timer = null;
            try {
                save();
            } catch (error) {
                options.log.error({ err: error, file }, 'could not save the local org');
            }
        }, options.saveDelayMs ?? 50);
        timer.unref?.();
    });
    save();
    return {
        org,
        created,
        file,
        save,
        close: () => {
            closed = true;
            stop();
            if (timer) clearTimeout(timer);
            timer = null;
            save();
        }
    };
}

/** The local users: "Agent N" (agentN@sms.local) from the seed's agents, and a supervisor. */
export interface LocalUsers {
    agents: Array<{ userId: string; name: string; username: string; agentRecordId: string }>;
    supervisor: { userId: string; name: string; username: string } | null;
}

export const SUPERVISOR_USERNAME = 'supervisor@sms.local';

/**
 * A new local org: the seed tree of `data/` (the same records a scratch org gets, agents as local
 * users "Agent 1", "Agent 2"…), and what `npm run org:setup` gives a scratch org besides: Agent 1
 * holds SMS Reject Offers, Agent 2 does not; a supervisor; and the org's "Default" business hours,
 * which the seed's Support queue names — Monday to Friday, 08:00 to 18:00, America/Los_Angeles (the
 * seed's numbers are in San Francisco; a real org's Default hours are whatever its admin set).
 */
export function seedLocalOrg(org: LocalOrg, seedDir: string): void {
    loadSeed(org, seedDir);
    const agent1 = org.find('User', { Username: 'agent1@sms.local' })[0];
    if (agent1) org.assignPermissionSet(String(agent1.Id), 'SMS_Reject_Offers');
    if (org.find('User', { Username: SUPERVISOR_USERNAME }).length === 0) {
        org.createUser({ FirstName: 'Sam', LastName: 'Supervisor', Username: SUPERVISOR_USERNAME }, ['SMS_Supervisor']);
    }
    if (org.find('BusinessHours', { Name: 'Default' }).length === 0) {
        const weekday = { start: '08:00:00.000Z', end: '18:00:00.000Z' };
        const fields: Record<string, string | boolean | null> = {
            Name: 'Default',
            IsActive: true,
            IsDefault: true,
            TimeZoneSidKey: 'America/Los_Angeles'
        };
        for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
            fields[`${day}StartTime`] = weekday.start;
            fields[`${day}EndTime`] = weekday.end;
        }
        org.insert('BusinessHours', fields);
    }
}

/**
 * Each agent's filtered event channel, as `npm run channels:metadata` would deploy it in an org
 * (docs/event-economy.md): defined on the local bus, and named in the agent's `Event_Channel__c`
 * when that still holds the standard channel (the field's default) or nothing. Custom channels
 * are not kept in the snapshot; this runs at every start and whenever the agents change.
 */
export function ensureAgentChannels(org: LocalOrg): void {
    const agents = org.find(OBJECTS.agent).filter((a) => typeof a.User__c === 'string');
    const plan = planChannels(agents.map((a) => String(a.User__c)));
    for (const entry of plan.entries) {
        org.bus.defineChannel(entry.channel, [
            { selectedEntity: AGENT_EVENT, filterExpression: entry.filterExpression }
        ]);
    }
    for (const agent of agents) {
        // Blank, or the field's default (the standard channel): the channel is not set up yet.
        if (agent.Event_Channel__c && agent.Event_Channel__c !== AGENT_EVENT_TOPIC) continue;
        const user = toId18(String(agent.User__c));
        const entry = plan.entries.find((e) => user !== null && e.agentUserIds.includes(user));
        if (entry) org.update(OBJECTS.agent, String(agent.Id), { Event_Channel__c: entry.topic });
    }
}

export function localUsers(org: LocalOrg): LocalUsers {
    const agents = org
        .find(OBJECTS.agent)
        .filter((a) => typeof a.User__c === 'string')
        .map((a) => {
            const user = org.get(String(a.User__c));
            return {
                userId: String(a.User__c),
                name: String(a.Name ?? ''),
                username: String(user?.Username ?? ''),
                agentRecordId: String(a.Id)
            };
        })
        .sort((a, b) => a.username.localeCompare(b.username));
    const sup = org.find('User', { Username: SUPERVISOR_USERNAME })[0];
    return {
        agents,
        supervisor: sup
            ? {
                  userId: String(sup.Id),
                  name: `${String(sup.FirstName ?? '')} ${String(sup.LastName ?? '')}`.trim(),
                  username: SUPERVISOR_USERNAME
              }
            : null
    };
}
