/**
 * What the package defines, read from its source folder (force-app/main/default): objects and
 * their fields, labels, custom permissions, tabs, pages, apps, flows, value sets, components.
 * The reference checks ask this model whether a name exists.
 */
import fs from 'fs';
import path from 'path';
import {
    CUSTOM_OBJECT_FIELDS,
    DETAIL_OBJECT_FIELDS,
    PERSON_ACCOUNT_FIELDS,
    PLATFORM_EVENT_FIELDS,
    STANDARD_OBJECTS,
    SYSTEM_FIELDS
} from './standard-schema';
import { childrenNamed, childText, listFiles, readXml, xmlSyntaxError } from './xml';

export interface FieldModel {
    name: string;
    type: string;
    required: boolean;
    referenceTo?: string;
    relationshipName?: string;
    /** Values of a picklist with its own value set. */
    picklistValues?: string[];
    /** The global value set a picklist uses. */
    valueSetName?: string;
    /** Maximum length of a text field. */
    length?: number;
    description?: string;
    /** Defined by the package (as opposed to a standard or system field). */
    custom: boolean;
}

export interface ObjectModel {
    name: string;
    /** Defined by the package (custom object or platform event), not a standard object. */
    custom: boolean;
    platformEvent: boolean;
    fields: Map<string, FieldModel>;
    /** Relationship name → target object ('*' when polymorphic). */
    relationships: Map<string, string>;
    listViews: Set<string>;
    description?: string;
}

export interface PackageModel {
    sourceDir: string;
    objects: Map<string, ObjectModel>;
    labels: Map<string, string>;
    customPermissions: Set<string>;
    tabs: Set<string>;
    flexiPages: Set<string>;
    applications: Set<string>;
    flows: Set<string>;
    permissionSets: Set<string>;
    globalValueSets: Map<string, string[]>;
    lwcBundles: Set<string>;
}

export const SOURCE_DIR = path.join('force-app', 'main', 'default');

function baseName(file: string, suffix: string): string {
    return path.basename(file).slice(0, -suffix.length);
}

function namesWithSuffix(dir: string, suffix: string): Set<string> {
    return new Set(listFiles(dir, (f) => f.endsWith(suffix)).map((f) => baseName(f, suffix)));
}

function safeRead(file: string): ReturnType<typeof readXml> | undefined {
    const text = fs.readFileSync(file, 'utf8');
    return xmlSyntaxError(text) ? undefined : readXml(file);
}

function readField(file: string): FieldModel | undefined {
    const doc = safeRead(file);
    if (!doc) return undefined;
    const name = childText(doc, 'fullName') ?? baseName(file, '.field-meta.xml');
    const type = childText(doc, 'type') ?? '';
    const valueSet = doc.children.find((c) => c.name === 'valueSet');
    const definition = valueSet?.children.find((c) => c.name === 'valueSetDefinition');
    return {
        name,
        type,
        required: childText(doc, 'required') === 'true' || type === 'MasterDetail',
        referenceTo: childText(doc, 'referenceTo'),
        relationshipName: childText(doc, 'relationshipName'),
        picklistValues: definition
            ? childrenNamed(definition, 'value').map((v) => childText(v, 'fullName') ?? '')
            : undefined,
        valueSetName: valueSet ? childText(valueSet, 'valueSetName') : undefined,
        length: childText(doc, 'length') ? Number(childText(doc, 'length')) : undefined,
        description: childText(doc, 'description'),
        custom: true
    };
}

function systemField(name: string): FieldModel {
    return { name, type: 'System', required: false, custom: false };
}

function standardObject(name: string): ObjectModel {
    const definition = STANDARD_OBJECTS[name];
    return {
        name,
        custom: false,
        platformEvent: false,
        fields: new Map([...SYSTEM_FIELDS, ...definition.fields].map((f) => [f, systemField(f)])),
        relationships: new Map(Object.entries(definition.relationships)),
        listViews: new Set()
    };
}

function readObject(dir: string): ObjectModel {
    const name = path.basename(dir);
    const platformEvent = name.endsWith('__e');
    const custom = name.endsWith('__c') || platformEvent;
    const model: ObjectModel = custom
        ? { name, custom, platformEvent, fields: new Map(), relationships: new Map(), listViews: new Set() }
        : STANDARD_OBJECTS[name]
          ? standardObject(name)
          : { name, custom, platformEvent, fields: new Map(), relationships: new Map(), listViews: new Set() };
    const fields = listFiles(path.join(dir, 'fields'), (f) => f.endsWith('.field-meta.xml'))
        .map(readField)
        .filter((f): f is FieldModel => f !== undefined);
    const isDetail = fields.some((f) => f.type === 'MasterDetail');
    if (custom) {
        const standard = platformEvent
            ? PLATFORM_EVENT_FIELDS
            : [...SYSTEM_FIELDS, ...(isDetail ? DETAIL_OBJECT_FIELDS : CUSTOM_OBJECT_FIELDS)];
        for (const f of standard) model.fields.set(f, systemField(f));
        if (!platformEvent) {
            model.relationships.set('CreatedBy', 'User');
            model.relationships.set('LastModifiedBy', 'User');
            if (!isDetail) model.relationships.set('Owner', '*');
        }
    }
    for (const field of fields) {
        model.fields.set(field.name, field);
        if (field.referenceTo && field.name.endsWith('__c')) {
            model.relationships.set(field.name.replace(/__c$/, '__r'), field.referenceTo);
        }
    }
    for (const listView of namesWithSuffix(path.join(dir, 'listViews'), '.listView-meta.xml')) {
        model.listViews.add(listView);
    }
    const objectFile = path.join(dir, `${name}.object-meta.xml`);
    if (fs.existsSync(objectFile))
        model.description = safeRead(objectFile) && childText(readXml(objectFile), 'description');
    return model;
}

function readLabels(dir: string): Map<string, string> {
    const labels = new Map<string, string>();
    for (const file of listFiles(dir, (f) => f.endsWith('.labels-meta.xml'))) {
        const doc = safeRead(file);
        if (!doc) continue;
        for (const label of childrenNamed(doc, 'labels')) {
            const name = childText(label, 'fullName');
            if (name) labels.set(name, childText(label, 'value') ?? '');
        }
    }
    return labels;
}

export function readPackage(projectRoot: string): PackageModel {
    const sourceDir = path.join(projectRoot, SOURCE_DIR);
    const objects = new Map<string, ObjectModel>();
    for (const name of Object.keys(STANDARD_OBJECTS)) objects.set(name, standardObject(name));
    const objectsDir = path.join(sourceDir, 'objects');
    if (fs.existsSync(objectsDir)) {
        const entries = fs.readdirSync(objectsDir, { withFileTypes: true }).filter((e) => e.isDirectory());
        for (const name of entries.map((e) => e.name).sort())
            objects.set(name, readObject(path.join(objectsDir, name)));
    }
    const globalValueSets = new Map<string, string[]>();
    for (const file of listFiles(path.join(sourceDir, 'globalValueSets'), (f) =>
        f.endsWith('.globalValueSet-meta.xml')
    )) {
        const doc = safeRead(file);
        if (!doc) continue;
        globalValueSets.set(
            baseName(file, '.globalValueSet-meta.xml'),
            childrenNamed(doc, 'customValue').map((v) => childText(v, 'fullName') ?? '')
        );
    }
    const lwcDir = path.join(sourceDir, 'lwc');
    const lwcBundles = new Set(
        fs.existsSync(lwcDir)
            ? fs
                  .readdirSync(lwcDir, { withFileTypes: true })
                  .filter((d) => d.isDirectory() && fs.existsSync(path.join(lwcDir, d.name, `${d.name}.js-meta.xml`)))
                  .map((d) => d.name)
            : []
    );
    return {
        sourceDir,
        objects,
        labels: readLabels(path.join(sourceDir, 'labels')),
        customPermissions: namesWithSuffix(path.join(sourceDir, 'customPermissions'), '.customPermission-meta.xml'),
        tabs: namesWithSuffix(path.join(sourceDir, 'tabs'), '.tab-meta.xml'),
        flexiPages: namesWithSuffix(path.join(sourceDir, 'flexipages'), '.flexipage-meta.xml'),
        applications: namesWithSuffix(path.join(sourceDir, 'applications'), '.app-meta.xml'),
        flows: namesWithSuffix(path.join(sourceDir, 'flows'), '.flow-meta.xml'),
        permissionSets: namesWithSuffix(path.join(sourceDir, 'permissionsets'), '.permissionset-meta.xml'),
        globalValueSets,
        lwcBundles
    };
}

/** The values a picklist field accepts, or undefined when the field is not a picklist. */
export function picklistValues(model: PackageModel, field: FieldModel): string[] | undefined {
    if (field.picklistValues) return field.picklistValues;
    if (field.valueSetName) return model.globalValueSets.get(field.valueSetName) ?? [];
    return undefined;
}

export type FieldLookup = { ok: true; field: FieldModel; object: ObjectModel } | { ok: false; reason: string };

/**
 * Resolves `Field`, or a relationship path `Rel__r.Field` / `Account.Name`, from an object.
 * Polymorphic relationships (Owner, Who, What) end the check: their fields depend on the record.
 */
export function resolveField(model: PackageModel, objectName: string, fieldPath: string): FieldLookup {
    const object = model.objects.get(objectName);
    if (!object) return { ok: false, reason: `object ${objectName} does not exist in the package` };
    const parts = fieldPath.split('.');
    let current = object;
    for (let i = 0; i < parts.length - 1; i++) {
        const relationship = parts[i];
        const target = current.relationships.get(relationship);
        if (!target) {
            return { ok: false, reason: `${current.name} has no relationship ${relationship}` };
        }
        if (target === '*') {
            return { ok: true, field: systemField(parts.slice(i).join('.')), object: current };
        }
        const next = model.objects.get(target);
        if (!next) return { ok: false, reason: `${current.name}.${relationship} leads to ${target}, which is unknown` };
        current = next;
    }
    const fieldName = parts[parts.length - 1];
    if (PERSON_ACCOUNT_FIELDS.has(`${current.name}.${fieldName}`)) {
        return {
            ok: false,
            reason: `${current.name}.${fieldName} exists only in orgs with person accounts; naming it statically makes the package fail to install elsewhere`
        };
    }
    const field = current.fields.get(fieldName);
    if (!field) return { ok: false, reason: `${current.name} has no field ${fieldName}` };
    return { ok: true, field, object: current };
}
