import fs from 'fs';
import path from 'path';
import { LocalOrg } from './localOrg';
import { MASTER_RECORD_TYPE_ID } from './uiApi';
import { UiApiError, objectInfo, picklistValues, picklistValuesByRecordType } from './uiObjectInfo';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

function uiError(fn: () => unknown): UiApiError {
    try {
        fn();
    } catch (error) {
        expect(error).toBeInstanceOf(UiApiError);
        return error as UiApiError;
    }
    throw new Error('expected a UI API error');
}

describe('the local org’s object info (lightning/uiObjectInfoApi)', () => {
    const org = new LocalOrg();

    test('getObjectInfo: labels from the metadata, key prefix, the master record type, fields', () => {
        const info = objectInfo(org, 'SMS_Agent__c');
        expect(info).toMatchObject({
            apiName: 'SMS_Agent__c',
            label: 'SMS Agent',
            labelPlural: 'SMS Agents',
            keyPrefix: org.objectDef('SMS_Agent__c').keyPrefix,
            custom: true,
            defaultRecordTypeId: MASTER_RECORD_TYPE_ID,
            nameFields: ['Name'],
            recordTypeInfos: {
                [MASTER_RECORD_TYPE_ID]: { master: true, available: true, recordTypeId: MASTER_RECORD_TYPE_ID }
            }
        });
        expect(info.eTag).toMatch(/^[0-9a-f]{32}$/);
        expect(info.fields.Name).toMatchObject({
            apiName: 'Name',
            label: 'Agent Name',
            dataType: 'String',
            nameField: true
        });
        expect(info.fields.Status__c).toMatchObject({
            label: 'Status',
            dataType: 'Picklist',
            createable: true,
            updateable: true,
            reference: false,
            referenceToInfos: []
        });
        expect(info.fields.User__c).toMatchObject({
            label: 'User',
            dataType: 'Reference',
            required: true,
            reference: true,
            relationshipName: 'User__r',
            referenceToInfos: [{ apiName: 'User', nameFields: ['FirstName', 'LastName', 'Name'] }]
        });
        expect(info.fields.Max_Interactions__c).toMatchObject({ dataType: 'Double' });
        expect(info.fields.Stop_New__c).toMatchObject({ dataType: 'Boolean', required: false });
        expect(info.fields.OwnerId).toMatchObject({
            label: 'Owner ID',
            relationshipName: 'Owner',
            dataType: 'Reference'
        });
        expect(info.fields.CreatedDate).toMatchObject({ dataType: 'DateTime', createable: false, updateable: false });
        expect(info.fields.Id).toMatchObject({ label: 'Record ID', createable: false });
        // A master-detail parent cannot be changed; the auto-number Name is not writeable.
        const message = objectInfo(org, 'SMS_Message__c');
        expect(message.fields.Interaction__c).toMatchObject({
            label: 'Interaction',
            createable: true,
            updateable: false,
            required: true
        });
        expect(objectInfo(org, 'SMS_Interaction__c').fields.Name).toMatchObject({
            label: 'Interaction Number',
            createable: false
        });
        expect(objectInfo(org, 'Contact')).toMatchObject({
            label: 'Contact',
            labelPlural: 'Contacts',
            keyPrefix: '003'
        });
        expect(objectInfo(org, 'Contact').fields.AccountId).toMatchObject({
            label: 'Account ID',
            relationshipName: 'Account'
        });
    });

    test('getPicklistValues: the field’s own values with labels and the default', () => {
        const values = picklistValues(org, 'SMS_Agent__c', 'Status__c');
        expect(values.values).toEqual([
            { attributes: null, label: 'Available', validFor: [], value: 'Available' },
            { attributes: null, label: 'On Break', validFor: [], value: 'On Break' },
            { attributes: null, label: 'Offline', validFor: [], value: 'Offline' },
            { attributes: null, label: 'Post-processing', validFor: [], value: 'Post-processing' }
        ]);
        expect(values).toMatchObject({
            controllerValues: {},
            defaultValue: { attributes: null, label: 'Offline', validFor: [], value: 'Offline' },
            url: `/services/data/v62.0/ui-api/object-info/SMS_Agent__c/picklist-values/${MASTER_RECORD_TYPE_ID}/Status__c`
        });
        expect(values.eTag).toMatch(/^[0-9a-f]{32}$/);
        // `Object.Field` is accepted as the field.
        expect(picklistValues(org, 'SMS_Agent__c', 'SMS_Agent__c.Status__c').values).toHaveLength(4);
        expect(picklistValues(org, 'SMS_Interaction__c', 'Status__c').defaultValue).toBeNull();
        expect(Object.keys(picklistValuesByRecordType(org, 'SMS_Agent__c').picklistFieldValues).sort()).toEqual([
            'Status_Reason__c',
            'Status__c'
        ]);
    });

    test('getPicklistValues of a field bound to a global value set: its active values, with labels', () => {
        const values = picklistValues(org, 'SMS_Interaction__c', 'Disposition__c');
        expect(values.values.map((v) => v.value)).toEqual([
            'Resolved',
            'Information Provided',
            'Follow-up Required',
            'Case Created',
            'Transferred',
            'No Response',
            'Wrong Number',
            'Spam'
        ]);
        // An admin deactivates a value and relabels another: the panel offers what the org has.
        const os = jest.requireActual<typeof import('os')>('os');
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gvs-'));
        try {
            fs.mkdirSync(path.join(dir, 'docs'));
            fs.copyFileSync(path.join(ROOT, 'docs', 'data-model.md'), path.join(dir, 'docs', 'data-model.md'));
            fs.cpSync(path.join(ROOT, 'force-app'), path.join(dir, 'force-app'), { recursive: true });
            const file = path.join(
                dir,
                'force-app/main/default/globalValueSets/SMS_Disposition.globalValueSet-meta.xml'
            );
            const xml = fs
                .readFileSync(file, 'utf8')
                .replace('<label>Spam</label>', '<label>Spam</label>\n        <isActive>false</isActive>')
                .replace('<label>Resolved</label>', '<label>Solved</label>')
                .replace(
                    /(<fullName>No Response<\/fullName>\s*)<default>false<\/default>/,
                    '$1<default>true</default>'
                );
            fs.writeFileSync(file, xml);
            const edited = picklistValues(new LocalOrg({ rootDir: dir }), 'SMS_Interaction__c', 'Disposition__c');
            expect(edited.values.map((v) => v.value)).not.toContain('Spam');
            expect(edited.values[0]).toEqual({ attributes: null, label: 'Solved', validFor: [], value: 'Resolved' });
            expect(edited.defaultValue?.value).toBe('No Response');
            expect(edited.eTag).not.toBe(values.eTag);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    test('unknown objects and fields are refused with the UI API’s error codes', () => {
        expect(uiError(() => objectInfo(org, 'Nope__c'))).toMatchObject({
            statusCode: 400,
            body: { errorCode: 'INVALID_TYPE', message: expect.stringContaining('Nope__c') }
        });
        // Platform events are no UI API objects.
        expect(uiError(() => objectInfo(org, 'SMS_Agent_Event__e')).body.errorCode).toBe('INVALID_TYPE');
        expect(uiError(() => picklistValues(org, 'Nope__c', 'Status__c')).body.errorCode).toBe('INVALID_TYPE');
        expect(uiError(() => picklistValues(org, 'SMS_Agent__c', 'Nope__c')).body).toMatchObject({
            errorCode: 'INVALID_FIELD',
            message: expect.stringContaining('Nope__c')
        });
        expect(uiError(() => picklistValues(org, 'SMS_Agent__c', 'Name')).body.errorCode).toBe('INVALID_FIELD');
    });
});
