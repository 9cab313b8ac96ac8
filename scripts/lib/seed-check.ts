/**
 * Consistency of the seed data with the package: every record's object and fields exist in
 * force-app (or are standard fields the seed may use), required fields are set, picklist values
 * exist, text fits, every reference names a record defined before it with the right object,
 * reference Ids have the shape the CLI recognises, placeholders appear only where an org fills
 * them in, and no record depends on a person account (orgs without them skip those).
 */
import { LoadedPlan, PLACEHOLDER, REFERENCE, REFERENCE_ID, isPersonAccount, TreeRecord } from './seed-data';
import { PackageModel, picklistValues, resolveField } from './package-model';
import { PERSON_ACCOUNT_FIELDS } from './standard-schema';

/** Standard fields a record of these objects must have for the insert to succeed. */
const STANDARD_REQUIRED: Readonly<Record<string, readonly string[]>> = {
    Account: ['Name'],
    Contact: ['LastName'],
    Lead: ['LastName', 'Company']
};

/** Person-account fields a person-account record may set. */
const PERSON_FIELDS = new Set([
    'FirstName',
    'LastName',
    'Salutation',
    ...[...PERSON_ACCOUNT_FIELDS].map((f) => f.split('.')[1])
]);

export interface SeedProblem {
    file: string;
    referenceId: string;
    message: string;
}

interface Defined {
    type: string;
    personAccount: boolean;
}

/**
 * Checks the plans in import order. `placeholdersAllowed` says, per plan file, whether it may hold
 * `$user:N` placeholders (only the plan an org resolves after import may).
 */
export function checkSeedPlans(
    plans: ReadonlyArray<{ plan: LoadedPlan; placeholdersAllowed: boolean }>,
    model: PackageModel
): SeedProblem[] {
    const problems: SeedProblem[] = [];
    const defined = new Map<string, Defined>();
    for (const { plan, placeholdersAllowed } of plans) {
        for (const loaded of plan.files) {
            for (const record of loaded.records) {
                const referenceId = record.attributes?.referenceId ?? '(none)';
                const report = (message: string): void => {
                    problems.push({ file: loaded.file, referenceId, message });
                };
                checkRecord(record, loaded.sobject, model, defined, placeholdersAllowed, report);
                if (defined.has(referenceId)) report('referenceId is used twice');
                defined.set(referenceId, { type: record.attributes?.type, personAccount: isPersonAccount(record) });
            }
        }
    }
    return problems;
}

function checkRecord(
    record: TreeRecord,
    sobject: string,
    model: PackageModel,
    defined: ReadonlyMap<string, Defined>,
    placeholdersAllowed: boolean,
    report: (message: string) => void
): void {
    const type = record.attributes?.type;
    if (type !== sobject) report(`attributes.type ${type} differs from the plan's sobject ${sobject}`);
    if (!REFERENCE_ID.test(record.attributes?.referenceId ?? '')) {
        report('referenceId must look like <Name>Ref<number> (the CLI resolves only references of that shape)');
    }
    const object = model.objects.get(sobject);
    if (!object) {
        report(`object ${sobject} does not exist`);
        return;
    }
    const personAccount = isPersonAccount(record);
    for (const [fieldName, value] of Object.entries(record)) {
        if (fieldName === 'attributes') continue;
        if (fieldName === 'RecordType') {
            if (!personAccount)
                report('RecordType is only used to mark person accounts ({ "Name": "Person Account" })');
            continue;
        }
        if (personAccount && PERSON_FIELDS.has(fieldName)) continue;
        const found = resolveField(model, sobject, fieldName);
        if (!found.ok) {
            report(found.reason);
            continue;
        }
        const field = found.field;
        if (typeof value === 'string') {
            const placeholder = PLACEHOLDER.exec(value);
            const reference = REFERENCE.exec(value);
            if (placeholder) {
                if (!placeholdersAllowed)
                    report(`${fieldName}: ${value} may only appear in the agents plan, which an org fills in`);
                continue;
            }
            if (reference) {
                const target = defined.get(reference[1]);
                if (!target) {
                    report(`${fieldName}: ${value} names no record defined before it`);
                } else if (field.referenceTo && target.type !== field.referenceTo) {
                    report(
                        `${fieldName}: ${value} is a ${target.type}, but ${fieldName} looks up ${field.referenceTo}`
                    );
                } else if (target.personAccount) {
                    report(`${fieldName}: ${value} is a person account, which orgs without person accounts skip`);
                }
                continue;
            }
            if (field.length !== undefined && value.length > field.length) {
                report(`${fieldName}: ${value.length} characters, more than its ${field.length}`);
            }
            const values = picklistValues(model, field);
            if (values && !values.includes(value))
                report(`${fieldName}: "${value}" is not one of ${values.join(', ')}`);
        } else if (field.type === 'Checkbox' && typeof value !== 'boolean') {
            report(`${fieldName} is a checkbox: true or false`);
        } else if (field.type === 'Number' && typeof value !== 'number') {
            report(`${fieldName} is a number`);
        }
    }
    const required = [
        ...(STANDARD_REQUIRED[sobject] ?? []).filter((f) => !(personAccount && f === 'Name')),
        ...(personAccount ? ['LastName'] : []),
        ...[...object.fields.values()].filter((f) => f.custom && f.required).map((f) => f.name)
    ];
    for (const name of required) {
        if (record[name] === undefined || record[name] === null || record[name] === '')
            report(`required field ${name} is missing`);
    }
}
