import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromium } from 'playwright-core';
(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-'));
    const ctx = await chromium.launchPersistentContext(dir, {
        executablePath: '/usr/lib/chromium/chromium', headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        viewport: { width: 1400, height: 900 }
    });
    const page = await ctx.newPage();
    page.on('console', (m) => console.log('console:', m.type(), m.text().slice(0, 300)));
    page.on('pageerror', (e) => console.log('pageerror:', e.message.slice(0, 500)));
    page.on('requestfailed', (r) => console.log('reqfail:', r.url()));
    page.on('response', (r) => { if (r.status() >= 400) console.log('http', r.status(), r.url()); });
    await page.goto(process.argv[2]);
    await page.waitForTimeout(Number(process.argv[4] ?? 4000));
    if (process.argv[5]) await page.click(process.argv[5]);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: process.argv[3] });
    await ctx.close();
})();
