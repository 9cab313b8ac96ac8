/**
 * A conversation's life after the first exchange, in a real browser: a customer who texts again
 * after the conversation was wrapped up starts a new interaction on the channel's queue (B30), and
 * a customer who texts STOP is shown as opted out and cannot be texted (X5).
 */
import { expect } from '@jest/globals';
import {
    acceptOffer,
    agentSends,
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
    interactionsOf
} from './harness';

jest.setTimeout(120_000);

let product: Product;

beforeAll(async () => {
    product = await startProduct();
});

afterAll(async () => {
    await product?.close();
});

test('B30: a customer who texts again after the conversation was wrapped up is offered anew on the channel’s queue (Sales)', async () => {
    const customer = '+14155550104';
    const agent = await signIn(product, product.agent1);
    await setStatus(agent, 'Available');

    const phone = await customerPhone(product, customer, SALES);
    await customerSends(phone, 'What are your opening hours?');
    await agent.bringToFront();
    const panel = await openPanel(agent);
    await panel.locator('c-sms-offer-card .sms-offer__queue').filter({ hasText: 'Sales' }).waitFor();
    await acceptOffer(agent);
    await panel.locator('c-sms-transcript').filter({ hasText: 'What are your opening hours?' }).waitFor();
    await agentSends(agent, 'We are open from nine to five.');
    await phone.locator('#messages li').filter({ hasText: 'We are open from nine to five.' }).waitFor();
    await endAndWrapUp(agent);
    const first = await untilOrg(
        () => interactionsOf(product, customer).find((i) => i.Status__c === 'Closed'),
        'the first interaction closed'
    );

    // The customer answers later: a new offer, on Sales, the queue of the number they texted.
    await phone.bringToFront();
    await customerSends(phone, 'Thanks, and on Sundays?');
    await agent.bringToFront();
    const offer = panel.locator('c-sms-offer-card');
    await offer.locator('.sms-offer__queue').filter({ hasText: 'Sales' }).waitFor();
    const second = await untilOrg(
        () => interactionsOf(product, customer).find((i) => i.Id !== first.Id && i.Status__c === 'Offered'),
        'a second interaction offered'
    );
    expect(second.Queue__c).toBe(first.Queue__c);
    expect(interactionsOf(product, customer)).toHaveLength(2);

    await acceptOffer(agent);
    await panel.locator('c-sms-transcript').filter({ hasText: 'Thanks, and on Sundays?' }).waitFor();
    await endAndWrapUp(agent);
    await setStatus(agent, 'Offline');

    expect(pageErrors(agent)).toEqual([]);
    await agent.close();
    await phone.close();
});

test('X5: a customer who texts STOP in a conversation is shown as opted out and the composer is disabled with the reason; START lifts it', async () => {
    const customer = '+14155550101';
    const agent = await signIn(product, product.agent2);
    await setStatus(agent, 'Available');

    const phone = await customerPhone(product, customer, SALES);
    await customerSends(phone, 'Hello, about my order');
    await agent.bringToFront();
    const panel = await openPanel(agent);
    await panel.locator('c-sms-offer-card').waitFor();
    await acceptOffer(agent);
    await panel.locator('c-sms-transcript').filter({ hasText: 'Hello, about my order' }).waitFor();
    const box = panel.locator('.sms-composer__text textarea');
    await expect(box.isDisabled()).resolves.toBe(false);

    // The customer texts STOP: it reaches the conversation, which says the customer opted out.
    await phone.bringToFront();
    await customerSends(phone, 'STOP');
    await agent.bringToFront();
    await panel.locator('c-sms-transcript').filter({ hasText: 'STOP' }).waitFor();
    await panel
        .locator('.sms-conversation__opted-out')
        .filter({ hasText: 'This customer has opted out of SMS from this number.' })
        .waitFor();
    await panel
        .locator('.sms-composer__disabled-reason')
        .filter({ hasText: "This customer opted out of SMS (they texted STOP), so you can't send messages." })
        .waitFor();
    await expect(box.isDisabled()).resolves.toBe(true);
    await expect(panel.locator('.sms-composer__send button').isDisabled()).resolves.toBe(true);
    await untilOrg(
        () =>
            interactionsOf(product, customer).find((i) => i.Status__c === 'Active' && i.Customer_Opted_Out__c === true),
        'the opt-out on the interaction'
    );

    // START opts back in: the composer works again.
    await phone.bringToFront();
    await customerSends(phone, 'START');
    await agent.bringToFront();
    await panel.locator('.sms-conversation__opted-out').waitFor({ state: 'detached' });
    await expect(box.isDisabled()).resolves.toBe(false);
    await agentSends(agent, 'Welcome back.');
    await phone.locator('#messages li').filter({ hasText: 'Welcome back.' }).waitFor();

    await endAndWrapUp(agent);
    await setStatus(agent, 'Offline');
    expect(pageErrors(agent)).toEqual([]);
    await agent.close();
    await phone.close();
});

test('X5: a customer whose first text is STOP is offered with the opt-out shown, and cannot be texted after accepting', async () => {
    const customer = '+14155550177';
    const agent = await signIn(product, product.agent1);
    await setStatus(agent, 'Available');

    const phone = await customerPhone(product, customer, SALES);
    await customerSends(phone, 'STOP');
    await agent.bringToFront();
    const panel = await openPanel(agent);
    const offer = panel.locator('c-sms-offer-card');
    await offer.locator('.sms-offer__queue').filter({ hasText: 'Sales' }).waitFor();
    await offer
        .locator('.sms-offer__opted-out')
        .filter({ hasText: 'This customer has opted out of SMS from this number.' })
        .waitFor();

    await acceptOffer(agent);
    await panel.locator('.sms-conversation__opted-out').waitFor();
    await panel.locator('.sms-composer__disabled-reason').filter({ hasText: 'they texted STOP' }).waitFor();
    await expect(panel.locator('.sms-composer__text textarea').isDisabled()).resolves.toBe(true);

    await endAndWrapUp(agent);
    await setStatus(agent, 'Offline');
    expect(pageErrors(agent)).toEqual([]);
    await agent.close();
    await phone.close();
});
