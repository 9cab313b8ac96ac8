import fs from 'fs';
import path from 'path';
import { createElement } from 'lwc';
import SmsInteractionList from 'c/smsInteractionList';
import { interactionAlerts, readPanelState, workingInteractions } from 'c/smsModel';
import type { InteractionView, PanelStateData } from 'c/smsModel';
import { IDS, setFields, stateData } from '../../../../../test/panelFixtures';
import { flushPromises, resetDom } from '../../../../../test/test-utils';

function interactions(changes: Record<string, Record<string, unknown>> = {}): InteractionView[] {
    const data = stateData();
    for (const [id, values] of Object.entries(changes)) setFields(data, 'SMS_Interaction__c', id, values);
    return workingInteractions(readPanelState(data as unknown as PanelStateData).interactions);
}

function items(
    list: InteractionView[],
    selectedId: string | null = null,
    openedAt: Record<string, string | null> = {}
) {
    return list.map((interaction) => ({
        interaction,
        selected: interaction.id === selectedId,
        alerts: interactionAlerts(interaction, {
            selected: interaction.id === selectedId,
            openedAtCustomerMessage: interaction.id in openedAt ? openedAt[interaction.id] : undefined
        })
    }));
}

function render(list: ReturnType<typeof items>) {
    const element = createElement('c-sms-interaction-list', { is: SmsInteractionList });
    Object.assign(element, { items: list });
    document.body.appendChild(element);
    return element;
}

function button(element: HTMLElement, id: string): HTMLButtonElement {
    return element.shadowRoot!.querySelector(`button[data-id="${id}"]`) as HTMLButtonElement;
}

function spoken(element: HTMLElement, id: string): string {
    return button(element, id).querySelector('.slds-assistive-text')!.textContent ?? '';
}

describe('c-sms-interaction-list', () => {
    afterEach(resetDom);

    it('shows accepted interactions as icons, oldest accepted on top, and opens one on selection (B21)', async () => {
        const element = render(items(interactions(), IDS.active));
        const handler = jest.fn();
        element.addEventListener('select', handler);
        await flushPromises();
        const buttons = Array.from(element.shadowRoot!.querySelectorAll('button')) as HTMLButtonElement[];
        expect(buttons.map((b) => b.dataset.id)).toEqual([IDS.urgent, IDS.active]);
        expect(buttons.map((b) => b.querySelector('.sms-item__digits')!.textContent)).toEqual(['0123', '0101']);
        expect(button(element, IDS.active).getAttribute('aria-current')).toBe('true');
        expect(button(element, IDS.urgent).getAttribute('aria-current')).toBeNull();
        button(element, IDS.urgent).click();
        expect(handler.mock.calls[0][0].detail).toEqual({ interactionId: IDS.urgent });
        await expect(element).toBeAccessible();
    });

    it('alert: a customer message arrived', async () => {
        const element = render(
            items(interactions({ [IDS.active]: { Last_Customer_Message_At__c: '2026-11-25T14:45:00.000Z' } }))
        );
        await flushPromises();
        expect(spoken(element, IDS.active)).toBe('Open the conversation with +1 (415) 555-0101. New customer message.');
        expect(button(element, IDS.active).title).toContain('New customer message.');
    });

    it('alert: the agent replied and awaits the customer', async () => {
        const element = render(items(interactions()));
        await flushPromises();
        expect(spoken(element, IDS.active)).toContain('You replied; waiting for the customer.');
        expect(button(element, IDS.active).querySelector('[data-alert]')).toBeNull();
    });

    it('alert: past SLA', async () => {
        const element = render(items(interactions({ [IDS.active]: { SLA_Breached__c: true } })));
        await flushPromises();
        expect(button(element, IDS.active).querySelector('[data-alert="sla"]')).not.toBeNull();
        expect(spoken(element, IDS.active)).toContain('Past the reply time target.');
    });

    it('alert: unread customer messages, orange', async () => {
        const element = render(
            items(interactions({ [IDS.urgent]: { SLA_Breached__c: false, Delivery_Failed__c: false } }))
        );
        await flushPromises();
        const badge = button(element, IDS.urgent).querySelector('[data-alert="unread"]')!;
        expect(badge.textContent).toBe('2');
        expect(badge.className).toContain('sms-badge_orange');
        expect(button(element, IDS.urgent).className).not.toContain('sms-item_blink-orange');
        expect(spoken(element, IDS.urgent)).toContain('2 unread messages.');
    });

    it('alert: unread and past SLA, red, with the background blinking orange until opened', async () => {
        const element = render(items(interactions()));
        await flushPromises();
        const badge = button(element, IDS.urgent).querySelector('[data-alert="unread"]')!;
        expect(badge.className).toContain('sms-badge_red');
        expect(button(element, IDS.urgent).className).toContain('sms-item_blink-orange');
        expect(spoken(element, IDS.urgent)).toContain('2 unread, past the reply time target.');

        const opened = interactions().find((i) => i.id === IDS.urgent)!;
        Object.assign(element, {
            items: items(interactions(), IDS.active, { [IDS.urgent]: opened.lastCustomerMessageAt })
        });
        await flushPromises();
        expect(button(element, IDS.urgent).className).not.toContain('sms-item_blink-orange');
        expect(button(element, IDS.urgent).querySelector('[data-alert="unread"]')!.className).toContain(
            'sms-badge_red'
        );
    });

    it('alert: a message failed to deliver', async () => {
        const element = render(items(interactions()));
        await flushPromises();
        expect(button(element, IDS.urgent).querySelector('[data-alert="failed"]')).not.toBeNull();
        expect(spoken(element, IDS.urgent)).toContain('A message was not delivered.');
        expect(button(element, IDS.active).querySelector('[data-alert="failed"]')).toBeNull();
    });

    it('alert: ended and in post-processing, blinking red until wrapped up', async () => {
        const element = render(items(interactions({ [IDS.active]: { Status__c: 'Post-processing' } }), IDS.active));
        await flushPromises();
        expect(button(element, IDS.active).className).toContain('sms-item_blink-red');
        expect(button(element, IDS.active).querySelector('[data-alert="post"]')).not.toBeNull();
        expect(spoken(element, IDS.active)).toContain('Ended; wrap-up needed.');
        await expect(element).toBeAccessible();
    });

    it('stops every blinking animation for people who prefer reduced motion', () => {
        const css = fs.readFileSync(path.join(__dirname, '..', 'smsInteractionList.css'), 'utf8');
        const animated = [...css.matchAll(/\.([\w-]+)\s*\{[^}]*animation:\s*sms-/g)].map((m) => m[1]);
        expect(animated.sort()).toEqual(['sms-item_blink-orange', 'sms-item_blink-red']);
        const reduced = /@media \(prefers-reduced-motion: reduce\)\s*\{([\s\S]*)\}\s*$/.exec(css);
        expect(reduced).not.toBeNull();
        for (const name of animated) {
            expect(reduced![1]).toMatch(new RegExp(`\\.${name}\\s*\\{[^}]*animation:\\s*none`));
        }
    });

    it('moves between icons with the arrow keys, Home and End', async () => {
        const element = render(items(interactions()));
        await flushPromises();
        const first = button(element, IDS.urgent);
        const second = button(element, IDS.active);
        first.focus();
        first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
        expect(element.shadowRoot!.activeElement).toBe(second);
        second.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
        expect(element.shadowRoot!.activeElement).toBe(first);
        first.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
        expect(element.shadowRoot!.activeElement).toBe(second);
    });

    it('says when there is nothing open', async () => {
        const element = render([]);
        await flushPromises();
        expect(element.shadowRoot!.textContent).toContain('No open interactions.');
        await expect(element).toBeAccessible();
    });
});
