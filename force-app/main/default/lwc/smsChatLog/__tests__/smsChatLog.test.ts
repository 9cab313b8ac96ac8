import {
    TASK_DESCRIPTION_LIMIT,
    TASK_SUBJECT_LIMIT,
    activityDate,
    buildChatLog,
    chatLogSubject,
    formatDateTime,
    readChatLogMessages,
    taskRelations,
    transcriptLine
} from 'c/smsChatLog';
import type { ChatLogInput } from 'c/smsChatLog';
import type { CustomerChoice } from 'c/smsCrm';
import { readPanelState } from 'c/smsModel';
import type { InteractionView, MessageView, PanelStateData } from 'c/smsModel';
import { IDS, setFields, stateData } from '../../../../../test/panelFixtures';
import chatLogMessages from './data/chatLogMessages.json';

const TZ = 'America/Los_Angeles';
const URL = `https://acme.my.salesforce.com/lightning/r/SMS_Interaction__c/${IDS.active}/view`;
const CASE = '500000000000001AAA';
const ACCOUNT = '001000000000001AAA';

function interaction(values: Record<string, unknown> = {}): InteractionView {
    const data = setFields(stateData(), 'SMS_Interaction__c', IDS.active, {
        Status__c: 'Post-processing',
        Terminated_At__c: '2026-11-25T14:45:00.000Z',
        ...values
    });
    return readPanelState(data as unknown as PanelStateData).interactions.find((i) => i.id === IDS.active)!;
}

const contact: CustomerChoice = {
    id: '003000000000001AAA',
    objectApiName: 'Contact',
    source: 'linked',
    record: {
        id: '003000000000001AAA',
        objectApiName: 'Contact',
        name: 'Sam Smith',
        phone: '(415) 555-0101',
        accountId: ACCOUNT,
        accountName: 'Acme Corporation'
    }
};
const contactWithoutAccount: CustomerChoice = {
    ...contact,
    id: '003000000000002AAA',
    record: { ...contact.record!, id: '003000000000002AAA', name: 'Jane Doe', accountId: null, accountName: '' }
};
const lead: CustomerChoice = {
    id: '00Q000000000001AAA',
    objectApiName: 'Lead',
    source: 'picked',
    record: {
        id: '00Q000000000001AAA',
        objectApiName: 'Lead',
        name: 'Lee Doe',
        phone: '',
        accountId: null,
        accountName: 'Doe Bakery'
    }
};
const account: CustomerChoice = {
    id: '001000000000002AAA',
    objectApiName: 'Account',
    source: 'first',
    record: {
        id: '001000000000002AAA',
        objectApiName: 'Account',
        name: 'Pat Person',
        phone: '',
        accountId: '001000000000002AAA',
        accountName: ''
    }
};

function messages(): MessageView[] {
    return readChatLogMessages(chatLogMessages).messages;
}

function input(overrides: Partial<ChatLogInput> = {}): ChatLogInput {
    return {
        interaction: interaction(),
        messages: messages(),
        moreMessages: false,
        customer: contact,
        caseId: null,
        dispositionLabel: null,
        interactionUrl: URL,
        caseUrl: null,
        terminatedAt: '2026-11-25T14:45:00.000Z',
        timeZone: TZ,
        ...overrides
    };
}

function message(n: number, body: string): MessageView {
    return {
        id: `a06${String(n).padStart(12, '0')}AAA`,
        direction: n % 2 === 0 ? 'Inbound' : 'Outbound',
        source: n % 2 === 0 ? 'Customer' : 'Agent',
        body,
        status: n % 2 === 0 ? 'Received' : 'Delivered',
        errorCode: null,
        errorMessage: null,
        segments: 1,
        encoding: 'GSM-7',
        sentAt: null,
        deliveredAt: null,
        resendOf: null,
        createdDate: new Date(Date.parse('2026-11-25T10:00:00.000Z') + n * 1000).toISOString()
    };
}

describe('c/smsChatLog', () => {
    it('reads the transcript oldest first, with whose messages they are and whether more exist', () => {
        const shuffled = JSON.parse(JSON.stringify(chatLogMessages));
        shuffled.uiapi.query.SMS_Message__c.edges.reverse();
        shuffled.uiapi.query.SMS_Message__c.pageInfo.hasNextPage = true;
        const read = readChatLogMessages(shuffled);
        expect(read.messages.map((m) => m.body)).toEqual(messages().map((m) => m.body));
        expect(read.messages[0].body).toBe("Hi, my order #1042 hasn't arrived.");
        expect(read.moreMessages).toBe(true);
        expect(new Set(read.interactionIds)).toEqual(new Set([IDS.active]));
        expect(readChatLogMessages(undefined)).toEqual({ messages: [], moreMessages: false, interactionIds: [] });
    });

    it('writes times in the user’s time zone and the day the conversation ended', () => {
        expect(formatDateTime('2026-11-25T14:39:50.000Z', TZ)).toBe('2026-11-25 06:39:50');
        expect(formatDateTime('2026-11-25T14:39:50.000Z', 'Europe/London')).toBe('2026-11-25 14:39:50');
        expect(formatDateTime(null, TZ)).toBe('not recorded');
        expect(activityDate('2026-11-26T05:00:00.000Z', TZ)).toBe('2026-11-25');
        expect(activityDate('2026-11-26T05:00:00.000Z', 'Asia/Tokyo')).toBe('2026-11-26');
    });

    it('B13: a completed Task with the customer, the times, the link and the transcript with times and directions', () => {
        const log = buildChatLog(input());
        expect(log.truncated).toBe(false);
        expect(log.shownMessages).toBe(5);
        expect(log.fields).toEqual({
            Subject: 'SMS with Sam Smith',
            Description: [
                'SMS conversation SMS-000001',
                `Conversation record: ${URL}`,
                'Customer: +1 (415) 555-0101 (Sam Smith)',
                'Company number: Support US +1 (415) 555-0100',
                'Queue: Support',
                'Started by the customer (inbound SMS)',
                'Initiated: 2026-11-25 06:39:50',
                'Accepted: 2026-11-25 06:40:00',
                'Terminated: 2026-11-25 06:45:00',
                '',
                'Transcript (5 messages, times in America/Los_Angeles):',
                "[2026-11-25 06:39:50] Customer: Hi, my order #1042 hasn't arrived.",
                '[2026-11-25 06:40:10] Agent: Sorry to hear that! Let me check.',
                '    One moment please.',
                '[2026-11-25 06:41:00] Agent (not delivered): It ships today.',
                '[2026-11-25 06:41:30] Automatic reply: Our office is closed; we answer from 8am.',
                '[2026-11-25 06:42:05] Customer: Thanks 👍'
            ].join('\n'),
            Status: 'Completed',
            ActivityDate: '2026-11-25',
            WhoId: contact.id,
            WhatId: ACCOUNT
        });
    });

    it('an outbound conversation says the agent started it and counts as accepted when it began', () => {
        const description = buildChatLog(
            input({ interaction: interaction({ Direction__c: 'Outbound', Accepted_At__c: null }) })
        ).fields.Description;
        expect(description).toContain('Started by the agent (outbound SMS)');
        expect(description).toContain('Accepted: 2026-11-25 06:39:50');
    });

    it.each([
        ['a Contact with an account', contact, null, { who: contact.id, what: ACCOUNT }],
        ['a Contact and a case', contact, CASE, { who: contact.id, what: CASE }],
        ['a Contact without an account', contactWithoutAccount, null, { who: contactWithoutAccount.id, what: null }],
        ['a Lead', lead, null, { who: lead.id, what: null }],
        ['a Lead and a case (no What beside a Lead)', lead, CASE, { who: lead.id, what: null }],
        ['an Account', account, null, { who: null, what: account.id }],
        ['an Account and a case', account, CASE, { who: null, what: CASE }],
        ['no customer record', null, null, { who: null, what: null }],
        ['no customer record but a case', null, CASE, { who: null, what: CASE }]
    ])('Who and What for %s', (_name, customer, caseId, expected) => {
        expect(taskRelations(customer, caseId)).toEqual(expected);
        const fields = buildChatLog(
            input({
                customer,
                caseId,
                caseUrl: caseId ? `https://acme.my.salesforce.com/lightning/r/Case/${caseId}/view` : null
            })
        ).fields;
        expect(fields.WhoId).toBe(expected.who ?? undefined);
        expect(fields.WhatId).toBe(expected.what ?? undefined);
    });

    it('names the case in the description when the Task cannot point to it (a Lead)', () => {
        const caseUrl = `https://acme.my.salesforce.com/lightning/r/Case/${CASE}/view`;
        expect(buildChatLog(input({ customer: lead, caseId: CASE, caseUrl })).fields.Description).toContain(
            `Case: ${caseUrl}`
        );
        expect(buildChatLog(input({ customer: contact, caseId: CASE, caseUrl })).fields.Description).not.toContain(
            'Case:'
        );
    });

    it('puts the customer and the disposition in the subject, the number when no record is known', () => {
        expect(buildChatLog(input({ dispositionLabel: 'Follow-up needed' })).fields.Subject).toBe(
            'SMS with Sam Smith – Follow-up needed'
        );
        expect(buildChatLog(input({ customer: null })).fields.Subject).toBe('SMS with +1 (415) 555-0101');
        const long = chatLogSubject('N'.repeat(400), 'Resolved');
        expect(long).toHaveLength(TASK_SUBJECT_LIMIT);
        expect(long.endsWith('… – Resolved')).toBe(true);
    });

    it('writes each message on its line, further lines indented', () => {
        expect(transcriptLine(message(2, 'first\r\nsecond'), TZ)).toBe(
            '[2026-11-25 02:00:02] Customer: first\n    second'
        );
    });

    describe('X3: a transcript longer than a Task holds is never cut silently', () => {
        const many = Array.from({ length: 400 }, (_, n) => message(n, `Message ${n} `.padEnd(120, 'x')));

        it('keeps the first messages that fit, says how many of how many, and where the whole conversation is', () => {
            const log = buildChatLog(input({ messages: many }));
            const description = log.fields.Description;
            expect(log.truncated).toBe(true);
            expect(description.length).toBeLessThanOrEqual(TASK_DESCRIPTION_LIMIT);
            expect(description.length).toBeGreaterThan(TASK_DESCRIPTION_LIMIT - 200);
            const shown = log.shownMessages;
            expect(shown).toBeGreaterThan(100);
            expect(shown).toBeLessThan(400);
            expect(description).toContain(
                `This log shows the first ${shown} of 400 messages: a task description holds at most 32,000 characters. ` +
                    `The whole conversation is kept in SMS conversation SMS-000001: ${URL}`
            );
            // The kept messages are the first ones, in order, each whole.
            for (let n = 0; n < shown; n += 1) expect(description).toContain(transcriptLine(many[n], TZ));
            expect(description).not.toContain(`Message ${shown} `);
            expect(
                description.endsWith(
                    `[${400 - shown} further messages are not in this log. The whole conversation is kept here: ${URL}]`
                )
            ).toBe(true);
        });

        it('says "or more" when the read stopped at its limit', () => {
            const description = buildChatLog(input({ messages: many.slice(0, 10), moreMessages: true })).fields
                .Description;
            expect(description).toContain('This log shows the first 10 of 10 or more messages');
            expect(
                description.endsWith(`[More messages are not in this log. The whole conversation is kept here: ${URL}]`)
            ).toBe(true);
            const cut = buildChatLog(input({ messages: many.concat(many), moreMessages: true })).fields.Description;
            expect(cut).toMatch(/\[\d+ or more further messages are not in this log\./);
        });

        it('cuts a single message longer than all the room, without splitting a character, and says so', () => {
            const huge = message(1, '😀'.repeat(16384)); // 32,768 UTF-16 units, the longest message body
            const log = buildChatLog(input({ messages: [huge] }));
            const description = log.fields.Description;
            expect(log.truncated).toBe(true);
            expect(description.length).toBeLessThanOrEqual(TASK_DESCRIPTION_LIMIT);
            expect(description).toContain(
                '😀 [the message is cut here; the whole message is kept in the conversation record]'
            );
            expect(description).toContain('This log shows the first 1 of 1 messages');
            expect(description).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
        });

        it('leaves a transcript that fits alone', () => {
            const few = many.slice(0, 100);
            const log = buildChatLog(input({ messages: few }));
            expect(log.truncated).toBe(false);
            expect(log.fields.Description).not.toContain('This log shows the first');
        });
    });
});
