/**
 * Names that one piece of metadata uses to point at another must exist, and the combinations the
 * platform refuses on deploy are caught here instead: a permission set granting field access to a
 * required or master-detail field, Modify All without Delete, a list view filtering on a picklist
 * value that is not there, a Flow assigning a field its object lacks, an app listing a tab that no
 * file defines, a utility bar holding a component the package does not have.
 */
import fs from 'fs';
import path from 'path';
import { FieldModel, ObjectModel, PackageModel, picklistValues, readPackage, resolveField } from './package-model';
import { STANDARD_TABS } from './standard-schema';
import { childrenNamed, childText, listFiles, Problem, readXml, relative, XmlElement, xmlSyntaxError } from './xml';

/** List-view columns that are not fields of the object. */
const LIST_VIEW_PSEUDO_COLUMNS = new Set([
    'NAME',
    'OWNER.ALIAS',
    'CREATED_DATE',
    'LAST_UPDATE',
    'CREATEDBY_USER',
    'UPDATEDBY_USER'
]);
/** Layout and related-list entries that are not fields of the object. */
const LAYOUT_PSEUDO_FIELDS = new Set(['NAME', 'CREATED_DATE', 'LAST_UPDATE', 'CREATEDBY_USER', 'UPDATEDBY_USER']);

interface Reporter {
    (message: string): void;
}

function documents(model: PackageModel, folder: string, suffix: string): Array<{ file: string; doc: XmlElement }> {
    return listFiles(path.join(model.sourceDir, folder), (f) => f.endsWith(suffix))
        .filter((file) => !xmlSyntaxError(fs.readFileSync(file, 'utf8')))
        .map((file) => ({ file, doc: readXml(file) }));
}

function field(model: PackageModel, objectName: string, fieldName: string, report: Reporter): FieldModel | undefined {
    const found = resolveField(model, objectName, fieldName);
    if (!found.ok) {
        report(found.reason);
        return undefined;
    }
    return found.field;
}

function checkPicklistValue(model: PackageModel, f: FieldModel, value: string, where: string, report: Reporter): void {
    const values = picklistValues(model, f);
    if (!values) return;
    for (const single of value.split(',').map((v) => v.trim())) {
        if (!values.includes(single)) {
            report(`${where}: "${single}" is not a value of ${f.name} (${values.join(', ')})`);
        }
    }
}

/** Admins configure the service through these objects: each object and field says what it is for. */
const MIN_DESCRIPTION = 20;

function checkObjectFields(model: PackageModel, object: ObjectModel, report: Reporter): void {
    if ((object.description ?? '').length < MIN_DESCRIPTION) {
        report(`${object.name} needs a description that tells an admin what it is for`);
    }
    for (const f of object.fields.values()) {
        if (!f.custom) continue;
        if ((f.description ?? '').length < MIN_DESCRIPTION) {
            report(`${object.name}.${f.name} needs a description that tells an admin what it holds`);
        }
        if (f.referenceTo && !model.objects.has(f.referenceTo)) {
            report(`${object.name}.${f.name} looks up ${f.referenceTo}, which is unknown`);
        }
        if (f.valueSetName && !model.globalValueSets.has(f.valueSetName)) {
            report(`${object.name}.${f.name} uses global value set ${f.valueSetName}, which does not exist`);
        }
    }
}

function checkObjects(model: PackageModel, problems: Problem[], root: string): void {
    const reverse = new Map<string, string>();
    for (const object of model.objects.values()) {
        if (!object.custom) continue;
        const report: Reporter = (message) =>
            problems.push({ file: relative(root, path.join(model.sourceDir, 'objects', object.name)), message });
        checkObjectFields(model, object, report);
        for (const f of object.fields.values()) {
            if (!f.referenceTo || !f.relationshipName) continue;
            const key = `${f.referenceTo}:${f.relationshipName}`;
            const other = reverse.get(key);
            if (other && other !== `${object.name}.${f.name}`) {
                report(
                    `child relationship ${f.relationshipName} on ${f.referenceTo} is used by ${other} and ${object.name}.${f.name}`
                );
            }
            reverse.set(key, `${object.name}.${f.name}`);
        }
    }
}

function checkListViews(model: PackageModel, problems: Problem[], root: string): void {
    for (const object of model.objects.values()) {
        for (const { file, doc } of documents(
            model,
            path.join('objects', object.name, 'listViews'),
            '.listView-meta.xml'
        )) {
            const report: Reporter = (message) => problems.push({ file: relative(root, file), message });
            for (const column of childrenNamed(doc, 'columns').map((c) => c.text.trim())) {
                if (!LIST_VIEW_PSEUDO_COLUMNS.has(column))
                    field(model, object.name, column, (m) => report(`column ${column}: ${m}`));
            }
            for (const filter of childrenNamed(doc, 'filters')) {
                const name = childText(filter, 'field') ?? '';
                const f = field(model, object.name, name, (m) => report(`filter on ${name}: ${m}`));
                const value = childText(filter, 'value');
                if (f && value !== undefined) checkPicklistValue(model, f, value, `filter on ${name}`, report);
                if (f && f.type === 'Checkbox' && value !== '1' && value !== '0') {
                    report(`filter on ${name}: a checkbox filters on 1 or 0, not "${value}"`);
                }
            }
        }
    }
}

function checkValidationRules(model: PackageModel, problems: Problem[], root: string): void {
    for (const object of model.objects.values()) {
        for (const { file, doc } of documents(
            model,
            path.join('objects', object.name, 'validationRules'),
            '.validationRule-meta.xml'
        )) {
            const display = childText(doc, 'errorDisplayField');
            if (display)
                field(model, object.name, display, (m) =>
                    problems.push({ file: relative(root, file), message: `errorDisplayField: ${m}` })
                );
        }
    }
}

function checkLayouts(model: PackageModel, problems: Problem[], root: string): void {
    for (const { file, doc } of documents(model, 'layouts', '.layout-meta.xml')) {
        const report: Reporter = (message) => problems.push({ file: relative(root, file), message });
        const objectName = path.basename(file).split('-')[0];
        if (!model.objects.has(objectName)) {
            report(`the layout is for ${objectName}, which does not exist`);
            continue;
        }
        const walk = (element: XmlElement): void => {
            if (element.name === 'layoutItems') {
                const name = childText(element, 'field');
                if (name) {
                    const f = field(model, objectName, name, report);
                    const behavior = childText(element, 'behavior');
                    if (f && f.required && behavior !== 'Required')
                        report(`${name} is required: its layout behavior must be Required`);
                }
            }
            element.children.forEach(walk);
        };
        walk(doc);
        for (const related of childrenNamed(doc, 'relatedLists')) {
            const list = childText(related, 'relatedList') ?? '';
            const [child, lookup] = list.split('.');
            const childObject = model.objects.get(child);
            if (!childObject || !lookup) {
                if (child.endsWith('__c')) report(`related list ${list}: ${child} does not exist`);
                continue;
            }
            const f = childObject.fields.get(lookup);
            if (!f || f.referenceTo !== objectName) {
                report(`related list ${list}: ${child} has no ${lookup} pointing at ${objectName}`);
                continue;
            }
            for (const column of childrenNamed(related, 'fields').map((c) => c.text.trim())) {
                if (!LAYOUT_PSEUDO_FIELDS.has(column))
                    field(model, child, column, (m) => report(`related list ${list}: ${m}`));
            }
        }
    }
}

function checkTabs(model: PackageModel, problems: Problem[], root: string): void {
    for (const { file, doc } of documents(model, 'tabs', '.tab-meta.xml')) {
        const name = path.basename(file, '.tab-meta.xml');
        if (childText(doc, 'customObject') === 'true' && !model.objects.get(name)?.custom) {
            problems.push({
                file: relative(root, file),
                message: `tab for object ${name}, which the package does not define`
            });
        }
    }
}

function objectOfTab(model: PackageModel, tab: string): string | undefined {
    if (tab.startsWith('standard-')) return tab.slice('standard-'.length);
    return model.objects.has(tab) ? tab : undefined;
}

function checkApplications(model: PackageModel, problems: Problem[], root: string): void {
    for (const { file, doc } of documents(model, 'applications', '.app-meta.xml')) {
        const report: Reporter = (message) => problems.push({ file: relative(root, file), message });
        const tabs = childrenNamed(doc, 'tabs').map((t) => t.text.trim());
        for (const tab of tabs) {
            if (!STANDARD_TABS.has(tab) && !model.tabs.has(tab)) report(`tab ${tab} is defined nowhere`);
        }
        const utilityBar = childText(doc, 'utilityBar');
        if (utilityBar && !model.flexiPages.has(utilityBar))
            report(`utility bar ${utilityBar} is not a FlexiPage of the package`);
        for (const config of childrenNamed(doc, 'workspaceConfig')) {
            for (const mapping of childrenNamed(config, 'mappings')) {
                const tab = childText(mapping, 'tab') ?? '';
                if (!tabs.includes(tab)) report(`workspace mapping for tab ${tab}, which the app does not list`);
                const fieldName = childText(mapping, 'fieldName');
                const objectName = objectOfTab(model, tab);
                if (fieldName && objectName) {
                    const f = field(model, objectName, fieldName, (m) => report(`workspace mapping of ${tab}: ${m}`));
                    if (f && f.custom && !f.referenceTo)
                        report(`workspace mapping of ${tab}: ${fieldName} is not a lookup`);
                }
            }
        }
    }
}

/**
 * Components on the package's pages must exist and be exposed for the page; a utility bar item
 * must target lightning__UtilityBar.
 */
function checkFlexiPages(model: PackageModel, problems: Problem[], root: string): void {
    for (const { file, doc } of documents(model, 'flexipages', '.flexipage-meta.xml')) {
        const report: Reporter = (message) => problems.push({ file: relative(root, file), message });
        const utilityBar = childText(doc, 'type') === 'UtilityBar';
        const walk = (element: XmlElement): void => {
            if (element.name === 'componentName') {
                const component = element.text.trim();
                const match = /^c:(\w+)$/.exec(component);
                if (match) {
                    const bundle = match[1];
                    if (!model.lwcBundles.has(bundle)) {
                        report(`component ${component} is not a component of the package`);
                        return;
                    }
                    const meta = readXml(path.join(model.sourceDir, 'lwc', bundle, `${bundle}.js-meta.xml`));
                    if (childText(meta, 'isExposed') !== 'true')
                        report(`component ${component} is not exposed (isExposed)`);
                    const targets = childrenNamed(meta, 'targets').flatMap((t) =>
                        childrenNamed(t, 'target').map((x) => x.text.trim())
                    );
                    if (utilityBar && !targets.includes('lightning__UtilityBar')) {
                        report(`component ${component} does not target lightning__UtilityBar`);
                    }
                }
            }
            element.children.forEach(walk);
        };
        walk(doc);
        if (utilityBar) {
            const regions = childrenNamed(doc, 'flexiPageRegions').map((r) => childText(r, 'name'));
            if (!regions.includes('utilityItems')) report('a utility bar needs the utilityItems region');
        }
    }
}

/** `$Record.Field` references of a record-triggered Flow. */
function recordReferences(doc: XmlElement): string[] {
    const found: string[] = [];
    const walk = (element: XmlElement): void => {
        if (
            element.name === 'elementReference' ||
            element.name === 'assignToReference' ||
            element.name === 'leftValueReference'
        ) {
            const match = /^\$Record\.(.+)$/.exec(element.text.trim());
            if (match) found.push(match[1]);
        }
        element.children.forEach(walk);
    };
    walk(doc);
    return found;
}

function checkFlows(model: PackageModel, problems: Problem[], root: string): void {
    for (const { file, doc } of documents(model, 'flows', '.flow-meta.xml')) {
        const report: Reporter = (message) => problems.push({ file: relative(root, file), message });
        for (const call of childrenNamed(doc, 'actionCalls')) {
            const actionType = childText(call, 'actionType');
            if (actionType === 'apex') report(`action ${childText(call, 'name')} calls Apex; the package has no Apex`);
        }
        const start = doc.children.find((c) => c.name === 'start');
        const triggerObject = start ? childText(start, 'object') : undefined;
        if (start && triggerObject) {
            if (!model.objects.has(triggerObject)) report(`triggers on ${triggerObject}, which does not exist`);
            else {
                for (const filter of childrenNamed(start, 'filters')) {
                    const name = childText(filter, 'field') ?? '';
                    const f = field(model, triggerObject, name, (m) => report(`start filter on ${name}: ${m}`));
                    const value = filter.children.find((c) => c.name === 'value');
                    const stringValue = value ? childText(value, 'stringValue') : undefined;
                    if (f && stringValue !== undefined)
                        checkPicklistValue(model, f, stringValue, `start filter on ${name}`, report);
                }
                for (const reference of recordReferences(doc)) {
                    field(model, triggerObject, reference, (m) => report(`$Record.${reference}: ${m}`));
                }
            }
        }
        for (const create of childrenNamed(doc, 'recordCreates')) {
            const objectName = childText(create, 'object');
            if (!objectName) continue;
            const object = model.objects.get(objectName);
            if (!object) {
                report(`creates ${objectName}, which does not exist`);
                continue;
            }
            const assigned = childrenNamed(create, 'inputAssignments').map((a) => childText(a, 'field') ?? '');
            for (const name of assigned) field(model, objectName, name, (m) => report(`creates ${objectName}: ${m}`));
            for (const f of object.fields.values()) {
                if (f.custom && f.required && !assigned.includes(f.name)) {
                    report(`creates ${objectName} without its required field ${f.name}`);
                }
            }
        }
    }
}

function checkPermissionSets(model: PackageModel, problems: Problem[], root: string): void {
    for (const { file, doc } of documents(model, 'permissionsets', '.permissionset-meta.xml')) {
        const report: Reporter = (message) => problems.push({ file: relative(root, file), message });
        const readable = new Set<string>();
        for (const permission of childrenNamed(doc, 'objectPermissions')) {
            const objectName = childText(permission, 'object') ?? '';
            const object = model.objects.get(objectName);
            const flag = (name: string): boolean => childText(permission, name) === 'true';
            if (!object) {
                report(`object permission for ${objectName}, which does not exist`);
                continue;
            }
            if (flag('allowRead')) readable.add(objectName);
            // A platform event may be published (Create) without being read (subscribed to).
            const needsRead =
                flag('allowEdit') ||
                flag('allowDelete') ||
                flag('viewAllRecords') ||
                (flag('allowCreate') && !object.platformEvent);
            if (needsRead && !flag('allowRead')) {
                report(`${objectName}: create, edit, delete and View All need Read`);
            }
            if (flag('allowDelete') && !flag('allowEdit')) report(`${objectName}: Delete needs Edit`);
            if (flag('modifyAllRecords') && !(flag('allowDelete') && flag('viewAllRecords'))) {
                report(`${objectName}: Modify All needs Read, Edit, Delete and View All`);
            }
            if (
                object.platformEvent &&
                (flag('allowEdit') || flag('allowDelete') || flag('viewAllRecords') || flag('modifyAllRecords'))
            ) {
                report(`${objectName} is a platform event: only Read (subscribe) and Create (publish) apply`);
            }
        }
        for (const permission of childrenNamed(doc, 'fieldPermissions')) {
            const name = childText(permission, 'field') ?? '';
            const [objectName, fieldName] = name.split('.');
            const found = resolveField(model, objectName, fieldName ?? '');
            if (!found.ok) {
                report(`field permission for ${name}: ${found.reason}`);
                continue;
            }
            if (found.field.required) {
                report(
                    `field permission for ${name}: required and master-detail fields are always accessible and may not be listed`
                );
            }
            if (found.object.platformEvent)
                report(`field permission for ${name}: platform event fields have no field-level security`);
            if (!readable.has(objectName)) report(`field permission for ${name} without Read on ${objectName}`);
            if (childText(permission, 'editable') === 'true' && childText(permission, 'readable') !== 'true') {
                report(`field permission for ${name}: editable needs readable`);
            }
        }
        for (const tab of childrenNamed(doc, 'tabSettings').map((t) => childText(t, 'tab') ?? '')) {
            if (!model.tabs.has(tab) && !STANDARD_TABS.has(tab))
                report(`tab setting for ${tab}, which is defined nowhere`);
        }
        for (const app of childrenNamed(doc, 'applicationVisibilities').map((a) => childText(a, 'application') ?? '')) {
            if (!model.applications.has(app))
                report(`application visibility for ${app}, which is not an app of the package`);
        }
        for (const permission of childrenNamed(doc, 'customPermissions').map((c) => childText(c, 'name') ?? '')) {
            if (!model.customPermissions.has(permission)) report(`custom permission ${permission} does not exist`);
        }
    }
}

export function checkMetadataReferences(
    projectRoot: string,
    model: PackageModel = readPackage(projectRoot)
): Problem[] {
    const problems: Problem[] = [];
    checkObjects(model, problems, projectRoot);
    checkListViews(model, problems, projectRoot);
    checkValidationRules(model, problems, projectRoot);
    checkLayouts(model, problems, projectRoot);
    checkTabs(model, problems, projectRoot);
    checkApplications(model, problems, projectRoot);
    checkFlexiPages(model, problems, projectRoot);
    checkFlows(model, problems, projectRoot);
    checkPermissionSets(model, problems, projectRoot);
    return problems;
}
