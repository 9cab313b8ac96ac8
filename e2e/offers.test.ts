/**
 * Offers that are not accepted, in a real browser (B3, B5, B6): agent 1 rejects and is On Break
 * while the SMS goes to agent 2; agent 2, without the reject permission, sees Reject disabled and
 * why; an offer left to lapse disappears and puts the agent On Break.
 */
import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
    acceptOffer,
    customerPhone,
    customerSends,
    endAndWrapUp,
    openPanel,
    pageErrors,
    SALES,
    setStatus,
    signIn,
    startProduct,
    untilOrg,
    type Product,
    type Row
} from './harness';

jest.setTimeout(120_000);

let product: Product;

beforeAll(async () => {
    product = await startProduct();
});

afterAll(async () => {
    await product?.close();
});

function salesQueue(): Row {
    return (product.console.service.org.find('SMS_Queue__c', { Name: 'Sales' }) as Row[])[0];
}

let agent1: Page;
let agent2: Page;

test('B6: agent 1 rejects the offer → agent 1 is On Break (rejected) and the SMS is offered to agent 2', async () => {
    agent1 = await signIn(product, product.agent1);
    agent2 = await signIn(product, product.agent2);
    // Only agent 1 is Available when the SMS arrives, so the first offer is theirs.
    await setStatus(agent1, 'Available');

    const phone = await customerPhone(product, '+14155550101', SALES);
    await customerSends(phone, 'Do you have the blue model in stock?');

    await agent1.bringToFront();
    const panel1 = await openPanel(agent1);
    const offer1 = panel1.locator('c-sms-offer-card');
    await offer1.locator('.sms-offer__queue').filter({ hasText: 'Sales' }).waitFor();

    // Agent 2 becomes Available while agent 1 holds the offer.
    await agent2.bringToFront();
    await setStatus(agent2, 'Available');
    const panel2 = await openPanel(agent2);

    // Agent 1 may reject (B5): the button is enabled, with no explanation.
    await agent1.bringToFront();
    const reject = offer1.locator('.sms-offer__reject button');
    await expect(reject.isDisabled()).resolves.toBe(false);
    await expect(offer1.locator('.sms-offer__reject-explanation').count()).resolves.toBe(0);
    await reject.click();

    // Agent 1: the offer is gone and the status is On Break, saying why.
    await offer1.waitFor({ state: 'detached' });
    await panel1.locator('.sms-status__menu button').filter({ hasText: 'On Break' }).first().waitFor();
    await panel1.locator('.sms-status__reason').filter({ hasText: 'You rejected an offer' }).waitFor();

    // Agent 2 gets the same SMS.
    await agent2.bringToFront();
    const offer2 = panel2.locator('c-sms-offer-card');
    await offer2.locator('.sms-offer__queue').filter({ hasText: 'Sales' }).waitFor();
    await offer2.locator('.sms-offer__matches').filter({ hasText: 'Maria Garcia' }).waitFor();

    expect(pageErrors(agent1)).toEqual([]);
    expect(pageErrors(agent2)).toEqual([]);
    await phone.close();
});

test('B5: agent 2 has no reject permission: Reject is disabled with the explanation; accepting still works', async () => {
    await agent2.bringToFront();
    const panel2 = await openPanel(agent2);
    const offer2 = panel2.locator('c-sms-offer-card');
    await offer2.waitFor();

    const reject = offer2.locator('.sms-offer__reject button');
    await expect(reject.isDisabled()).resolves.toBe(true);
    await offer2
        .locator('.sms-offer__reject-explanation')
        .filter({
            hasText: "You can't reject offers: your administrator has not given you the Reject Offers permission."
        })
        .waitFor();
    await expect(reject.getAttribute('title')).resolves.toContain('Reject Offers permission');

    await acceptOffer(agent2);
    await panel2.locator('c-sms-transcript').filter({ hasText: 'Do you have the blue model in stock?' }).waitFor();
    await endAndWrapUp(agent2);
    await setStatus(agent2, 'Offline');

    expect(pageErrors(agent2)).toEqual([]);
    await agent2.close();
});

test('B6: an offer left to lapse disappears and puts the agent On Break (missed)', async () => {
    const queue = salesQueue();
    const interval = Number(queue.Acceptance_Interval_Seconds__c ?? 30);
    // The admin shortens Sales' acceptance interval to 3 seconds.
    product.console.service.org.update('SMS_Queue__c', String(queue.Id), { Acceptance_Interval_Seconds__c: 3 });
    try {
        await agent1.bringToFront();
        await setStatus(agent1, 'Available');
        const panel1 = await openPanel(agent1);
        await panel1.locator('.sms-status__reason').waitFor({ state: 'detached' });

        const phone = await customerPhone(product, '+14155550177', SALES);
        await customerSends(phone, 'Anyone there?');
        await agent1.bringToFront();

        const offer = panel1.locator('c-sms-offer-card');
        await offer.locator('.sms-offer__queue').filter({ hasText: 'Sales' }).waitFor();
        // The agent does nothing: the offer goes away and the agent is On Break, with the reason.
        await offer.waitFor({ state: 'detached' });
        await panel1.locator('.sms-status__menu button').filter({ hasText: 'On Break' }).first().waitFor();
        await panel1.locator('.sms-status__reason').filter({ hasText: 'An offer lapsed without an answer' }).waitFor();

        // The SMS is back in the queue, waiting for another agent.
        await untilOrg(
            () =>
                (
                    product.console.service.org.find('SMS_Interaction__c', {
                        Customer_Phone__c: '+14155550177'
                    }) as Row[]
                ).find((i) => i.Status__c === 'Queued'),
            'the SMS back in the queue'
        );
        expect(pageErrors(agent1)).toEqual([]);
        await phone.close();
    } finally {
        product.console.service.org.update('SMS_Queue__c', String(queue.Id), {
            Acceptance_Interval_Seconds__c: interval
        });
    }
});
