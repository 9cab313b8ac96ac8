/**
 * Reading the package's XML: listing files, checking that a file is well-formed, and parsing it
 * into a small ordered element tree the metadata checks walk.
 */
import fs from 'fs';
import path from 'path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** A problem found in a file, reported as `file: message`. */
export interface Problem {
    file: string;
    message: string;
}

export interface XmlElement {
    name: string;
    attributes: Record<string, string>;
    children: XmlElement[];
    /** The element's own text (its text nodes joined), untrimmed. */
    text: string;
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.cache', '.sf', '.sfdx', 'coverage', 'dist', 'var']);

/** Every file below `dir` (recursively, sorted, skipping dependency and tool folders). */
export function listFiles(dir: string, accept: (file: string) => boolean = () => true): string[] {
    const found: string[] = [];
    const walk = (current: string): void => {
        for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
            const full = path.join(current, entry.name);
            if (entry.isDirectory()) {
                if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
            } else if (accept(full)) {
                found.push(full);
            }
        }
    };
    if (fs.existsSync(dir)) walk(dir);
    return found.sort();
}

/** undefined when the text is well-formed XML, otherwise where and why it is not. */
export function xmlSyntaxError(text: string): string | undefined {
    const result = XMLValidator.validate(text);
    if (result === true) return undefined;
    return `line ${result.err.line}, column ${result.err.col}: ${result.err.msg}`;
}

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true
});

function toElement(node: OrderedNode): XmlElement | undefined {
    const name = Object.keys(node).find((key) => key !== ':@');
    if (!name || name === '#text' || name.startsWith('?') || name === '#comment') return undefined;
    const attributes = (node[':@'] as Record<string, string> | undefined) ?? {};
    const content = (node[name] as OrderedNode[] | undefined) ?? [];
    const children: XmlElement[] = [];
    let text = '';
    for (const child of content) {
        if ('#text' in child) {
            text += String(child['#text']);
        } else {
            const element = toElement(child);
            if (element) children.push(element);
        }
    }
    return { name, attributes, children, text };
}

/** Parses well-formed XML into its root element. Throws on malformed XML. */
export function parseXml(text: string): XmlElement {
    const error = xmlSyntaxError(text);
    if (error) throw new Error(`Malformed XML: ${error}`);
    const nodes = parser.parse(text) as OrderedNode[];
    for (const node of nodes) {
        const element = toElement(node);
        if (element) return element;
    }
    throw new Error('The XML has no root element');
}

export function readXml(file: string): XmlElement {
    return parseXml(fs.readFileSync(file, 'utf8'));
}

/** The text of the first child with this name, trimmed; undefined when absent. */
export function childText(element: XmlElement, name: string): string | undefined {
    const child = element.children.find((c) => c.name === name);
    return child ? child.text.trim() : undefined;
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
    return element.children.filter((c) => c.name === name);
}

export function relative(root: string, file: string): string {
    return path.relative(root, file).split(path.sep).join('/');
}
