import { createElement } from 'lwc';
import SmsConversation from 'c/smsConversation';
import { readConversation, readPanelState } from 'c/smsModel';
import type { InteractionView, MessageView, PanelStateData } from 'c/smsModel';
import { IDS, conversationData, setFields, stateData } from '../../../../../test/panelFixtures';
import { flushPromises, resetDom } from '../../../../../test/test-utils';

type Button = HTMLElement & { label: string; disabled: boolean };

function interaction(values: Record<string, unknown> = {}): InteractionView {
    const data = setFields(stateData(), 'SMS_Interaction__c', IDS.urgent, values);
    return readPanelState(data as unknown as PanelStateData).interactions.find((i) => i.id === IDS.urgent)!;
}

function messages(): MessageView[] {
    return readConversation(conversationData() as never).messages;
}

function render(props: Record<string, unknown> = {}) {
    const element = createElement('c-sms-conversation', { is: SmsConversation });
    Object.assign(element, {
        interaction: interaction(),
        conversation: { interactionId: IDS.urgent, messages: messages(), truncated: false },
        ...props
    });
    document.body.appendChild(element);
    return element;
}

const rows = (el: HTMLElement) => Array.from(el.shadowRoot!.querySelectorAll('li.sms-msg')) as HTMLElement[];
const live = (el: HTMLElement) => el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent;

describe('c-sms-conversation', () => {
    afterEach(resetDom);

    it('shows the transcript with direction, sender, time and delivery status (B9, X6)', async () => {
        const element = render();
        await flushPromises();
        const items = rows(element);
        expect(items).toHaveLength(5);
        expect(items.map((li) => li.className.includes('sms-msg_outbound'))).toEqual([false, true, true, false, false]);
        expect(items.map((li) => li.querySelector('.sms-msg__sender')!.textContent)).toEqual([
            'Customer',
            'You',
            'You',
            'Customer',
            'Customer'
        ]);
        const time = items[1].querySelector('lightning-formatted-date-time') as HTMLElement & { value: string };
        expect(time.value).toBe('2026-11-25T14:34:00.000Z');
        expect(items[1].querySelector('.sms-msg__status')!.textContent).toContain('Delivered');
        expect(items[0].querySelector('.sms-msg__status')).toBeNull();
        expect(element.shadowRoot!.querySelector('h2')!.textContent).toBe('+447700900123');
        expect(element.shadowRoot!.textContent).toContain('Company number: Support UK');
        await expect(element).toBeAccessible();
    });

    it('flags a failed message with its error and offers Resend (X6)', async () => {
        const element = render();
        const handler = jest.fn();
        element.addEventListener('resend', handler);
        await flushPromises();
        const failed = rows(element)[2];
        expect(failed.querySelector('.sms-msg__status')!.textContent).toContain('Not delivered');
        expect(failed.querySelector('.sms-msg__error')!.textContent).toBe(
            'Not delivered: Unreachable destination handset'
        );
        const resend = failed.querySelector('.sms-msg__resend') as Button;
        expect(resend.label).toBe('Send again');
        resend.dispatchEvent(new CustomEvent('click'));
        expect(handler.mock.calls[0][0].detail).toEqual({ interactionId: IDS.urgent, messageId: IDS.failedMessage });
        expect(rows(element)[1].querySelector('.sms-msg__resend')).toBeNull();

        Object.assign(element, { resendPendingIds: [IDS.failedMessage] });
        await flushPromises();
        const pending = rows(element)[2].querySelector('.sms-msg__resend') as Button;
        expect(pending.label).toBe('Sending again…');
        expect(pending.disabled).toBe(true);
    });

    it('announces customer messages that arrive while open, but not the ones read on opening', async () => {
        const element = render();
        await flushPromises();
        expect(live(element)).toBe('');
        const next = [
            ...messages(),
            {
                ...messages()[4],
                id: 'a06000000000006AAA',
                body: 'Order 10-4471 please',
                createdDate: '2026-11-25T14:52:00.000Z'
            },
            { ...messages()[1], id: 'a06000000000007AAA', body: 'Looking now', createdDate: '2026-11-25T14:53:00.000Z' }
        ];
        Object.assign(element, { conversation: { interactionId: IDS.urgent, messages: next, truncated: false } });
        await flushPromises();
        expect(live(element)).toBe('Customer: Order 10-4471 please');
        expect(rows(element)).toHaveLength(7);

        Object.assign(element, {
            interaction: { ...interaction(), id: IDS.active },
            conversation: {
                interactionId: IDS.active,
                messages: next.map((m) => ({ ...m, id: `${m.id}-b` })),
                truncated: false
            }
        });
        await flushPromises();
        expect(live(element)).toBe('');
    });

    it('never shows one interaction’s messages under another', async () => {
        const element = render({ interaction: { ...interaction(), id: IDS.active } });
        await flushPromises();
        expect(rows(element).map((li) => li.textContent)).toEqual(['No messages yet.']);
    });

    it('shows messages the agent sent that the records do not show yet', async () => {
        const element = render({ pendingMessages: [{ id: 'a06000000000011AAA', body: 'On its way' }] });
        await flushPromises();
        const last = rows(element).at(-1)!;
        expect(last.className).toContain('sms-msg_pending');
        expect(last.textContent).toContain('On its way');
        expect(last.textContent).toContain('Sending…');
    });

    it('ends the interaction on End, showing the request pending (B10)', async () => {
        const element = render({ interaction: interaction({ Status__c: 'Active' }) });
        const handler = jest.fn();
        element.addEventListener('end', handler);
        await flushPromises();
        const end = element.shadowRoot!.querySelector('.sms-conversation__end') as Button;
        end.dispatchEvent(new CustomEvent('click'));
        expect(handler.mock.calls[0][0].detail).toEqual({ interactionId: IDS.urgent });
        Object.assign(element, { endPending: true });
        await flushPromises();
        expect(end.label).toBe('Ending…');
        expect(end.disabled).toBe(true);
    });

    it('has no End and no Resend once ended', async () => {
        const element = render({ interaction: interaction({ Status__c: 'Post-processing' }) });
        await flushPromises();
        expect(element.shadowRoot!.querySelector('.sms-conversation__end')).toBeNull();
        expect(element.shadowRoot!.querySelector('.sms-msg__resend')).toBeNull();
        expect(element.shadowRoot!.textContent).toContain('Ended. Choose a disposition and wrap up.');
    });

    it('shows an opted-out customer and offers no Resend (X5)', async () => {
        const element = render({ interaction: interaction({ Customer_Opted_Out__c: true }) });
        await flushPromises();
        expect(element.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim()).toBe(
            'This customer has opted out of SMS from this number.'
        );
        expect(element.shadowRoot!.querySelector('.sms-msg__resend')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('shows the matched-records count in the avatar spot until the CRM part fills the slot', async () => {
        const element = render({ interaction: interaction({ Match_Count__c: 3 }) });
        await flushPromises();
        expect(element.shadowRoot!.querySelector('.sms-avatar__count')!.textContent).toBe('3');
        expect(element.shadowRoot!.querySelector('.sms-avatar .slds-assistive-text')!.textContent).toBe(
            'Matching records: 3'
        );
        expect(element.shadowRoot!.querySelector('slot[name="customer"]')).not.toBeNull();
    });

    it('says when the oldest messages are left out', async () => {
        const element = render({ conversation: { interactionId: IDS.urgent, messages: messages(), truncated: true } });
        await flushPromises();
        expect(element.shadowRoot!.textContent).toContain('Older messages are not shown here');
    });
});
