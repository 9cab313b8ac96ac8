import { LightningElement, api } from 'lwc';
import type { CustomerRecord, NewCustomerObject } from 'c/smsCrm';
import { formatLabel } from 'c/smsUtils';
import headingLabel from '@salesforce/label/c.SMS_MatchPicker_Heading';
import listLabel from '@salesforce/label/c.SMS_MatchPicker_List';
import noneLabel from '@salesforce/label/c.SMS_MatchPicker_None';
import hiddenOneLabel from '@salesforce/label/c.SMS_MatchPicker_Hidden_One';
import hiddenManyLabel from '@salesforce/label/c.SMS_MatchPicker_Hidden_Many';
import contactLabel from '@salesforce/label/c.SMS_MatchPicker_Object_Contact';
import leadLabel from '@salesforce/label/c.SMS_MatchPicker_Object_Lead';
import accountObjectLabel from '@salesforce/label/c.SMS_MatchPicker_Object_Account';
import typeLabel from '@salesforce/label/c.SMS_MatchPicker_Type';
import phoneLabel from '@salesforce/label/c.SMS_MatchPicker_Phone';
import accountLabel from '@salesforce/label/c.SMS_MatchPicker_Account';
import companyLabel from '@salesforce/label/c.SMS_MatchPicker_Company';
import selectedLabel from '@salesforce/label/c.SMS_MatchPicker_Selected';
import linkingLabel from '@salesforce/label/c.SMS_MatchPicker_Linking';
import pickTitleLabel from '@salesforce/label/c.SMS_MatchPicker_Pick_Title';
import newCaseLabel from '@salesforce/label/c.SMS_MatchPicker_New_Case';
import newContactLabel from '@salesforce/label/c.SMS_MatchPicker_New_Contact';
import newLeadLabel from '@salesforce/label/c.SMS_MatchPicker_New_Lead';
import backLabel from '@salesforce/label/c.SMS_MatchPicker_Back';

const LABELS = Object.freeze({
    list: listLabel,
    none: noneLabel,
    type: typeLabel,
    phone: phoneLabel,
    selected: selectedLabel,
    linking: linkingLabel,
    back: backLabel
});

const OBJECT_LABELS: Readonly<Record<string, string>> = {
    Contact: contactLabel,
    Lead: leadLabel,
    Account: accountObjectLabel
};

const NEW_RECORD_LABELS: Readonly<Record<NewCustomerObject, string>> = {
    Case: newCaseLabel,
    Contact: newContactLabel,
    Lead: newLeadLabel
};

/**
 * The match picker (B17, X2): the customer records matching the number that the agent may open
 * — name, object, phone, account (a Lead's company) — the one in use marked. Choosing one links
 * the conversation to it; "New Case" (or the admin's object) opens a new record for the customer;
 * "Back to the conversation" (or Escape) closes the picker. Presentational: the container passes
 * the records and hears the choice.
 *
 * @fires pick detail { recordId }
 * @fires newrecord
 * @fires close
 */
export default class SmsMatchPicker extends LightningElement {
    /** The customer's number, formatted. */
    @api customerNumber = '';
    @api records: CustomerRecord[] = [];
    /** The record in use. */
    @api selectedId: string | null = null;
    /** A record whose link the service has not confirmed yet. */
    @api pendingId: string | null = null;
    /** Matches the agent may not open. */
    @api hiddenCount = 0;
    /** What a new customer gets (the admin's setting). */
    @api newRecordObject: NewCustomerObject = 'Case';

    labels = LABELS;
    private focused = false;

    get heading(): string {
        return formatLabel(headingLabel, this.customerNumber);
    }

    get hasRecords(): boolean {
        return (this.records?.length ?? 0) > 0;
    }

    get hiddenText(): string {
        if (!this.hiddenCount) return '';
        return this.hiddenCount === 1 ? hiddenOneLabel : formatLabel(hiddenManyLabel, this.hiddenCount);
    }

    get newRecordLabel(): string {
        return NEW_RECORD_LABELS[this.newRecordObject] ?? newCaseLabel;
    }

    get rows(): Array<{
        id: string;
        name: string;
        title: string;
        objectLabel: string;
        phone: string;
        accountHeading: string;
        account: string;
        selected: boolean;
        pending: boolean;
        rowClass: string;
    }> {
        const same = (a: string | null, b: string) => a !== null && a.slice(0, 15) === b.slice(0, 15);
        return (this.records ?? []).map((record) => {
            const selected = same(this.selectedId, record.id);
            const objectLabel = OBJECT_LABELS[record.objectApiName] ?? record.objectApiName;
            return {
                id: record.id,
                name: record.name || record.id,
                title: formatLabel(pickTitleLabel, record.name || record.id, objectLabel),
                objectLabel,
                phone: record.phone,
                accountHeading: record.objectApiName === 'Lead' ? companyLabel : accountLabel,
                account: record.accountName,
                selected,
                pending: same(this.pendingId, record.id),
                rowClass: selected ? 'slds-item sms-picker__row sms-picker__row_selected' : 'slds-item sms-picker__row'
            };
        });
    }

    override renderedCallback(): void {
        if (this.focused) return;
        this.focused = true;
        // Opening the picker moves the focus to it, so keyboard and screen reader users land here.
        this.template?.querySelector<HTMLElement>('.sms-picker__heading')?.focus();
    }

    handlePick(event: Event): void {
        const recordId = (event.currentTarget as HTMLElement).dataset.id;
        if (recordId) this.dispatchEvent(new CustomEvent('pick', { detail: { recordId } }));
    }

    handleNewRecord(): void {
        this.dispatchEvent(new CustomEvent('newrecord'));
    }

    handleClose(): void {
        this.dispatchEvent(new CustomEvent('close'));
    }

    handleKeyDown(event: KeyboardEvent): void {
        if (event.key === 'Escape') {
            event.stopPropagation();
            this.handleClose();
        }
    }
}
