import path from 'path';
import { metadataTypes } from '../lib/metadata-types';
import { checkMetadataStructure, checkXmlParses } from '../lib/metadata-structure';
import { copyProject, ProjectCopy, REPO, SOURCE } from './project-copy';

const FIELD = `${SOURCE}/objects/SMS_Queue__c/fields/Acceptance_Interval_Seconds__c.field-meta.xml`;

describe('every XML file of the package parses', () => {
    it('holds for the package', () => {
        expect(checkXmlParses(path.join(REPO, 'force-app'), REPO)).toEqual([]);
    });

    it('reports a file that is not well-formed, with its line', () => {
        const copy = copyProject();
        try {
            copy.replace(FIELD, '</label>', '</labl>');
            expect(checkXmlParses(copy.file('force-app'), copy.root)).toEqual([
                { file: FIELD, message: expect.stringMatching(/^not well-formed XML: line \d+, column \d+: .*label/) }
            ]);
        } finally {
            copy.dispose();
        }
    });
});

describe('every -meta.xml matches its Metadata API type (@salesforce/types)', () => {
    const types = metadataTypes();
    let copy: ProjectCopy;
    const check = () => checkMetadataStructure(copy.file('force-app'), types, copy.root);

    beforeEach(() => {
        copy = copyProject();
    });
    afterEach(() => copy.dispose());

    it('holds for the package', () => {
        expect(checkMetadataStructure(path.join(REPO, 'force-app'), types, REPO)).toEqual([]);
    });

    it('reports a typo in an element name, with the file, the path and the likely name', () => {
        copy.replace(FIELD, /<label>(.*)<\/label>/, '<lable>$1</lable>');
        expect(check()).toEqual([
            {
                file: FIELD,
                message: 'CustomField/lable: <lable> is not an element of CustomField (did you mean <label>?)'
            }
        ]);
    });

    it('reports an element nested where its type does not allow it', () => {
        const flow = `${SOURCE}/flows/SMS_Publish_Agent_Action.flow-meta.xml`;
        copy.replace(
            flow,
            '<object>SMS_Agent_Action__e</object>',
            '<inputAssignments><object>SMS_Agent_Action__e</object></inputAssignments>'
        );
        expect(check()).toEqual([
            {
                file: flow,
                message:
                    'Flow/recordCreates/inputAssignments[5]/object: <object> is not an element of FlowInputFieldAssignment'
            }
        ]);
    });

    it('reports a value outside the enumeration, a non-boolean and a repeated single element', () => {
        const object = `${SOURCE}/objects/SMS_Interaction__c/SMS_Interaction__c.object-meta.xml`;
        copy.replace(object, '<sharingModel>Private</sharingModel>', '<sharingModel>Privat</sharingModel>');
        copy.replace(
            object,
            '<enableSearch>true</enableSearch>',
            '<enableSearch>yes</enableSearch><enableSearch>true</enableSearch>'
        );
        expect(check().map((p) => p.message)).toEqual([
            'CustomObject/enableSearch: "yes" is not a boolean (true or false)',
            'CustomObject/enableSearch[2]: CustomObject allows one <enableSearch>, found more',
            expect.stringMatching(
                /^CustomObject\/sharingModel: "Privat" is not a value of SharingModel: one of Private, Read,/
            )
        ]);
    });

    it('reports a file whose root element does not match its suffix', () => {
        const tab = `${SOURCE}/tabs/SMS_Queue__c.tab-meta.xml`;
        copy.replace(tab, /CustomTab/g, 'CustomApplication');
        expect(check()).toEqual([
            {
                file: tab,
                message: 'root element <CustomApplication> should be <CustomTab> for a SMS_Queue__c.tab-meta.xml file'
            }
        ]);
    });
});
