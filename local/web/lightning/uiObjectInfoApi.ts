/** lightning/uiObjectInfoApi in the local console: object info and picklist values from the local org's schema. */
import { api, ReadWire } from 'console/runtime';

type ObjectRef = string | { objectApiName: string };
type FieldRef = string | { objectApiName: string; fieldApiName: string };

export class getObjectInfo extends ReadWire<{ objectApiName?: ObjectRef }> {
    protected load(): Promise<unknown> | null {
        const ref = this.config?.objectApiName;
        const name = typeof ref === 'string' ? ref : ref?.objectApiName;
        return name ? api('GET', `/api/ui/object-info/${encodeURIComponent(name)}`) : null;
    }
}

export class getPicklistValues extends ReadWire<{ recordTypeId?: string; fieldApiName?: FieldRef }> {
    protected load(): Promise<unknown> | null {
        const ref = this.config?.fieldApiName;
        if (!this.config?.recordTypeId || !ref) return null;
        const [object, field] =
            typeof ref === 'string'
                ? [ref.slice(0, ref.indexOf('.')), ref.slice(ref.indexOf('.') + 1)]
                : [ref.objectApiName, ref.fieldApiName];
        return api(
            'GET',
            `/api/ui/object-info/${encodeURIComponent(object)}/picklist-values/${encodeURIComponent(field)}`
        );
    }
}
