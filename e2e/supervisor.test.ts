/**
 * The supervisor's view on the console home (X13, with B18's queues and B2's agent statuses seen
 * from above): the supervisor signs in and sees the queues and agents; a customer texts Sales while
 * nobody is Available → one waiting; an agent goes Available and is offered it → the agent shows
 * Available and the queue's SMS moves from waiting to offered. The view refreshes every 15 s by
 * default; the test uses its Refresh button rather than waiting for the interval.
 */
import { expect } from '@jest/globals';
import type { Locator } from 'playwright-core';
import {
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

beforeAll(async () => {
    product = await startProduct();
});

afterAll(async () => {
    await product?.close();
});

function agentName(userId: string): string {
    const [agent] = product.console.service.org.find('SMS_Agent__c', { User__c: userId });
    return agent.Name as string;
}

/** Clicks Refresh, then waits until `cell` reads `text` (clicking again while it does not yet). */
async function refreshUntil(view: Locator, cell: Locator, text: string): Promise<void> {
    const exact = new RegExp(`^\\s*${text}\\s*$`);
    for (let attempt = 0; attempt < 10; attempt += 1) {
        await view.locator('.sms-supervisor__refresh button:not([disabled])').click();
        try {
            await cell.filter({ hasText: exact }).waitFor({ timeout: 1_000 });
            return;
        } catch {
            // The service may not have published the change yet: refresh again.
        }
    }
    await cell.filter({ hasText: exact }).waitFor({ timeout: 1_000 });
}

test('X13: the supervisor sees a Sales SMS waiting, then the agent Available and the SMS offered', async () => {
    const supervisor = await signIn(product, product.supervisor);
    const view = supervisor.locator('c-sms-supervisor');
    await view.locator('.sms-supervisor__queues').waitFor();

    // The queues and agents, as they start: nobody Available, nothing waiting.
    const queueNames = (await view.locator('.sms-supervisor__queue-name').allTextContents()).map((n) => n.trim());
    expect(queueNames).toEqual(expect.arrayContaining(['Support', 'Sales']));
    const sales = view.locator('.sms-supervisor__queue').filter({ hasText: 'Sales' });
    const agent2Row = view.locator('.sms-supervisor__agent').filter({ hasText: agentName(product.agent2) });
    await expect(sales.locator('.sms-supervisor__waiting').textContent()).resolves.toMatch(/^\s*0\s*$/);
    await expect(agent2Row.locator('.sms-supervisor__status').textContent()).resolves.toMatch(/Offline/);

    // A customer texts Sales: nobody is Available, so it waits.
    await customerSendsQuietly(product, '+14155550191', SALES, 'Is anyone there?');
    await refreshUntil(view, sales.locator('.sms-supervisor__waiting'), '1');

    // Agent 2 goes Available and is offered the SMS: the supervisor sees both changes.
    const agent = await signIn(product, product.agent2);
    await setStatus(agent, 'Available');
    await (await openPanel(agent)).locator('c-sms-offer-card').waitFor();
    await inFront(supervisor);
    await refreshUntil(view, agent2Row.locator('.sms-supervisor__status'), 'Available');
    await sales
        .locator('.sms-supervisor__waiting')
        .filter({ hasText: /^\s*0\s*$/ })
        .waitFor();
    await sales
        .locator('.sms-supervisor__offered')
        .filter({ hasText: /^\s*1\s*$/ })
        .waitFor();

    expect(pageErrors(supervisor)).toEqual([]);
    expect(pageErrors(agent)).toEqual([]);
});
