/**
 * The New record tab of the local console (standard__objectPage, actionName new): the fields with
 * the defaults the opener encoded, saved as the signed-in user; the tab then becomes the record's.
 */
import { LightningElement, api } from 'lwc';
import { api as call, recordsChanged, toasts, workspace } from 'console/runtime';
import type { PageReference } from 'console/runtime';
import { decodeDefaultFieldValues } from 'lightning/pageReferenceUtils';

interface FieldInfo {
    apiName: string;
    label: string;
    dataType: string;
    createable?: boolean;
}

const FORM_FIELDS: Record<string, string[]> = {
    Case: ['Subject', 'Description', 'Status', 'Origin', 'SuppliedName', 'SuppliedPhone', 'ContactId', 'AccountId'],
    Contact: ['FirstName', 'LastName', 'MobilePhone', 'Phone', 'Email', 'AccountId'],
    Lead: ['FirstName', 'LastName', 'Company', 'MobilePhone', 'Phone', 'Email']
};

interface InputView {
    apiName: string;
    label: string;
    value: string;
    isLong: boolean;
    inputId: string;
}

export default class NewRecord extends LightningElement {
    @api tabId?: string;
    objectApiName = '';
    objectLabel = '';
    inputs: InputView[] = [];
    error = '';
    saving = false;
    private page?: PageReference;

    @api
    get pageReference(): PageReference | undefined {
        return this.page;
    }
    set pageReference(value: PageReference | undefined) {
        if (value === this.page) return;
        this.page = value;
        void this.prepare();
    }

    get title(): string {
        return `New ${this.objectLabel}`;
    }

    private async prepare(): Promise<void> {
        const page = this.page;
        const objectApiName = String(page?.attributes?.objectApiName ?? '');
        if (!objectApiName) return;
        const defaults = decodeDefaultFieldValues(String(page?.state?.defaultFieldValues ?? ''));
        try {
            const info = await call<{ label: string; fields: Record<string, FieldInfo> }>(
                'GET',
                `/api/ui/object-info/${objectApiName}`
            );
            const names = [...new Set([...(FORM_FIELDS[objectApiName] ?? []), ...Object.keys(defaults)])].filter(
                (f) => info.fields[f]
            );
            if (objectApiName === 'Case' && !defaults.Status) defaults.Status = 'New';
            if (objectApiName === 'Case' && !defaults.Origin) defaults.Origin = 'SMS';
            this.objectApiName = objectApiName;
            this.objectLabel = info.label;
            this.inputs = names.map((f) => ({
                apiName: f,
                label: info.fields[f].label,
                value: defaults[f] ?? '',
                isLong: info.fields[f].dataType === 'TextArea',
                inputId: `input-${f}`
            }));
            this.dispatchEvent(new CustomEvent('label', { detail: { tabId: this.tabId, label: this.title } }));
        } catch {
            this.error = `A new ${objectApiName} cannot be created here.`;
        }
    }

    /** A textarea takes its default as a property (the template cannot set a textarea's value). */
    renderedCallback(): void {
        for (const area of Array.from(this.template?.querySelectorAll('textarea') ?? [])) {
            if (area.dataset.filled) continue;
            area.value = this.inputs.find((i) => i.apiName === area.dataset.field)?.value ?? '';
            area.dataset.filled = 'true';
        }
    }

    handleInput(event: Event): void {
        const target = event.target as HTMLInputElement;
        const name = target.dataset.field;
        this.inputs = this.inputs.map((i) => (i.apiName === name ? { ...i, value: target.value } : i));
    }

    async handleSave(event: Event): Promise<void> {
        event.preventDefault();
        if (this.saving) return;
        this.saving = true;
        this.error = '';
        const fields: Record<string, string> = {};
        for (const input of this.inputs) if (input.value.trim() !== '') fields[input.apiName] = input.value;
        try {
            const created = await call<{ id: string; fields: Record<string, { value: unknown }> }>(
                'POST',
                '/api/ui/records',
                {
                    apiName: this.objectApiName,
                    fields
                }
            );
            recordsChanged.publish([created.id]);
            const label = String(
                fields.Subject ?? ([fields.FirstName, fields.LastName].filter(Boolean).join(' ') || this.objectLabel)
            );
            if (this.tabId) workspace.replace(this.tabId, created.id, this.objectApiName, label);
            toasts.publish({ title: `${this.objectLabel} "${label}" was created.`, variant: 'success' });
        } catch (failure) {
            const body = (failure as { body?: Array<{ message?: string }> }).body;
            this.error =
                (Array.isArray(body) && body.map((b) => b.message).join(' ')) || 'The record could not be saved.';
        } finally {
            this.saving = false;
        }
    }

    handleCancel(): void {
        if (this.tabId) workspace.close(this.tabId);
    }
}
