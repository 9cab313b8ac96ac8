import { createElement } from 'lwc';
import SmsStatusMenu from 'c/smsStatusMenu';
import { flushPromises, resetDom } from '../../../../../test/test-utils';

function render(props: Record<string, unknown> = {}) {
    const element = createElement('c-sms-status-menu', { is: SmsStatusMenu });
    Object.assign(element, { status: 'Available', statusReason: 'Agent', stopNew: false, ...props });
    document.body.appendChild(element);
    return element;
}

function menu(element: HTMLElement) {
    return element.shadowRoot!.querySelector('lightning-button-menu') as HTMLElement & {
        label: string;
        disabled: boolean;
    };
}

function items(element: HTMLElement) {
    return Array.from(element.shadowRoot!.querySelectorAll('lightning-menu-item')) as Array<
        HTMLElement & { value: string; label: string; checked: boolean }
    >;
}

function text(element: HTMLElement) {
    return element.shadowRoot!.textContent ?? '';
}

describe('c-sms-status-menu (B2, B6, B19)', () => {
    afterEach(resetDom);

    it('offers Available, On Break and Offline and marks the service status', async () => {
        const element = render({ status: 'Available' });
        await flushPromises();
        expect(menu(element).label).toBe('Available');
        expect(items(element).map((i) => [i.value, i.label, i.checked])).toEqual([
            ['Available', 'Available', true],
            ['On Break', 'On Break', false],
            ['Offline', 'Offline', false]
        ]);
        await expect(element).toBeAccessible();
    });

    it('asks for the picked status and ignores picking the current one', async () => {
        const element = render({ status: 'Available' });
        const handler = jest.fn();
        element.addEventListener('statuschange', handler);
        await flushPromises();
        menu(element).dispatchEvent(new CustomEvent('select', { detail: { value: 'Available' } }));
        menu(element).dispatchEvent(new CustomEvent('select', { detail: { value: 'On Break' } }));
        expect(handler).toHaveBeenCalledTimes(1);
        expect(handler.mock.calls[0][0].detail).toEqual({ status: 'On Break' });
    });

    it.each([
        ['Rejected Offer', 'You rejected an offer, so you are On Break.'],
        ['Missed Offer', 'An offer lapsed without an answer, so you are On Break.']
    ])('shows On Break set by the service after a %s, with the reason', async (reason, sentence) => {
        const element = render({ status: 'On Break', statusReason: reason });
        await flushPromises();
        expect(menu(element).label).toBe('On Break');
        expect(text(element)).toContain(sentence);
    });

    it('shows Post-processing, which the agent cannot choose', async () => {
        const element = render({ status: 'Post-processing' });
        await flushPromises();
        expect(menu(element).label).toBe('Post-processing');
        expect(items(element).some((i) => i.checked)).toBe(false);
        expect(text(element)).toContain('Wrap up your ended interactions to receive new SMS.');
        await expect(element).toBeAccessible();
    });

    it('shows a status change as pending until the service confirms it', async () => {
        const element = render({ status: 'Available', pendingStatus: 'Offline' });
        await flushPromises();
        expect(menu(element).label).toBe('Available');
        expect(menu(element).disabled).toBe(true);
        expect(element.shadowRoot!.querySelector('[role="status"]')!.textContent).toBe('Changing to Offline…');
    });

    it('flips Stop new, shows it pending, then shows what the service holds', async () => {
        const element = render({ stopNew: false });
        const handler = jest.fn();
        element.addEventListener('stopnewchange', handler);
        await flushPromises();
        const toggle = element.shadowRoot!.querySelector('lightning-input') as HTMLElement & {
            checked: boolean;
            disabled: boolean;
            label: string;
        };
        expect(toggle.label).toBe('Stop new');
        expect(text(element)).toContain('You receive new offers.');
        toggle.dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
        expect(handler.mock.calls[0][0].detail).toEqual({ stopNew: true });

        Object.assign(element, { pendingStopNew: true });
        await flushPromises();
        expect(toggle.checked).toBe(true);
        expect(toggle.disabled).toBe(true);
        expect(text(element)).toContain('Waiting for the service…');

        Object.assign(element, { pendingStopNew: null, stopNew: true });
        await flushPromises();
        expect(toggle.checked).toBe(true);
        expect(toggle.disabled).toBe(false);
        expect(text(element)).toContain('New offers are stopped.');
        await expect(element).toBeAccessible();
    });
});
