// An agent without the SMS_Reject_Offers custom permission: the platform resolves the import to
// undefined (it is true only for users who hold the permission).
jest.mock('@salesforce/customPermission/SMS_Reject_Offers', () => ({ __esModule: true, default: undefined }), {
    virtual: true
});

import { createRecord } from 'lightning/uiRecordApi';
import { mountPanel, resetPlatform } from './panelHarness';
import { NOW } from '../../../../../test/panelFixtures';
import { expectAccessible, resetDom } from '../../../../../test/test-utils';

describe('c-sms-agent-panel without the reject permission (B5)', () => {
    beforeEach(() => {
        jest.useFakeTimers({ now: NOW });
        resetPlatform();
    });

    afterEach(() => {
        resetDom();
        jest.useRealTimers();
    });

    it('disables Reject on every offer and says why', async () => {
        const h = await mountPanel();
        const card = h.$('c-sms-offer-card')!;
        expect((card as unknown as { canReject: boolean }).canReject).toBe(false);
        const reject = card.shadowRoot!.querySelector('.sms-offer__reject') as HTMLElement & { disabled: boolean };
        expect(reject.disabled).toBe(true);
        expect(card.shadowRoot!.querySelector('.sms-offer__reject-explanation')!.textContent!.trim()).toBe(
            "You can't reject offers: your administrator has not given you the Reject Offers permission."
        );
        reject.dispatchEvent(new CustomEvent('click'));
        await h.settle();
        expect(createRecord).not.toHaveBeenCalled();
        const accept = card.shadowRoot!.querySelector('.sms-offer__accept') as HTMLElement & { disabled: boolean };
        expect(accept.disabled).toBe(false);
        await expectAccessible(h.element);
    });
});
