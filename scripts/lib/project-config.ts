/**
 * The project's own configuration files, checked against Salesforce's published JSON schemas
 * (@salesforce/schemas): sfdx-project.json and the scratch-org definition. The scratch definition's
 * `settings` are Metadata API settings types, so each one is also checked against
 * @salesforce/types: a misspelt setting would otherwise be found only when a scratch org is made.
 */
import Ajv, { ErrorObject } from 'ajv';
import type { MetadataTypes } from './metadata-types';

import projectSchema from '@salesforce/schemas/sfdx-project.schema.json';
import scratchSchema from '@salesforce/schemas/project-scratch-def.schema.json';

const ajv = new Ajv({ allErrors: true, strict: false });
const validateProject = ajv.compile(projectSchema);
const validateScratch = ajv.compile(scratchSchema);

function describe(errors: ErrorObject[] | null | undefined): string[] {
    return (errors ?? []).map((e) => {
        const where = e.instancePath || '(root)';
        const extra = e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : '';
        return `${where} ${e.message ?? 'is invalid'}${extra}`;
    });
}

export function checkProjectFile(project: unknown): string[] {
    return validateProject(project) ? [] : describe(validateProject.errors);
}

function checkSettings(
    value: unknown,
    typeName: string,
    where: string,
    types: MetadataTypes,
    problems: string[]
): void {
    const type = types.complex(typeName);
    if (!type) {
        problems.push(`${where}: ${typeName} is not a Metadata API type`);
        return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push(`${where} must be an object of ${typeName} settings`);
        return;
    }
    for (const [name, setting] of Object.entries(value as Record<string, unknown>)) {
        const child = type.children.get(name);
        const path = `${where}.${name}`;
        if (!child) {
            problems.push(`${path}: ${typeName} has no setting ${name}`);
        } else if (child.value.kind === 'complex') {
            checkSettings(setting, child.value.name, path, types, problems);
        } else if (child.value.kind === 'boolean' && typeof setting !== 'boolean') {
            problems.push(`${path} must be true or false`);
        } else if (child.value.kind === 'number' && typeof setting !== 'number') {
            problems.push(`${path} must be a number`);
        } else if (child.value.kind === 'enum' && !child.value.values.includes(String(setting))) {
            problems.push(`${path}: "${String(setting)}" is not a value of ${child.value.name}`);
        }
    }
}

export function checkScratchDefinition(definition: unknown, types: MetadataTypes): string[] {
    const problems = validateScratch(definition) ? [] : describe(validateScratch.errors);
    const settings = (definition as { settings?: Record<string, unknown> } | null)?.settings ?? {};
    for (const [name, value] of Object.entries(settings)) {
        // lightningExperienceSettings → LightningExperienceSettings
        checkSettings(value, name.charAt(0).toUpperCase() + name.slice(1), `/settings/${name}`, types, problems);
    }
    return problems;
}
