import fs from 'fs';
import path from 'path';
import { isConnectorError } from '../errors';
import { AGENT_ACTION_TOPIC, AGENT_EVENT_TOPIC } from '../model';
import type { AgentActionEvent } from '../types';
import { LocalOrg } from './localOrg';
import { loadSeed } from './seed';
import type { BusEventMessage } from './eventBus';

const SEED = path.join(__dirname, '__fixtures__', 'seed');

function seeded(): LocalOrg {
    const org = new LocalOrg();
    loadSeed(org, SEED);
    return org;
}

describe('local org', () => {
    test('loads the sf data tree format: plan order, @references, nested child records', () => {
        const org = new LocalOrg();
        const report = loadSeed(org, SEED);
        expect(report.created).toMatchObject({
            User: 2,
            Account: 3,
            Contact: 4,
            Lead: 2,
            SMS_Queue__c: 1,
            SMS_Channel__c: 1,
            SMS_Agent__c: 3
        });
        // `$user:N` / `$userName:N` become the local org's N-th agent user; a person account keeps its type.
        const third = org.get(org.refs.get('SmsAgentRef3')!)!;
        expect(third).toMatchObject({ Name: 'Agent 3', User_Key__c: third.User__c });
        expect(org.get(String(third.User__c))!.Username).toBe('agent3@sms.local');
        expect(org.get(org.refs.get('PersonAccountRef1')!)!.IsPersonAccount).toBe(true);
        // The before-save Flow keeps User_Key__c equal to User__c (one agent record per user).
        const ada = org.get(org.refs.get('AgentRecAda')!)!;
        expect(ada.User_Key__c).toBe(org.refs.get('AgentAda'));
        expect(() => org.insert('SMS_Agent__c', { Name: 'Ada again', User__c: org.refs.get('AgentAda')! })).toThrow(
            /already holds/
        );
        const jane = org.get(org.refs.get('ContactJane')!)!;
        expect(jane.AccountId).toBe(org.refs.get('AccountAcme'));
        const nested = org.get(org.refs.get('ContactNested')!)!;
        expect(nested.AccountId).toBe(org.refs.get('AccountAcme'));
        const channel = org.get(org.refs.get('ChannelMain')!)!;
        expect(channel.Queue__c).toBe(org.refs.get('QueueSupport'));
    });

    test('phone search finds every stored format from E.164, with or without country code', async () => {
        const org = seeded();
        const matches = await org.searchPhone('+14155550101');
        const ids = matches.map((m) => m.id);
        expect(ids).toEqual(
            expect.arrayContaining([org.refs.get('ContactJane'), org.refs.get('LeadOpen'), org.refs.get('AccountAcme')])
        );
        expect(ids).not.toContain(org.refs.get('LeadConverted'));
        expect(ids).not.toContain(org.refs.get('AccountOther'));
        expect(ids).not.toContain(org.refs.get('ContactJim'));
        expect(ids).not.toContain(org.refs.get('ContactExt'));
        expect(matches.map((m) => m.type).sort()).toEqual(['Account', 'Contact', 'Lead']);
        expect((await org.searchPhone('4155550102')).map((m) => m.id)).toEqual([org.refs.get('ContactJim')]);
    });

    test('interactions are visible to their owner only; messages follow their interaction', () => {
        const org = seeded();
        const ada = org.refs.get('AgentAda')!;
        const bo = org.refs.get('AgentBo')!;
        const interaction = org.insert('SMS_Interaction__c', {
            External_Id__c: 'i-1',
            Status__c: 'Active',
            OwnerId: ada
        });
        const message = org.insert('SMS_Message__c', {
            Interaction__c: interaction,
            Direction__c: 'Inbound',
            Body__c: 'hi'
        });
        expect(org.get(interaction, ada)).not.toBeNull();
        expect(org.get(interaction, bo)).toBeNull();
        expect(org.get(message, ada)).not.toBeNull();
        expect(org.get(message, bo)).toBeNull();
        expect(() =>
            org.insert(
                'SMS_Message__c',
                { Interaction__c: interaction, Direction__c: 'Outbound', Status__c: 'Queued', Body__c: 'x' },
                bo
            )
        ).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_ACCESS' }));
        expect(org.getRecordUi(interaction, ['SMS_Interaction__c.Status__c'], ada)).toMatchObject({
            apiName: 'SMS_Interaction__c',
            id: interaction,
            recordTypeId: '012000000000000AAA',
            fields: { Status__c: { value: 'Active', displayValue: 'Active' } }
        });
        expect(() => org.getRecordUi(interaction, ['Status__c'], bo)).toThrow(
            expect.objectContaining({ code: 'RECORD_NOT_FOUND' })
        );
    });

    test('validates fields: unknown names, picklists, lengths, uniqueness', () => {
        const org = seeded();
        const bad = (fn: () => unknown, code: string) => {
            try {
                fn();
            } catch (error) {
                expect(isConnectorError(error)).toBe(true);
                expect((error as { code: string }).code).toBe(code);
                return;
            }
            throw new Error('expected an error');
        };
        bad(() => org.insert('SMS_Interaction__c', { Nope__c: 1 }), 'FIELD_UNKNOWN');
        bad(() => org.insert('SMS_Interaction__c', { Status__c: 'Sleeping' }), 'FIELD_INVALID');
        bad(() => org.insert('SMS_Interaction__c', { Chat_Log_Task_Id__c: 'x'.repeat(19) }), 'FIELD_INVALID');
        org.insert('SMS_Interaction__c', { External_Id__c: 'dup' });
        bad(() => org.insert('SMS_Interaction__c', { External_Id__c: 'DUP' }), 'DUPLICATE_VALUE');
        const id = org.insert('SMS_Interaction__c', { Initiated_At__c: 1_700_000_000_000 });
        expect(org.get(id)!.Initiated_At__c).toBe('2023-11-14T22:13:20.000Z');
        expect(org.get(id)!.Name).toMatch(/^SMS-\d{6}$/);
    });

    test('the Flows: an inserted action or queued outbound message publishes an action event carrying its creator', async () => {
        const org = seeded();
        const ada = org.refs.get('AgentAda')!;
        const interaction = org.insert('SMS_Interaction__c', {
            External_Id__c: 'i-2',
            Status__c: 'Active',
            OwnerId: ada
        });
        const received: AgentActionEvent[] = [];
        const sub = await org.subscribeActions({
            loadReplayId: async () => null,
            onBatch: async (batch) => {
                received.push(...batch);
            }
        });
        const action = org.insert('SMS_Agent_Action__c', { Type__c: 'Accept', Interaction__c: interaction }, ada);
        const msg = org.insert(
            'SMS_Message__c',
            {
                Interaction__c: interaction,
                Direction__c: 'Outbound',
                Source__c: 'Agent',
                Status__c: 'Queued',
                Body__c: 'hello'
            },
            ada
        );
        org.insert('SMS_Message__c', {
            Interaction__c: interaction,
            Direction__c: 'Inbound',
            Status__c: 'Received',
            Body__c: 'x'
        });
        await org.bus.drain();
        await sub.close();
        expect(received.map((e) => [e.recordId, e.object, e.type, e.actingUserId])).toEqual([
            [action, 'SMS_Agent_Action__c', 'Accept', ada],
            [msg, 'SMS_Message__c', 'Send', ada]
        ]);
        expect(new Set(received.map((e) => e.eventUuid)).size).toBe(2);
    });

    test('the event bus counts every delivery per client; filtered-out events on a custom channel do not count', async () => {
        const org = seeded();
        const ada = org.refs.get('AgentAda')!;
        const bo = org.refs.get('AgentBo')!;
        org.bus.defineChannel('SMS_Ada__chn', [
            { selectedEntity: 'SMS_Agent_Event__e', filterExpression: `Recipient_Id__c = '${ada}'` }
        ]);
        const got: Record<string, BusEventMessage[]> = { standard: [], ada: [] };
        org.bus.subscribe('browser-bo', AGENT_EVENT_TOPIC, -1, (m) => got.standard.push(m));
        org.bus.subscribe('browser-ada', '/event/SMS_Ada__chn', -1, (m) => got.ada.push(m));
        await org.publishAgentEvents([
            { recipientId: ada, type: 'offer', interactionId: null, sequence: 1 },
            { recipientId: bo, type: 'offer', interactionId: null, sequence: 1 },
            { recipientId: bo, type: 'message', interactionId: null, sequence: 2 }
        ]);
        await org.bus.drain();
        const stats = org.bus.snapshot();
        expect(stats.byClient).toEqual({ 'browser-bo': 3, 'browser-ada': 1 });
        expect(stats.deliveries).toBe(4);
        expect(stats.filteredOut).toBe(2);
        expect(got.ada[0].data.payload).toMatchObject({ Recipient_Id__c: ada, Type__c: 'offer', Sequence__c: 1 });
        expect(got.ada[0].data.event.EventApiName).toBe('SMS_Agent_Event__e');
        expect(got.ada[0].channel).toBe('/event/SMS_Ada__chn');
        expect(() => org.bus.subscribe('x', '/event/Nope__chn', -1, () => undefined)).toThrow();
        expect(() => org.bus.subscribe('x', AGENT_ACTION_TOPIC, -1, () => undefined)).not.toThrow();
    });

    test('configuration: queues, channels, agents, members and who holds SMS_Reject_Offers', async () => {
        const org = seeded();
        const config = await org.loadConfiguration();
        expect(config.queues).toEqual([
            expect.objectContaining({
                name: 'Support',
                acceptanceIntervalSeconds: 45,
                postProcessingSeconds: 120,
                maxInteractions: 3
            })
        ]);
        expect(config.channels).toEqual([
            expect.objectContaining({ phoneNumber: '+14155550100', queueId: org.refs.get('QueueSupport') })
        ]);
        expect(config.members).toEqual([
            { queueId: org.refs.get('QueueSupport'), agentUserId: org.refs.get('AgentAda') }
        ]);
        expect(config.rejectPermissionUserIds).toEqual([org.refs.get('AgentAda')]);
        expect(config.agents.map((a) => a.userId)).toEqual(
            expect.arrayContaining([org.refs.get('AgentAda'), org.refs.get('AgentBo')])
        );
        expect(config.agents).toHaveLength(3);
    });

    const repoData = path.resolve(__dirname, '..', '..', '..', '..', 'data');
    (fs.existsSync(path.join(repoData, 'plan.json')) ? test : test.skip)(
        'the repository’s seed data loads and every documented number is found',
        async () => {
            const org = new LocalOrg();
            loadSeed(org, repoData);
            const types = async (n: string) => (await org.searchPhone(n)).map((m) => m.type).sort();
            expect(await types('+14155550101')).toEqual(['Contact']);
            expect(await types('+14155550103')).toEqual(['Lead']);
            expect(await types('+442079460958')).toEqual(['Contact']);
            expect(await types('+447700900123')).toEqual(['Account']);
            expect(await types('+14155550104')).toEqual(['Contact', 'Lead']);
            expect(await types('+14155550105')).toEqual(['Account', 'Account', 'Contact', 'Contact']);
            const config = await org.loadConfiguration();
            expect(config.queues.length).toBeGreaterThanOrEqual(3);
            expect(config.members.length).toBeGreaterThan(0);
        }
    );

    test('a seed reference nobody defines is a clear error', () => {
        const org = new LocalOrg();
        const os = jest.requireActual<typeof import('os')>('os');
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-'));
        fs.writeFileSync(
            path.join(dir, 'Contact.json'),
            JSON.stringify({
                records: [{ attributes: { type: 'Contact', referenceId: 'C1' }, LastName: 'X', AccountId: '@Missing' }]
            })
        );
        expect(() => loadSeed(org, dir)).toThrow(/refers to @Missing/);
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
