/**
 * Test support shared by the connector's suites: a log sink that keeps every line, a seeded
 * local org with agents, and a recording action handler standing in for the router where a
 * suite tests the connector alone.
 */
import { Writable } from 'stream';
import { createLogger, type Logger } from '../../log';
import type { ActionHandler, AgentCommand, CommandOutcome } from '../actions';
import { LocalOrg } from '../local/localOrg';
import { OBJECTS } from '../model';

export class LogSink extends Writable {
    readonly lines: string[] = [];
    override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
        this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
    }
    text(): string {
        return this.lines.join('\n');
    }
}

export function captureLogger(): { log: Logger; sink: LogSink } {
    const sink = new LogSink();
    return { log: createLogger({ level: 'debug' }, sink), sink };
}

export interface SmallOrg {
    org: LocalOrg;
    ada: string;
    bo: string;
    queue: string;
    channel: string;
}

export function smallOrg(now?: () => number): SmallOrg {
    const org = new LocalOrg({ now });
    const ada = org.createUser({ FirstName: 'Ada', LastName: 'Agent', Username: 'ada@sms.local' }, [
        'SMS_Agent',
        'SMS_Reject_Offers'
    ]);
    const bo = org.createUser({ FirstName: 'Bo', LastName: 'Agent', Username: 'bo@sms.local' }, ['SMS_Agent']);
    const queue = org.insert(OBJECTS.queue, { Name: 'Support' });
    const channel = org.insert(OBJECTS.channel, { Name: 'Main', Phone_Number__c: '+14155550100', Queue__c: queue });
    org.insert(OBJECTS.agent, { Name: 'Ada', User__c: ada, User_Key__c: ada });
    org.insert(OBJECTS.agent, { Name: 'Bo', User__c: bo, User_Key__c: bo });
    return { org, ada, bo, queue, channel };
}

/** Records commands; interactions are held by whoever `holders` says. */
export class RecordingHandler implements ActionHandler {
    readonly commands: AgentCommand[] = [];
    readonly holders = new Map<string, string>();
    refuseWith: string | null = null;

    constructor(private readonly agents: readonly string[]) {}

    async apply(command: AgentCommand): Promise<CommandOutcome> {
        this.commands.push(command);
        return this.refuseWith ? { ok: false, code: this.refuseWith } : { ok: true };
    }

    async interactionAgent(interactionId: string): Promise<string | null> {
        return this.holders.get(interactionId) ?? null;
    }

    isAgent(userId: string): boolean {
        return this.agents.includes(userId);
    }
}
