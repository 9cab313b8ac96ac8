/**
 * Structural checks of the package's XML against the Metadata API's own types:
 * - every XML file parses;
 * - every `-meta.xml` has the root element its file suffix calls for, in the metadata namespace;
 * - every element is one its type allows (recursively), appears at most once unless the type
 *   allows a list, and primitive values are what the type says (a boolean, a number, one of an
 *   enumeration's values).
 * The offline conversion lets a typo'd or misplaced element through; the deploy would not.
 */
import fs from 'fs';
import path from 'path';
import type { ComplexType, MetadataTypes } from './metadata-types';
import { listFiles, METADATA_NAMESPACE, parseXml, Problem, relative, xmlSyntaxError, XmlElement } from './xml';

/** Source-format file suffixes and the Metadata API type of their root element. */
export const SUFFIX_TYPES: ReadonlyArray<readonly [string, string]> = [
    ['.object-meta.xml', 'CustomObject'],
    ['.field-meta.xml', 'CustomField'],
    ['.listView-meta.xml', 'ListView'],
    ['.validationRule-meta.xml', 'ValidationRule'],
    ['.recordType-meta.xml', 'RecordType'],
    ['.compactLayout-meta.xml', 'CompactLayout'],
    ['.fieldSet-meta.xml', 'FieldSet'],
    ['.webLink-meta.xml', 'WebLink'],
    ['.layout-meta.xml', 'Layout'],
    ['.tab-meta.xml', 'CustomTab'],
    ['.app-meta.xml', 'CustomApplication'],
    ['.flexipage-meta.xml', 'FlexiPage'],
    ['.flow-meta.xml', 'Flow'],
    ['.permissionset-meta.xml', 'PermissionSet'],
    ['.customPermission-meta.xml', 'CustomPermission'],
    ['.globalValueSet-meta.xml', 'GlobalValueSet'],
    ['.labels-meta.xml', 'CustomLabels'],
    ['.js-meta.xml', 'LightningComponentBundle'],
    ['.quickAction-meta.xml', 'QuickAction'],
    ['.messageChannel-meta.xml', 'LightningMessageChannel'],
    ['.platformEventChannel-meta.xml', 'PlatformEventChannel'],
    ['.platformEventChannelMember-meta.xml', 'PlatformEventChannelMember'],
    ['.resource-meta.xml', 'StaticResource']
];

/**
 * Elements the WSDL types as a string but that source format writes as nested XML, which the CLI
 * packs on conversion. Their content is left to the platform's own compiler.
 */
const OPAQUE_ELEMENTS = new Set(['LightningComponentBundle.targetConfigs']);

export function expectedRootType(file: string): string | undefined {
    const base = path.basename(file);
    return SUFFIX_TYPES.find(([suffix]) => base.endsWith(suffix))?.[1];
}

/** Every `.xml` file below `dir` that is not well-formed. */
export function checkXmlParses(dir: string, root: string = dir): Problem[] {
    const problems: Problem[] = [];
    for (const file of listFiles(dir, (f) => f.endsWith('.xml'))) {
        const error = xmlSyntaxError(fs.readFileSync(file, 'utf8'));
        if (error) problems.push({ file: relative(root, file), message: `not well-formed XML: ${error}` });
    }
    return problems;
}

function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let previous = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length];
}

function suggestion(name: string, type: ComplexType): string {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of type.children.keys()) {
        const d = distance(name.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best && bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean <${best}>?)` : '';
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function checkElement(
    element: XmlElement,
    type: ComplexType,
    elementPath: string,
    types: MetadataTypes,
    report: (message: string) => void
): void {
    if (element.text.trim() !== '') {
        report(`${elementPath} holds text, but ${type.name} holds elements only`);
    }
    const counts = new Map<string, number>();
    for (const child of element.children) {
        const index = (counts.get(child.name) ?? 0) + 1;
        counts.set(child.name, index);
        const childPath = `${elementPath}/${child.name}${index > 1 ? `[${index}]` : ''}`;
        const definition = type.children.get(child.name);
        if (!definition) {
            report(`${childPath}: <${child.name}> is not an element of ${type.name}${suggestion(child.name, type)}`);
            continue;
        }
        if (!definition.repeated && index === 2) {
            report(`${childPath}: ${type.name} allows one <${child.name}>, found more`);
        }
        if (OPAQUE_ELEMENTS.has(`${type.name}.${child.name}`)) continue;
        const value = definition.value;
        if (value.kind === 'complex') {
            const overriding = child.attributes['xsi:type'];
            const childType = types.complex(overriding ?? value.name);
            if (!childType) {
                report(`${childPath}: unknown type ${overriding ?? value.name}`);
            } else {
                checkElement(child, childType, childPath, types, report);
            }
            continue;
        }
        if (child.children.length > 0) {
            report(`${childPath}: <${child.name}> holds a ${value.kind} value, not elements`);
            continue;
        }
        const text = child.text.trim();
        if (value.kind === 'boolean' && text !== 'true' && text !== 'false') {
            report(`${childPath}: "${text}" is not a boolean (true or false)`);
        } else if (value.kind === 'number' && !NUMBER.test(text)) {
            report(`${childPath}: "${text}" is not a number`);
        } else if (value.kind === 'enum' && !value.values.includes(text)) {
            const shown = value.values.length <= 12 ? `: one of ${value.values.join(', ')}` : '';
            report(`${childPath}: "${text}" is not a value of ${value.name}${shown}`);
        }
    }
}

/** Checks one parsed `-meta.xml` document against its Metadata API type. */
export function checkMetadataDocument(
    document: XmlElement,
    fileName: string,
    types: MetadataTypes,
    report: (message: string) => void
): void {
    const expected = expectedRootType(fileName);
    if (expected && document.name !== expected) {
        report(`root element <${document.name}> should be <${expected}> for a ${path.basename(fileName)} file`);
        return;
    }
    if (document.attributes.xmlns !== METADATA_NAMESPACE) {
        report(`<${document.name}> must declare xmlns="${METADATA_NAMESPACE}"`);
    }
    const type = types.complex(document.name);
    if (!type) {
        report(`<${document.name}> is not a Metadata API type`);
        return;
    }
    checkElement(document, type, document.name, types, report);
}

/** Every `-meta.xml` below `dir`, checked against the Metadata API types. */
export function checkMetadataStructure(dir: string, types: MetadataTypes, root: string = dir): Problem[] {
    const problems: Problem[] = [];
    for (const file of listFiles(dir, (f) => f.endsWith('-meta.xml'))) {
        const rel = relative(root, file);
        const text = fs.readFileSync(file, 'utf8');
        if (xmlSyntaxError(text)) continue; // reported by checkXmlParses
        checkMetadataDocument(parseXml(text), file, types, (message) => problems.push({ file: rel, message }));
    }
    return problems;
}
