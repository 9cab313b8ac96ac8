/**
 * The Salesforce CLI converts the package to Metadata API format offline, and nothing that must
 * stay out of the org (TypeScript sources, configurations, tests, mocks) ends up in the result.
 * The two conversions run side by side to keep the suite short; the leak check itself is proven
 * on a folder laid out as the CLI writes it when .forceignore is missing.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { convertSource, leakedFiles, scratchHome } from '../lib/sf-cli';
import { REPO, SOURCE } from './project-copy';

/** The CLI starts slowly on a busy machine; the first test waits for the runs started above. */
const CLI_TIMEOUT_MS = 90_000;

describe('Metadata API conversion with the Salesforce CLI', () => {
    const home = scratchHome();
    const output = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-converted-'));
    // A project whose only file is a field outside its object's folder: the CLI cannot tell what
    // it is. Kept minimal so that its conversion costs little next to the package's.
    const misplaced = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-misplaced-'));
    fs.copyFileSync(path.join(REPO, 'sfdx-project.json'), path.join(misplaced, 'sfdx-project.json'));
    fs.mkdirSync(path.join(misplaced, SOURCE, 'fields'), { recursive: true });
    fs.copyFileSync(
        path.join(REPO, SOURCE, 'objects/SMS_Queue__c/fields/Active__c.field-meta.xml'),
        path.join(misplaced, SOURCE, 'fields/Stray__c.field-meta.xml')
    );
    const runs = Promise.all([
        convertSource(REPO, path.join(output, 'package'), home),
        convertSource(misplaced, path.join(output, 'misplaced'), home)
    ]);

    afterAll(() => {
        for (const dir of [home, output, misplaced]) fs.rmSync(dir, { recursive: true, force: true });
    });

    it(
        'converts the package without error, with every kind of component the package holds',
        async () => {
            const [converted] = await runs;
            expect({ code: converted.code, status: converted.json?.status, message: converted.json?.message }).toEqual({
                code: 0,
                status: 0,
                message: undefined
            });
            const manifest = fs.readFileSync(path.join(output, 'package', 'package.xml'), 'utf8');
            for (const type of [
                'CustomApplication',
                'CustomField',
                'CustomLabels',
                'CustomObject',
                'CustomPermission',
                'CustomTab',
                'FlexiPage',
                'Flow',
                'GlobalValueSet',
                'Layout',
                'LightningComponentBundle',
                'ListView',
                'PermissionSet',
                'ValidationRule'
            ].filter((t) => t !== 'CustomLabels' || fs.existsSync(path.join(REPO, SOURCE, 'labels')))) {
                expect(manifest).toContain(`<name>${type}</name>`);
            }
            expect(manifest).toContain('<members>SMS_Agent_Event__e</members>');
            expect(manifest).toContain('<members>SMS_Publish_Outbound_Message</members>');
        },
        CLI_TIMEOUT_MS
    );

    it('leaves TypeScript sources, configurations, tests and mocks out of the converted package', async () => {
        await runs;
        expect(leakedFiles(path.join(output, 'package'))).toEqual([]);
    });

    it('would notice leaked sources: what the CLI packs when .forceignore is missing', () => {
        // The layout `sf project convert source` writes without .forceignore (checked by hand:
        // sources, tests and the components' tsconfig.json are copied next to the .js).
        const leaky = path.join(output, 'leaky');
        for (const file of [
            'lwc/smsUtils/smsUtils.js',
            'lwc/smsUtils/smsUtils.js-meta.xml',
            'lwc/smsUtils/smsUtils.ts',
            'lwc/smsUtils/__tests__/smsUtils.test.ts',
            'lwc/tsconfig.json',
            'objects/SMS_Queue__c.object'
        ]) {
            fs.mkdirSync(path.dirname(path.join(leaky, file)), { recursive: true });
            fs.writeFileSync(path.join(leaky, file), '');
        }
        expect(leakedFiles(leaky)).toEqual([
            'lwc/smsUtils/__tests__/',
            'lwc/smsUtils/smsUtils.ts',
            'lwc/tsconfig.json'
        ]);
    });

    it('fails on a package the CLI cannot read, and says which file', async () => {
        const [, converted] = await runs;
        expect(converted.code).not.toBe(0);
        expect(converted.json?.name).toBe('TypeInferenceError');
        expect(converted.json?.message).toContain('Stray__c.field-meta.xml');
    });
});
