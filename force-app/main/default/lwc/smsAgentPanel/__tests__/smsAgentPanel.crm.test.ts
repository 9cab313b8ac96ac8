// The CRM part of the panel, end to end through the container: matching records read with
// getRecords (403/404 entries drop out), the pop on accept in a console (workspace tabs) and
// outside one (navigation), New Case defaults and the case saved in its tab, the match picker,
// links through Link Record actions, the chat-log Task with every failure and its retry.
jest.mock('@salesforce/customPermission/SMS_Reject_Offers', () => ({ __esModule: true, default: true }), {
    virtual: true
});

import { createRecord, getRecords, updateRecord } from 'lightning/uiRecordApi';
import { graphqlMock } from 'lightning/graphql';
import { IsConsoleNavigation, openTab, workspaceMock } from 'lightning/platformWorkspaceApi';
import { navigationMock } from 'lightning/navigation';
import { messageServiceMock } from 'lightning/messageService';
import { decodeDefaultFieldValues } from 'lightning/pageReferenceUtils';
import customerRecords from '../../smsCrm/__tests__/data/customerRecords.json';
import recordErrors from '../../smsCrm/__tests__/data/recordErrors.json';
import validationError from '../../smsCrm/__tests__/data/validationError.json';
import requiredFieldsError from '../../smsCrm/__tests__/data/requiredFieldsError.json';
import accessError from '../../smsCrm/__tests__/data/accessError.json';
import chatLogMessages from '../../smsChatLog/__tests__/data/chatLogMessages.json';
import graphqlErrors from './data/graphqlErrors.json';
import { IDS, mountPanel, resetPlatform } from './panelHarness';
import type { Harness } from './panelHarness';
import { NOW, addNode, fields, nodeOf, removeNode, setFields, stateData } from '../../../../../test/panelFixtures';
import type { GqlData } from '../../../../../test/panelFixtures';
import { expectAccessible, ldsAdapter, resetDom } from '../../../../../test/test-utils';

const SAM = '003000000000001AAA'; // the active interaction's one match, Contact of Acme Corporation
const ACME = '001000000000001AAA';
const JANE = '003000000000002AAA'; // the offer's first match
const LEE = '00Q000000000001AAA'; // the offer's second match (a Lead)
const CASE = '500000000000001AAA';
const ORIGIN = 'http://localhost';

type Props = Record<string, unknown>;
type RecordId = keyof typeof customerRecords;

/** One getRecords entry as the platform answers it: the record, or a 403/404 error entry. */
function entryFor(id: string, denied: Record<string, '403' | '404'>) {
    if (denied[id]) return recordErrors[denied[id]];
    if (id in customerRecords) return { statusCode: 200, result: customerRecords[id as RecordId] };
    return recordErrors['404'];
}

function props(el: HTMLElement | null): Props {
    if (!el) throw new Error('element not rendered');
    return el as unknown as Props;
}

function dispatch(el: HTMLElement | null, type: string, detail?: unknown) {
    el!.dispatchEvent(new CustomEvent(type, { detail }));
}

let nextId = 1;

/** createRecord answers with the new record's Id, per object; updateRecord with the record. */
function recordWrites(): void {
    jest.mocked(createRecord).mockReset();
    jest.mocked(createRecord).mockImplementation((input) => {
        const prefix = input.apiName === 'Task' ? '00T' : input.apiName === 'SMS_Message__c' ? 'a06' : 'a05';
        const id = `${prefix}${String(nextId++).padStart(12, '0')}AAA`;
        return Promise.resolve({ apiName: input.apiName ?? '', id, fields: {} });
    });
    jest.mocked(updateRecord).mockReset();
    jest.mocked(updateRecord).mockImplementation((input) =>
        Promise.resolve({ apiName: '', id: String(input.fields.Id), fields: {} })
    );
}

function creates(apiName: string): Array<Record<string, unknown>> {
    return jest
        .mocked(createRecord)
        .mock.calls.filter(([input]) => input.apiName === apiName)
        .map(([input]) => input.fields);
}

function links(): Array<Record<string, unknown>> {
    return creates('SMS_Agent_Action__c').filter((f) => f.Type__c === 'Link Record');
}

async function createdId(apiName: string, index = 0): Promise<string> {
    const calls = jest.mocked(createRecord).mock.calls;
    const results = jest.mocked(createRecord).mock.results;
    const at = calls.map(([input], i) => (input.apiName === apiName ? i : -1)).filter((i) => i >= 0)[index];
    return ((await results[at].value) as { id: string }).id;
}

function inConsole(value: boolean): void {
    (IsConsoleNavigation as unknown as { emit(v: boolean): void }).emit(value);
}

/** Answers getRecords for exactly the Ids the panel asked, in order: the record or the platform's 403/404. */
async function answerMatches(h: Harness, denied: Record<string, '403' | '404'> = {}): Promise<void> {
    const config = ldsAdapter(getRecords).getLastConfig() as { records?: Array<{ recordIds: string[] }> } | null;
    const asked = (config?.records ?? []).flatMap((group) => group.recordIds);
    ldsAdapter(getRecords).emit({
        results: asked.map((id) => entryFor(id, denied))
    });
    await h.settle();
}

function offerWith(values: Record<string, unknown>): GqlData {
    return setFields(stateData(), 'SMS_Interaction__c', IDS.offer, values);
}

function accepted(data: GqlData = stateData(), values: Record<string, unknown> = {}): GqlData {
    return setFields(data, 'SMS_Interaction__c', IDS.offer, {
        Status__c: 'Active',
        Accepted_At__c: '2026-11-25T15:00:05.000Z',
        ...values
    });
}

function ended(data: GqlData, id: string): GqlData {
    return setFields(data, 'SMS_Interaction__c', id, {
        Status__c: 'Post-processing',
        Terminated_At__c: '2026-11-25T14:45:00.000Z',
        Wrap_Up_Deadline__c: '2026-11-25T15:10:00.000Z'
    });
}

function lastOpenedPage(): { type: string; attributes: Record<string, unknown>; state?: Record<string, unknown> } {
    const calls = jest.mocked(openTab).mock.calls;
    return calls[calls.length - 1][0].pageReference as never;
}

const notices = (h: Harness) => h.$$('c-sms-notice.sms-panel__chat-log');

describe('c-sms-agent-panel CRM', () => {
    beforeEach(() => {
        jest.useFakeTimers({ now: NOW });
        resetPlatform();
        workspaceMock.reset();
        navigationMock.reset();
        messageServiceMock.reset();
        recordWrites();
    });

    afterEach(() => {
        resetDom();
        jest.useRealTimers();
    });

    describe('matches (B4, B14)', () => {
        it('reads every open interaction’s matches with the agent’s access, the right fields per object', async () => {
            await mountPanel();
            expect(ldsAdapter(getRecords).getLastConfig()).toEqual({
                records: [
                    {
                        recordIds: [SAM, JANE],
                        fields: ['Contact.Name'],
                        optionalFields: [
                            'Contact.Phone',
                            'Contact.MobilePhone',
                            'Contact.AccountId',
                            'Contact.Account.Name'
                        ]
                    },
                    {
                        recordIds: [LEE],
                        fields: ['Lead.Name'],
                        optionalFields: ['Lead.Phone', 'Lead.MobilePhone', 'Lead.Company']
                    }
                ]
            });
        });

        it('counts on the offer only what the agent may open, and names the first match', async () => {
            const h = await mountPanel();
            const card = () => props(h.$('c-sms-offer-card'));
            expect((card().offer as { matchCount: number }).matchCount).toBe(2);
            expect(card().firstMatchName).toBeNull();
            await answerMatches(h, { [JANE]: '403' });
            expect((card().offer as { matchCount: number }).matchCount).toBe(1);
            expect(card().firstMatchName).toBe('Lee Doe');
            await answerMatches(h);
            expect((card().offer as { matchCount: number }).matchCount).toBe(2);
            expect(card().firstMatchName).toBe('Jane Doe');
        });

        it('shows the count and the customer on the avatar after accepting', async () => {
            const h = await mountPanel();
            await answerMatches(h, { [LEE]: '404' });
            await h.emitState(accepted());
            const avatar = props(h.$('c-sms-customer-avatar'));
            expect(avatar).toMatchObject({ count: 1, name: 'Jane Doe', loading: false });
        });

        it('says when the records could not be read, and pops nothing', async () => {
            const h = await mountPanel();
            inConsole(true);
            ldsAdapter(getRecords).error({ message: 'Object Lead is not supported in UI API' }, 400);
            await h.settle();
            expect(props(h.$('c-sms-notice.sms-panel__matches-error'))).toMatchObject({
                variant: 'warning',
                heading: "The customer's records could not be read",
                details: ['Object Lead is not supported in UI API']
            });
            await h.emitState(accepted());
            expect(openTab).not.toHaveBeenCalled();
            expect(navigationMock.calls).toEqual([]);
            await expectAccessible(h.element);
        });
    });

    describe('pop on accept', () => {
        it('B16: one match opens its record in a focused console tab and links it', async () => {
            const h = await mountPanel({ state: offerWith({ Matched_Record_Ids__c: JANE, Match_Count__c: 1 }) });
            inConsole(true);
            await answerMatches(h);
            await h.emitState(accepted(offerWith({ Matched_Record_Ids__c: JANE, Match_Count__c: 1 })));
            expect(openTab).toHaveBeenCalledTimes(1);
            expect(openTab).toHaveBeenCalledWith({
                pageReference: {
                    type: 'standard__recordPage',
                    attributes: { recordId: JANE, objectApiName: 'Contact', actionName: 'view' }
                },
                focus: true
            });
            expect(links()).toEqual([{ Type__c: 'Link Record', Interaction__c: IDS.offer, Linked_Record_Id__c: JANE }]);
            expect(navigationMock.calls).toEqual([]);
        });

        it('B16 outside a console app: navigates to the record instead', async () => {
            const h = await mountPanel({ state: offerWith({ Matched_Record_Ids__c: JANE, Match_Count__c: 1 }) });
            inConsole(false);
            await answerMatches(h);
            await h.emitState(accepted(offerWith({ Matched_Record_Ids__c: JANE, Match_Count__c: 1 })));
            expect(openTab).not.toHaveBeenCalled();
            expect(navigationMock.calls).toEqual([
                {
                    pageReference: {
                        type: 'standard__recordPage',
                        attributes: { recordId: JANE, objectApiName: 'Contact', actionName: 'view' }
                    },
                    replace: false
                }
            ]);
        });

        it('waits for the matching records when the agent accepts before they arrive', async () => {
            const state = offerWith({ Matched_Record_Ids__c: JANE, Match_Count__c: 1 });
            const h = await mountPanel({ state });
            inConsole(true);
            await h.emitState(accepted(offerWith({ Matched_Record_Ids__c: JANE, Match_Count__c: 1 })));
            expect(openTab).not.toHaveBeenCalled();
            await answerMatches(h);
            expect(openTab).toHaveBeenCalledTimes(1);
        });

        it('B8, B15: no match opens the standard New Case form with the number and the conversation’s link', async () => {
            const state = offerWith({ Matched_Record_Ids__c: null, Match_Count__c: 0 });
            const h = await mountPanel({ state });
            inConsole(true);
            await answerMatches(h);
            await h.emitState(accepted(offerWith({ Matched_Record_Ids__c: null, Match_Count__c: 0 })));
            const page = lastOpenedPage();
            expect(page.type).toBe('standard__objectPage');
            expect(page.attributes).toEqual({ objectApiName: 'Case', actionName: 'new' });
            expect(decodeDefaultFieldValues(page.state!.defaultFieldValues as string)).toEqual({
                SuppliedPhone: '+14155550199',
                Subject: 'SMS from +1 (415) 555-0199',
                Description: `SMS conversation SMS-000003: ${ORIGIN}/lightning/r/SMS_Interaction__c/${IDS.offer}/view`
            });
            expect(links()).toEqual([]);

            // The agent fills it in and saves: the tab now shows the case, which is linked to the conversation.
            const tabId = workspaceMock.tabs()[0].tabId;
            workspaceMock.saveNewRecord(tabId, CASE, 'Case');
            await h.settle();
            expect(links()).toEqual([{ Type__c: 'Link Record', Interaction__c: IDS.offer, Linked_Record_Id__c: CASE }]);
        });

        it('B15 outside a console app: navigates to the New Case form', async () => {
            const state = offerWith({ Matched_Record_Ids__c: null, Match_Count__c: 0 });
            const h = await mountPanel({ state });
            inConsole(false);
            await answerMatches(h);
            await h.emitState(accepted(offerWith({ Matched_Record_Ids__c: null, Match_Count__c: 0 })));
            expect(navigationMock.calls).toHaveLength(1);
            expect(navigationMock.calls[0].pageReference).toMatchObject({
                type: 'standard__objectPage',
                attributes: { objectApiName: 'Case', actionName: 'new' }
            });
        });

        it('matches the agent may not open count as none: the new record form opens', async () => {
            const h = await mountPanel();
            inConsole(true);
            await answerMatches(h, { [JANE]: '403', [LEE]: '404' });
            await h.emitState(accepted());
            expect(lastOpenedPage().attributes).toEqual({ objectApiName: 'Case', actionName: 'new' });
        });

        it('a new customer gets the admin’s object (Lead), with the number as mobile', async () => {
            const state = offerWith({ Matched_Record_Ids__c: null, Match_Count__c: 0 });
            const h = await mountPanel({ state, props: { newCustomerObject: 'Lead' } });
            inConsole(true);
            await answerMatches(h);
            await h.emitState(accepted(offerWith({ Matched_Record_Ids__c: null, Match_Count__c: 0 })));
            const page = lastOpenedPage();
            expect(page.attributes).toEqual({ objectApiName: 'Lead', actionName: 'new' });
            expect(decodeDefaultFieldValues(page.state!.defaultFieldValues as string)).toMatchObject({
                MobilePhone: '+14155550199'
            });
            // Saved as a Lead: it becomes the conversation's customer.
            workspaceMock.saveNewRecord(workspaceMock.tabs()[0].tabId, '00Q000000000007AAA', 'Lead');
            await h.settle();
            expect(links()).toEqual([
                { Type__c: 'Link Record', Interaction__c: IDS.offer, Linked_Record_Id__c: '00Q000000000007AAA' }
            ]);
        });

        it('B17: several matches pop nothing; the first is the default', async () => {
            const h = await mountPanel();
            inConsole(true);
            await answerMatches(h);
            await h.emitState(accepted());
            expect(openTab).not.toHaveBeenCalled();
            expect(links()).toEqual([]);
            expect(props(h.$('c-sms-customer-avatar'))).toMatchObject({ count: 2, name: 'Jane Doe' });
        });

        it('X2: the record remembered for this number pops, with no new link', async () => {
            const state = offerWith({ Lead__c: LEE });
            const h = await mountPanel({ state });
            inConsole(true);
            await answerMatches(h);
            expect(props(h.$('c-sms-offer-card')).firstMatchName).toBe('Lee Doe');
            await h.emitState(accepted(offerWith({ Lead__c: LEE })));
            expect(lastOpenedPage().attributes).toMatchObject({ recordId: LEE, objectApiName: 'Lead' });
            expect(links()).toEqual([]);
            expect(props(h.$('c-sms-customer-avatar'))).toMatchObject({ count: 2, name: 'Lee Doe' });
        });

        it('pops nothing when the admin turned it off, but still links a single match', async () => {
            const state = offerWith({ Matched_Record_Ids__c: JANE, Match_Count__c: 1 });
            const h = await mountPanel({ state, props: { popOnAccept: false } });
            inConsole(true);
            await answerMatches(h);
            await h.emitState(accepted(offerWith({ Matched_Record_Ids__c: JANE, Match_Count__c: 1 })));
            expect(openTab).not.toHaveBeenCalled();
            expect(navigationMock.calls).toEqual([]);
            expect(links()).toHaveLength(1);
        });

        it('says so when the console cannot open the record', async () => {
            const state = offerWith({ Matched_Record_Ids__c: JANE, Match_Count__c: 1 });
            const h = await mountPanel({ state });
            inConsole(true);
            await answerMatches(h);
            workspaceMock.failNextOpen({ body: { message: 'You can have at most 50 tabs open.' }, status: 400 });
            await h.emitState(accepted(offerWith({ Matched_Record_Ids__c: JANE, Match_Count__c: 1 })));
            expect(h.toasts).toEqual([
                {
                    title: 'The record could not be opened',
                    message: "Salesforce didn't save it. The details say why. You can have at most 50 tabs open.",
                    variant: 'error'
                }
            ]);
        });
    });

    describe('the match picker (B17, X2)', () => {
        async function acceptedWithTwo(): Promise<Harness> {
            const h = await mountPanel();
            inConsole(true);
            await answerMatches(h);
            await h.emitState(accepted());
            return h;
        }

        it('opens from the avatar with name, object, phone and account; the first match in use', async () => {
            const h = await acceptedWithTwo();
            dispatch(h.$('c-sms-customer-avatar'), 'open');
            await h.settle();
            expect(h.$('c-sms-conversation')).toBeNull();
            const picker = props(h.$('c-sms-match-picker'));
            expect(picker.customerNumber).toBe('+1 (415) 555-0199');
            expect(picker.selectedId).toBe(JANE);
            expect(
                (picker.records as Array<Record<string, unknown>>).map((r) => [
                    r.name,
                    r.objectApiName,
                    r.phone,
                    r.accountName
                ])
            ).toEqual([
                ['Jane Doe', 'Contact', '+1 415-555-0199', ''],
                ['Lee Doe', 'Lead', '4155550199', 'Doe Bakery']
            ]);
            expect(h.$('c-sms-composer.sms-panel__composer')).not.toBeNull();
            await expectAccessible(h.element);
        });

        it('picking links the record, opens it, and returns to the conversation with the focus on the avatar', async () => {
            const h = await acceptedWithTwo();
            dispatch(h.$('c-sms-customer-avatar'), 'open');
            await h.settle();
            dispatch(h.$('c-sms-match-picker'), 'pick', { recordId: LEE });
            await h.settle();
            expect(links()).toEqual([{ Type__c: 'Link Record', Interaction__c: IDS.offer, Linked_Record_Id__c: LEE }]);
            expect(lastOpenedPage().attributes).toMatchObject({ recordId: LEE });
            expect(h.$('c-sms-match-picker')).toBeNull();
            expect(props(h.$('c-sms-customer-avatar'))).toMatchObject({ count: 2, name: 'Lee Doe' });
            expect(h.element.shadowRoot!.activeElement).toBe(h.$('c-sms-customer-avatar'));

            // Pending until the service writes the lookup; then the records agree.
            dispatch(h.$('c-sms-customer-avatar'), 'open');
            await h.settle();
            expect(props(h.$('c-sms-match-picker')).pendingId).toBe(LEE);
            await h.emitState(accepted(stateData(), { Lead__c: LEE }));
            expect(props(h.$('c-sms-match-picker'))).toMatchObject({ pendingId: null, selectedId: LEE });
        });

        it('offers a new case for the chosen customer', async () => {
            const h = await acceptedWithTwo();
            dispatch(h.$('c-sms-customer-avatar'), 'open');
            await h.settle();
            dispatch(h.$('c-sms-match-picker'), 'newrecord');
            await h.settle();
            const page = lastOpenedPage();
            expect(page.attributes).toEqual({ objectApiName: 'Case', actionName: 'new' });
            expect(decodeDefaultFieldValues(page.state!.defaultFieldValues as string)).toMatchObject({
                ContactId: JANE,
                SuppliedPhone: '+14155550199'
            });
            expect(h.$('c-sms-match-picker')).toBeNull();
        });

        it('goes back to the conversation without a change', async () => {
            const h = await acceptedWithTwo();
            dispatch(h.$('c-sms-customer-avatar'), 'open');
            await h.settle();
            dispatch(h.$('c-sms-match-picker'), 'close');
            await h.settle();
            expect(h.$('c-sms-match-picker')).toBeNull();
            expect(h.$('c-sms-conversation')).not.toBeNull();
            expect(links()).toEqual([]);
        });

        it('tells the agent when the link failed or the service refused it', async () => {
            const h = await acceptedWithTwo();
            jest.mocked(createRecord).mockRejectedValueOnce(accessError);
            dispatch(h.$('c-sms-customer-avatar'), 'open');
            await h.settle();
            dispatch(h.$('c-sms-match-picker'), 'pick', { recordId: LEE });
            await h.settle();
            expect(h.toasts[0]).toEqual({
                title: 'The record was not linked to the conversation',
                message: 'insufficient access rights on object id',
                variant: 'error'
            });

            dispatch(h.$('c-sms-customer-avatar'), 'open');
            await h.settle();
            dispatch(h.$('c-sms-match-picker'), 'pick', { recordId: JANE });
            await h.settle();
            const actionId = await createdId('SMS_Agent_Action__c', 1);
            await h.emitState(
                addNode(
                    accepted(),
                    'SMS_Agent_Action__c',
                    {
                        Id: actionId,
                        ...fields({
                            Type__c: 'Link Record',
                            Interaction__c: IDS.offer,
                            Message__c: null,
                            Result__c: 'Refused',
                            Result_Detail__c: 'INVALID_RECORD'
                        })
                    },
                    true
                )
            );
            expect(h.toasts[1]).toEqual({
                title: 'The record was not linked to the conversation',
                message: 'Only a contact, lead, account or case can be linked to the conversation.',
                variant: 'error'
            });
        });
    });

    describe('the chat log (B13, B16)', () => {
        async function endActive(h: Harness, data: GqlData = stateData()): Promise<void> {
            await h.emitState(ended(data, IDS.active));
        }

        async function answerTranscript(h: Harness, data: unknown = chatLogMessages): Promise<void> {
            graphqlMock.emit('smsChatLog', data);
            await h.settle();
        }

        async function mountWithMatches(options: Parameters<typeof mountPanel>[0] = {}): Promise<Harness> {
            const h = await mountPanel(options);
            inConsole(true);
            await answerMatches(h);
            return h;
        }

        it('at termination reads the transcript, saves the Task, opens it in a new tab and stores its Id', async () => {
            const h = await mountWithMatches();
            await endActive(h);
            expect(graphqlMock.configOf('smsChatLog')?.variables).toEqual({ interactionId: IDS.active });
            expect(creates('Task')).toEqual([]);
            await answerTranscript(h);

            const [task] = creates('Task');
            expect(task).toMatchObject({
                Subject: 'SMS with Sam Smith',
                Status: 'Completed',
                ActivityDate: '2026-11-25',
                WhoId: SAM,
                WhatId: ACME
            });
            const description = task.Description as string;
            expect(description).toContain(
                `Conversation record: ${ORIGIN}/lightning/r/SMS_Interaction__c/${IDS.active}/view`
            );
            expect(description).toContain('Initiated: 2026-11-25 06:39:50');
            expect(description).toContain('Accepted: 2026-11-25 06:40:00');
            expect(description).toContain('Terminated: 2026-11-25 06:45:00');
            expect(description).toContain("[2026-11-25 06:39:50] Customer: Hi, my order #1042 hasn't arrived.");
            expect(description).toContain('[2026-11-25 06:41:00] Agent (not delivered): It ships today.');

            const taskId = await createdId('Task');
            expect(lastOpenedPage()).toEqual({
                type: 'standard__recordPage',
                attributes: { recordId: taskId, objectApiName: 'Task', actionName: 'view' }
            });
            expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: IDS.active, Chat_Log_Task_Id__c: taskId } });
            expect(notices(h)).toHaveLength(0);
            // Done reading: the transcript query no longer runs.
            expect(graphqlMock.configOf('smsChatLog')?.query).toBeUndefined();
        });

        it('puts the disposition in the subject once the agent wraps up', async () => {
            const h = await mountWithMatches();
            await endActive(h);
            await answerTranscript(h);
            const taskId = await createdId('Task');
            dispatch(h.$('c-sms-interaction-list'), 'select', { interactionId: IDS.active });
            await h.settle();
            dispatch(h.$('c-sms-wrap-up'), 'wrapup', { interactionId: IDS.active, disposition: 'Follow_Up' });
            await h.settle();
            jest.mocked(updateRecord).mockClear();
            await h.emitState(removeNode(stateData(), 'SMS_Interaction__c', IDS.active));
            expect(updateRecord).toHaveBeenCalledWith({
                fields: { Id: taskId, Subject: 'SMS with Sam Smith – Follow-up needed' }
            });
        });

        it('warns when the saved chat log cannot take the disposition, and keeps it', async () => {
            const h = await mountWithMatches();
            await endActive(h);
            await answerTranscript(h);
            dispatch(h.$('c-sms-interaction-list'), 'select', { interactionId: IDS.active });
            await h.settle();
            dispatch(h.$('c-sms-wrap-up'), 'wrapup', { interactionId: IDS.active, disposition: 'Resolved' });
            await h.settle();
            jest.mocked(updateRecord).mockRejectedValueOnce(validationError);
            await h.emitState(removeNode(stateData(), 'SMS_Interaction__c', IDS.active));
            expect(h.toasts).toEqual([
                {
                    title: 'The chat log was not updated',
                    message: 'A validation rule in your org refused it: Tasks must have a Type of Call, Email or SMS.',
                    variant: 'warning'
                }
            ]);
            expect(creates('Task')).toHaveLength(1);
            expect(notices(h)).toHaveLength(0);
        });

        it('X2: the customer the agent picks drives the chat log, also after it was saved', async () => {
            const h = await mountWithMatches({ props: { popOnAccept: false } });
            await h.emitState(accepted());
            dispatch(h.$('c-sms-customer-avatar'), 'open');
            await h.settle();
            dispatch(h.$('c-sms-match-picker'), 'pick', { recordId: LEE });
            await h.settle();
            await h.emitState(ended(accepted(), IDS.offer));
            await answerTranscript(h, {
                uiapi: { query: { SMS_Message__c: { edges: [], pageInfo: { hasNextPage: false } } } }
            });
            const [task] = creates('Task');
            expect(task).toMatchObject({ Subject: 'SMS with Lee Doe', WhoId: LEE });
            expect(task.WhatId).toBeUndefined();
            const taskId = await createdId('Task');

            // Picked again during wrap-up: the Task follows.
            jest.mocked(updateRecord).mockClear();
            dispatch(h.$('c-sms-customer-avatar'), 'open');
            await h.settle();
            dispatch(h.$('c-sms-match-picker'), 'pick', { recordId: JANE });
            await h.settle();
            expect(updateRecord).toHaveBeenCalledWith({
                fields: { Id: taskId, Subject: 'SMS with Jane Doe', WhoId: JANE }
            });
        });

        it('the case created in the conversation becomes the What', async () => {
            const state = offerWith({ Matched_Record_Ids__c: null, Match_Count__c: 0 });
            const h = await mountWithMatches({ state });
            await h.emitState(accepted(offerWith({ Matched_Record_Ids__c: null, Match_Count__c: 0 })));
            workspaceMock.saveNewRecord(workspaceMock.tabs()[0].tabId, CASE, 'Case');
            await h.settle();
            await h.emitState(
                ended(accepted(offerWith({ Matched_Record_Ids__c: null, Match_Count__c: 0 })), IDS.offer)
            );
            await answerTranscript(h, {
                uiapi: { query: { SMS_Message__c: { edges: [], pageInfo: { hasNextPage: false } } } }
            });
            const [task] = creates('Task');
            expect(task).toMatchObject({ Subject: 'SMS with +1 (415) 555-0199', WhatId: CASE });
            expect(task.WhoId).toBeUndefined();
        });

        it('X3: a transcript longer than 32,000 characters is kept in part and the Task says where the rest is', async () => {
            const h = await mountWithMatches();
            await endActive(h);
            const long = JSON.parse(JSON.stringify(chatLogMessages));
            const edges = long.uiapi.query.SMS_Message__c.edges;
            const template = edges[0];
            long.uiapi.query.SMS_Message__c.edges = Array.from({ length: 300 }, (_, n) => {
                const node = JSON.parse(JSON.stringify(template));
                node.node.Id = `a06${String(n).padStart(12, '0')}AAA`;
                node.node.Body__c.value = `Message ${n}: ${'lorem ipsum '.repeat(15)}`;
                node.node.CreatedDate.value = new Date(Date.parse('2026-11-25T14:00:00.000Z') + n * 1000).toISOString();
                return node;
            });
            await answerTranscript(h, long);
            const description = creates('Task')[0].Description as string;
            expect(description.length).toBeLessThanOrEqual(32000);
            expect(description).toMatch(/This log shows the first \d+ of 300 messages/);
            expect(description).toMatch(
                /\[\d+ further messages are not in this log\. The whole conversation is kept here: /
            );
        });

        it.each([
            [
                'a validation rule',
                validationError,
                'A validation rule in your org refused it: Tasks must have a Type of Call, Email or SMS.'
            ],
            [
                'required fields the org added',
                requiredFieldsError,
                "Your org requires fields the SMS panel doesn't fill in: Type, Call Reason, Call_Reason__c. Ask your Salesforce admin to give them a default value."
            ],
            ['no access', accessError, "You don't have the access this needs. Ask your Salesforce admin."]
        ])(
            'when the Task is refused (%s) the agent reads why, and Try again saves it',
            async (_name, error, message) => {
                const h = await mountWithMatches();
                jest.mocked(createRecord).mockRejectedValueOnce(error);
                await endActive(h);
                await answerTranscript(h);
                const [notice] = notices(h);
                expect(props(notice)).toMatchObject({
                    variant: 'error',
                    heading: 'The chat log of +1 (415) 555-0101 was not saved',
                    message,
                    actionLabel: 'Try again'
                });
                expect(notice.shadowRoot!.querySelector('[role="alert"]')).not.toBeNull();
                expect(openTab).not.toHaveBeenCalled();
                await expectAccessible(h.element);

                jest.useFakeTimers({ now: NOW });
                dispatch(notice, 'action');
                await h.settle();
                expect(creates('Task')).toHaveLength(2);
                expect(creates('Task')[1]).toEqual(creates('Task')[0]);
                const taskId = await createdId('Task', 1);
                expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: IDS.active, Chat_Log_Task_Id__c: taskId } });
                expect(lastOpenedPage().attributes).toMatchObject({ recordId: taskId });
                expect(notices(h)).toHaveLength(0);
            }
        );

        it('keeps a failed chat log, with Try again, after the interaction has closed', async () => {
            const h = await mountWithMatches();
            jest.mocked(createRecord).mockRejectedValueOnce(validationError);
            await endActive(h);
            await answerTranscript(h);
            await h.emitState(removeNode(stateData(), 'SMS_Interaction__c', IDS.active));
            expect(notices(h)).toHaveLength(1);
            dispatch(notices(h)[0], 'action');
            await h.settle();
            expect(creates('Task')).toHaveLength(2);
            expect(creates('Task')[1]).toMatchObject({ Subject: 'SMS with Sam Smith', WhoId: SAM });
            expect(notices(h)).toHaveLength(0);
        });

        it('when the Id cannot be stored on the interaction, Try again stores it without a second Task', async () => {
            const h = await mountWithMatches();
            jest.mocked(updateRecord).mockRejectedValueOnce(accessError);
            await endActive(h);
            await answerTranscript(h);
            const taskId = await createdId('Task');
            expect(lastOpenedPage().attributes).toMatchObject({ recordId: taskId });
            const [notice] = notices(h);
            expect(props(notice)).toMatchObject({
                variant: 'warning',
                heading:
                    'The chat log of +1 (415) 555-0101 was saved, but the conversation record does not point to it yet',
                message: "You don't have the access this needs. Ask your Salesforce admin."
            });
            dispatch(notice, 'action');
            await h.settle();
            expect(creates('Task')).toHaveLength(1);
            expect(updateRecord).toHaveBeenLastCalledWith({ fields: { Id: IDS.active, Chat_Log_Task_Id__c: taskId } });
            expect(notices(h)).toHaveLength(0);
        });

        it('when the transcript cannot be read, Try again reads it again', async () => {
            const h = await mountWithMatches();
            await endActive(h);
            const refresh = jest.fn(() => Promise.resolve());
            graphqlMock.emitErrors('smsChatLog', graphqlErrors, refresh);
            await h.settle();
            const [notice] = notices(h);
            expect(props(notice)).toMatchObject({
                heading: 'The chat log of +1 (415) 555-0101 was not saved',
                message:
                    "The conversation's messages could not be read, so the chat log was not written. Nothing is lost: the messages stay in the conversation record.",
                details: [graphqlErrors[0].message]
            });
            dispatch(notice, 'action');
            await h.settle();
            expect(refresh).toHaveBeenCalledTimes(1);
            await answerTranscript(h);
            expect(creates('Task')).toHaveLength(1);
            expect(notices(h)).toHaveLength(0);
        });

        it('offers to save the chat log of a conversation that ended while the panel was closed', async () => {
            const h = await mountWithMatches({ state: ended(stateData(), IDS.active) });
            const [notice] = notices(h);
            expect(props(notice)).toMatchObject({
                variant: 'info',
                heading: 'No chat log has been saved for +1 (415) 555-0101',
                actionLabel: 'Save chat log'
            });
            expect(graphqlMock.configOf('smsChatLog')?.query).toBeUndefined();
            dispatch(notice, 'action');
            await h.settle();
            await answerTranscript(h);
            expect(creates('Task')).toHaveLength(1);
            expect(notices(h)).toHaveLength(0);
        });

        it('writes no second chat log for an interaction that has one', async () => {
            const h = await mountWithMatches();
            await h.emitState(
                setFields(ended(stateData(), IDS.active), 'SMS_Interaction__c', IDS.active, {
                    Chat_Log_Task_Id__c: '00T000000000099AAA'
                })
            );
            expect(graphqlMock.configOf('smsChatLog')?.query).toBeUndefined();
            expect(notices(h)).toHaveLength(0);
        });

        it('reads one transcript at a time and writes each chat log', async () => {
            const h = await mountWithMatches();
            await h.emitState(ended(ended(stateData(), IDS.active), IDS.urgent));
            const first = graphqlMock.configOf('smsChatLog')?.variables?.interactionId as string;
            const firstAnswer = JSON.parse(JSON.stringify(chatLogMessages));
            for (const edge of firstAnswer.uiapi.query.SMS_Message__c.edges) edge.node.Interaction__c.value = first;
            await answerTranscript(h, firstAnswer);
            const second = graphqlMock.configOf('smsChatLog')?.variables?.interactionId as string;
            expect(new Set([first, second])).toEqual(new Set([IDS.active, IDS.urgent]));
            // An answer still about the first interaction is not the second one's transcript.
            await answerTranscript(h, firstAnswer);
            expect(creates('Task')).toHaveLength(1);
            const secondAnswer = JSON.parse(JSON.stringify(chatLogMessages));
            for (const edge of secondAnswer.uiapi.query.SMS_Message__c.edges) edge.node.Interaction__c.value = second;
            await answerTranscript(h, secondAnswer);
            expect(creates('Task')).toHaveLength(2);
        });
    });

    it('B29: after a new SMS to an unknown number, the New Case and later the chat log open in separate tabs', async () => {
        const h = await mountPanel();
        inConsole(true);
        await answerMatches(h);
        dispatch(h.$('lightning-button-menu.sms-panel__add'), 'select', { value: 'sms' });
        await h.settle();
        dispatch(h.$('c-sms-new-sms'), 'send', {
            channelId: IDS.channelUs,
            customerPhone: '+14155550123',
            body: 'Your parcel is ready.'
        });
        await h.settle();
        const actionId = await createdId('SMS_Agent_Action__c');
        const outboundId = 'a02000000000009AAA';
        const outbound = () => {
            const data = stateData();
            addNode(
                data,
                'SMS_Agent_Action__c',
                {
                    Id: actionId,
                    ...fields({
                        Type__c: 'Start Outbound',
                        Interaction__c: outboundId,
                        Message__c: null,
                        Result__c: 'Applied',
                        Result_Detail__c: null
                    })
                },
                true
            );
            addNode(data, 'SMS_Interaction__c', {
                ...nodeOf(stateData(), 'SMS_Interaction__c', IDS.active),
                Id: outboundId,
                ...fields({
                    Name: 'SMS-000009',
                    Direction__c: 'Outbound',
                    Customer_Phone__c: '+14155550123',
                    Accepted_At__c: null,
                    Initiated_At__c: '2026-11-25T15:00:03.000Z',
                    Matched_Record_Ids__c: null,
                    Match_Count__c: 0
                })
            });
            return data;
        };
        await h.emitState(outbound());
        await answerMatches(h);
        expect(lastOpenedPage().attributes).toEqual({ objectApiName: 'Case', actionName: 'new' });
        expect(decodeDefaultFieldValues(lastOpenedPage().state!.defaultFieldValues as string)).toMatchObject({
            SuppliedPhone: '+14155550123'
        });

        await h.emitState(ended(outbound(), outboundId));
        const answer = JSON.parse(JSON.stringify(chatLogMessages));
        for (const edge of answer.uiapi.query.SMS_Message__c.edges) edge.node.Interaction__c.value = outboundId;
        graphqlMock.emit('smsChatLog', answer);
        await h.settle();
        const taskId = await createdId('Task');
        expect(creates('Task')[0].Description).toContain('Started by the agent (outbound SMS)');
        const tabs = workspaceMock.tabs();
        expect(tabs).toHaveLength(2);
        expect(tabs[0].pageReference.attributes).toMatchObject({ objectApiName: 'Case', actionName: 'new' });
        expect(tabs[1].recordId).toBe(taskId);
        expect(tabs[1].focused).toBe(true);
    });
});
