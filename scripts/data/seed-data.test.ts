import fs from 'fs';
import os from 'os';
import path from 'path';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { readPackage } from '../lib/package-model';
import { checkSeedPlans } from '../lib/seed-check';
import {
    AGENTS_PLAN_FILE,
    DATA_DIR,
    LoadedPlan,
    PLAN_FILE,
    readPlan,
    resolvePlan,
    SeedDataError,
    TreeRecord,
    withoutPersonAccounts,
    writePlan
} from '../lib/seed-data';

const REPO = path.join(__dirname, '..', '..');
const model = readPackage(REPO);
const plan = readPlan(DATA_DIR, PLAN_FILE);
const agentsPlan = readPlan(DATA_DIR, AGENTS_PLAN_FILE);
const records = (p: LoadedPlan): TreeRecord[] => p.files.flatMap((f) => f.records);
const all = [...records(plan), ...records(agentsPlan)];

const PHONE_FIELDS = [
    'Phone',
    'MobilePhone',
    'HomePhone',
    'OtherPhone',
    'AssistantPhone',
    'PersonMobilePhone',
    'PersonHomePhone'
];
const E164 = /^\+[1-9][0-9]{6,14}$/;

/** Customer numbers as the service normalises them (E.164, US by default) → who holds them. */
function phoneBook(): Map<string, string[]> {
    const book = new Map<string, string[]>();
    for (const record of all) {
        if (!['Account', 'Contact', 'Lead'].includes(record.attributes.type)) continue;
        for (const field of PHONE_FIELDS) {
            const raw = record[field];
            if (typeof raw !== 'string') continue;
            const parsed = parsePhoneNumberFromString(raw, 'US');
            if (!parsed || !parsed.isPossible())
                throw new Error(`${record.attributes.referenceId}.${field}: "${raw}" is no phone number`);
            book.set(parsed.number, [...(book.get(parsed.number) ?? []), `${record.attributes.referenceId}.${field}`]);
        }
    }
    return book;
}

describe('seed data in data/ (sf data tree format)', () => {
    it('matches the package: objects, fields, required fields, picklist values, references, placeholders', () => {
        expect(
            checkSeedPlans(
                [
                    { plan, placeholdersAllowed: false },
                    { plan: agentsPlan, placeholdersAllowed: true }
                ],
                model
            )
        ).toEqual([]);
    });

    it('stores customer phones in mixed formats, US and UK, that all normalise to valid numbers', () => {
        const raw = all.flatMap((r) => PHONE_FIELDS.map((f) => r[f]).filter((v): v is string => typeof v === 'string'));
        expect(raw).toEqual(
            expect.arrayContaining(['(415) 555-0101', '+1 415-555-0102', '4155550103', '+44 20 7946 0958'])
        );
        // Every number appears in at least one other notation, too: dots, dashes, a leading 1, bare E.164.
        expect(raw).toEqual(
            expect.arrayContaining(['415.555.0104', '1 (415) 555-0105', '+14155550104', '415-555-0105'])
        );
        expect(phoneBook().get('+442079460958')).toEqual(['ContactRef3.Phone']);
    });

    it('has two numbers that match several records (and the rest match one)', () => {
        const shared = [...phoneBook()].filter(([, holders]) => holders.length > 1);
        expect(shared).toEqual([
            [
                '+14155550105',
                [
                    'AccountRef3.Phone',
                    'PersonAccountRef1.PersonMobilePhone',
                    'ContactRef5.HomePhone',
                    'ContactRef6.MobilePhone'
                ]
            ],
            ['+14155550104', ['ContactRef4.MobilePhone', 'LeadRef2.Phone']]
        ]);
    });

    it('gives channels unique E.164 company numbers, tied to queues that have members', () => {
        const channels = all.filter((r) => r.attributes.type === 'SMS_Channel__c');
        const numbers = channels.map((c) => c.Phone_Number__c as string);
        expect(numbers.every((n) => E164.test(n))).toBe(true);
        expect(new Set(numbers).size).toBe(numbers.length);
        const customers = phoneBook();
        expect(numbers.filter((n) => customers.has(n))).toEqual([]);
        const membersOf = (queueRef: string) =>
            all.filter((r) => r.attributes.type === 'SMS_Queue_Member__c' && r.Queue__c === `@${queueRef}`).length;
        for (const channel of channels) expect(membersOf((channel.Queue__c as string).slice(1))).toBeGreaterThan(0);
    });

    it('has queues with different settings: one requires a disposition, one is dedicated, one keeps business hours', () => {
        const queues = all.filter((r) => r.attributes.type === 'SMS_Queue__c');
        expect(queues.map((q) => q.Name)).toEqual(['Support', 'Sales', 'VIP Customers']);
        expect(queues.filter((q) => q.Disposition_Required__c === true).map((q) => q.Name)).toEqual([
            'Support',
            'VIP Customers'
        ]);
        expect(queues.filter((q) => q.Dedicated_Agent__c).map((q) => q.Name)).toEqual(['VIP Customers']);
        expect(queues.filter((q) => q.Business_Hours_Name__c).map((q) => q.Name)).toEqual(['Support']);
        // Within the queue's validation rules (force-app/.../SMS_Queue__c/validationRules).
        for (const q of queues) {
            expect(q.Acceptance_Interval_Seconds__c).toBeGreaterThanOrEqual(5);
            expect(q.Acceptance_Interval_Seconds__c).toBeLessThanOrEqual(600);
            expect(q.Max_Interactions__c).toBeGreaterThanOrEqual(1);
        }
    });
});

describe('filling in the agents plan for an org', () => {
    const imported = new Map(
        records(plan).map((r, i) => [r.attributes.referenceId, `a0X00000000000${String(i).padStart(2, '0')}AAA`])
    );
    const users = [
        { id: '005000000000001AAA', name: 'Ada Admin' },
        { id: '005000000000002AAA', name: 'Sam Second Agent' }
    ];

    it('puts in the users and the Ids of the records imported before, leaving no placeholder or outside reference', () => {
        const { files, dropped } = resolvePlan(agentsPlan, users, imported);
        expect(dropped).toEqual([]);
        const agents = files.find((f) => f.sobject === 'SMS_Agent__c')!.records;
        expect(agents.map((a) => [a.Name, a.User__c, a.User_Key__c])).toEqual([
            ['Ada Admin', users[0].id, users[0].id],
            ['Sam Second Agent', users[1].id, users[1].id]
        ]);
        const members = files.find((f) => f.sobject === 'SMS_Queue_Member__c')!.records;
        expect(members[0]).toEqual(
            expect.objectContaining({ Queue__c: imported.get('SmsQueueRef1'), Agent__c: '@SmsAgentRef1' })
        );
        const text = JSON.stringify(files);
        expect(text).not.toMatch(/\$user/);
        expect(text.match(/"@(\w+)"/g)?.every((r) => /@SmsAgentRef|@SmsQueueRef3/.test(r))).toBe(true);
    });

    it('leaves out the agents of users the org does not have, and their memberships', () => {
        const { files, dropped } = resolvePlan(agentsPlan, users.slice(0, 1), imported);
        expect(dropped).toEqual([
            { referenceId: 'SmsAgentRef2', reason: 'the org has no agent user 2' },
            { referenceId: 'SmsQueueMemberRef4', reason: 'it refers to SmsAgentRef2, which was left out' },
            { referenceId: 'SmsQueueMemberRef5', reason: 'it refers to SmsAgentRef2, which was left out' }
        ]);
        expect(files.flatMap((f) => f.records).map((r) => r.attributes.referenceId)).not.toContain('SmsAgentRef2');
    });

    it('refuses a reference to a record that was not imported', () => {
        const partial = new Map(imported);
        partial.delete('SmsQueueRef2');
        expect(() => resolvePlan(agentsPlan, users, partial)).toThrow(SeedDataError);
        expect(() => resolvePlan(agentsPlan, users, partial)).toThrow('@SmsQueueRef2 names no record imported before');
    });

    it('writes a plan the CLI can import, and can leave person accounts out for orgs without them', () => {
        const { plan: business, left } = withoutPersonAccounts(plan);
        expect(left).toEqual(['PersonAccountRef1', 'PersonAccountRef2']);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-seed-test-'));
        try {
            const planPath = writePlan(dir, PLAN_FILE, business.files);
            const written = JSON.parse(fs.readFileSync(planPath, 'utf8')) as Array<{
                sobject: string;
                files: string[];
            }>;
            expect(written.map((e) => e.files[0])).not.toContain('PersonAccount.json');
            expect(readPlan(dir, PLAN_FILE).files.flatMap((f) => f.records)).toHaveLength(records(plan).length - 2);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('the seed check itself', () => {
    it('reports an unknown field, a dangling reference, a misplaced placeholder and a reference Id the CLI would not resolve', () => {
        const broken: LoadedPlan = JSON.parse(JSON.stringify(plan)) as LoadedPlan;
        const contacts = broken.files.find((f) => f.sobject === 'Contact')!.records;
        contacts[0].Phone_Number__c = '(415) 555-0101';
        contacts[1].AccountId = '@AccountRef9';
        const channels = broken.files.find((f) => f.sobject === 'SMS_Channel__c')!.records;
        channels[0].Name = '$userName:1';
        channels[1].Queue__c = '@ContactRef1';
        broken.files.find((f) => f.sobject === 'SMS_Quick_Answer__c')!.records[0].attributes.referenceId =
            'OpeningHours';
        expect(checkSeedPlans([{ plan: broken, placeholdersAllowed: false }], model)).toEqual([
            { file: 'Contact.json', referenceId: 'ContactRef1', message: 'Contact has no field Phone_Number__c' },
            {
                file: 'Contact.json',
                referenceId: 'ContactRef2',
                message: 'AccountId: @AccountRef9 names no record defined before it'
            },
            {
                file: 'SMS_Channel__c.json',
                referenceId: 'SmsChannelRef1',
                message: 'Name: $userName:1 may only appear in the agents plan, which an org fills in'
            },
            {
                file: 'SMS_Channel__c.json',
                referenceId: 'SmsChannelRef2',
                message: 'Queue__c: @ContactRef1 is a Contact, but Queue__c looks up SMS_Queue__c'
            },
            {
                file: 'SMS_Quick_Answer__c.json',
                referenceId: 'OpeningHours',
                message: 'referenceId must look like <Name>Ref<number> (the CLI resolves only references of that shape)'
            }
        ]);
    });
});
