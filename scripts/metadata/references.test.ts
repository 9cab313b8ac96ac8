import { checkLwcReferences } from '../lib/lwc-references';
import { checkMetadataReferences } from '../lib/metadata-references';
import { copyProject, ProjectCopy, REPO, SOURCE } from './project-copy';

/**
 * The SMS panel is built on its own branch; the utility bar names it already. Until it is merged
 * the page may name it before it exists; from then on it is checked like any other component.
 */

const LABELS = `<?xml version="1.0" encoding="UTF-8" ?>
<CustomLabels xmlns="http://soap.sforce.com/2006/04/metadata">
    <labels>
        <fullName>SMS_Probe_Title</fullName>
        <language>en_US</language>
        <protected>false</protected>
        <shortDescription>Title of the probe component</shortDescription>
        <value>Probe</value>
    </labels>
</CustomLabels>
`;

describe('LWC imports name things that exist in force-app', () => {
    let copy: ProjectCopy;
    beforeEach(() => {
        copy = copyProject();
        copy.write(`${SOURCE}/labels/SMS_Probe.labels-meta.xml`, LABELS);
    });
    afterEach(() => copy.dispose());

    const probe = (imports: string[]): void => {
        copy.write(
            `${SOURCE}/lwc/smsProbe/smsProbe.ts`,
            `${imports.map((m, i) => `import m${i} from '${m}';`).join('\n')}\nexport default [${imports.map((_, i) => `m${i}`).join(', ')}];\n`
        );
    };

    it('holds for the package', () => {
        expect(checkLwcReferences(REPO)).toEqual([]);
    });

    it('accepts fields, relationships, standard fields, labels and custom permissions that exist', () => {
        probe([
            '@salesforce/schema/SMS_Interaction__c',
            '@salesforce/schema/SMS_Interaction__c.Status__c',
            '@salesforce/schema/SMS_Interaction__c.Queue__r.Name',
            '@salesforce/schema/SMS_Message__c.Interaction__r.Customer_Phone__c',
            '@salesforce/schema/SMS_Agent_Event__e.Recipient_Id__c',
            '@salesforce/schema/Contact.Account.Name',
            '@salesforce/schema/Task.WhoId',
            '@salesforce/schema/Case.Owner.Name',
            '@salesforce/label/c.SMS_Probe_Title',
            '@salesforce/customPermission/SMS_Reject_Offers',
            '@salesforce/user/Id',
            '@salesforce/messageChannel/lightning__tabReplaced',
            'lightning/uiRecordApi'
        ]);
        expect(checkLwcReferences(copy.root)).toEqual([]);
    });

    it('reports a missing field, object, label or custom permission, person-account fields and Apex', () => {
        probe([
            '@salesforce/schema/SMS_Interaction__c.Statsu__c',
            '@salesforce/schema/SMS_Conversation__c',
            '@salesforce/schema/SMS_Interaction__c.Queue__r.Missing__c',
            '@salesforce/schema/Account.PersonMobilePhone',
            '@salesforce/label/c.SMS_Probe_Missing',
            '@salesforce/customPermission/SMS_Approve_Everything',
            '@salesforce/messageChannel/lightning__tabExploded',
            '@salesforce/apex/SmsController.send'
        ]);
        const file = `${SOURCE}/lwc/smsProbe/smsProbe.ts`;
        expect(checkLwcReferences(copy.root)).toEqual([
            {
                file,
                message:
                    'imports @salesforce/schema/SMS_Interaction__c.Statsu__c: SMS_Interaction__c has no field Statsu__c'
            },
            {
                file,
                message:
                    'imports @salesforce/schema/SMS_Conversation__c: object SMS_Conversation__c does not exist in the package'
            },
            {
                file,
                message:
                    'imports @salesforce/schema/SMS_Interaction__c.Queue__r.Missing__c: SMS_Queue__c has no field Missing__c'
            },
            {
                file,
                message: expect.stringContaining(
                    '@salesforce/schema/Account.PersonMobilePhone: Account.PersonMobilePhone exists only in orgs with person accounts'
                )
            },
            {
                file,
                message:
                    'imports @salesforce/label/c.SMS_Probe_Missing: custom label SMS_Probe_Missing is in no labels file'
            },
            {
                file,
                message:
                    'imports @salesforce/customPermission/SMS_Approve_Everything: custom permission SMS_Approve_Everything does not exist'
            },
            {
                file,
                message:
                    'imports @salesforce/messageChannel/lightning__tabExploded: lightning__tabExploded is not a console message channel'
            },
            {
                file,
                message: expect.stringContaining('imports @salesforce/apex/SmsController.send: the package has no Apex')
            }
        ]);
    });

    it('reports a label that disappeared from the label files', () => {
        probe(['@salesforce/label/c.SMS_Probe_Title']);
        copy.remove(`${SOURCE}/labels/SMS_Probe.labels-meta.xml`);
        expect(checkLwcReferences(copy.root).map((p) => p.message)).toEqual([
            'imports @salesforce/label/c.SMS_Probe_Title: custom label SMS_Probe_Title is in no labels file'
        ]);
    });
});

describe('metadata references name things that exist, in combinations the platform accepts', () => {
    let copy: ProjectCopy;
    beforeEach(() => {
        copy = copyProject();
    });
    afterEach(() => copy.dispose());

    it('holds for the package', () => {
        expect(checkMetadataReferences(REPO)).toEqual([]);
    });

    it('reports every place that uses a field that no longer exists', () => {
        copy.remove(`${SOURCE}/objects/SMS_Interaction__c/fields/SLA_Breached__c.field-meta.xml`);
        expect(checkMetadataReferences(copy.root)).toEqual([
            {
                file: `${SOURCE}/objects/SMS_Interaction__c/listViews/Past_SLA.listView-meta.xml`,
                message: 'filter on SLA_Breached__c: SMS_Interaction__c has no field SLA_Breached__c'
            },
            {
                file: `${SOURCE}/layouts/SMS_Interaction__c-SMS Interaction Layout.layout-meta.xml`,
                message: 'SMS_Interaction__c has no field SLA_Breached__c'
            },
            ...['SMS_Admin', 'SMS_Integration_User', 'SMS_Supervisor', 'SMS_Agent'].sort().map((name) => ({
                file: `${SOURCE}/permissionsets/${name}.permissionset-meta.xml`,
                message:
                    'field permission for SMS_Interaction__c.SLA_Breached__c: SMS_Interaction__c has no field SLA_Breached__c'
            }))
        ]);
    });

    it('reports an object or a field with no description for the admin', () => {
        copy.replace(
            `${SOURCE}/objects/SMS_Channel__c/SMS_Channel__c.object-meta.xml`,
            /<description>.*<\/description>/,
            ''
        );
        copy.replace(
            `${SOURCE}/objects/SMS_Queue__c/fields/Active__c.field-meta.xml`,
            /<description>.*<\/description>/,
            '<description>Active</description>'
        );
        expect(checkMetadataReferences(copy.root).map((p) => p.message)).toEqual([
            'SMS_Channel__c needs a description that tells an admin what it is for',
            'SMS_Queue__c.Active__c needs a description that tells an admin what it holds'
        ]);
    });

    it('reports a Flow entry condition on a picklist value that does not exist and a field the event lacks', () => {
        const flow = `${SOURCE}/flows/SMS_Publish_Outbound_Message.flow-meta.xml`;
        copy.replace(flow, '<stringValue>Queued</stringValue>', '<stringValue>Pending</stringValue>');
        copy.replace(flow, '<field>Object__c</field>', '<field>Object_Name__c</field>');
        expect(checkMetadataReferences(copy.root)).toEqual([
            {
                file: flow,
                message:
                    'start filter on Status__c: "Pending" is not a value of Status__c (Received, Queued, Sent, Delivered, Failed)'
            },
            { file: flow, message: 'creates SMS_Agent_Action__e: SMS_Agent_Action__e has no field Object_Name__c' },
            { file: flow, message: 'creates SMS_Agent_Action__e without its required field Object__c' }
        ]);
    });

    it('reports field access granted on a required field and Modify All without Delete', () => {
        const permset = `${SOURCE}/permissionsets/SMS_Admin.permissionset-meta.xml`;
        copy.replace(
            permset,
            '<fieldPermissions>',
            '<fieldPermissions><editable>true</editable><field>SMS_Channel__c.Queue__c</field><readable>true</readable></fieldPermissions><fieldPermissions>'
        );
        copy.replace(
            permset,
            /<allowDelete>true<\/allowDelete>(\s*<allowEdit>true<\/allowEdit>\s*<allowRead>true<\/allowRead>\s*<modifyAllRecords>true<\/modifyAllRecords>\s*<object>SMS_Quick_Answer__c)/,
            '<allowDelete>false</allowDelete>$1'
        );
        expect(checkMetadataReferences(copy.root).map((p) => p.message)).toEqual([
            'SMS_Quick_Answer__c: Modify All needs Read, Edit, Delete and View All',
            'field permission for SMS_Channel__c.Queue__c: required and master-detail fields are always accessible and may not be listed'
        ]);
    });

    it('reports a utility bar component the package does not have, and an app tab defined nowhere', () => {
        const app = `${SOURCE}/applications/SMS_Agent_Console.app-meta.xml`;
        copy.replace(app, '<tabs>SMS_Quick_Answer__c</tabs>', '<tabs>SMS_Quick_Answers__c</tabs>');
        const bar = `${SOURCE}/flexipages/SMS_Agent_Console_UtilityBar.flexipage-meta.xml`;
        copy.replace(
            bar,
            '<componentName>c:smsAgentPanel</componentName>',
            '<componentName>c:smsAgentPanels</componentName>'
        );
        expect(checkMetadataReferences(copy.root).map((p) => p.message)).toEqual([
            'tab SMS_Quick_Answers__c is defined nowhere',
            'workspace mapping for tab SMS_Quick_Answer__c, which the app does not list',
            'component c:smsAgentPanels is not a component of the package'
        ]);
    });

    it('checks the utility bar component: exposed, for the utility bar', () => {
        copy.write(`${SOURCE}/lwc/smsAgentPanel/smsAgentPanel.ts`, 'export default class {}\n');
        copy.write(
            `${SOURCE}/lwc/smsAgentPanel/smsAgentPanel.js-meta.xml`,
            '<?xml version="1.0" encoding="UTF-8" ?>\n<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>68.0</apiVersion><isExposed>true</isExposed><targets><target>lightning__AppPage</target></targets></LightningComponentBundle>\n'
        );
        expect(checkMetadataReferences(copy.root).map((p) => p.message)).toEqual([
            'component c:smsAgentPanel does not target lightning__UtilityBar'
        ]);
    });
});
