import { createElement } from 'lwc';
import SmsWrapUp from 'c/smsWrapUp';
import { readPanelState } from 'c/smsModel';
import type { InteractionView, PanelStateData } from 'c/smsModel';
import picklist from '../../smsAgentPanel/__tests__/data/dispositionPicklist.json';
import { IDS, NOW, setFields, stateData } from '../../../../../test/panelFixtures';
import { expectAccessible, flushPromises, resetDom } from '../../../../../test/test-utils';

type Button = HTMLElement & { label: string; disabled: boolean };

const OPTIONS = picklist.values.map((v) => ({ label: v.label, value: v.value }));

function ended(values: Record<string, unknown> = {}): InteractionView {
    const data = setFields(stateData(), 'SMS_Interaction__c', IDS.active, {
        Status__c: 'Post-processing',
        Terminated_At__c: '2026-11-25T14:59:00.000Z',
        Wrap_Up_Deadline__c: '2026-11-25T15:02:00.000Z',
        ...values
    });
    return readPanelState(data as unknown as PanelStateData).interactions.find((i) => i.id === IDS.active)!;
}

function render(props: Record<string, unknown>) {
    const element = createElement('c-sms-wrap-up', { is: SmsWrapUp });
    Object.assign(element, { dispositionOptions: OPTIONS, ...props });
    document.body.appendChild(element);
    return element;
}

const button = (el: HTMLElement) => el.shadowRoot!.querySelector('.sms-wrap-up__button') as Button;
const picker = (el: HTMLElement) =>
    el.shadowRoot!.querySelector('lightning-combobox') as HTMLElement & { required: boolean; options: unknown[] };
const timer = (el: HTMLElement) => el.shadowRoot!.querySelector('[role="timer"]')!.textContent;

describe('c-sms-wrap-up', () => {
    beforeEach(() => jest.useFakeTimers({ now: NOW }));
    afterEach(() => {
        resetDom();
        jest.useRealTimers();
    });

    it('counts down the post-processing time; at zero it says the interaction closes on its own (B10, B11)', async () => {
        const element = render({ interaction: ended() });
        await flushPromises();
        expect(timer(element)).toBe('Wrap-up time left: 2:00');
        jest.advanceTimersByTime(61000);
        await flushPromises();
        expect(timer(element)).toBe('Wrap-up time left: 0:59');
        jest.advanceTimersByTime(59000);
        await flushPromises();
        expect(timer(element)).toBe('Wrap-up time is up; the interaction closes on its own.');
        expect(button(element).disabled).toBe(true);
    });

    it('offers the disposition codes from the picklist and wraps up with the one chosen (B12, B28)', async () => {
        const element = render({ interaction: ended() });
        const handler = jest.fn();
        element.addEventListener('wrapup', handler);
        await flushPromises();
        expect(picker(element).options).toEqual(OPTIONS);
        expect(picker(element).required).toBe(false);
        expect(button(element).disabled).toBe(false);
        picker(element).dispatchEvent(new CustomEvent('change', { detail: { value: 'Follow_Up' } }));
        await flushPromises();
        button(element).dispatchEvent(new CustomEvent('click'));
        expect(handler.mock.calls[0][0].detail).toEqual({ interactionId: IDS.active, disposition: 'Follow_Up' });
        await expectAccessible(element);
    });

    it('keeps Wrap up disabled until a disposition is chosen when the queue requires one (B12)', async () => {
        const element = render({ interaction: ended({ Disposition_Required__c: true }) });
        const handler = jest.fn();
        element.addEventListener('wrapup', handler);
        await flushPromises();
        expect(picker(element).required).toBe(true);
        expect(button(element).disabled).toBe(true);
        expect(element.shadowRoot!.querySelector('.sms-wrap-up__required')!.textContent!.trim()).toBe(
            'Choose a disposition to wrap up.'
        );
        button(element).dispatchEvent(new CustomEvent('click'));
        expect(handler).not.toHaveBeenCalled();
        picker(element).dispatchEvent(new CustomEvent('change', { detail: { value: 'Resolved' } }));
        await flushPromises();
        expect(button(element).disabled).toBe(false);
        expect(element.shadowRoot!.querySelector('.sms-wrap-up__required')).toBeNull();
        button(element).dispatchEvent(new CustomEvent('click'));
        expect(handler.mock.calls[0][0].detail).toEqual({ interactionId: IDS.active, disposition: 'Resolved' });
    });

    it('says so when a disposition is required and none could be loaded', async () => {
        const element = render({ interaction: ended({ Disposition_Required__c: true }), dispositionOptions: [] });
        await flushPromises();
        expect(element.shadowRoot!.textContent).toContain('A disposition is required but none could be loaded.');
        expect(button(element).disabled).toBe(true);
    });

    it('shows the wrap-up pending until the service closes it', async () => {
        const element = render({ interaction: ended(), pending: true });
        await flushPromises();
        expect(button(element).label).toBe('Wrapping up…');
        expect(button(element).disabled).toBe(true);
        await expectAccessible(element);
    });
});
