import {
    EMPTY_LOAD,
    customerIdsOf,
    defaultCustomer,
    describeWriteError,
    hiddenMatchCount,
    interactionUrl,
    matchRequest,
    matchesLoaded,
    newRecordDefaults,
    normaliseNewCustomerObject,
    objectOfId,
    popPlan,
    readMatchRecords,
    requestKey,
    requestedIds,
    visibleMatches
} from 'c/smsCrm';
import type { MatchLoad } from 'c/smsCrm';
import { readPanelState } from 'c/smsModel';
import type { InteractionView, PanelStateData } from 'c/smsModel';
import { IDS, setFields, stateData } from '../../../../../test/panelFixtures';
import records from './data/customerRecords.json';
import recordErrors from './data/recordErrors.json';
import getRecordsAnswer from './data/getRecordsAnswer.json';
import validationError from './data/validationError.json';
import requiredFieldsError from './data/requiredFieldsError.json';
import accessError from './data/accessError.json';
import forbiddenError from './data/forbiddenError.json';
import flowError from './data/flowError.json';

const SAM = '003000000000001AAA'; // Contact of Acme Corporation
const JANE = '003000000000002AAA'; // Contact without account
const LEE = '00Q000000000001AAA'; // Lead, company Doe Bakery
const PAT = '001000000000002AAA'; // (person) Account
const HIDDEN = '003000000000003AAA'; // 403 for this agent
const GONE = '00Q000000000002AAA'; // 404

type RecordId = keyof typeof records;

/** One getRecords entry as the platform answers it: the record, or a 403/404 error entry. */
function entryFor(id: string, denied: Record<string, '403' | '404'>) {
    if (denied[id]) return recordErrors[denied[id]];
    if (id in records) return { statusCode: 200, result: records[id as RecordId] };
    return recordErrors['404'];
}

function interaction(values: Record<string, unknown> = {}): InteractionView {
    const data = setFields(stateData(), 'SMS_Interaction__c', IDS.offer, values);
    return readPanelState(data as unknown as PanelStateData).interactions.find((i) => i.id === IDS.offer)!;
}

/** The getRecords answer for these Ids, in the order asked: the record, or the platform's 403/404 entry. */
function answer(ids: string[], denied: Record<string, '403' | '404'> = {}) {
    const request = matchRequest(ids);
    const asked = requestedIds(request);
    return {
        asked,
        data: {
            results: asked.map((id) => entryFor(id, denied))
        }
    };
}

function load(ids: string[], denied: Record<string, '403' | '404'> = {}): MatchLoad {
    const { asked, data } = answer(ids, denied);
    return readMatchRecords(data, asked);
}

describe('c/smsCrm', () => {
    it('knows the objects it links by their Id prefix', () => {
        expect(objectOfId(SAM)).toBe('Contact');
        expect(objectOfId(LEE)).toBe('Lead');
        expect(objectOfId(PAT)).toBe('Account');
        expect(objectOfId('500000000000001AAA')).toBe('Case');
        expect(objectOfId('006000000000001AAA')).toBeNull();
        expect(objectOfId(null)).toBeNull();
        expect(normaliseNewCustomerObject('Lead')).toBe('Lead');
        expect(normaliseNewCustomerObject('Opportunity')).toBe('Case');
        expect(normaliseNewCustomerObject(undefined)).toBe('Case');
    });

    it('asks getRecords for each object’s fields, name required and the rest optional, the same way for the same Ids', () => {
        const request = matchRequest([LEE, SAM, PAT, JANE, SAM.slice(0, 15), '006000000000001AAA']);
        expect(request).toEqual([
            {
                recordIds: [SAM, JANE],
                fields: ['Contact.Name'],
                optionalFields: ['Contact.Phone', 'Contact.MobilePhone', 'Contact.AccountId', 'Contact.Account.Name']
            },
            {
                recordIds: [LEE],
                fields: ['Lead.Name'],
                optionalFields: ['Lead.Phone', 'Lead.MobilePhone', 'Lead.Company']
            },
            { recordIds: [PAT], fields: ['Account.Name'], optionalFields: ['Account.Phone'] }
        ]);
        expect(requestKey(request)).toBe(requestKey(matchRequest([JANE, SAM, LEE, PAT])));
        expect(matchRequest([])).toBeUndefined();
        expect(matchRequest(['500000000000001AAA'])).toBeUndefined();
    });

    it('names every customer record of an interaction once: matches, linked records, picks', () => {
        const view = interaction({ Contact__c: SAM, Account__c: '001000000000001AAA', Case__c: '500000000000001AAA' });
        expect(customerIdsOf(view, [PAT, null])).toEqual([JANE, LEE, SAM, '001000000000001AAA', PAT]);
    });

    it('drops the records the agent may not open (403) or that are gone (404); the count is what the agent can open', () => {
        const matched = [SAM, HIDDEN, LEE, GONE, PAT];
        const result = load(matched, { [HIDDEN]: '403', [GONE]: '404' });
        expect(answer(matched, { [HIDDEN]: '403', [GONE]: '404' }).data).toEqual(getRecordsAnswer);
        const view = interaction({ Matched_Record_Ids__c: matched.join(','), Match_Count__c: 5 });
        expect(matchesLoaded(view, result)).toBe(true);
        expect(visibleMatches(view, result).map((r) => r.id)).toEqual([SAM, LEE, PAT]);
        expect(hiddenMatchCount(view, result)).toBe(2);
        expect(visibleMatches(view, result)).toEqual([
            {
                id: SAM,
                objectApiName: 'Contact',
                name: 'Sam Smith',
                phone: '(415) 555-0101',
                accountId: '001000000000001AAA',
                accountName: 'Acme Corporation'
            },
            {
                id: LEE,
                objectApiName: 'Lead',
                name: 'Lee Doe',
                phone: '4155550199',
                accountId: null,
                accountName: 'Doe Bakery'
            },
            {
                id: PAT,
                objectApiName: 'Account',
                name: 'Pat Person',
                phone: '(415) 555-0199',
                accountId: PAT,
                accountName: ''
            }
        ]);
    });

    it('does not take an answer to other Ids as a refusal of these (the Ids changed meanwhile)', () => {
        const stale = answer([SAM, JANE]);
        const result = readMatchRecords(stale.data, requestedIds(matchRequest([SAM, JANE, LEE])));
        const view = interaction({ Matched_Record_Ids__c: `${SAM},${LEE}` });
        expect(result.resolved.has(LEE.slice(0, 15))).toBe(false);
        expect(matchesLoaded(view, result)).toBe(false);
        expect(matchesLoaded(view, EMPTY_LOAD)).toBe(false);
        expect(matchesLoaded(interaction({ Matched_Record_Ids__c: null }), EMPTY_LOAD)).toBe(true);
    });

    describe('the default customer (B17, X2)', () => {
        const matched = { Matched_Record_Ids__c: `${JANE},${LEE},${HIDDEN}` };
        const all = load([JANE, LEE, HIDDEN, SAM], { [HIDDEN]: '403' });

        it('is the first match the agent may open until they pick', () => {
            expect(defaultCustomer(interaction(matched), all)).toMatchObject({ id: JANE, source: 'first' });
        });

        it('is the record linked on the interaction: a choice remembered for this number', () => {
            const view = interaction({ ...matched, Lead__c: LEE });
            expect(defaultCustomer(view, all)).toMatchObject({ id: LEE, objectApiName: 'Lead', source: 'linked' });
        });

        it('is the agent’s pick above all', () => {
            const view = interaction({ ...matched, Lead__c: LEE });
            expect(defaultCustomer(view, all, SAM)).toMatchObject({ id: SAM, source: 'picked' });
        });

        it('is never a record the agent may not open', () => {
            const view = interaction({ ...matched, Contact__c: HIDDEN });
            expect(defaultCustomer(view, all)).toMatchObject({ id: JANE, source: 'first' });
            expect(defaultCustomer(view, all, HIDDEN)).toMatchObject({ id: JANE });
            expect(defaultCustomer(interaction({ Matched_Record_Ids__c: HIDDEN }), all)).toBeNull();
        });

        it('keeps a record just created before it is loaded', () => {
            expect(defaultCustomer(interaction(matched), all, '003000000000009AAA')).toEqual({
                id: '003000000000009AAA',
                objectApiName: 'Contact',
                record: null,
                source: 'picked'
            });
        });
    });

    describe('what pops on accept', () => {
        it('no match: a new record of the admin’s object (B8, B15)', () => {
            const view = interaction({ Matched_Record_Ids__c: null, Match_Count__c: 0 });
            expect(popPlan(view, EMPTY_LOAD, 'Case')).toEqual({ kind: 'new', objectApiName: 'Case' });
            expect(popPlan(view, EMPTY_LOAD, 'Lead')).toEqual({ kind: 'new', objectApiName: 'Lead' });
        });

        it('matches the agent may not open count as no match', () => {
            const view = interaction({ Matched_Record_Ids__c: HIDDEN, Match_Count__c: 1 });
            expect(popPlan(view, load([HIDDEN], { [HIDDEN]: '403' }), 'Case')).toEqual({
                kind: 'new',
                objectApiName: 'Case'
            });
        });

        it('one match: that record, and it is linked (B16)', () => {
            const view = interaction({ Matched_Record_Ids__c: `${SAM},${HIDDEN}`, Match_Count__c: 2 });
            expect(popPlan(view, load([SAM, HIDDEN], { [HIDDEN]: '403' }), 'Case')).toEqual({
                kind: 'record',
                recordId: SAM,
                link: true
            });
        });

        it('several matches: no pop, the agent chooses (B17)', () => {
            const view = interaction({ Matched_Record_Ids__c: `${JANE},${LEE}` });
            expect(popPlan(view, load([JANE, LEE]), 'Case')).toEqual({ kind: 'choose' });
        });

        it('a record remembered for this number pops even among several (X2), without a new link', () => {
            const view = interaction({ Matched_Record_Ids__c: `${JANE},${LEE}`, Lead__c: LEE });
            expect(popPlan(view, load([JANE, LEE]), 'Case')).toEqual({ kind: 'record', recordId: LEE, link: false });
        });
    });

    describe('new record defaults (B8, B15)', () => {
        const view = interaction({
            Matched_Record_Ids__c: null,
            Customer_Phone__c: '+14155550199',
            Name: 'SMS-000003'
        });
        const link = interactionUrl('https://acme.my.salesforce.com/', IDS.offer);

        it('a Case gets the number, a subject and the conversation’s link', () => {
            expect(link).toBe(`https://acme.my.salesforce.com/lightning/r/SMS_Interaction__c/${IDS.offer}/view`);
            expect(newRecordDefaults('Case', view, link, null)).toEqual({
                SuppliedPhone: '+14155550199',
                Subject: 'SMS from +1 (415) 555-0199',
                Description: `SMS conversation SMS-000003: ${link}`
            });
        });

        it('a Case for a chosen contact gets the contact and their account', () => {
            const all = load([SAM]);
            const customer = defaultCustomer(interaction({ Matched_Record_Ids__c: SAM }), all);
            expect(newRecordDefaults('Case', view, link, customer)).toMatchObject({
                ContactId: SAM,
                AccountId: '001000000000001AAA'
            });
        });

        it('a Contact gets the number as mobile and the link; a Lead too', () => {
            expect(newRecordDefaults('Contact', view, link, null)).toEqual({
                MobilePhone: '+14155550199',
                Description: `SMS conversation SMS-000003: ${link}`
            });
            expect(newRecordDefaults('Lead', view, link, null)).toEqual({
                MobilePhone: '+14155550199',
                Description: `SMS conversation SMS-000003: ${link}`
            });
        });
    });

    describe('write errors in words', () => {
        it('a validation rule of the org, with its message', () => {
            expect(describeWriteError(validationError)).toEqual({
                problem: 'validation',
                message: 'A validation rule in your org refused it: Tasks must have a Type of Call, Email or SMS.',
                details: ['Tasks must have a Type of Call, Email or SMS.']
            });
        });

        it('required fields the org added, by name', () => {
            const described = describeWriteError(requiredFieldsError);
            expect(described.problem).toBe('required');
            expect(described.message).toBe(
                "Your org requires fields the SMS panel doesn't fill in: Type, Call Reason, Call_Reason__c. Ask your Salesforce admin to give them a default value."
            );
        });

        it('no access, from the error code or from a 403', () => {
            expect(describeWriteError(accessError)).toMatchObject({
                problem: 'access',
                message: "You don't have the access this needs. Ask your Salesforce admin.",
                details: ['insufficient access rights on object id']
            });
            expect(describeWriteError(forbiddenError).problem).toBe('access');
        });

        it('anything else, with the platform’s reason as details', () => {
            expect(describeWriteError(flowError)).toEqual({
                problem: 'other',
                message: "Salesforce didn't save it. The details say why.",
                details: ["We can't save this record because the “Task Routing” process failed."]
            });
            expect(describeWriteError(new Error('offline'))).toMatchObject({ problem: 'other', details: ['offline'] });
        });
    });
});
