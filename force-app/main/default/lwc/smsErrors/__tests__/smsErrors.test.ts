/**
 * The panel's side of the one error vocabulary: every code the service can write to
 * Result_Detail__c or Error_Code__c reads as a label of its own, and nothing else does. The
 * service's list is imported from the service itself (service/src/agentErrors.ts), so a code
 * added there without a label here fails this test; service/src/agentErrors.test.ts checks the
 * other direction and the label files.
 */
import { ERROR_LABELS, errorLabel } from 'c/smsErrors';
import { refusalMessage } from 'c/smsActions';
import { AGENT_ERRORS } from '../../../../../../service/src/agentErrors';

const GENERIC = 'The service did not carry out this request.';

describe('c/smsErrors', () => {
    it('maps every code the service writes to a label, and no code the service never writes', () => {
        const serviceCodes = Object.keys(AGENT_ERRORS).sort();
        expect(Object.keys(ERROR_LABELS).sort()).toEqual(serviceCodes);
        for (const code of serviceCodes) {
            const text = errorLabel(code);
            expect(text).toEqual(expect.any(String));
            expect(text).not.toBe('');
            // The label's English text, not its name.
            expect(text).not.toMatch(/^SMS_/);
            expect(refusalMessage(code)).toBe(text);
            expect(refusalMessage(code)).not.toBe(GENERIC);
        }
    });

    it('leaves provider codes and unknown values to the caller', () => {
        expect(errorLabel('30003')).toBeNull();
        expect(errorLabel('SMS_Error_Service')).toBeNull();
        expect(errorLabel(null)).toBeNull();
        expect(errorLabel(' OPTED_OUT ')).toBe('This customer has opted out of SMS from this number.');
        expect(refusalMessage('30003')).toBe(GENERIC);
    });
});
