import { createElement } from 'lwc';
import SmsConversation from 'c/smsConversation';
import { MessageList, readConversation, readPanelState } from 'c/smsModel';
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
        conversation: new MessageList(IDS.urgent, messages(), false),
        ...props
    });
    document.body.appendChild(element);
    return element;
}

const transcriptRoot = (el: HTMLElement) => el.shadowRoot!.querySelector('c-sms-transcript')!.shadowRoot!;
const rows = (el: HTMLElement) => Array.from(transcriptRoot(el).querySelectorAll('li.sms-msg')) as HTMLElement[];
const live = (el: HTMLElement) => el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent;

describe('c-sms-conversation', () => {
    afterEach(resetDom);

    it('shows who the customer is and hands the messages to the transcript (B9, B21)', async () => {
        const element = render();
        await flushPromises();
        expect(element.shadowRoot!.querySelector('h2')!.textContent).toBe('+447700900123');
        expect(element.shadowRoot!.textContent).toContain('Company number: Support UK');
        expect(element.shadowRoot!.textContent).toContain('Queue: Support');
        const transcript = element.shadowRoot!.querySelector('c-sms-transcript') as HTMLElement & {
            messages: MessageList;
            canResend: boolean;
        };
        expect(transcript.messages.messages.map((m: MessageView) => m.id)).toEqual(messages().map((m) => m.id));
        expect(transcript.canResend).toBe(true);
        expect(rows(element)).toHaveLength(5);
        await expect(element).toBeAccessible();
    });

    it('passes a Resend from the transcript on with the interaction (X6)', async () => {
        const element = render();
        const handler = jest.fn();
        element.addEventListener('resend', handler);
        await flushPromises();
        const resend = rows(element)[2].querySelector('.sms-msg__resend') as Button;
        resend.dispatchEvent(new CustomEvent('click'));
        expect(handler.mock.calls[0][0].detail).toEqual({ interactionId: IDS.urgent, messageId: IDS.failedMessage });
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
        Object.assign(element, { conversation: new MessageList(IDS.urgent, next, false) });
        await flushPromises();
        expect(live(element)).toBe('Customer: Order 10-4471 please');
        expect(rows(element)).toHaveLength(7);

        Object.assign(element, {
            interaction: { ...interaction(), id: IDS.active },
            conversation: new MessageList(
                IDS.active,
                next.map((m) => ({ ...m, id: `${m.id}-b` })),
                false
            )
        });
        await flushPromises();
        expect(live(element)).toBe('');
    });

    it('never shows one interaction’s messages under another', async () => {
        const element = render({ interaction: { ...interaction(), id: IDS.active } });
        await flushPromises();
        expect(rows(element).map((li) => li.textContent)).toEqual(['No messages yet.']);
    });

    it('hands the messages sent but not yet recorded, and the resends under way, to the transcript', async () => {
        const element = render({
            pendingMessages: [{ id: 'a06000000000011AAA', body: 'On its way' }],
            resendPendingIds: [IDS.failedMessage]
        });
        await flushPromises();
        expect(rows(element).at(-1)!.textContent).toContain('On its way');
        const transcript = element.shadowRoot!.querySelector('c-sms-transcript') as HTMLElement & {
            resendPendingIds: string[];
        };
        expect(transcript.resendPendingIds).toEqual([IDS.failedMessage]);
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
        expect(transcriptRoot(element).querySelector('.sms-msg__resend')).toBeNull();
        expect(element.shadowRoot!.textContent).toContain('Ended. Choose a disposition and wrap up.');
    });

    it('shows an opted-out customer and offers no Resend (X5)', async () => {
        const element = render({ interaction: interaction({ Customer_Opted_Out__c: true }) });
        await flushPromises();
        expect(element.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim()).toBe(
            'This customer has opted out of SMS from this number.'
        );
        expect(transcriptRoot(element).querySelector('.sms-msg__resend')).toBeNull();
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
        Object.assign(element, { firstMatchName: 'Grace Hopper' });
        await flushPromises();
        expect(element.shadowRoot!.querySelector('.sms-avatar .slds-assistive-text')!.textContent).toBe(
            'Matching records: 3, first: Grace Hopper'
        );
    });

    it('says when the oldest messages are left out', async () => {
        const element = render({ conversation: new MessageList(IDS.urgent, messages(), true) });
        await flushPromises();
        expect(element.shadowRoot!.textContent).toContain('Older messages are not shown here');
    });
});
