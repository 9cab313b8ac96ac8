/**
 * The CRM rules of a conversation, as pure functions: which customer records the service's phone
 * search found and which of them the agent may open (loaded with `getRecords`, so sharing and
 * field-level security apply), which one is the customer by default, what pops when the agent
 * accepts (B7, B8, B14–B17, B29), the default values of a new record, and what an error from a
 * record write means to the agent. No platform module: the container wires the data and calls
 * the workspace; this module decides.
 *
 * Ids are compared on their first 15 characters (the service may store either form).
 */
import type { InteractionView } from 'c/smsModel';
import { formatPhone } from 'c/smsPhone';
import { formatLabel, reduceErrors } from 'c/smsUtils';
import CONTACT_NAME from '@salesforce/schema/Contact.Name';
import CONTACT_PHONE from '@salesforce/schema/Contact.Phone';
import CONTACT_MOBILE from '@salesforce/schema/Contact.MobilePhone';
import CONTACT_ACCOUNT_ID from '@salesforce/schema/Contact.AccountId';
import CONTACT_ACCOUNT_NAME from '@salesforce/schema/Contact.Account.Name';
import LEAD_NAME from '@salesforce/schema/Lead.Name';
import LEAD_PHONE from '@salesforce/schema/Lead.Phone';
import LEAD_MOBILE from '@salesforce/schema/Lead.MobilePhone';
import LEAD_COMPANY from '@salesforce/schema/Lead.Company';
import ACCOUNT_NAME from '@salesforce/schema/Account.Name';
import ACCOUNT_PHONE from '@salesforce/schema/Account.Phone';
import CASE_SUPPLIED_PHONE from '@salesforce/schema/Case.SuppliedPhone';
import CASE_SUBJECT from '@salesforce/schema/Case.Subject';
import CASE_DESCRIPTION from '@salesforce/schema/Case.Description';
import CASE_CONTACT from '@salesforce/schema/Case.ContactId';
import CASE_ACCOUNT from '@salesforce/schema/Case.AccountId';
import NEW_CONTACT_DESCRIPTION from '@salesforce/schema/Contact.Description';
import NEW_LEAD_DESCRIPTION from '@salesforce/schema/Lead.Description';
import caseSubjectLabel from '@salesforce/label/c.SMS_Crm_Case_Subject';
import conversationLinkLabel from '@salesforce/label/c.SMS_Crm_Conversation_Link';
import errorAccessLabel from '@salesforce/label/c.SMS_Crm_Error_Access';
import errorValidationLabel from '@salesforce/label/c.SMS_Crm_Error_Validation';
import errorRequiredLabel from '@salesforce/label/c.SMS_Crm_Error_Required';
import errorOtherLabel from '@salesforce/label/c.SMS_Crm_Error_Other';

export type CustomerObject = 'Contact' | 'Lead' | 'Account';
export type NewCustomerObject = 'Case' | 'Contact' | 'Lead';

/** A customer record the agent can open, as the panel shows it. */
export interface CustomerRecord {
    id: string;
    objectApiName: CustomerObject;
    name: string;
    /** The mobile number, else the main phone (what the record holds, formatted by the org). */
    phone: string;
    /** The Contact's Account; for a Lead, none; for an Account, itself. */
    accountId: string | null;
    /** The Contact's Account name, the Lead's company; empty for an Account. */
    accountName: string;
}

/** What getRecords answered for the Ids asked: the records the agent may open, and every Id answered. */
export interface MatchLoad {
    records: Readonly<Record<string, CustomerRecord>>;
    /** Keys (15-character Ids) that were answered, found or not. */
    resolved: ReadonlySet<string>;
}

export const EMPTY_LOAD: MatchLoad = Object.freeze({ records: Object.freeze({}), resolved: new Set<string>() });

/** The first 15 characters of a record Id: the same record in either form. */
export function idKey(id: string | null | undefined): string {
    return (id ?? '').trim().slice(0, 15);
}

export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
    return Boolean(a) && Boolean(b) && idKey(a) === idKey(b);
}

const PREFIXES: Readonly<Record<string, CustomerObject | 'Case'>> = {
    '003': 'Contact',
    '00Q': 'Lead',
    '001': 'Account',
    '500': 'Case'
};

/** The object of a record Id, from its key prefix (only the objects the panel links). */
export function objectOfId(id: string | null | undefined): CustomerObject | 'Case' | null {
    const prefix = (id ?? '').trim().slice(0, 3);
    return PREFIXES[prefix] ?? null;
}

function isCustomerId(id: string): boolean {
    const object = objectOfId(id);
    return object === 'Contact' || object === 'Lead' || object === 'Account';
}

export function normaliseNewCustomerObject(value: string | null | undefined): NewCustomerObject {
    return value === 'Contact' || value === 'Lead' ? value : 'Case';
}

/** The person record linked on the interaction (a remembered choice, or a link already made). */
export function linkedCustomerId(interaction: InteractionView): string | null {
    return interaction.contactId || interaction.leadId || interaction.accountId || null;
}

/** Every customer record Id an interaction names: the matches, the linked records, extra picks. */
export function customerIdsOf(interaction: InteractionView, extra: Array<string | null | undefined> = []): string[] {
    const seen = new Set<string>();
    const ids: string[] = [];
    const candidates = [
        ...interaction.matchedRecordIds,
        interaction.contactId,
        interaction.leadId,
        interaction.accountId,
        ...extra
    ];
    for (const id of candidates) {
        if (!id || !isCustomerId(id) || seen.has(idKey(id))) continue;
        seen.add(idKey(id));
        ids.push(id.trim());
    }
    return ids;
}

// ---------------------------------------------------------------------------------------------
// getRecords

function fieldName(field: { objectApiName: string; fieldApiName: string }): string {
    return `${field.objectApiName}.${field.fieldApiName}`;
}

/** What the panel reads of each object: the name is required, the rest is read where the agent may. */
const READS: Readonly<Record<CustomerObject, { fields: string[]; optionalFields: string[] }>> = {
    Contact: {
        fields: [fieldName(CONTACT_NAME)],
        optionalFields: [
            fieldName(CONTACT_PHONE),
            fieldName(CONTACT_MOBILE),
            fieldName(CONTACT_ACCOUNT_ID),
            fieldName(CONTACT_ACCOUNT_NAME)
        ]
    },
    Lead: {
        fields: [fieldName(LEAD_NAME)],
        optionalFields: [fieldName(LEAD_PHONE), fieldName(LEAD_MOBILE), fieldName(LEAD_COMPANY)]
    },
    Account: {
        fields: [fieldName(ACCOUNT_NAME)],
        optionalFields: [fieldName(ACCOUNT_PHONE)]
    }
};

export interface RecordsRequest {
    recordIds: string[];
    fields: string[];
    optionalFields: string[];
}

/**
 * The `records` parameter of getRecords for these Ids: one group per object (Contact, Lead,
 * Account), in that order, Ids sorted so that the same set always gives the same request.
 * Undefined when there is nothing to read (the wire then does not run).
 */
export function matchRequest(ids: string[]): RecordsRequest[] | undefined {
    const groups: Record<CustomerObject, string[]> = { Contact: [], Lead: [], Account: [] };
    const seen = new Set<string>();
    for (const id of ids) {
        const object = objectOfId(id);
        if (object === null || object === 'Case' || seen.has(idKey(id))) continue;
        seen.add(idKey(id));
        groups[object].push(id);
    }
    const request: RecordsRequest[] = [];
    for (const object of ['Contact', 'Lead', 'Account'] as const) {
        if (groups[object].length === 0) continue;
        request.push({ recordIds: [...groups[object]].sort(), ...READS[object] });
    }
    return request.length > 0 ? request : undefined;
}

/** A stable text for a request, to tell whether it changed. */
export function requestKey(request: RecordsRequest[] | undefined): string {
    return request ? request.map((group) => group.recordIds.join(',')).join('|') : '';
}

interface UiField {
    value?: unknown;
    displayValue?: string | null;
}

interface UiRecord {
    id?: string;
    apiName?: string;
    fields?: Record<string, UiField | undefined>;
}

interface BatchResult {
    statusCode?: number;
    result?: unknown;
}

function fieldText(record: UiRecord, name: string): string {
    const value = record.fields?.[name]?.value;
    return typeof value === 'string' ? value : '';
}

function nestedText(record: UiRecord, relationship: string, name: string): string {
    const parent = record.fields?.[relationship]?.value;
    if (parent && typeof parent === 'object') return fieldText(parent as UiRecord, name);
    return '';
}

function toCustomer(record: UiRecord): CustomerRecord | null {
    const id = record.id;
    if (!id) return null;
    const object = record.apiName ?? objectOfId(id);
    if (object !== 'Contact' && object !== 'Lead' && object !== 'Account') return null;
    const phone = fieldText(record, 'MobilePhone') || fieldText(record, 'Phone');
    if (object === 'Contact') {
        return {
            id,
            objectApiName: object,
            name: fieldText(record, 'Name'),
            phone,
            accountId: fieldText(record, 'AccountId') || null,
            accountName: nestedText(record, 'Account', 'Name')
        };
    }
    if (object === 'Lead') {
        return {
            id,
            objectApiName: object,
            name: fieldText(record, 'Name'),
            phone,
            accountId: null,
            accountName: fieldText(record, 'Company')
        };
    }
    return { id, objectApiName: object, name: fieldText(record, 'Name'), phone, accountId: id, accountName: '' };
}

/** The Ids of a request in the order getRecords answers them (group by group). */
export function requestedIds(request: RecordsRequest[] | undefined): string[] {
    return (request ?? []).flatMap((group) => group.recordIds);
}

/**
 * Reads a getRecords answer. Each entry is `{ statusCode, result }`: 200 with the record, or an
 * error status (403, 404…) with a list of errors — a record the agent may not see, or one that is
 * gone. An error entry names no Id: when the answer has one entry per Id asked and every record
 * in it was asked for, the Ids without a record are the ones the agent may not open. An answer to
 * another request (the Ids changed meanwhile) counts only for the records it holds.
 */
export function readMatchRecords(data: { results?: BatchResult[] } | null | undefined, askedIds: string[]): MatchLoad {
    const records: Record<string, CustomerRecord> = {};
    const results = data?.results ?? [];
    for (const entry of results) {
        if (entry?.statusCode !== 200 || !entry.result || typeof entry.result !== 'object') continue;
        const customer = toCustomer(entry.result as UiRecord);
        if (customer) records[idKey(customer.id)] = customer;
    }
    const asked = new Set(askedIds.map(idKey));
    const resolved = new Set<string>(Object.keys(records));
    const answersThisRequest = results.length === asked.size && Object.keys(records).every((key) => asked.has(key));
    if (answersThisRequest) for (const key of asked) resolved.add(key);
    return { records, resolved };
}

// ---------------------------------------------------------------------------------------------
// Matches, the default customer, the pop

export function recordOf(load: MatchLoad, id: string | null | undefined): CustomerRecord | null {
    return (id && load.records[idKey(id)]) || null;
}

/** Answered and not there: the agent may not see it (or it is gone). */
function unavailable(load: MatchLoad, id: string): boolean {
    return load.resolved.has(idKey(id)) && !load.records[idKey(id)];
}

/** Every Id the interaction names has been answered. */
export function matchesLoaded(
    interaction: InteractionView,
    load: MatchLoad,
    extra: Array<string | null> = []
): boolean {
    return customerIdsOf(interaction, extra).every((id) => load.resolved.has(idKey(id)));
}

/** The matches the agent may open, in the service's order (the count the panel shows, B14). */
export function visibleMatches(interaction: InteractionView, load: MatchLoad): CustomerRecord[] {
    const seen = new Set<string>();
    const out: CustomerRecord[] = [];
    for (const id of interaction.matchedRecordIds) {
        const record = recordOf(load, id);
        if (!record || seen.has(idKey(id))) continue;
        seen.add(idKey(id));
        out.push(record);
    }
    return out;
}

/** Matches the search found that the agent may not open. */
export function hiddenMatchCount(interaction: InteractionView, load: MatchLoad): number {
    const keys = new Set(interaction.matchedRecordIds.filter(isCustomerId).map(idKey));
    let hidden = 0;
    for (const key of keys) if (load.resolved.has(key) && !load.records[key]) hidden += 1;
    return hidden;
}

export type ChoiceSource = 'picked' | 'linked' | 'first';

export interface CustomerChoice {
    id: string;
    objectApiName: CustomerObject;
    /** Null while the record is not loaded (a record just created, say). */
    record: CustomerRecord | null;
    source: ChoiceSource;
}

function choiceOf(id: string, load: MatchLoad, source: ChoiceSource): CustomerChoice | null {
    const object = objectOfId(id);
    if (object === null || object === 'Case' || unavailable(load, id)) return null;
    return { id, objectApiName: object, record: recordOf(load, id), source };
}

/**
 * The customer of the conversation (X2, B17): the agent's pick, else the record linked on the
 * interaction (a remembered choice for this number, or a link already made), else the first
 * match the agent may open. A record the agent may not see is never the default.
 */
export function defaultCustomer(
    interaction: InteractionView,
    load: MatchLoad,
    picked: string | null = null
): CustomerChoice | null {
    if (picked) {
        const choice = choiceOf(picked, load, 'picked');
        if (choice) return choice;
    }
    const linked = linkedCustomerId(interaction);
    if (linked) {
        const choice = choiceOf(linked, load, 'linked');
        if (choice) return choice;
    }
    const first = visibleMatches(interaction, load)[0];
    return first ? { id: first.id, objectApiName: first.objectApiName, record: first, source: 'first' } : null;
}

export type PopPlan =
    /** Open this record; `link` when the panel should store it on the interaction. */
    | { kind: 'record'; recordId: string; link: boolean }
    /** No record the agent may open: a new record (the admin's object) with defaults. */
    | { kind: 'new'; objectApiName: NewCustomerObject }
    /** Several records: no pop; the avatar opens the picker, the first match is the default. */
    | { kind: 'choose' };

/**
 * What pops on accept (B7, B8, B15–B17, B29): the record already linked (remembered for this
 * number), else by the number of matches the agent may open — none: a new record; one: that
 * record (and it is linked); several: nothing, the agent chooses.
 */
export function popPlan(interaction: InteractionView, load: MatchLoad, newCustomerObject: NewCustomerObject): PopPlan {
    const linked = linkedCustomerId(interaction);
    if (linked && recordOf(load, linked)) return { kind: 'record', recordId: linked, link: false };
    const visible = visibleMatches(interaction, load);
    if (visible.length === 0) return { kind: 'new', objectApiName: newCustomerObject };
    if (visible.length === 1) return { kind: 'record', recordId: visible[0].id, link: true };
    return { kind: 'choose' };
}

/** Where the interaction record opens: a link the Case, Contact, Lead or Task can carry. */
export function interactionUrl(origin: string, interactionId: string): string {
    return `${origin.replace(/\/$/, '')}/lightning/r/SMS_Interaction__c/${interactionId}/view`;
}

/**
 * Default field values of the new record (B8, B15): the customer's number, and a line that
 * names the conversation with its link. A Case also gets a subject and, when the agent chose a
 * customer, that Contact and Account; a new Contact gets the chosen Account.
 */
export function newRecordDefaults(
    objectApiName: NewCustomerObject,
    interaction: InteractionView,
    link: string,
    customer: CustomerChoice | null
): Record<string, string> {
    const phone = interaction.customerPhone;
    const description = formatLabel(conversationLinkLabel, interaction.name || interaction.id, link);
    const accountId =
        customer?.objectApiName === 'Account'
            ? customer.id
            : customer?.objectApiName === 'Contact'
              ? (customer.record?.accountId ?? null)
              : null;
    if (objectApiName === 'Contact') {
        const values: Record<string, string> = {
            [CONTACT_MOBILE.fieldApiName]: phone,
            [NEW_CONTACT_DESCRIPTION.fieldApiName]: description
        };
        if (accountId) values[CONTACT_ACCOUNT_ID.fieldApiName] = accountId;
        return values;
    }
    if (objectApiName === 'Lead') {
        return { [LEAD_MOBILE.fieldApiName]: phone, [NEW_LEAD_DESCRIPTION.fieldApiName]: description };
    }
    const values: Record<string, string> = {
        [CASE_SUPPLIED_PHONE.fieldApiName]: phone,
        [CASE_SUBJECT.fieldApiName]: formatLabel(caseSubjectLabel, formatPhone(phone)),
        [CASE_DESCRIPTION.fieldApiName]: description
    };
    if (customer?.objectApiName === 'Contact') values[CASE_CONTACT.fieldApiName] = customer.id;
    if (accountId) values[CASE_ACCOUNT.fieldApiName] = accountId;
    return values;
}

// ---------------------------------------------------------------------------------------------
// Errors of record writes, as the agent reads them

export type WriteProblem = 'access' | 'validation' | 'required' | 'other';

export interface WriteError {
    problem: WriteProblem;
    /** A label, filled in. */
    message: string;
    /** The platform's own messages, for the Details disclosure. */
    details: string[];
}

const ACCESS_CODES = new Set([
    'INSUFFICIENT_ACCESS',
    'INSUFFICIENT_ACCESS_OR_READONLY',
    'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
    'INSUFFICIENT_PRIVILEGES',
    'CANNOT_EXECUTE_FLOW_TRIGGER_INSUFFICIENT_ACCESS'
]);

interface Found {
    codes: Array<{ code: string; message: string }>;
    requiredFields: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null;
}

function collect(value: unknown, found: Found, field?: string): void {
    if (Array.isArray(value)) {
        value.forEach((entry) => collect(entry, found, field));
        return;
    }
    if (!isObject(value)) return;
    const code = typeof value.errorCode === 'string' ? value.errorCode : null;
    const message = typeof value.message === 'string' ? value.message : '';
    if (code) {
        found.codes.push({ code, message });
        if (code === 'REQUIRED_FIELD_MISSING') {
            const named = Array.isArray(value.fields) ? value.fields.filter((f) => typeof f === 'string') : [];
            const fromMessage = /\[([^\]]+)\]/.exec(message)?.[1].split(',') ?? [];
            const fields = [
                ...(named as string[]),
                ...(typeof value.fieldLabel === 'string' ? [value.fieldLabel] : []),
                ...(field ? [field] : []),
                ...fromMessage
            ];
            for (const name of fields.map((f) => f.trim()).filter(Boolean)) {
                if (!found.requiredFields.includes(name)) found.requiredFields.push(name);
            }
        }
    }
    const output = value.output;
    if (isObject(output)) {
        collect(output.errors, found);
        if (isObject(output.fieldErrors)) {
            for (const [name, errors] of Object.entries(output.fieldErrors)) collect(errors, found, name);
        }
    }
    if (isObject(value.fieldErrors)) {
        for (const [name, errors] of Object.entries(value.fieldErrors)) collect(errors, found, name);
    }
    if (Array.isArray(value.pageErrors)) collect(value.pageErrors, found);
    if (value.body !== undefined) collect(value.body, found);
}

/**
 * Classifies a failed record write (UI API error shapes: `{ status, body: { output: { errors,
 * fieldErrors } } }`, `{ body: [{ errorCode, message }] }`…): no access, a validation rule of
 * the org, required fields the org added, or anything else — each with its own words.
 */
export function describeWriteError(error: unknown): WriteError {
    const found: Found = { codes: [], requiredFields: [] };
    collect(error, found);
    const details = reduceErrors(error);
    const status = isObject(error) && typeof error.status === 'number' ? error.status : null;
    const validation = found.codes.find((c) => c.code === 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
    if (validation) {
        return {
            problem: 'validation',
            message: formatLabel(errorValidationLabel, validation.message || details[0] || ''),
            details
        };
    }
    if (found.codes.some((c) => c.code === 'REQUIRED_FIELD_MISSING')) {
        return {
            problem: 'required',
            message: formatLabel(errorRequiredLabel, found.requiredFields.join(', ') || details[0] || ''),
            details
        };
    }
    if (found.codes.some((c) => ACCESS_CODES.has(c.code)) || status === 403) {
        return { problem: 'access', message: errorAccessLabel, details };
    }
    return { problem: 'other', message: errorOtherLabel, details };
}
