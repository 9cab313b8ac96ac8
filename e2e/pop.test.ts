/**
 * Screen pop on accept, in a real browser (B7, B8, B14, B15, B17, X2): an unknown number pops a
 * New Case the agent saves and the case is linked to the conversation; a number with several
 * records pops nothing, the avatar's picker links the agent's choice; the choice is remembered for
 * the number's next conversation.
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
    interactionsOf,
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

function focusedTab(agent: Page) {
    return agent.locator('[role="tab"][aria-selected="true"]');
}

test('B8/B15: an unknown number pops a New Case with the number and the conversation link; saved, it becomes the case tab and is linked (Case__c)', async () => {
    const unknown = '+14155550177';
    const agent = await signIn(product, product.agent1);
    await setStatus(agent, 'Available');

    const phone = await customerPhone(product, unknown, SALES);
    await customerSends(phone, 'Hi, I would like a quote');

    await agent.bringToFront();
    const panel = await openPanel(agent);
    const offer = panel.locator('c-sms-offer-card');
    await offer.locator('.sms-offer__match-count').filter({ hasText: '0' }).waitFor();
    await acceptOffer(agent);

    // The New Case tab, with the customer's number and the link to the interaction filled in.
    await focusedTab(agent).filter({ hasText: 'New Case' }).waitFor();
    const form = agent.locator('console-new-record [data-id="new-record"]');
    const suppliedPhone = form.locator('[data-field="SuppliedPhone"]');
    await expect(suppliedPhone.inputValue()).resolves.toBe(unknown);
    const interaction = await untilOrg(() => interactionsOf(product, unknown)[0], 'the interaction');
    const description = await form.locator('[data-field="Description"]').inputValue();
    expect(description).toContain(`/lightning/r/SMS_Interaction__c/${String(interaction.Id)}/view`);

    // The agent puts the panel away, enters the subject and saves: the tab becomes the new Case's.
    await agent.locator('[data-id="utility-panel"] button[title="Minimize"]').click();
    await form.locator('[data-field="Subject"]').fill('Quote for a new customer');
    await form.getByRole('button', { name: 'Save' }).click();
    await focusedTab(agent).filter({ hasText: 'Quote for a new customer' }).waitFor();
    await agent
        .locator('console-record-page [data-id="record-title"]')
        .filter({ hasText: 'Quote for a new customer' })
        .waitFor();
    const cases = product.console.service.org.find('Case', { Subject: 'Quote for a new customer' }) as Row[];
    expect(cases).toHaveLength(1);
    expect(cases[0].SuppliedPhone).toBe(unknown);

    // The case is linked to the conversation.
    const linked = await untilOrg(
        () => interactionsOf(product, unknown).find((i) => i.Case__c === cases[0].Id),
        'the case on the interaction'
    );
    expect(linked.Id).toBe(interaction.Id);

    await endAndWrapUp(agent);
    await setStatus(agent, 'Offline');
    expect(pageErrors(agent)).toEqual([]);
    await agent.close();
    await phone.close();
});

const SEVERAL = '+14155550105';

test('B14/B17: several matches pop nothing; the avatar shows the count, its picker lists them, the pick is linked and the conversation returns', async () => {
    const agent = await signIn(product, product.agent2);
    await setStatus(agent, 'Available');

    const phone = await customerPhone(product, SEVERAL, SALES);
    await customerSends(phone, 'Is the bakery order ready?');

    await agent.bringToFront();
    const panel = await openPanel(agent);
    const offer = panel.locator('c-sms-offer-card');
    await offer.locator('.sms-offer__match-count').filter({ hasText: '4' }).waitFor();
    await acceptOffer(agent);

    // No pop: the conversation opens with the avatar's count of 4, and no record tab is focused.
    const avatar = panel.locator('c-sms-customer-avatar');
    await avatar.locator('.sms-customer__count').filter({ hasText: '4' }).waitFor();
    await panel.locator('c-sms-transcript').filter({ hasText: 'Is the bakery order ready?' }).waitFor();
    await expect(focusedTab(agent).textContent()).resolves.toContain('Home');

    // The avatar opens the picker listing the four records.
    await avatar.locator('.sms-customer__button').click();
    const picker = panel.locator('c-sms-match-picker');
    const names = picker.locator('.sms-picker__pick button');
    await names.nth(3).waitFor();
    await expect(names.allTextContents()).resolves.toEqual(
        expect.arrayContaining(['Johnson Family Bakery', 'Noah Johnson', 'Emma Johnson', 'Liam Johnson'])
    );
    await expect(names.count()).resolves.toBe(4);

    // Picking Liam Johnson (not the first match) links him, opens his record and returns to the conversation.
    await names.filter({ hasText: 'Liam Johnson' }).click();
    await panel.locator('c-sms-conversation').waitFor();
    await expect(picker.count()).resolves.toBe(0);
    await focusedTab(agent).filter({ hasText: 'Liam Johnson' }).waitFor();
    await avatar.locator('.sms-customer__name').filter({ hasText: 'Liam Johnson' }).waitFor();
    const liam = (product.console.service.org.find('Contact', { LastName: 'Johnson', FirstName: 'Liam' }) as Row[])[0];
    expect(liam).toBeDefined();
    await untilOrg(
        () => interactionsOf(product, SEVERAL).find((i) => i.Contact__c === liam.Id && i.Status__c === 'Active'),
        'Liam Johnson on the interaction'
    );

    await endAndWrapUp(agent);
    expect(pageErrors(agent)).toEqual([]);
    await agent.close();
    await phone.close();
});

test('X2: the next SMS from that number defaults to the record the agent chose, which pops on accept', async () => {
    const agent = await signIn(product, product.agent2);
    await setStatus(agent, 'Available');
    const liam = (product.console.service.org.find('Contact', { LastName: 'Johnson', FirstName: 'Liam' }) as Row[])[0];

    const phone = await customerPhone(product, SEVERAL, SALES);
    await customerSends(phone, 'Me again about the order');

    // The offer names the remembered customer although four records match.
    await agent.bringToFront();
    const panel = await openPanel(agent);
    const offer = panel.locator('c-sms-offer-card');
    await offer.locator('.sms-offer__match-count').filter({ hasText: '4' }).waitFor();
    await offer.locator('.sms-offer__matches').filter({ hasText: 'Liam Johnson' }).waitFor();
    const second = await untilOrg(
        () => interactionsOf(product, SEVERAL).find((i) => i.Status__c === 'Offered'),
        'the new offered interaction'
    );
    expect(String(second.Matched_Record_Ids__c).split(/[,;\s]+/)[0]).toBe(liam.Id);
    expect(second.Contact__c).toBe(liam.Id);

    await acceptOffer(agent);
    // The agent chose Liam last time: his Contact pops although four records match.
    await agent.locator('[role="tab"][aria-selected="true"]').filter({ hasText: 'Liam Johnson' }).waitFor();
    const avatar = panel.locator('c-sms-customer-avatar');
    await avatar.locator('.sms-customer__name').filter({ hasText: 'Liam Johnson' }).waitFor();

    await endAndWrapUp(agent);
    // The chat log of this conversation is about the remembered customer.
    const done = await untilOrg(
        () => interactionsOf(product, SEVERAL).find((i) => i.Id === second.Id && i.Chat_Log_Task_Id__c),
        'the chat log Task'
    );
    const task = product.console.service.org.find('Task', { Id: done.Chat_Log_Task_Id__c as string })[0] as Row;
    expect(task.WhoId).toBe(liam.Id);

    await setStatus(agent, 'Offline');
    expect(pageErrors(agent)).toEqual([]);
    await agent.close();
    await phone.close();
});
