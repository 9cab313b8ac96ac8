/**
 * The interaction icons' alerts (B22), in words as well as in colour: unread customer messages
 * (orange), past the reply time target (red, blinking orange while not opened), cleared by the
 * agent's reply; and a message the provider failed to deliver (the simulator's faults), flagged in
 * the transcript with the provider's reason and on the icon, and sent again with Send again.
 */
import { expect } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import {
    acceptOffer,
    agentSends,
    customerPhone,
    customerSends,
    customerSendsQuietly,
    inFront,
    openPanel,
    pageErrors,
    SALES,
    setStatus,
    signIn,
    startProduct,
    type Product
} from './harness';

jest.setTimeout(120_000);

let product: Product;

const CUSTOMER = '+14155550181';
const OTHER = '+14155550182';

beforeAll(async () => {
    product = await startProduct();
});

afterAll(async () => {
    await product?.close();
});

function salesQueueId(): string {
    const [queue] = product.console.service.org.find('SMS_Queue__c', { Name: 'Sales' });
    return queue.Id as string;
}

/** The icon (a button) of the interaction with this customer in the agent's list. */
function icon(panel: Locator, customer: string): Locator {
    return panel.locator('c-sms-interaction-list button.sms-item').filter({ hasText: customer.slice(-4) });
}

async function acceptNext(page: Page, customer: string): Promise<void> {
    const panel = await openPanel(page);
    await panel
        .locator('c-sms-offer-card')
        .filter({ hasText: customer.slice(-4) })
        .waitFor();
    await acceptOffer(page);
    await icon(panel, customer).waitFor();
}

async function faults(method: 'PUT' | 'DELETE', body?: unknown): Promise<void> {
    const response = await fetch(`${product.phoneUrl}/admin/faults`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (response.status !== 200) throw new Error(`The simulator refused the faults: ${response.status}`);
}

test('B22: unread count (orange, in words) → past the SLA target (red, blinking while not opened) → the reply clears them', async () => {
    const agent = await signIn(product, product.agent1);
    await setStatus(agent, 'Available');
    const panel = await openPanel(agent);

    const phone = await customerPhone(product, CUSTOMER, SALES);
    await customerSends(phone, 'Hi, question about my bill');
    await inFront(agent);
    await acceptNext(agent, CUSTOMER);
    // A second conversation, opened last, so the first one is not the one the agent is viewing.
    await customerSendsQuietly(product, OTHER, SALES, 'Hello');
    await acceptNext(agent, OTHER);
    await panel
        .locator('c-sms-interaction-list button.sms-item[aria-current="true"]')
        .filter({ hasText: OTHER.slice(-4) })
        .waitFor();

    // The customer texts twice more while the agent reads the other conversation: 3 unread, orange.
    await customerSends(await inFront(phone), 'Are you there?');
    await customerSends(phone, 'Hello?');
    await inFront(agent);
    const first = icon(panel, CUSTOMER);
    const unread = first.locator('[data-alert="unread"]');
    await unread.filter({ hasText: /^3$/ }).waitFor();
    await expect(unread.getAttribute('class')).resolves.toContain('sms-badge_orange');
    await first.locator('.slds-assistive-text').filter({ hasText: '3 unread messages.' }).waitFor();
    await expect(first.locator('.slds-assistive-text').textContent()).resolves.toContain('New customer message.');
    await expect(first.locator('[data-alert="sla"]').count()).resolves.toBe(0);

    // The agent opens it and replies: the unread count clears; the icon says the customer is awaited.
    await first.click();
    await agentSends(agent, 'Yes, I am here.');
    await first.locator('.slds-assistive-text').filter({ hasText: 'You replied; waiting for the customer.' }).waitFor();
    await expect(first.locator('[data-alert="unread"]').count()).resolves.toBe(0);

    // The admin sets Sales' reply time target to 2 s; the agent looks at the other conversation;
    // the customer texts again and the target passes unanswered.
    product.console.service.org.update('SMS_Queue__c', salesQueueId(), { SLA_Target_Seconds__c: 2 });
    // The service follows the change by itself; reading the configuration now makes sure it has.
    await product.console.service.bridge.refreshConfiguration();
    await icon(panel, OTHER).click();
    await customerSends(await inFront(phone), 'Still waiting for an answer');
    await inFront(agent);
    await first.locator('[data-alert="sla"]').waitFor();
    await first.locator('.slds-assistive-text').filter({ hasText: '1 unread, past the reply time target.' }).waitFor();
    await expect(unread.getAttribute('class')).resolves.toContain('sms-badge_red');
    // Unread and past SLA, not opened yet: the background blinks orange until it is opened.
    await expect(first.getAttribute('class')).resolves.toContain('sms-item_blink-orange');

    // Opened: no more blinking (the alerts stay until the reply).
    await first.click();
    await panel
        .locator('c-sms-interaction-list button.sms-item[aria-current="true"]:not(.sms-item_blink-orange)')
        .filter({ hasText: CUSTOMER.slice(-4) })
        .waitFor();
    await first.locator('[data-alert="sla"]').waitFor();

    // The reply clears every alert.
    await agentSends(agent, 'Sorry for the wait, here is the answer.');
    await first.locator('.slds-assistive-text').filter({ hasText: 'You replied; waiting for the customer.' }).waitFor();
    await expect(first.locator('[data-alert="sla"]').count()).resolves.toBe(0);
    await expect(first.locator('[data-alert="unread"]').count()).resolves.toBe(0);
    await expect(first.locator('.slds-assistive-text').textContent()).resolves.not.toContain('reply time target');

    expect(pageErrors(agent)).toEqual([]);
    await agent.close();
    await phone.close();
});

test('B22: a message the provider fails to deliver is flagged with its reason and on the icon; Send again delivers it', async () => {
    const agent = await signIn(product, product.agent1);
    const panel = await openPanel(agent);
    const first = icon(panel, CUSTOMER);
    await first.click();
    const phone = await customerPhone(product, CUSTOMER, SALES);
    await inFront(agent);

    // The provider will fail the next message for good (error 30005, unknown destination handset).
    await faults('PUT', { failDeliveries: { count: 1, status: 'failed', errorCode: 30005 } });
    await agentSends(agent, 'Your invoice is attached.');
    const failed = panel.locator('c-sms-transcript li').filter({ hasText: 'Your invoice is attached.' }).last();
    await failed.locator('.sms-msg__status').filter({ hasText: 'Not delivered' }).waitFor();
    await failed.locator('.sms-msg__error').filter({ hasText: 'Not delivered: Unknown destination handset' }).waitFor();
    await first.locator('[data-alert="failed"]').waitFor();
    await first.locator('.slds-assistive-text').filter({ hasText: 'A message was not delivered.' }).waitFor();

    // The fault is gone; the agent sends it again: the customer receives it and the alert clears.
    await faults('DELETE');
    await failed.locator('.sms-msg__resend button').click();
    await phone
        .locator('#messages li:not(.message--failed)')
        .filter({ hasText: 'Your invoice is attached.' })
        .waitFor();
    await first.locator('[data-alert="failed"]').waitFor({ state: 'detached' });
    await expect(first.locator('.slds-assistive-text').textContent()).resolves.not.toContain('not delivered');

    expect(pageErrors(agent)).toEqual([]);
});
