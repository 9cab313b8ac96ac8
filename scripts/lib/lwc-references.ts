/**
 * Every scoped `@salesforce/…` module a component imports must name something the org will have:
 * a field or object the package defines (or a standard one it may rely on), a label from one of
 * the label files, a custom permission of the package. The platform resolves these when the
 * component is deployed; a typo would otherwise surface only then. Apex imports are refused: the
 * package has no Apex.
 */
import fs from 'fs';
import path from 'path';
import ts from 'typescript';
import { PackageModel, readPackage, resolveField } from './package-model';
import { childrenNamed, listFiles, Problem, readXml, relative, XmlElement, xmlSyntaxError } from './xml';

/**
 * The Lightning console's own message channels (its tab events for LWC, Console Developer Guide):
 * the platform defines them; a component subscribes to them by name.
 */
const CONSOLE_MESSAGE_CHANNELS = new Set([
    'lightning__tabClosed',
    'lightning__tabCreated',
    'lightning__tabFocused',
    'lightning__tabRefreshed',
    'lightning__tabReplaced',
    'lightning__tabUpdated'
]);

/** Scoped modules that name nothing the package must define. */
const PLATFORM_MODULES = [
    /^@salesforce\/user\//,
    /^@salesforce\/userPermission\//,
    /^@salesforce\/i18n\//,
    /^@salesforce\/client\//,
    /^@salesforce\/community\//,
    /^@salesforce\/site\//,
    /^@salesforce\/gate\//,
    /^@salesforce\/loader$/
];

/** Why a scoped import names nothing that exists, or undefined when it is fine. */
export function checkScopedImport(model: PackageModel, specifier: string): string | undefined {
    if (!specifier.startsWith('@salesforce/')) return undefined;
    const [, scope, ...rest] = specifier.split('/');
    const name = rest.join('/');
    switch (scope) {
        case 'schema': {
            const [objectName, ...fieldPath] = name.split('.');
            if (!model.objects.has(objectName)) return `object ${objectName} does not exist in the package`;
            if (fieldPath.length === 0) return undefined;
            const found = resolveField(model, objectName, fieldPath.join('.'));
            return found.ok ? undefined : found.reason;
        }
        case 'label': {
            const [namespace, ...labelParts] = name.split('.');
            const label = labelParts.join('.');
            if (namespace !== 'c') return `labels of this package are imported as c.${label || namespace}`;
            return model.labels.has(label) ? undefined : `custom label ${label} is in no labels file`;
        }
        case 'customPermission':
            return model.customPermissions.has(name) ? undefined : `custom permission ${name} does not exist`;
        case 'apex':
        case 'apexContinuation':
            return 'the package has no Apex: read records with the UI API (lightning/uiRecordApi) or GraphQL';
        case 'resourceUrl':
            return fs.existsSync(path.join(model.sourceDir, 'staticresources', `${name}.resource-meta.xml`))
                ? undefined
                : `static resource ${name} does not exist`;
        case 'messageChannel':
            if (name.startsWith('lightning__')) {
                return CONSOLE_MESSAGE_CHANNELS.has(name) ? undefined : `${name} is not a console message channel`;
            }
            return fs.existsSync(
                path.join(model.sourceDir, 'messageChannels', `${name.replace(/__c$/, '')}.messageChannel-meta.xml`)
            )
                ? undefined
                : `message channel ${name} does not exist`;
        default:
            return PLATFORM_MODULES.some((pattern) => pattern.test(specifier))
                ? undefined
                : `unknown scoped module @salesforce/${scope}`;
    }
}

/** The modules a TypeScript or JavaScript source imports (static and dynamic). */
export function importedModules(source: string): string[] {
    return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

function objectsInTargetConfigs(document: XmlElement): string[] {
    const found: string[] = [];
    const walk = (element: XmlElement): void => {
        if (element.name === 'objects') {
            for (const object of childrenNamed(element, 'object')) found.push(object.text.trim());
        }
        element.children.forEach(walk);
    };
    for (const configs of childrenNamed(document, 'targetConfigs')) walk(configs);
    return found;
}

export function checkLwcReferences(projectRoot: string, model: PackageModel = readPackage(projectRoot)): Problem[] {
    const problems: Problem[] = [];
    const lwcDir = path.join(model.sourceDir, 'lwc');
    for (const file of listFiles(lwcDir, (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
        for (const specifier of importedModules(fs.readFileSync(file, 'utf8'))) {
            const reason = checkScopedImport(model, specifier);
            if (reason)
                problems.push({ file: relative(projectRoot, file), message: `imports ${specifier}: ${reason}` });
        }
    }
    for (const file of listFiles(lwcDir, (f) => f.endsWith('.js-meta.xml'))) {
        const text = fs.readFileSync(file, 'utf8');
        if (xmlSyntaxError(text)) continue;
        for (const object of objectsInTargetConfigs(readXml(file))) {
            if (!model.objects.has(object)) {
                problems.push({
                    file: relative(projectRoot, file),
                    message: `targets object ${object}, which does not exist`
                });
            }
        }
    }
    return problems;
}
