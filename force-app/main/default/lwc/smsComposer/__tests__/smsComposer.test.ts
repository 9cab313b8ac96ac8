import { createElement } from 'lwc';
import SmsComposer from 'c/smsComposer';
import { readPanelConfig } from 'c/smsModel';
import { configData } from '../../../../../test/panelFixtures';
import { flushPromises, resetDom } from '../../../../../test/test-utils';

type Button = HTMLElement & { label: string; disabled: boolean };
type TextArea = HTMLElement & { value: string; label: string; disabled: boolean };

function render(props: Record<string, unknown> = {}) {
    const element = createElement('c-sms-composer', { is: SmsComposer });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

const textarea = (el: HTMLElement) => el.shadowRoot!.querySelector('lightning-textarea') as TextArea;
const send = (el: HTMLElement) => el.shadowRoot!.querySelector('.sms-composer__send') as Button;
const count = (el: HTMLElement) => el.shadowRoot!.querySelector('.sms-composer__count')!.textContent;

async function type(el: HTMLElement, value: string) {
    textarea(el).dispatchEvent(new CustomEvent('change', { detail: { value } }));
    await flushPromises();
}

function press(el: HTMLElement, init: KeyboardEventInit) {
    const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, composed: true, ...init });
    textarea(el).dispatchEvent(event);
    return event;
}

describe('c-sms-composer', () => {
    afterEach(resetDom);

    it('counts characters, segments and encoding as the agent types (B9, X4)', async () => {
        const element = render();
        const drafts = jest.fn();
        element.addEventListener('draftchange', drafts);
        await flushPromises();
        expect(textarea(element).label).toBe('Message');
        expect(count(element)).toBe('0/1500 characters · 0 SMS · GSM-7');
        await type(element, 'Hello, your order ships today.');
        expect(count(element)).toBe('30/1500 characters · 1 SMS · GSM-7');
        expect(drafts.mock.calls.at(-1)[0].detail).toEqual({ value: 'Hello, your order ships today.' });
        await type(element, 'x'.repeat(161));
        expect(count(element)).toBe('161/1500 characters · 2 SMS · GSM-7');
        await type(element, 'Merci 🙂');
        expect(count(element)).toBe('7/1500 characters · 1 SMS · UCS-2');
        await expect(element).toBeAccessible();
    });

    it('sends on Enter and keeps Shift+Enter for a new line', async () => {
        const element = render();
        const handler = jest.fn();
        element.addEventListener('send', handler);
        await flushPromises();
        await type(element, 'First line');
        const newline = press(element, { key: 'Enter', shiftKey: true });
        expect(newline.defaultPrevented).toBe(false);
        expect(handler).not.toHaveBeenCalled();
        const enter = press(element, { key: 'Enter' });
        expect(enter.defaultPrevented).toBe(true);
        expect(handler).toHaveBeenCalledTimes(1);
        expect(handler.mock.calls[0][0].detail).toEqual({ value: 'First line' });
    });

    it('does not send while an input method is composing', async () => {
        const element = render();
        const handler = jest.fn();
        element.addEventListener('send', handler);
        await flushPromises();
        await type(element, 'こんにちは');
        press(element, { key: 'Enter', isComposing: true });
        expect(handler).not.toHaveBeenCalled();
    });

    it('refuses 1,501 characters: keeps them, says by how much, and sends neither by button nor Enter', async () => {
        const element = render();
        const handler = jest.fn();
        element.addEventListener('send', handler);
        await flushPromises();
        await type(element, 'a'.repeat(1500));
        expect(send(element).disabled).toBe(false);
        expect(element.shadowRoot!.querySelector('.sms-composer__too-long')).toBeNull();
        await type(element, 'a'.repeat(1501));
        expect(textarea(element).value).toHaveLength(1501);
        expect(count(element)).toBe('1501/1500 characters · 10 SMS · GSM-7');
        expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).toBe(
            '1 character over the limit of 1500. Shorten the message to send it.'
        );
        expect(send(element).disabled).toBe(true);
        send(element).dispatchEvent(new CustomEvent('click'));
        press(element, { key: 'Enter' });
        expect(handler).not.toHaveBeenCalled();
        await type(element, 'a'.repeat(1510));
        expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).toBe(
            '10 characters over the limit of 1500. Shorten the message to send it.'
        );
    });

    it('sends nothing empty, and nothing while a send is under way', async () => {
        const element = render();
        const handler = jest.fn();
        element.addEventListener('send', handler);
        await flushPromises();
        await type(element, '   ');
        press(element, { key: 'Enter' });
        expect(send(element).disabled).toBe(true);
        await type(element, 'Hi');
        Object.assign(element, { sending: true });
        await flushPromises();
        expect(send(element).label).toBe('Sending…');
        press(element, { key: 'Enter' });
        expect(handler).not.toHaveBeenCalled();
    });

    it('empties when the container says the message went out', async () => {
        const element = render({ value: 'Draft' }) as HTMLElement & { clear(): void };
        await flushPromises();
        expect(textarea(element).value).toBe('Draft');
        element.clear();
        await flushPromises();
        expect(textarea(element).value).toBe('');
        expect(count(element)).toBe('0/1500 characters · 0 SMS · GSM-7');
    });

    it('is disabled with the reason, for example an opted-out customer', async () => {
        const element = render({ disabled: true, disabledReason: 'This customer opted out of SMS.' });
        await flushPromises();
        expect(textarea(element).disabled).toBe(true);
        expect(send(element).disabled).toBe(true);
        expect(element.shadowRoot!.querySelector('.sms-composer__disabled-reason')!.textContent).toBe(
            'This customer opted out of SMS.'
        );
        await expect(element).toBeAccessible();
    });

    it('inserts a quick answer as text or as link (B26)', async () => {
        const { quickAnswers } = readPanelConfig(configData() as never);
        const element = render({ quickAnswers, value: 'Hello.' });
        await flushPromises();
        const picker = element.shadowRoot!.querySelector('lightning-combobox') as HTMLElement & {
            options: Array<{ label: string; value: string }>;
        };
        expect(picker.options.map((o) => o.label)).toEqual(['Delivery times', 'Opening hours']);
        const asText = element.shadowRoot!.querySelector('.sms-composer__insert-text') as Button;
        const asLink = element.shadowRoot!.querySelector('.sms-composer__insert-link') as Button;
        expect(asText.disabled).toBe(true);

        picker.dispatchEvent(new CustomEvent('change', { detail: { value: quickAnswers[0].id } }));
        await flushPromises();
        asLink.dispatchEvent(new CustomEvent('click'));
        await flushPromises();
        expect(textarea(element).value).toBe('Hello. https://help.example.com/delivery');
        asText.dispatchEvent(new CustomEvent('click'));
        await flushPromises();
        expect(textarea(element).value).toBe(
            'Hello. https://help.example.com/delivery Orders arrive within 3 to 5 working days.'
        );

        picker.dispatchEvent(new CustomEvent('change', { detail: { value: quickAnswers[1].id } }));
        await flushPromises();
        expect(asLink.disabled).toBe(true);
        expect(asText.disabled).toBe(false);
    });
});
