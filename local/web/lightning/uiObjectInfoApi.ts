/** lightning/uiObjectInfoApi in the local console: object info and picklist values from the local org's schema. */
import { api } from 'console/runtime';

type ObjectRef = string | { objectApiName: string };
type FieldRef = string | { objectApiName: string; fieldApiName: string };

abstract class InfoWire<C> {
    protected config: C | undefined;
    private connected = false;

    constructor(private readonly callback: (value: unknown) => void) {}

    update(config: C): void {
        this.config = config;
        if (this.connected) this.read();
    }

    connect(): void {
        this.connected = true;
        this.read();
    }

    disconnect(): void {
        this.connected = false;
    }

    protected abstract path(): string | null;

    private read(): void {
        const path = this.config ? this.path() : null;
        if (!path) return;
        api('GET', path).then(
            (data) => this.connected && this.callback({ data, error: undefined }),
            (error) => this.connected && this.callback({ data: undefined, error })
        );
    }
}

export class getObjectInfo extends InfoWire<{ objectApiName?: ObjectRef }> {
    protected path(): string | null {
        const ref = this.config?.objectApiName;
        const name = typeof ref === 'string' ? ref : ref?.objectApiName;
        return name ? `/api/ui/object-info/${encodeURIComponent(name)}` : null;
    }
}

export class getPicklistValues extends InfoWire<{ recordTypeId?: string; fieldApiName?: FieldRef }> {
    protected path(): string | null {
        const ref = this.config?.fieldApiName;
        if (!this.config?.recordTypeId || !ref) return null;
        const [object, field] =
            typeof ref === 'string'
                ? [ref.slice(0, ref.indexOf('.')), ref.slice(ref.indexOf('.') + 1)]
                : [ref.objectApiName, ref.fieldApiName];
        return `/api/ui/object-info/${encodeURIComponent(object)}/picklist-values/${encodeURIComponent(field)}`;
    }
}
