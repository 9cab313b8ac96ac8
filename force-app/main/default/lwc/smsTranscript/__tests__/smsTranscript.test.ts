import { createElement } from 'lwc';
import SmsTranscript from 'c/smsTranscript';
import { MessageList, readConversation } from 'c/smsModel';
import type { MessageView } from 'c/smsModel';
import { IDS, conversationData } from '../../../../../test/panelFixtures';
import { flushPromises, resetDom } from '../../../../../test/test-utils';

type Button = HTMLElement & { label: string; disabled: boolean; title: string };

function messages(): MessageView[] {
    return readConversation(conversationData() as never).messages;
}

function render(props: Record<string, unknown> = {}) {
    const element = createElement('c-sms-transcript', { is: SmsTranscript });
    Object.assign(element, { messages: new MessageList(IDS.urgent, messages(), false), canResend: true, ...props });
    document.body.appendChild(element);
    return element;
}

const rows = (el: HTMLElement) => Array.from(el.shadowRoot!.querySelectorAll('li.sms-msg')) as HTMLElement[];

describe('c-sms-transcript', () => {
    afterEach(resetDom);

    it('shows each message with its direction, sender, time and delivery status (B9, X6)', async () => {
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
        expect(items[0].querySelector('.sms-msg__body')!.textContent).toBe('Hi, my order has not arrived yet.');
        const time = items[1].querySelector('lightning-formatted-date-time') as HTMLElement & { value: string };
        expect(time.value).toBe('2026-11-25T14:34:00.000Z');
        expect(items[1].querySelector('.sms-msg__status')!.textContent).toBe(' · Delivered');
        expect(items[0].querySelector('.sms-msg__status')).toBeNull();
        const list = element.shadowRoot!.querySelector('ol')!;
        expect(list.getAttribute('aria-label')).toBe('Conversation');
        await expect(element).toBeAccessible();
    });

    it('flags a failed message with the provider’s reason and offers to send it again', async () => {
        const element = render();
        const handler = jest.fn();
        element.addEventListener('resend', handler);
        await flushPromises();
        const failed = rows(element)[2];
        expect(failed.querySelector('.sms-msg__status')!.textContent).toBe(' · Not delivered');
        expect(failed.querySelector('.sms-msg__error')!.textContent).toBe(
            'Not delivered: Unreachable destination handset'
        );
        const resend = failed.querySelector('.sms-msg__resend') as Button;
        expect(resend.label).toBe('Send again');
        expect(resend.title).toBe('Send this message again');
        resend.dispatchEvent(new CustomEvent('click'));
        expect(handler.mock.calls[0][0].detail).toEqual({ messageId: IDS.failedMessage });
        expect(rows(element)[1].querySelector('.sms-msg__resend')).toBeNull();

        Object.assign(element, { resendPendingIds: [IDS.failedMessage] });
        await flushPromises();
        const pending = rows(element)[2].querySelector('.sms-msg__resend') as Button;
        expect(pending.label).toBe('Sending again…');
        expect(pending.disabled).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('offers no Resend when the conversation cannot send', async () => {
        const element = render({ canResend: false });
        await flushPromises();
        expect(element.shadowRoot!.querySelector('.sms-msg__resend')).toBeNull();
        expect(rows(element)[2].querySelector('.sms-msg__error')).not.toBeNull();
    });

    it('says why when the provider gave no reason', async () => {
        const list = messages();
        list[2] = { ...list[2], errorMessage: null };
        const element = render({ messages: new MessageList(IDS.urgent, list, false) });
        await flushPromises();
        expect(rows(element)[2].querySelector('.sms-msg__error')!.textContent).toBe(
            'Not delivered. The provider gave no reason.'
        );
    });

    it('says why the service refused or gave up on a message, from its code, in words (X6)', async () => {
        const list = messages();
        list[2] = { ...list[2], errorCode: 'OPTED_OUT', errorMessage: 'The customer has opted out (STOP).' };
        const element = render({ messages: new MessageList(IDS.urgent, list, false) });
        await flushPromises();
        expect(rows(element)[2].querySelector('.sms-msg__error')!.textContent).toBe(
            'This customer has opted out of SMS from this number.'
        );
    });

    it('shows the agent’s messages the records do not show yet, once', async () => {
        const element = render({
            pendingMessages: [
                { id: 'a06000000000011AAA', body: 'On its way' },
                { id: 'a06000000000005AAA', body: 'Hello?' }
            ]
        });
        await flushPromises();
        const items = rows(element);
        expect(items).toHaveLength(6);
        const last = items[5];
        expect(last.className).toContain('sms-msg_pending');
        expect(last.textContent).toContain('On its way');
        expect(last.textContent).toContain('Sending…');
    });

    it('says when there are no messages yet', async () => {
        const element = render({ messages: MessageList.EMPTY });
        await flushPromises();
        expect(rows(element).map((li) => li.textContent)).toEqual(['No messages yet.']);
        await expect(element).toBeAccessible();
    });

    it('shows the latest messages of a long conversation and the earlier ones on request, never silently', async () => {
        const many: MessageView[] = Array.from({ length: 120 }, (_, i) => ({
            ...messages()[i % 2 === 0 ? 0 : 1],
            id: `a0600000000${String(1000 + i)}AAA`,
            body: `Message ${i + 1}`,
            createdDate: new Date(Date.parse('2026-11-25T10:00:00.000Z') + i * 1000).toISOString()
        }));
        const element = render({ messages: new MessageList(IDS.urgent, many, false) });
        await flushPromises();
        expect(rows(element)).toHaveLength(50);
        expect(rows(element)[0].querySelector('.sms-msg__body')!.textContent).toBe('Message 71');
        const earlier = element.shadowRoot!.querySelector('.sms-transcript__earlier') as Button;
        expect(earlier.label).toBe('Show 50 earlier messages (70 not shown)');
        earlier.dispatchEvent(new CustomEvent('click'));
        await flushPromises();
        expect(rows(element)).toHaveLength(100);
        expect(earlier.label).toBe('Show 20 earlier messages (20 not shown)');

        // A new message keeps what the agent opened.
        Object.assign(element, {
            messages: new MessageList(
                IDS.urgent,
                [...many, { ...many[0], id: 'a06000000000999AAA', body: 'New' }],
                false
            )
        });
        await flushPromises();
        expect(rows(element)).toHaveLength(100);
        expect(rows(element).at(-1)!.querySelector('.sms-msg__body')!.textContent).toBe('New');

        (element.shadowRoot!.querySelector('.sms-transcript__earlier') as Button).dispatchEvent(
            new CustomEvent('click')
        );
        await flushPromises();
        expect(rows(element)).toHaveLength(121);
        expect(element.shadowRoot!.querySelector('.sms-transcript__earlier')).toBeNull();

        // Another conversation starts again from its latest messages.
        Object.assign(element, {
            messages: new MessageList(
                IDS.active,
                many.map((m) => ({ ...m, id: `${m.id}-b` })),
                false
            )
        });
        await flushPromises();
        expect(rows(element)).toHaveLength(50);
        await expect(element).toBeAccessible();
    });
});
