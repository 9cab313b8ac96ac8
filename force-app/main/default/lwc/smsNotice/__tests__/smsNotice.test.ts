import { createElement } from 'lwc';
import SmsNotice from 'c/smsNotice';
import { flushPromises, resetDom } from '../../../../../test/test-utils';

function render(props: Record<string, unknown>) {
    const element = createElement('c-sms-notice', { is: SmsNotice });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

describe('c-sms-notice', () => {
    afterEach(resetDom);

    it('says an error in words with role="alert" and keeps the details behind a disclosure', async () => {
        const element = render({
            variant: 'error',
            heading: 'Live updates are interrupted',
            message: 'Reconnecting.',
            details: ['403::Unknown client']
        });
        await flushPromises();
        const root = element.shadowRoot!;
        const alert = root.querySelector('[role="alert"]')!;
        expect(alert.textContent).toContain('Live updates are interrupted');
        expect(alert.textContent).toContain('Reconnecting.');
        const details = root.querySelector('details')!;
        expect(details.open).toBe(false);
        expect(details.querySelector('summary')!.textContent).toBe('Details');
        expect(details.querySelector('li')!.textContent).toBe('403::Unknown client');
        await expect(element).toBeAccessible();
    });

    it('uses role="status" for a warning and offers its action', async () => {
        const element = render({
            variant: 'warning',
            heading: 'Live updates are not available here',
            actionLabel: 'Retry'
        });
        const handler = jest.fn();
        element.addEventListener('action', handler);
        await flushPromises();
        const root = element.shadowRoot!;
        expect(root.querySelector('[role="status"]')).not.toBeNull();
        expect(root.querySelector('details')).toBeNull();
        root.querySelector('lightning-button')!.dispatchEvent(new CustomEvent('click'));
        expect(handler).toHaveBeenCalledTimes(1);
        await expect(element).toBeAccessible();
    });
});
