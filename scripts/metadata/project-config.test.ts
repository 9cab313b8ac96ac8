import fs from 'fs';
import path from 'path';
import { metadataTypes } from '../lib/metadata-types';
import { checkProjectFile, checkScratchDefinition } from '../lib/project-config';
import { readPackage } from '../lib/package-model';
import { REPO } from './project-copy';

const readJson = (rel: string): Record<string, unknown> =>
    JSON.parse(fs.readFileSync(path.join(REPO, rel), 'utf8')) as Record<string, unknown>;

describe('sfdx-project.json (schema from @salesforce/schemas)', () => {
    it('is valid: one unlocked package, no namespace', () => {
        const project = readJson('sfdx-project.json');
        expect(checkProjectFile(project)).toEqual([]);
        expect(project.namespace).toBe('');
        expect(project.packageDirectories).toEqual([
            expect.objectContaining({ path: 'force-app', default: true, package: 'SMS Agent Console' })
        ]);
    });

    it('reports an unknown property and a wrongly typed one', () => {
        const project = { ...readJson('sfdx-project.json'), packageDirectory: 'force-app', sourceApiVersion: 68 };
        expect(checkProjectFile(project)).toEqual(
            expect.arrayContaining([
                '(root) must NOT have additional properties (packageDirectory)',
                '/sourceApiVersion must be string'
            ])
        );
    });
});

describe('config/project-scratch-def.json (schema from @salesforce/schemas, settings from @salesforce/types)', () => {
    const types = metadataTypes();

    it('is valid, with the console, Service Cloud and person-account features', () => {
        const definition = readJson('config/project-scratch-def.json');
        expect(checkScratchDefinition(definition, types)).toEqual([]);
        expect(definition.features).toEqual(
            expect.arrayContaining(['ServiceCloud', 'LightningServiceConsole', 'PersonAccounts'])
        );
    });

    it('reports an unknown feature, edition or setting', () => {
        const definition = {
            ...readJson('config/project-scratch-def.json'),
            edition: 'Ultimate',
            features: ['PersonAccount'],
            settings: { lightningExperienceSettings: { enableS1DesktopEnable: true }, mobileSetting: {} }
        };
        const problems = checkScratchDefinition(definition, types);
        expect(problems).toEqual(
            expect.arrayContaining([
                '/edition must be equal to one of the allowed values',
                '/settings/lightningExperienceSettings.enableS1DesktopEnable: LightningExperienceSettings has no setting enableS1DesktopEnable',
                '/settings/mobileSetting: MobileSetting is not a Metadata API type'
            ])
        );
        expect(problems.some((p) => p.startsWith('/features/0'))).toBe(true);
    });
});

describe('config/agent-user-def.json', () => {
    it('assigns only permission sets the package defines', () => {
        const definition = readJson('config/agent-user-def.json');
        const permissionSets = readPackage(REPO).permissionSets;
        expect(definition.permsets).toEqual(expect.any(Array));
        for (const name of definition.permsets as string[]) expect(permissionSets).toContain(name);
    });
});
