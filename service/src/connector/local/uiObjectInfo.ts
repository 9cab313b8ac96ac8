/**
 * Object metadata in the UI API's shapes, as `lightning/uiObjectInfoApi` hands it to components:
 * `getObjectInfo` (`GET /ui-api/object-info/{object}`) and `getPicklistValues`
 * (`GET /ui-api/object-info/{object}/picklist-values/{recordTypeId}/{field}`), from the local
 * org's schema (force-app metadata, docs/data-model.md, the standard objects it knows).
 */
import { createHash } from 'crypto';
import type { LocalOrg } from './localOrg';
import type { FieldDef, FieldType, ObjectDef } from './schema';
import { MASTER_RECORD_TYPE_ID } from './uiApi';
import { relationshipName } from './graphql';

export const UI_API_VERSION = 'v62.0';

/** A refused UI API request: `statusCode` and the body the platform answers with. */
export class UiApiError extends Error {
    readonly statusCode: number;
    readonly errorCode: string;
    readonly body: { errorCode: string; message: string };

    constructor(statusCode: number, errorCode: string, message: string) {
        super(message);
        this.name = 'UiApiError';
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.body = { errorCode, message };
    }
}

export interface UiFieldInfo {
    apiName: string;
    calculated: boolean;
    compound: boolean;
    controllerName: null;
    createable: boolean;
    custom: boolean;
    dataType: string;
    externalId: boolean;
    filterable: boolean;
    htmlFormatted: boolean;
    inlineHelpText: null;
    label: string;
    length: number;
    nameField: boolean;
    polymorphicForeignKey: boolean;
    precision: number;
    reference: boolean;
    referenceToInfos: { apiName: string; nameFields: string[] }[];
    relationshipName: string | null;
    required: boolean;
    scale: number;
    sortable: boolean;
    unique: boolean;
    updateable: boolean;
}

export interface UiObjectInfo {
    apiName: string;
    childRelationships: never[];
    createable: boolean;
    custom: boolean;
    defaultRecordTypeId: string;
    deletable: boolean;
    dependentFields: Record<string, never>;
    eTag: string;
    feedEnabled: boolean;
    fields: Record<string, UiFieldInfo>;
    keyPrefix: string;
    label: string;
    labelPlural: string;
    layoutable: boolean;
    mruEnabled: boolean;
    nameFields: string[];
    queryable: boolean;
    recordTypeInfos: Record<
        string,
        { available: boolean; defaultRecordTypeMapping: boolean; master: boolean; name: string; recordTypeId: string }
    >;
    searchable: boolean;
    themeInfo: null;
    updateable: boolean;
}

export interface UiPicklistValue {
    attributes: null;
    label: string;
    validFor: number[];
    value: string;
}

export interface UiPicklistValues {
    controllerValues: Record<string, number>;
    defaultValue: UiPicklistValue | null;
    eTag: string;
    url: string;
    values: UiPicklistValue[];
}

const DATA_TYPES: Record<FieldType, string> = {
    Id: 'String',
    Text: 'String',
    AutoNumber: 'String',
    TextArea: 'TextArea',
    LongTextArea: 'TextArea',
    Phone: 'Phone',
    Email: 'Email',
    Url: 'Url',
    Number: 'Double',
    Checkbox: 'Boolean',
    DateTime: 'DateTime',
    Date: 'Date',
    Picklist: 'Picklist',
    Lookup: 'Reference',
    MasterDetail: 'Reference'
};

const STANDARD_FIELD_LABELS: Record<string, string> = {
    Id: 'Record ID',
    SystemModstamp: 'System Modstamp'
};

function words(name: string): string {
    return name
        .replace(/__[cr]$/, '')
        .replace(/_/g, ' ')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .replace(/\s+/g, ' ')
        .trim();
}

/** A field's label: the metadata's, else one made from its name (`OwnerId` → "Owner ID"). */
export function fieldLabel(field: FieldDef): string {
    if (field.label) return field.label;
    if (STANDARD_FIELD_LABELS[field.name]) return STANDARD_FIELD_LABELS[field.name];
    if ((field.type === 'Lookup' || field.type === 'MasterDetail') && /[a-z]Id$/.test(field.name)) {
        return `${words(field.name.slice(0, -2))} ID`;
    }
    return words(field.name);
}

export function objectLabels(def: ObjectDef): { label: string; labelPlural: string } {
    const label = def.label ?? words(def.name);
    const labelPlural = def.pluralLabel ?? (/(s|Hours)$/.test(label) ? label : `${label}s`);
    return { label, labelPlural };
}

function etag(value: unknown): string {
    return createHash('md5').update(JSON.stringify(value)).digest('hex');
}

function describedObject(org: LocalOrg, apiName: string): ObjectDef {
    const def = org.schema.objects.get(apiName);
    if (!def || def.isEvent) {
        throw new UiApiError(400, 'INVALID_TYPE', `Object ${apiName} is not supported in UI API`);
    }
    return def;
}

function nameFieldsOf(def: ObjectDef): string[] {
    return ['FirstName', 'LastName', 'Name'].filter(
        (n) => def.fields.has(n) && (n === 'Name' || def.fields.has('LastName'))
    );
}

function fieldInfo(org: LocalOrg, field: FieldDef): UiFieldInfo {
    const reference = field.type === 'Lookup' || field.type === 'MasterDetail';
    const createable = !field.system && field.type !== 'AutoNumber';
    const targets = (field.referenceTo ?? []).filter((t) => org.schema.objects.has(t));
    return {
        apiName: field.name,
        calculated: false,
        compound: false,
        controllerName: null,
        createable,
        custom: field.name.endsWith('__c'),
        dataType: DATA_TYPES[field.type],
        externalId: field.externalId === true,
        filterable: field.type !== 'LongTextArea',
        htmlFormatted: false,
        inlineHelpText: null,
        label: fieldLabel(field),
        length: field.length ?? (field.type === 'Id' || reference ? 18 : 0),
        nameField: field.name === 'Name',
        polymorphicForeignKey: targets.length > 1,
        precision: field.type === 'Number' ? 18 : 0,
        reference,
        referenceToInfos: targets.map((t) => ({ apiName: t, nameFields: nameFieldsOf(org.schema.objects.get(t)!) })),
        relationshipName: relationshipName(field),
        required: field.required === true && createable && field.type !== 'Checkbox',
        scale: 0,
        sortable: field.type !== 'LongTextArea',
        unique: field.unique === true,
        // Master-detail parents are not reparentable unless the admin allows it.
        updateable: createable && field.type !== 'MasterDetail'
    };
}

/** `getObjectInfo`: the object's labels, key prefix, record types and fields. */
export function objectInfo(org: LocalOrg, apiName: string): UiObjectInfo {
    const def = describedObject(org, apiName);
    const fields: Record<string, UiFieldInfo> = {};
    for (const field of def.fields.values()) fields[field.name] = fieldInfo(org, field);
    const { label, labelPlural } = objectLabels(def);
    const body: Omit<UiObjectInfo, 'eTag'> = {
        apiName: def.name,
        childRelationships: [],
        createable: true,
        custom: def.name.endsWith('__c'),
        defaultRecordTypeId: MASTER_RECORD_TYPE_ID,
        deletable: true,
        dependentFields: {},
        feedEnabled: false,
        fields,
        keyPrefix: def.keyPrefix,
        label,
        labelPlural,
        layoutable: true,
        mruEnabled: true,
        nameFields: nameFieldsOf(def),
        queryable: true,
        recordTypeInfos: {
            [MASTER_RECORD_TYPE_ID]: {
                available: true,
                defaultRecordTypeMapping: true,
                master: true,
                name: 'Master',
                recordTypeId: MASTER_RECORD_TYPE_ID
            }
        },
        searchable: true,
        themeInfo: null,
        updateable: true
    };
    return { ...body, eTag: etag(body) };
}

/**
 * `getPicklistValues`: a picklist's values (a global value set's active values when the field is
 * bound to one), with labels and the default value.
 */
export function picklistValues(org: LocalOrg, objectApiName: string, fieldApiName: string): UiPicklistValues {
    const def = describedObject(org, objectApiName);
    const name = fieldApiName.startsWith(`${def.name}.`) ? fieldApiName.slice(def.name.length + 1) : fieldApiName;
    const field = def.fields.get(name);
    if (!field) throw new UiApiError(400, 'INVALID_FIELD', `Field ${name} does not exist on ${def.name}`);
    if (field.type !== 'Picklist') {
        throw new UiApiError(400, 'INVALID_FIELD', `Field ${def.name}.${name} is not a picklist`);
    }
    const entries = field.globalValueSet
        ? (org.schema.valueSetEntries.get(field.globalValueSet) ?? [])
        : (field.picklist ?? []).map((value) => ({
              value,
              label: field.picklistLabels?.[value] ?? value,
              isDefault: field.defaultValue === value
          }));
    const values: UiPicklistValue[] = entries.map((e) => ({
        attributes: null,
        label: e.label,
        validFor: [],
        value: e.value
    }));
    const defaultEntry = entries.find((e) => e.isDefault);
    const body: Omit<UiPicklistValues, 'eTag'> = {
        controllerValues: {},
        defaultValue: defaultEntry ? values[entries.indexOf(defaultEntry)] : null,
        url: `/services/data/${UI_API_VERSION}/ui-api/object-info/${def.name}/picklist-values/${MASTER_RECORD_TYPE_ID}/${name}`,
        values
    };
    return { ...body, eTag: etag(body) };
}

/** `getPicklistValuesByRecordType`: every picklist of the object, for the master record type. */
export function picklistValuesByRecordType(
    org: LocalOrg,
    objectApiName: string
): { eTag: string; picklistFieldValues: Record<string, UiPicklistValues> } {
    const def = describedObject(org, objectApiName);
    const picklistFieldValues: Record<string, UiPicklistValues> = {};
    for (const field of def.fields.values()) {
        if (field.type === 'Picklist') picklistFieldValues[field.name] = picklistValues(org, def.name, field.name);
    }
    return { eTag: etag(picklistFieldValues), picklistFieldValues };
}
