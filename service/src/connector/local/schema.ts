/**
 * The local org's object and field definitions: the package's objects from the metadata in
 * force-app (when it is there) layered over the tables of docs/data-model.md, plus the standard
 * objects the package touches (User, Account, Contact, Lead, Case, Task, PermissionSet, BusinessHours).
 */
import fs from 'fs';
import path from 'path';
import { XMLParser } from 'fast-xml-parser';
import type { FieldValue } from '../types';

export type FieldType =
    | 'Id'
    | 'Text'
    | 'TextArea'
    | 'LongTextArea'
    | 'Phone'
    | 'Email'
    | 'Url'
    | 'Number'
    | 'Checkbox'
    | 'DateTime'
    | 'Date'
    | 'Picklist'
    | 'Lookup'
    | 'MasterDetail'
    | 'AutoNumber';

export interface FieldDef {
    name: string;
    type: FieldType;
    length?: number;
    picklist?: string[];
    /** A picklist bound to a global value set: any value the admin adds is accepted locally. */
    globalValueSet?: string;
    defaultValue?: FieldValue;
    externalId?: boolean;
    unique?: boolean;
    required?: boolean;
    referenceTo?: string[];
    /** Set by the org, never by a writer. */
    system?: boolean;
    /** The field's label in the metadata (else derived from the name). */
    label?: string;
    /** Labels of picklist values, where the metadata gives them. */
    picklistLabels?: Record<string, string>;
}

/** A value of a global value set. */
export interface ValueSetEntry {
    value: string;
    label: string;
    isDefault: boolean;
}

export type SharingModel = 'Private' | 'Read' | 'ReadWrite' | 'ControlledByParent';

export interface ObjectDef {
    name: string;
    keyPrefix: string;
    fields: Map<string, FieldDef>;
    sharing: SharingModel;
    /** Auto-number display format of Name (`SMS-{000000}`), or null for a text Name. */
    nameFormat: string | null;
    isEvent: boolean;
    /** Where the definition came from, for the org check's messages. */
    source: 'metadata' | 'data-model' | 'standard';
    label?: string;
    pluralLabel?: string;
}

const SYSTEM_FIELDS: FieldDef[] = [
    { name: 'Id', type: 'Id', system: true },
    { name: 'OwnerId', type: 'Lookup', referenceTo: ['User'] },
    { name: 'CreatedById', type: 'Lookup', referenceTo: ['User'], system: true },
    { name: 'CreatedDate', type: 'DateTime', system: true },
    { name: 'LastModifiedById', type: 'Lookup', referenceTo: ['User'], system: true },
    { name: 'LastModifiedDate', type: 'DateTime', system: true },
    { name: 'SystemModstamp', type: 'DateTime', system: true }
];

function objectDef(
    name: string,
    keyPrefix: string,
    fields: FieldDef[],
    options: Partial<Pick<ObjectDef, 'sharing' | 'nameFormat' | 'isEvent' | 'source' | 'label' | 'pluralLabel'>> = {}
): ObjectDef {
    const map = new Map<string, FieldDef>();
    const base = options.isEvent
        ? [
              { name: 'CreatedById', type: 'Lookup', referenceTo: ['User'], system: true } as FieldDef,
              { name: 'CreatedDate', type: 'DateTime', system: true } as FieldDef
          ]
        : SYSTEM_FIELDS;
    for (const f of base) map.set(f.name, { ...f });
    if (!options.isEvent && !fields.some((f) => f.name === 'Name')) {
        map.set(
            'Name',
            options.nameFormat
                ? { name: 'Name', type: 'AutoNumber', system: true }
                : { name: 'Name', type: 'Text', length: 80 }
        );
    }
    for (const f of fields) map.set(f.name, f);
    return {
        name,
        keyPrefix,
        fields: map,
        sharing: options.sharing ?? 'ReadWrite',
        nameFormat: options.nameFormat ?? null,
        isEvent: options.isEvent ?? false,
        source: options.source ?? 'standard',
        ...(options.label ? { label: options.label } : {}),
        ...(options.pluralLabel ? { pluralLabel: options.pluralLabel } : {})
    };
}

const text = (name: string, length = 255, extra: Partial<FieldDef> = {}): FieldDef => ({
    name,
    type: 'Text',
    length,
    ...extra
});
const phone = (name: string): FieldDef => ({ name, type: 'Phone', length: 40 });
const lookup = (name: string, ...referenceTo: string[]): FieldDef => ({ name, type: 'Lookup', referenceTo });

/** The standard objects, with the fields the package and the seed data use. */
export function standardObjects(): ObjectDef[] {
    return [
        objectDef('User', '005', [
            text('Username', 80),
            text('FirstName', 40),
            text('LastName', 80),
            text('Email', 80),
            text('Alias', 8),
            { name: 'IsActive', type: 'Checkbox', defaultValue: true },
            text('TimeZoneSidKey', 40),
            text('ProfileName', 80)
        ]),
        objectDef('PermissionSet', '0PS', [text('Label', 80)], { sharing: 'Read' }),
        objectDef(
            'PermissionSetAssignment',
            '0Pa',
            [lookup('AssigneeId', 'User'), lookup('PermissionSetId', 'PermissionSet')],
            {
                sharing: 'Read'
            }
        ),
        objectDef('Account', '001', [
            text('FirstName', 40),
            text('LastName', 80),
            text('PersonEmail', 80),
            text('Website', 255),
            phone('Phone'),
            phone('Fax'),
            phone('PersonMobilePhone'),
            phone('PersonHomePhone'),
            phone('PersonOtherPhone'),
            { name: 'IsPersonAccount', type: 'Checkbox', defaultValue: false },
            text('Type', 40),
            text('Industry', 40)
        ]),
        objectDef('Contact', '003', [
            text('FirstName', 40),
            text('LastName', 80),
            text('Email', 80),
            text('Title', 128),
            phone('Phone'),
            phone('MobilePhone'),
            phone('HomePhone'),
            phone('OtherPhone'),
            phone('AssistantPhone'),
            phone('Fax'),
            lookup('AccountId', 'Account')
        ]),
        objectDef('Lead', '00Q', [
            text('FirstName', 40),
            text('LastName', 80),
            text('Company', 255),
            text('Email', 80),
            text('Status', 40),
            phone('Phone'),
            phone('MobilePhone'),
            phone('Fax'),
            { name: 'IsConverted', type: 'Checkbox', defaultValue: false }
        ]),
        objectDef('Case', '500', [
            text('Subject', 255),
            { name: 'Description', type: 'LongTextArea', length: 32000 },
            text('Status', 40),
            text('Origin', 40),
            text('Priority', 40),
            phone('SuppliedPhone'),
            text('SuppliedName', 80),
            text('SuppliedEmail', 80),
            lookup('ContactId', 'Contact'),
            lookup('AccountId', 'Account')
        ]),
        // Setup → Business Hours: the queues name one (Business_Hours_Name__c). Times are the
        // REST API's Time values ("08:00:00.000Z"), kept as text here.
        objectDef(
            'BusinessHours',
            '01m',
            [
                { name: 'IsActive', type: 'Checkbox', defaultValue: true },
                { name: 'IsDefault', type: 'Checkbox', defaultValue: false },
                text('TimeZoneSidKey', 40),
                ...['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].flatMap((d) => [
                    text(`${d}StartTime`, 20),
                    text(`${d}EndTime`, 20)
                ])
            ],
            { sharing: 'Read' }
        ),
        objectDef('Task', '00T', [
            text('Subject', 255),
            { name: 'Description', type: 'LongTextArea', length: 32000 },
            text('Status', 40),
            text('Priority', 40),
            text('TaskSubtype', 40),
            { name: 'ActivityDate', type: 'Date' },
            lookup('WhoId', 'Contact', 'Lead'),
            lookup('WhatId', 'Account', 'Case'),
            text('CallObject', 255)
        ])
    ];
}

// ---------------------------------------------------------------------------------------------
// docs/data-model.md

interface ParsedTable {
    object: string;
    heading: string;
    body: string;
}

function sections(markdown: string): ParsedTable[] {
    const out: ParsedTable[] = [];
    const lines = markdown.split('\n');
    let current: ParsedTable | null = null;
    for (const line of lines) {
        const heading = /^###\s+`([A-Za-z0-9_]+__[ce])`(.*)$/.exec(line);
        if (heading) {
            current = { object: heading[1], heading: heading[2], body: '' };
            out.push(current);
            continue;
        }
        if (/^##\s/.test(line)) current = null;
        if (current) current.body += `${line}\n`;
    }
    return out;
}

function tableRows(body: string): Array<{ names: string[]; type: string }> {
    const rows: Array<{ names: string[]; type: string }> = [];
    for (const line of body.split('\n')) {
        if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
        const cells = line
            .split('|')
            .slice(1, -1)
            .map((c) => c.trim());
        if (cells.length < 2) continue;
        const names = [...cells[0].matchAll(/`([A-Za-z0-9_]+)`/g)].map((m) => m[1]);
        if (names.length === 0) continue;
        rows.push({ names, type: cells[1] });
    }
    return rows;
}

const STANDARD_LOOKUP_TARGET: Record<string, string> = {
    Contact__c: 'Contact',
    Lead__c: 'Lead',
    Account__c: 'Account',
    Case__c: 'Case',
    User__c: 'User'
};

/** Turns a data-model type cell ("Number(5,0), default 30", "Lookup(`SMS_Agent__c`)") into a field. */
export function fieldFromDataModel(name: string, cell: string): FieldDef {
    const lower = cell.toLowerCase();
    const flags: Partial<FieldDef> = {};
    if (/external id/i.test(cell)) flags.externalId = true;
    if (/\bunique\b/i.test(cell)) flags.unique = true;
    if (/\brequired\b/i.test(cell)) flags.required = true;
    const size = /\((\d+)(?:,\s*\d+)?\)/.exec(cell);
    const defaultMatch = /default\s+([^,)]+)/i.exec(cell);
    const target = /\(`?([A-Za-z0-9_]+)`?\)/.exec(cell);

    if (lower.startsWith('picklist')) {
        const global = /global value set `([^`]+)`/.exec(cell);
        if (global) return { name, type: 'Picklist', globalValueSet: global[1], picklist: [], ...flags };
        const values = cell
            .replace(/^picklist:?\s*/i, '')
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean);
        let defaultValue: FieldValue | undefined;
        const picklist = values.map((v) => {
            const d = /^(.*)\s+\(default\)$/.exec(v);
            if (d) {
                defaultValue = d[1];
                return d[1];
            }
            return v;
        });
        return { name, type: 'Picklist', picklist, ...(defaultValue !== undefined ? { defaultValue } : {}), ...flags };
    }
    if (lower.startsWith('master-detail'))
        return { name, type: 'MasterDetail', referenceTo: target ? [target[1]] : [], required: true };
    if (lower.startsWith('lookup')) {
        const to = target ? target[1] : STANDARD_LOOKUP_TARGET[name];
        return { name, type: 'Lookup', referenceTo: to ? [to] : [], ...flags };
    }
    if (lower.startsWith('checkbox'))
        return { name, type: 'Checkbox', defaultValue: /default true/i.test(cell), ...flags };
    if (lower.startsWith('number')) {
        return {
            name,
            type: 'Number',
            ...(defaultMatch ? { defaultValue: Number(defaultMatch[1]) } : {}),
            ...flags
        };
    }
    if (lower.startsWith('datetime')) return { name, type: 'DateTime', ...flags };
    if (lower.startsWith('date')) return { name, type: 'Date', ...flags };
    if (lower.startsWith('phone')) return { name, type: 'Phone', length: 40, ...flags };
    if (lower.startsWith('url')) return { name, type: 'Url', length: 255, ...flags };
    if (lower.startsWith('long text area'))
        return { name, type: 'LongTextArea', length: size ? Number(size[1]) : 32768, ...flags };
    if (lower.startsWith('text area'))
        return { name, type: 'TextArea', length: size ? Number(size[1]) : 255, ...flags };
    return { name, type: 'Text', length: size ? Number(size[1]) : 255, ...flags };
}

export function objectsFromDataModel(markdown: string): ObjectDef[] {
    const defs: ObjectDef[] = [];
    let customIndex = 0;
    for (const section of sections(markdown)) {
        const isEvent = section.object.endsWith('__e');
        const fields: FieldDef[] = [];
        for (const row of tableRows(section.body)) {
            for (const name of row.names) {
                if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) continue;
                // "Lookups" rows name standard targets by field name.
                const type = /^lookups$/i.test(row.type) ? 'Lookup' : row.type;
                fields.push(fieldFromDataModel(name, type));
            }
        }
        const autoNumber = /auto-number `([^`]+)`/.exec(section.heading);
        const hasMasterDetail = fields.some((f) => f.type === 'MasterDetail');
        const privateSharing = /Sharing:\s*Private/i.test(section.body);
        defs.push(
            objectDef(section.object, isEvent ? `e0${customIndex++ % 10}` : customKeyPrefix(customIndex++), fields, {
                isEvent,
                nameFormat: autoNumber ? autoNumber[1] : null,
                sharing: hasMasterDetail ? 'ControlledByParent' : privateSharing ? 'Private' : 'ReadWrite',
                source: 'data-model'
            })
        );
    }
    return defs;
}

function customKeyPrefix(index: number): string {
    const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    return `a${digits.charAt(Math.floor(index / 36) % 36)}${digits.charAt(index % 36)}`;
}

// ---------------------------------------------------------------------------------------------
// force-app metadata

const xml = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    isArray: (tag) => tag === 'value' || tag === 'referenceTo'
});

type XmlNode = Record<string, unknown>;

function str(node: XmlNode, key: string): string | undefined {
    const v = node[key];
    return typeof v === 'string' ? v : undefined;
}

const METADATA_TYPES: Record<string, FieldType> = {
    Text: 'Text',
    TextArea: 'TextArea',
    LongTextArea: 'LongTextArea',
    Html: 'LongTextArea',
    Phone: 'Phone',
    Email: 'Email',
    Url: 'Url',
    Number: 'Number',
    Currency: 'Number',
    Percent: 'Number',
    Checkbox: 'Checkbox',
    DateTime: 'DateTime',
    Date: 'Date',
    Picklist: 'Picklist',
    Lookup: 'Lookup',
    MasterDetail: 'MasterDetail',
    AutoNumber: 'AutoNumber'
};

export function fieldFromMetadata(source: string): FieldDef | null {
    const parsed = xml.parse(source) as XmlNode;
    const node = parsed.CustomField as XmlNode | undefined;
    if (!node) return null;
    const name = str(node, 'fullName');
    const rawType = str(node, 'type');
    if (!name || !rawType) return null;
    const type = METADATA_TYPES[rawType] ?? 'Text';
    const field: FieldDef = { name, type };
    const label = str(node, 'label');
    if (label) field.label = label;
    const length = str(node, 'length');
    if (length) field.length = Number(length);
    if (str(node, 'externalId') === 'true') field.externalId = true;
    if (str(node, 'unique') === 'true') field.unique = true;
    if (str(node, 'required') === 'true' || type === 'MasterDetail') field.required = true;
    const referenceTo = node.referenceTo;
    if (Array.isArray(referenceTo)) field.referenceTo = referenceTo.map(String);
    else if (typeof referenceTo === 'string') field.referenceTo = [referenceTo];
    const defaultValue = str(node, 'defaultValue');
    if (defaultValue !== undefined) {
        if (type === 'Checkbox') field.defaultValue = defaultValue === 'true';
        else if (type === 'Number') field.defaultValue = Number(defaultValue);
        else field.defaultValue = defaultValue.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
    }
    const valueSet = node.valueSet as XmlNode | undefined;
    if (type === 'Picklist' && valueSet) {
        const global = str(valueSet, 'valueSetName');
        if (global) {
            field.globalValueSet = global;
            field.picklist = [];
        } else {
            const definition = valueSet.valueSetDefinition as XmlNode | undefined;
            const values = (definition?.value as XmlNode[] | undefined) ?? [];
            field.picklist = values.map((v) => str(v, 'fullName') ?? '').filter(Boolean);
            field.picklistLabels = Object.fromEntries(
                values.map((v) => [str(v, 'fullName') ?? '', str(v, 'label') ?? str(v, 'fullName') ?? ''])
            );
            const def = values.find((v) => str(v, 'default') === 'true');
            if (def) field.defaultValue = str(def, 'fullName') ?? null;
        }
    }
    return field;
}

function readObjectMetadata(dir: string, name: string, fallback: ObjectDef | undefined, keyPrefix: string): ObjectDef {
    const objectFile = path.join(dir, `${name}.object-meta.xml`);
    let sharing: SharingModel = fallback?.sharing ?? 'ReadWrite';
    let nameFormat = fallback?.nameFormat ?? null;
    let label: string | undefined;
    let pluralLabel: string | undefined;
    let nameLabel: string | undefined;
    if (fs.existsSync(objectFile)) {
        const node = (xml.parse(fs.readFileSync(objectFile, 'utf8')) as XmlNode).CustomObject as XmlNode | undefined;
        const model = node ? str(node, 'sharingModel') : undefined;
        if (model === 'Private' || model === 'Read' || model === 'ReadWrite' || model === 'ControlledByParent')
            sharing = model;
        label = node ? str(node, 'label') : undefined;
        pluralLabel = node ? str(node, 'pluralLabel') : undefined;
        const nameField = node?.nameField as XmlNode | undefined;
        nameLabel = nameField ? str(nameField, 'label') : undefined;
        if (nameField)
            nameFormat = str(nameField, 'type') === 'AutoNumber' ? (str(nameField, 'displayFormat') ?? null) : null;
    }
    const fields: FieldDef[] = fallback
        ? [...fallback.fields.values()].filter((f) => !SYSTEM_FIELDS.some((s) => s.name === f.name))
        : [];
    const byName = new Map(fields.map((f) => [f.name, f]));
    const fieldsDir = path.join(dir, 'fields');
    if (fs.existsSync(fieldsDir)) {
        for (const file of fs
            .readdirSync(fieldsDir)
            .filter((f) => f.endsWith('.field-meta.xml'))
            .sort()) {
            const field = fieldFromMetadata(fs.readFileSync(path.join(fieldsDir, file), 'utf8'));
            if (field) byName.set(field.name, field);
        }
    }
    const def = objectDef(name, fallback?.keyPrefix ?? keyPrefix, [...byName.values()], {
        sharing,
        nameFormat,
        isEvent: name.endsWith('__e'),
        source: 'metadata',
        label,
        pluralLabel
    });
    const nameField = def.fields.get('Name');
    if (nameField && nameLabel && !nameField.label) def.fields.set('Name', { ...nameField, label: nameLabel });
    return def;
}

/** The active values of the global value sets in force-app (e.g. SMS_Disposition), by name. */
export function globalValueSetEntries(rootDir: string): Map<string, ValueSetEntry[]> {
    const out = new Map<string, ValueSetEntry[]>();
    const dir = path.join(rootDir, 'force-app', 'main', 'default', 'globalValueSets');
    if (!fs.existsSync(dir)) return out;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.globalValueSet-meta.xml'))) {
        const node = (xml.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as XmlNode).GlobalValueSet as
            XmlNode | undefined;
        const values = (node?.customValue as XmlNode[] | XmlNode | undefined) ?? [];
        const list = (Array.isArray(values) ? values : [values])
            .filter((v) => str(v, 'isActive') !== 'false')
            .map((v) => ({
                value: str(v, 'fullName') ?? '',
                label: str(v, 'label') ?? str(v, 'fullName') ?? '',
                isDefault: str(v, 'default') === 'true'
            }))
            .filter((v) => v.value !== '');
        out.set(file.replace('.globalValueSet-meta.xml', ''), list);
    }
    return out;
}

/** The active values of the global value sets in force-app, by name. */
export function globalValueSets(rootDir: string): Map<string, string[]> {
    return new Map([...globalValueSetEntries(rootDir)].map(([name, entries]) => [name, entries.map((e) => e.value)]));
}

export interface Schema {
    objects: Map<string, ObjectDef>;
    valueSets: Map<string, string[]>;
    /** The same value sets with labels and defaults. */
    valueSetEntries: Map<string, ValueSetEntry[]>;
}

/** Standard objects + data-model.md, with force-app's object metadata layered on top. */
export function loadSchema(rootDir: string): Schema {
    const objects = new Map<string, ObjectDef>();
    for (const def of standardObjects()) objects.set(def.name, def);
    const dataModel = path.join(rootDir, 'docs', 'data-model.md');
    if (fs.existsSync(dataModel)) {
        for (const def of objectsFromDataModel(fs.readFileSync(dataModel, 'utf8'))) objects.set(def.name, def);
    }
    const objectsDir = path.join(rootDir, 'force-app', 'main', 'default', 'objects');
    if (fs.existsSync(objectsDir)) {
        let index = 200;
        for (const name of fs.readdirSync(objectsDir).sort()) {
            if (!/__[ce]$/.test(name)) continue;
            objects.set(
                name,
                readObjectMetadata(path.join(objectsDir, name), name, objects.get(name), customKeyPrefix(index++))
            );
        }
    }
    const valueSetEntries = globalValueSetEntries(rootDir);
    return {
        objects,
        valueSets: new Map([...valueSetEntries].map(([name, entries]) => [name, entries.map((e) => e.value)])),
        valueSetEntries
    };
}

/** The repository root, from this file's place in it. */
export function repoRoot(): string {
    return path.resolve(__dirname, '..', '..', '..', '..');
}
