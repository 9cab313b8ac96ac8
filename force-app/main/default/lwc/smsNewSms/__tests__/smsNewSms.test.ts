import { createElement } from 'lwc';
import SmsNewSms from 'c/smsNewSms';
import { readPanelConfig } from 'c/smsModel';
import { IDS, configData } from '../../../../../test/panelFixtures';
import { flushPromises, resetDom } from '../../../../../test/test-utils';

type Input = HTMLElement & {
    value: string;
    label: string;
    setCustomValidity(message: string): void;
    reportValidity(): boolean;
};

const config = readPanelConfig(configData() as never);

function render(props: Record<string, unknown> = {}) {
    const element = createElement('c-sms-new-sms', { is: SmsNewSms });
    Object.assign(element, { channels: config.channels, quickAnswers: config.quickAnswers, ...props });
    document.body.appendChild(element);
    return element;
}

const channelPicker = (el: HTMLElement) =>
    el.shadowRoot!.querySelector('.sms-new__channel') as HTMLElement & {
        value: string;
        options: Array<{ label: string; value: string }>;
    };
const phone = (el: HTMLElement) => el.shadowRoot!.querySelector('.sms-new__phone') as Input;
const composer = (el: HTMLElement) =>
    el.shadowRoot!.querySelector('c-sms-composer') as HTMLElement & { quickAnswers: unknown[]; sending: boolean };

async function typePhone(el: HTMLElement, value: string) {
    phone(el).dispatchEvent(new CustomEvent('change', { detail: { value } }));
    await flushPromises();
}

function send(el: HTMLElement, body = 'Your parcel is ready.') {
    composer(el).dispatchEvent(new CustomEvent('send', { detail: { value: body } }));
}

describe('c-sms-new-sms (B23–B27)', () => {
    afterEach(resetDom);

    it('offers the company numbers the agent can send from (B24)', async () => {
        const element = render();
        await flushPromises();
        expect(channelPicker(element).options).toEqual([
            { label: 'Support US (+1 (415) 555-0100)', value: IDS.channelUs },
            { label: 'Support UK (+442079460000)', value: 'a03000000000002AAA' }
        ]);
        expect(phone(element).label).toBe("Customer's number");
        expect(composer(element).quickAnswers).toHaveLength(2);
        await expect(element).toBeAccessible();
    });

    it('checks the customer number as it is typed, with a clear error (B25)', async () => {
        const element = render();
        await flushPromises();
        const validity = jest.spyOn(phone(element), 'setCustomValidity');
        await typePhone(element, '+1 415');
        expect(validity).toHaveBeenLastCalledWith('');
        await typePhone(element, '+1 415 CALL');
        expect(validity).toHaveBeenLastCalledWith(
            'This is not a phone number: use digits, with + and the country code in front.'
        );
        await typePhone(element, '+1 415 555 0123');
        expect(validity).toHaveBeenLastCalledWith('');
        await typePhone(element, '+44 20');
        phone(element).dispatchEvent(new CustomEvent('blur'));
        expect(validity).toHaveBeenLastCalledWith('This number is too short.');
    });

    it('refuses to send without a valid number or a company number, and sends nothing', async () => {
        const element = render();
        const handler = jest.fn();
        element.addEventListener('send', handler);
        await flushPromises();
        const validity = jest.spyOn(phone(element), 'setCustomValidity');
        channelPicker(element).dispatchEvent(new CustomEvent('change', { detail: { value: IDS.channelUs } }));
        send(element);
        expect(validity).toHaveBeenLastCalledWith("Enter the customer's number.");
        await typePhone(element, '020 7946 0958 1');
        send(element);
        expect(validity).toHaveBeenLastCalledWith('Add the country code with + in front, for example +44.');
        expect(handler).not.toHaveBeenCalled();

        const second = render();
        const secondHandler = jest.fn();
        second.addEventListener('send', secondHandler);
        await flushPromises();
        await typePhone(second, '+1 415 555 0123');
        send(second);
        await flushPromises();
        expect(second.shadowRoot!.querySelector('.sms-new__channel-error')!.textContent).toBe(
            'Choose the company number to send from.'
        );
        expect(secondHandler).not.toHaveBeenCalled();
    });

    it('sends the company number, the number in E.164 and the message (B27)', async () => {
        const element = render();
        const handler = jest.fn();
        element.addEventListener('send', handler);
        await flushPromises();
        channelPicker(element).dispatchEvent(new CustomEvent('change', { detail: { value: IDS.channelUs } }));
        await typePhone(element, '(415) 555-0123');
        send(element, 'Orders arrive within 3 to 5 working days.');
        expect(handler.mock.calls[0][0].detail).toEqual({
            channelId: IDS.channelUs,
            customerPhone: '+14155550123',
            body: 'Orders arrive within 3 to 5 working days.'
        });
    });

    it('picks the only company number by itself', async () => {
        const element = render({ channels: [config.channels[0]] });
        await flushPromises();
        expect(channelPicker(element).value).toBe(IDS.channelUs);
    });

    it('keeps what was typed while the service has not answered', async () => {
        const element = render({ pending: true });
        const handler = jest.fn();
        element.addEventListener('send', handler);
        await flushPromises();
        expect(composer(element).sending).toBe(true);
        send(element);
        expect(handler).not.toHaveBeenCalled();
    });

    it('says when there is no company number to send from', async () => {
        const element = render({ channels: [] });
        await flushPromises();
        expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).toBe(
            'You have no company number to send from. Ask your administrator.'
        );
        await expect(element).toBeAccessible();
    });

    it('closes on Cancel', async () => {
        const element = render();
        const handler = jest.fn();
        element.addEventListener('cancel', handler);
        await flushPromises();
        element.shadowRoot!.querySelector('.sms-new__cancel')!.dispatchEvent(new CustomEvent('click'));
        expect(handler).toHaveBeenCalledTimes(1);
    });
});
