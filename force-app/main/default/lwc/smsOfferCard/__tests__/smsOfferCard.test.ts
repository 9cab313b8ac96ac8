import { createElement } from 'lwc';
import SmsOfferCard from 'c/smsOfferCard';
import { readPanelState } from 'c/smsModel';
import type { InteractionView, PanelStateData } from 'c/smsModel';
import { IDS, NOW, setFields, stateData } from '../../../../../test/panelFixtures';
import { expectAccessible, flushPromises, resetDom } from '../../../../../test/test-utils';

type Button = HTMLElement & { label: string; disabled: boolean; title: string };

function offer(values: Record<string, unknown> = {}): InteractionView {
    const data = setFields(stateData(), 'SMS_Interaction__c', IDS.offer, values);
    return readPanelState(data as unknown as PanelStateData).interactions.find((i) => i.id === IDS.offer)!;
}

function render(props: Record<string, unknown>) {
    const element = createElement('c-sms-offer-card', { is: SmsOfferCard });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

const accept = (el: HTMLElement) => el.shadowRoot!.querySelector('.sms-offer__accept') as Button;
const reject = (el: HTMLElement) => el.shadowRoot!.querySelector('.sms-offer__reject') as Button;
const timer = (el: HTMLElement) => el.shadowRoot!.querySelector('[role="timer"]')!.textContent;
const text = (el: HTMLElement) => el.shadowRoot!.textContent ?? '';

describe('c-sms-offer-card', () => {
    beforeEach(() => {
        jest.useFakeTimers({ now: NOW });
    });

    afterEach(() => {
        resetDom();
        jest.useRealTimers();
    });

    it('previews the customer number (formatted), the queue and the matches before accepting (B4)', async () => {
        const element = render({ offer: offer(), firstMatchName: 'Grace Hopper', canReject: true });
        await flushPromises();
        expect(element.shadowRoot!.querySelector('h3')!.textContent).toBe('SMS from +1 (415) 555-0199');
        expect(text(element)).toContain('Queue: Sales');
        expect(text(element)).toContain('To: Support US');
        expect(text(element)).toContain('2 matching records Grace Hopper');
        expect(element.shadowRoot!.querySelector('.sms-offer__match-count')!.textContent).toBe('2');
        await expectAccessible(element);
    });

    it('says when nothing matches, and fills the first match name in when it arrives later', async () => {
        const element = render({ offer: offer({ Match_Count__c: 0, Matched_Record_Ids__c: null }) });
        await flushPromises();
        expect(text(element)).toContain('No matching record');
        Object.assign(element, { offer: offer({ Match_Count__c: 1 }), firstMatchName: 'Ada Lovelace' });
        await flushPromises();
        expect(text(element)).toContain('1 matching record Ada Lovelace');
    });

    it('counts down to the acceptance deadline and, at zero, disables Accept and says so (B3)', async () => {
        const element = render({ offer: offer(), canReject: true });
        const expired = jest.fn();
        element.addEventListener('expire', expired);
        await flushPromises();
        expect(timer(element)).toBe('Time left to accept: 0:30');
        jest.advanceTimersByTime(12000);
        await flushPromises();
        expect(timer(element)).toBe('Time left to accept: 0:18');
        expect(accept(element).disabled).toBe(false);
        jest.advanceTimersByTime(18000);
        await flushPromises();
        expect(timer(element)).toBe('Time to accept is up.');
        expect(accept(element).disabled).toBe(true);
        expect(reject(element).disabled).toBe(true);
        expect(expired).toHaveBeenCalledTimes(1);
        expect(expired.mock.calls[0][0].detail).toEqual({ interactionId: IDS.offer });
        jest.advanceTimersByTime(5000);
        expect(expired).toHaveBeenCalledTimes(1);
    });

    it('asks to accept, and shows the request pending', async () => {
        const element = render({ offer: offer(), canReject: true });
        const handler = jest.fn();
        element.addEventListener('accept', handler);
        await flushPromises();
        expect(accept(element).title).toBe('Accept the SMS from +1 (415) 555-0199');
        accept(element).dispatchEvent(new CustomEvent('click'));
        expect(handler.mock.calls[0][0].detail).toEqual({ interactionId: IDS.offer });
        Object.assign(element, { pending: 'accept' });
        await flushPromises();
        expect(accept(element).label).toBe('Accepting…');
        expect(accept(element).disabled).toBe(true);
        expect(reject(element).disabled).toBe(true);
    });

    it('disables Reject with the reason when the agent lacks the reject permission (B5)', async () => {
        const element = render({ offer: offer(), canReject: false });
        const handler = jest.fn();
        element.addEventListener('reject', handler);
        await flushPromises();
        expect(reject(element).disabled).toBe(true);
        const reason = "You can't reject offers: your administrator has not given you the Reject Offers permission.";
        expect(reject(element).title).toBe(reason);
        expect(element.shadowRoot!.querySelector('.sms-offer__reject-explanation')!.textContent!.trim()).toBe(reason);
        reject(element).dispatchEvent(new CustomEvent('click'));
        expect(handler).not.toHaveBeenCalled();
        await expectAccessible(element);
    });

    it('lets an agent with the permission reject (B5, B6)', async () => {
        const element = render({ offer: offer(), canReject: true });
        const handler = jest.fn();
        element.addEventListener('reject', handler);
        await flushPromises();
        expect(reject(element).disabled).toBe(false);
        expect(element.shadowRoot!.querySelector('.sms-offer__reject-explanation')).toBeNull();
        reject(element).dispatchEvent(new CustomEvent('click'));
        expect(handler.mock.calls[0][0].detail).toEqual({ interactionId: IDS.offer });
    });

    it('shows an opted-out customer at the offer', async () => {
        const element = render({ offer: offer({ Customer_Opted_Out__c: true }), canReject: true });
        await flushPromises();
        expect(text(element)).toContain('This customer has opted out of SMS from this number.');
    });

    it('lets several offers expire each on its own (B18, B20)', async () => {
        const first = render({ offer: offer(), canReject: true });
        const second = render({
            offer: { ...offer({ Offer_Expires_At__c: '2026-11-25T15:00:50.000Z' }), id: 'a02000000000004AAA' },
            canReject: true
        });
        await flushPromises();
        jest.advanceTimersByTime(30000);
        await flushPromises();
        expect(accept(first).disabled).toBe(true);
        expect(accept(second).disabled).toBe(false);
        expect(timer(second)).toBe('Time left to accept: 0:20');
    });
});
