/** A record tab of the local console: the record's fields, read as the signed-in user. */
import { LightningElement, api } from 'lwc';
import { api as call, recordsChanged, workspace } from 'console/runtime';

interface FieldInfo {
    apiName: string;
    label: string;
    dataType: string;
    reference?: boolean;
}

interface ObjectInfo {
    apiName: string;
    label: string;
    fields: Record<string, FieldInfo>;
}

interface UiRecord {
    apiName: string;
    id: string;
    fields: Record<string, { value: unknown; displayValue: string | null }>;
}

interface FieldView {
    apiName: string;
    label: string;
    text: string;
    isLink: boolean;
    isLong: boolean;
}

const HIDDEN = new Set([
    'Id',
    'IsDeleted',
    'SystemModstamp',
    'OwnerId',
    'CreatedById',
    'CreatedDate',
    'LastModifiedById',
    'LastModifiedDate'
]);

function objectOfId(id: string): string {
    return id.slice(0, 3);
}

export default class RecordPage extends LightningElement {
    @api tabId?: string;
    objectLabel = '';
    title = '';
    fields: FieldView[] = [];
    error = '';
    private currentId?: string;
    private stop: (() => void) | null = null;

    @api
    get recordId(): string | undefined {
        return this.currentId;
    }
    set recordId(value: string | undefined) {
        const changed = value !== this.currentId;
        this.currentId = value;
        if (changed && value) void this.load();
    }

    connectedCallback(): void {
        this.stop = recordsChanged.subscribe((ids) => {
            if (this.currentId && ids.includes(this.currentId)) void this.load();
        });
    }

    disconnectedCallback(): void {
        this.stop?.();
    }

    private async load(): Promise<void> {
        const id = this.currentId;
        if (!id) return;
        try {
            const { objectInfo: info, record } = await call<{ objectInfo: ObjectInfo; record: UiRecord }>(
                'GET',
                `/api/console/record/${encodeURIComponent(id)}`
            );
            const names = Object.keys(info.fields).filter((f) => !HIDDEN.has(f));
            if (id !== this.currentId) return;
            this.objectLabel = info.label;
            const name =
                record.fields.Name?.value ?? record.fields.Subject?.value ?? record.fields.CaseNumber?.value ?? id;
            this.title = String(name);
            this.error = '';
            this.fields = names
                .filter((f) => record.fields[f] && record.fields[f].value !== null && record.fields[f].value !== '')
                .map((f) => {
                    const value = record.fields[f];
                    const text = value.displayValue ?? String(value.value);
                    return {
                        apiName: f,
                        label: info.fields[f].label,
                        text,
                        isLink: info.fields[f].dataType === 'Reference' && typeof value.value === 'string',
                        isLong: text.length > 80 || text.includes('\n')
                    };
                });
            this.dispatchEvent(new CustomEvent('label', { detail: { tabId: this.tabId, label: this.title } }));
        } catch (failure) {
            const body = (failure as { body?: Array<{ message?: string }> }).body;
            this.error = (Array.isArray(body) && body[0]?.message) || 'This record could not be read.';
            this.fields = [];
            this.title = objectOfId(id);
        }
    }

    openReference(event: Event): void {
        event.preventDefault();
        const recordId = (event.currentTarget as HTMLElement).dataset.recordId;
        if (recordId) workspace.open({ type: 'standard__recordPage', attributes: { recordId, actionName: 'view' } });
    }
}
