import { createElement } from 'lwc';
import SmsCustomerAvatar from 'c/smsCustomerAvatar';
import { flushPromises, resetDom } from '../../../../../test/test-utils';

function render(props: Record<string, unknown>) {
    const element = createElement('c-sms-customer-avatar', { is: SmsCustomerAvatar });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

const button = (el: HTMLElement) => el.shadowRoot!.querySelector('button')!;

describe('c-sms-customer-avatar', () => {
    afterEach(resetDom);

    it('shows how many records match and the customer in use, and says it in words (B14, B17)', async () => {
        const element = render({ count: 3, name: 'Jane Doe' });
        await flushPromises();
        expect(element.shadowRoot!.querySelector('.sms-customer__count')!.textContent).toBe('3');
        expect(element.shadowRoot!.querySelector('.sms-customer__name')!.textContent).toBe('Jane Doe');
        expect(button(element).getAttribute('aria-label')).toBe(
            '3 matching customer records; using Jane Doe. Choose the customer.'
        );
        await expect(element).toBeAccessible();
    });

    it.each([
        [{ count: 0, name: null }, 'No customer record matches this number. Show the options for a new customer.'],
        [{ count: 1, name: 'Sam Smith' }, '1 matching customer record: Sam Smith. Show the customer.'],
        [{ count: 2, name: 'Sam Smith', loading: true }, "Looking for the customer's records"]
    ])('describes %p', async (props, text) => {
        const element = render(props);
        await flushPromises();
        expect(button(element).getAttribute('aria-label')).toBe(text);
        expect(button(element).title).toBe(text);
    });

    it('shows an ellipsis for the count while the records are read', async () => {
        const element = render({ count: 0, loading: true });
        await flushPromises();
        expect(element.shadowRoot!.querySelector('.sms-customer__count')!.textContent).toBe('…');
        expect(element.shadowRoot!.querySelector('.sms-customer__name')).toBeNull();
    });

    it('asks to open the picker, and takes the focus back when asked', async () => {
        const element = render({ count: 2, name: 'Jane Doe' });
        const open = jest.fn();
        element.addEventListener('open', open);
        await flushPromises();
        button(element).click();
        expect(open).toHaveBeenCalledTimes(1);
        (element as unknown as { focus(): void }).focus();
        expect(element.shadowRoot!.activeElement).toBe(button(element));
    });
});
