/**
 * The agent's main flow in a real browser (B1–B5, B7, B12–B14, B34): a customer texts, the agent
 * is offered the SMS, accepts, the customer's record pops, they chat both ways, the agent ends,
 * chooses a disposition, wraps up, and the chat log Task opens in a tab.
 */
import { expect } from '@jest/globals';
import {
    acceptOffer,
    agentSends,
    chooseOption,
    customerPhone,
    customerSends,
    openPanel,
    pageErrors,
    setStatus,
    signIn,
    startProduct,
    SUPPORT_US,
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

test('inbound SMS → offer → accept → one match pops → chat both ways → end → disposition → wrap up → Task tab', async () => {
    const agent = await signIn(product, product.agent1);
    await setStatus(agent, 'Available');

    const phone = await customerPhone(product, '+14155550101', SUPPORT_US);
    await customerSends(phone, 'Hello, my order has not arrived');

    const panel = await openPanel(agent);
    const offer = panel.locator('c-sms-offer-card');
    await expect(offer.locator('.sms-offer__queue').textContent()).resolves.toContain('Support');
    await expect(offer.locator('.sms-offer__matches').textContent()).resolves.toMatch(/Maria Garcia/);
    await acceptOffer(agent);

    // One match: Maria Garcia's Contact pops in a console tab.
    await agent.locator('[role="tab"][aria-selected="true"]').filter({ hasText: 'Maria Garcia' }).waitFor();
    await agent.locator('console-record-page [data-id="record-title"]').filter({ hasText: 'Maria Garcia' }).waitFor();

    // The customer's message is in the conversation; the agent answers; the customer sees it.
    await panel.locator('c-sms-transcript').filter({ hasText: 'Hello, my order has not arrived' }).waitFor();
    await agentSends(agent, 'Sorry to hear that, let me check.');
    await phone.locator('#messages li').filter({ hasText: 'Sorry to hear that, let me check.' }).waitFor();
    await customerSends(phone, 'Order 1234');
    await panel.locator('c-sms-transcript').filter({ hasText: 'Order 1234' }).waitFor();

    // End → post-processing countdown → disposition (required by Support) → wrap up.
    await panel.locator('.sms-conversation__end button').first().click();
    const wrapUp = panel.locator('c-sms-wrap-up');
    await wrapUp.locator('.sms-wrap-up__timer').waitFor();
    await expect(wrapUp.locator('.sms-wrap-up__button button').isDisabled()).resolves.toBe(true);
    await chooseOption(wrapUp, '.sms-wrap-up__disposition', 'Resolved');
    await wrapUp.locator('.sms-wrap-up__button button').click();

    // The chat log Task opens in a new tab, with the transcript.
    const taskTab = agent.locator('[role="tab"][aria-selected="true"]').filter({ hasText: /SMS/ });
    await taskTab.waitFor();
    const description = agent.locator('console-record-page [data-field="Description"]');
    await description.filter({ hasText: 'Order 1234' }).waitFor();
    await expect(description.textContent()).resolves.toContain('Sorry to hear that, let me check.');
    await panel
        .locator('c-sms-interaction-list')
        .filter({ hasText: /No open interactions/ })
        .waitFor();

    expect(pageErrors(agent)).toEqual([]);
});
