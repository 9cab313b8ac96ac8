/**
 * End-to-end harness: the whole product as `npm start` runs it (service in local mode, local org,
 * provider simulator, console) on free ports of 127.0.0.1 with a fresh data folder, and Debian's
 * Chromium driven by playwright-core. Agents work in console tabs; customers in the simulator's
 * customer-phone page.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startConsole, type LocalConsole } from '../local/console';
import type { Rec } from '../service/src/connector/local/localOrg';
import { createLogger } from '../service/src/log';
import { interactionsOf as serviceInteractionsOf } from '../service/test/localService';
import { eventually } from '../service/test/providerHarness';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
];

/** Company numbers of the seed (data/README.md). */
export const SUPPORT_US = '+14155550199';
export const SALES = '+14155550198';

export interface Product {
    console: LocalConsole;
    browser: BrowserContext;
    url: string;
    phoneUrl: string;
    agent1: string;
    agent2: string;
    supervisor: string;
    close(): Promise<void>;
}

export interface ProductOptions {
    deliverDelayMs?: number;
    /** Run with npm start's settings (event coalescing, provider delays) instead of the tests' short ones. */
    asNpmStart?: boolean;
}

export async function startProduct(options: ProductOptions = {}): Promise<Product> {
    if (!fs.existsSync(CHROMIUM)) {
        throw new Error(`Chromium is not at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-e2e-'));
    const started = await startConsole({
        dataDir,
        logger: createLogger({ level: 'silent' }),
        ...(options.asNpmStart
            ? {}
            : {
                  eventDebounceMs: 50,
                  eventMaxDelayMs: 150,
                  sendDelayMs: 10,
                  deliverDelayMs: options.deliverDelayMs ?? 30
              })
    });
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-e2e-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        viewport: { width: 1400, height: 900 },
        timezoneId: 'America/Los_Angeles'
    });
    browser.setDefaultTimeout(15_000);
    const users = started.service.users();
    return {
        console: started,
        browser,
        url: started.url,
        phoneUrl: started.phoneUrl,
        agent1: users.agents[0].userId,
        agent2: users.agents[1].userId,
        supervisor: users.supervisor!.userId,
        async close() {
            await browser.close().catch(() => undefined);
            await started.close();
            fs.rmSync(dataDir, { recursive: true, force: true });
            fs.rmSync(profile, { recursive: true, force: true });
        }
    };
}

/** An agent's (or supervisor's) console in its own browser tab; page errors fail the test. */
export async function signIn(product: Product, userId: string): Promise<Page> {
    const page = await product.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    uncaught.set(page, errors);
    await page.goto(`${product.url}/console?as=${userId}`);
    return page;
}

const uncaught = new WeakMap<Page, string[]>();

/** Uncaught errors of a signed-in page so far. */
export function pageErrors(page: Page): string[] {
    return uncaught.get(page) ?? [];
}

/** The SMS utility panel, opened (the utility item toggles it, as in the console). */
export async function openPanel(page: Page): Promise<Locator> {
    await page.bringToFront();
    const panel = page.locator('[data-id="utility-panel"]');
    await page.locator('c-sms-agent-panel .sms-panel').waitFor({ state: 'attached' });
    for (let attempt = 0; attempt < 3; attempt += 1) {
        if (await panel.evaluate((el) => el.classList.contains('slds-is-open'))) return panel;
        await page.locator('[data-id="utility-sms"]').click();
        await page.waitForTimeout(100);
    }
    throw new Error('The SMS utility panel does not open');
}

export async function setStatus(page: Page, status: 'Available' | 'On Break' | 'Offline'): Promise<void> {
    const panel = await openPanel(page);
    await panel.locator('.sms-status__menu button').first().click();
    await panel
        .locator('lightning-menu-item a')
        .filter({ hasText: new RegExp(`^\\s*${status}\\s*$`) })
        .click();
    await panel.locator('.sms-status__menu button').filter({ hasText: status }).first().waitFor();
}

/** A customer's phone: the simulator's page with the customer and company numbers filled in. */
export async function customerPhone(product: Product, customer: string, company: string): Promise<Page> {
    const page = await product.browser.newPage();
    await page.goto(product.phoneUrl);
    await page.getByLabel('Customer number (you)').fill(customer);
    await page.getByLabel('Company number').fill(company);
    await page.getByLabel('Company number').dispatchEvent('change');
    return page;
}

export async function customerSends(phone: Page, text: string): Promise<void> {
    await phone.bringToFront();
    await phone.getByLabel('Message').fill(text);
    await phone.getByRole('button', { name: 'Send' }).click();
    await phone.locator('#messages li').filter({ hasText: text }).first().waitFor();
}

/** A customer message straight through the simulator's admin API (for background load in a test). */
export async function customerSendsQuietly(product: Product, from: string, to: string, body: string): Promise<void> {
    const response = await fetch(`${product.phoneUrl}/admin/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from, to, body })
    });
    if (response.status !== 201) throw new Error(`The simulator refused the message: ${response.status}`);
}

export async function acceptOffer(page: Page): Promise<void> {
    const panel = await openPanel(page);
    await panel.locator('.sms-offer__accept button').first().click();
}

export async function agentSends(page: Page, text: string): Promise<void> {
    const panel = await openPanel(page);
    const box = panel.locator('.sms-composer__text textarea');
    await box.fill(text);
    await box.press('Enter');
}

/** Picks a value in a lightning-combobox found under `scope`. */
export async function chooseOption(scope: Locator, comboboxSelector: string, option: string): Promise<void> {
    await scope.locator(`${comboboxSelector} button, ${comboboxSelector} input`).first().click();
    await scope.locator(`${comboboxSelector} [role="option"]`).filter({ hasText: option }).first().click();
}

export async function focusedTabTitle(page: Page): Promise<string> {
    const tab = page.locator('[role="tab"][aria-selected="true"]');
    return (await tab.textContent())?.trim() ?? '';
}

/**
 * Brings a page to the front, as a person switches to that browser tab. Headless Chromium runs
 * no animation frames in background tabs, so actions there wait long for an element to be stable
 * (and its timers are throttled); call this when a test moves from one person's tab to another's.
 */
export async function inFront(page: Page): Promise<Page> {
    await page.bringToFront();
    return page;
}

/** Waits until the local org shows what `check` looks for (the service writes records shortly after). */
export async function untilOrg<T>(check: () => T | undefined | null | false, what: string): Promise<T> {
    return eventually(check, 15_000).catch(() => {
        throw new Error(`The org never showed ${what}`);
    });
}

/** Ends the selected conversation and wraps it up with no disposition (a queue like Sales). */
export async function endAndWrapUp(page: Page): Promise<void> {
    const panel = await openPanel(page);
    await panel.locator('.sms-conversation__end button').first().click();
    const wrapUp = panel.locator('c-sms-wrap-up');
    await wrapUp.locator('.sms-wrap-up__button button:not([disabled])').waitFor();
    await wrapUp.locator('.sms-wrap-up__button button').click();
    await panel
        .locator('c-sms-interaction-list')
        .filter({ hasText: /No open interactions/ })
        .waitFor();
}

/** A record of the local org, as the admin would see it. */
export type Row = Rec;

/** The interaction records of a customer's number, newest first, as the admin would see them in the org. */
export function interactionsOf(product: Product, customer: string): Row[] {
    return serviceInteractionsOf(product.console.service, customer);
}
