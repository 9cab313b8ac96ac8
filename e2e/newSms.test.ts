/**
 * The agent starts a conversation (B23–B29): Add interaction → SMS, the company number, the
 * customer's number (a clear error for one that is not a number), a message with a quick answer
 * inserted as a link and as text, Send → a confirmation toast and the customer's phone receives
 * it; the interaction is Active in the list; the known customer's record pops in a tab; ending and
 * wrapping up pops the chat log in another tab.
 */
import { expect } from '@jest/globals';
import {
    chooseOption,
    customerPhone,
    customerSends,
    inFront,
    openPanel,
    pageErrors,
    SALES,
    signIn,
    startProduct,
    type Product
} from './harness';

jest.setTimeout(120_000);

let product: Product;

/** Maria Garcia's number: one Contact (data/README.md). */
const MARIA = '+14155550101';
const LINK = 'https://www.example.com/orders/track';
const ANSWER = 'You can follow your delivery with the tracking number from your confirmation email.';

beforeAll(async () => {
    product = await startProduct();
});

afterAll(async () => {
    await product?.close();
});

test('B23–B29: Add interaction → SMS → company number → number checked → quick answer as link and text → Send → toast, delivered, Active, record pops → end → wrap up → chat log tab', async () => {
    const agent = await signIn(product, product.agent1);
    const phone = await customerPhone(product, MARIA, SALES);
    await inFront(agent);
    const panel = await openPanel(agent);

    // B23: Add interaction → SMS.
    await panel.locator('.sms-panel__add button').first().click();
    await panel
        .locator('.sms-panel__add lightning-menu-item a')
        .filter({ hasText: /^\s*SMS\s*$/ })
        .click();
    const form = panel.locator('c-sms-new-sms');
    await form.locator('.sms-new').waitFor();

    // B24: the company number to send from.
    await chooseOption(form, '.sms-new__channel', 'Sales (+1 (415) 555-0198)');

    // B25: a customer number that is not a number → the clear error; then a valid one.
    const number = form.locator('.sms-new__phone input');
    await number.fill('call me maybe');
    await form
        .locator('.sms-new__phone')
        .filter({ hasText: 'This is not a phone number: use digits, with + and the country code in front.' })
        .waitFor();
    await number.fill('+1 415 555 0101');
    await number.blur();
    await expect(form.locator('.sms-new__phone').textContent()).resolves.not.toContain('This is not');

    // B26: a message with a quick answer inserted as a link, then as text.
    const text = form.locator('.sms-composer__text textarea');
    await text.fill('Hello Maria, your parcel is on its way.');
    await chooseOption(form, '.sms-composer__quick-answer', 'Track your order');
    await form.locator('.sms-composer__insert-link button').click();
    await expect(text.inputValue()).resolves.toBe(`Hello Maria, your parcel is on its way. ${LINK}`);
    await form.locator('.sms-composer__insert-text button').click();
    const body = `Hello Maria, your parcel is on its way. ${LINK} ${ANSWER}`;
    await expect(text.inputValue()).resolves.toBe(body);

    // B27: Send → the confirmation toast; the customer's phone receives the message.
    await form.locator('.sms-composer__send button').click();
    await agent
        .locator('.toasts [role=status]')
        .filter({ hasText: 'SMS sent' })
        .filter({ hasText: 'Your SMS to +1 (415) 555-0101 is on its way.' })
        .waitFor();
    await phone.locator('#messages li').filter({ hasText: body }).waitFor();
    await form.waitFor({ state: 'detached' });

    // The interaction is Active, in the list, awaiting the customer.
    const icon = panel.locator('c-sms-interaction-list button.sms-item').filter({ hasText: '0101' });
    await icon.locator('.slds-assistive-text').filter({ hasText: 'You replied; waiting for the customer.' }).waitFor();
    const [interaction] = product.console.service.org.find('SMS_Interaction__c', { Customer_Phone__c: MARIA });
    expect(interaction).toMatchObject({ Status__c: 'Active', Direction__c: 'Outbound' });
    await panel.locator('c-sms-transcript').filter({ hasText: body }).waitFor();

    // B29: the known customer's record pops in a tab.
    await agent.locator('[role="tab"][aria-selected="true"]').filter({ hasText: 'Maria Garcia' }).waitFor();
    await agent.locator('console-record-page [data-id="record-title"]').filter({ hasText: 'Maria Garcia' }).waitFor();

    // The customer answers; then the agent ends and wraps up (B28: Sales needs no disposition).
    await customerSends(await inFront(phone), 'Thank you!');
    await inFront(agent);
    await panel.locator('c-sms-transcript').filter({ hasText: 'Thank you!' }).waitFor();
    await panel.locator('.sms-conversation__end button').first().click();
    const wrapUp = panel.locator('c-sms-wrap-up');
    await wrapUp.locator('.sms-wrap-up__timer').waitFor();
    await wrapUp.locator('.sms-wrap-up__button button').click();

    // B29: the chat log pops in its own tab, beside the customer's record tab.
    await agent.locator('[role="tab"][aria-selected="true"]').filter({ hasText: /SMS/ }).waitFor();
    const description = agent.locator('console-record-page [data-field="Description"]');
    await description.filter({ hasText: 'Thank you!' }).waitFor();
    await expect(description.textContent()).resolves.toContain(LINK);
    const tabs = (await agent.locator('[role="tab"]').allTextContents()).map((title) => title.trim());
    expect(tabs).toEqual(['Home', 'Maria Garcia', 'SMS with Maria Garcia']);
    await panel
        .locator('c-sms-interaction-list')
        .filter({ hasText: /No open interactions/ })
        .waitFor();

    expect(pageErrors(agent)).toEqual([]);
});
