/**
 * Several SMS at once up to the maximum, and Stop new (B18, B19), with two agents signed in at the
 * same time in their own browser tabs: four customers text Sales, the two agents (maximum 2 each)
 * take two each; agent 1 turns Stop new on and frees a place, a fifth customer then waits Queued
 * (agent 2 is full, agent 1 takes nothing new) until agent 1 turns Stop new off and is offered it.
 */
import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
    acceptOffer,
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

/** Customers without a CRM record, so no record pops and the tabs stay simple. */
const CUSTOMERS = ['+14155550171', '+14155550172', '+14155550173', '+14155550174'];
const FIFTH = '+14155550175';

beforeAll(async () => {
    product = await startProduct();
    // As an admin would: both agents' own maximum is 2 (agent 1's seed value is 3).
    const org = product.console.service.org;
    for (const userId of [product.agent1, product.agent2]) {
        const [agent] = org.find('SMS_Agent__c', { User__c: userId });
        org.update('SMS_Agent__c', agent.Id as string, { Max_Interactions__c: 2 });
    }
    // The service follows the change by itself; reading the configuration now makes sure it has.
    await product.console.service.bridge.refreshConfiguration();
});

afterAll(async () => {
    await product?.close();
});

/** The four digits of each interaction icon the agent holds. */
async function held(page: Page): Promise<string[]> {
    const panel = await openPanel(page);
    return panel.locator('c-sms-interaction-list .sms-item__digits').allTextContents();
}

function interactionStatus(customer: string): string | undefined {
    const [row] = product.console.service.org.find('SMS_Interaction__c', { Customer_Phone__c: customer });
    return row?.Status__c as string | undefined;
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

async function setStopNew(page: Page, on: boolean): Promise<void> {
    const panel = await openPanel(page);
    const toggle = panel.locator('.sms-status__stop-new input[type="checkbox"]');
    if ((await toggle.isChecked()) !== on) await panel.locator('.sms-status__stop-new label').first().click();
    await panel
        .locator('.sms-status__stop-new-state')
        .filter({ hasText: on ? 'New offers are stopped.' : 'You receive new offers.' })
        .waitFor();
}

test('B18/B19: two agents in their own tabs hold at most 2 each; Stop new keeps a fifth SMS Queued until turned off', async () => {
    const agent1 = await signIn(product, product.agent1);
    const agent2 = await signIn(product, product.agent2);
    await setStatus(await inFront(agent1), 'Available');
    await setStatus(await inFront(agent2), 'Available');

    // Four customers text Sales at once: one from the customer-phone page, three in the background.
    const phone = await customerPhone(product, CUSTOMERS[0], SALES);
    await Promise.all([
        customerSends(await inFront(phone), 'Hello, I would like a quote'),
        ...CUSTOMERS.slice(1).map((customer) => customerSendsQuietly(product, customer, SALES, 'Hello from a customer'))
    ]);

    // Each agent accepts whatever is offered to them, until all four are held.
    const agents = [agent1, agent2];
    await until(async () => {
        for (const page of agents) {
            const accept = page.locator('c-sms-offer-card .sms-offer__accept button:not([disabled])');
            if ((await accept.count()) > 0) await acceptOffer(await inFront(page));
        }
        const counts = await Promise.all(agents.map(held));
        return counts[0].length + counts[1].length === 4;
    }, 'the four interactions are accepted');

    // B18: each agent holds exactly their maximum, and the two tabs hold different customers —
    // each tab is its own signed-in agent.
    const first = await held(agent1);
    const second = await held(agent2);
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(2);
    expect([...first, ...second].sort()).toEqual(CUSTOMERS.map((c) => c.slice(-4)).sort());
    await (
        await openPanel(agent1)
    )
        .locator('.sms-panel__open-count')
        .filter({ hasText: 'Open interactions: 2' })
        .waitFor();
    await (
        await openPanel(agent2)
    )
        .locator('.sms-panel__open-count')
        .filter({ hasText: 'Open interactions: 2' })
        .waitFor();
    for (const customer of CUSTOMERS) expect(interactionStatus(customer)).toBe('Active');

    // B19: agent 1 stops new offers, then ends and wraps up one conversation (Sales needs no disposition).
    await setStopNew(await inFront(agent1), true);
    const panel1 = await openPanel(agent1);
    await panel1.locator('c-sms-interaction-list button.sms-item').first().click();
    await panel1.locator('.sms-conversation__end button').first().click();
    await panel1.locator('c-sms-wrap-up .sms-wrap-up__button button').click();
    await until(async () => (await held(agent1)).length === 1, 'agent 1 holds one interaction');

    // A fifth customer texts: agent 2 is full and agent 1 takes nothing new, so it waits Queued.
    await customerSendsQuietly(product, FIFTH, SALES, 'Are you open today?');
    await until(() => interactionStatus(FIFTH) === 'Queued', 'the fifth SMS is Queued');
    // Proving that something does NOT happen needs a short wait: no offer reaches either agent.
    await agent1.waitForTimeout(1_500);
    expect(interactionStatus(FIFTH)).toBe('Queued');
    await expect(agent1.locator('c-sms-offer-card').count()).resolves.toBe(0);
    await expect(agent2.locator('c-sms-offer-card').count()).resolves.toBe(0);

    // Stop new off: the waiting SMS is offered to agent 1, who accepts it and is full again.
    await setStopNew(agent1, false);
    await panel1
        .locator('c-sms-offer-card')
        .filter({ hasText: FIFTH.slice(-4) })
        .waitFor();
    await acceptOffer(agent1);
    await until(async () => (await held(agent1)).includes(FIFTH.slice(-4)), 'agent 1 holds the fifth SMS');
    expect(await held(agent1)).toHaveLength(2);
    expect(await held(agent2)).toHaveLength(2);

    expect(pageErrors(agent1)).toEqual([]);
    expect(pageErrors(agent2)).toEqual([]);
});
