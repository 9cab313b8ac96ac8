import path from 'path';
import { checkLabels } from '../lib/label-rules';
import { checkNoApex } from '../lib/no-apex';
import { copyProject, ProjectCopy, REPO, SOURCE } from './project-copy';

const label = (name: string, extra: string): string =>
    `    <labels>\n        <fullName>${name}</fullName>\n${extra}    </labels>\n`;
const labelsFile = (body: string): string =>
    `<?xml version="1.0" encoding="UTF-8" ?>\n<CustomLabels xmlns="http://soap.sforce.com/2006/04/metadata">\n${body}</CustomLabels>\n`;
const GOOD =
    '        <language>en_US</language>\n        <protected>false</protected>\n        <shortDescription>Shown on the probe</shortDescription>\n        <value>Probe</value>\n';

describe('custom labels: SMS_<Component>_<Key>, described, defined once', () => {
    let copy: ProjectCopy;
    beforeEach(() => {
        copy = copyProject();
    });
    afterEach(() => copy.dispose());

    it('holds for the package', () => {
        expect(checkLabels(path.join(REPO, SOURCE, 'labels'), REPO)).toEqual([]);
    });

    it('accepts well-formed labels split over several files', () => {
        copy.write(`${SOURCE}/labels/SMS_ProbeA.labels-meta.xml`, labelsFile(label('SMS_ProbeA_Title', GOOD)));
        copy.write(
            `${SOURCE}/labels/SMS_ProbeB.labels-meta.xml`,
            labelsFile(label('SMS_ProbeB_Error_Not_Found', GOOD))
        );
        expect(checkLabels(copy.file(`${SOURCE}/labels`), copy.root)).toEqual([]);
    });

    it('reports a badly named label, a missing description and a label defined twice', () => {
        const file = `${SOURCE}/labels/SMS_Probe.labels-meta.xml`;
        copy.write(
            file,
            labelsFile(
                label('ProbeTitle', GOOD) +
                    label(
                        'SMS_Probe_NoDescription',
                        '        <language>en_US</language>\n        <protected>false</protected>\n        <value>Probe</value>\n'
                    ) +
                    label('SMS_Probe_Title', GOOD)
            )
        );
        copy.write(`${SOURCE}/labels/SMS_Other.labels-meta.xml`, labelsFile(label('SMS_Probe_Title', GOOD)));
        expect(checkLabels(copy.file(`${SOURCE}/labels`), copy.root)).toEqual([
            { file, message: 'label ProbeTitle: name must follow SMS_<Component>_<Key>, for example SMS_Panel_Accept' },
            {
                file,
                message: 'label SMS_Probe_NoDescription: needs a shortDescription that says where the text appears'
            },
            { file, message: 'label SMS_Probe_Title: is also defined in SMS_Other.labels-meta.xml' }
        ]);
    });
});

describe('no Apex anywhere', () => {
    it('holds for the repository', () => {
        expect(checkNoApex(REPO)).toEqual([]);
    });

    it('reports an Apex class or trigger wherever it is', () => {
        const copy = copyProject();
        try {
            copy.write(`${SOURCE}/classes/SmsController.cls`, 'public class SmsController {}\n');
            copy.write(`${SOURCE}/classes/SmsController.cls-meta.xml`, '<ApexClass/>\n');
            copy.write('tools/Sms.trigger', 'trigger Sms on Account (before insert) {}\n');
            expect(checkNoApex(copy.root).map((p) => p.file)).toEqual([
                `${SOURCE}/classes/SmsController.cls`,
                `${SOURCE}/classes/SmsController.cls-meta.xml`,
                'tools/Sms.trigger'
            ]);
        } finally {
            copy.dispose();
        }
    });
});
