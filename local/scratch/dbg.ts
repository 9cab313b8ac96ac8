import { startProduct, signIn, openPanel, setStatus, customerSendsQuietly, acceptOffer, SUPPORT_US } from '../../e2e/harness';
(async () => {
    const p = await startProduct();
    const page = await signIn(p, p.agent1);
    page.on('console', (m) => console.log('console:', m.type(), m.text().slice(0, 300)));
    page.on('response', (r) => { if (r.status() >= 400) console.log('http', r.status(), r.url()); });
    await setStatus(page, 'Available');
    await customerSendsQuietly(p, '+14155550101', SUPPORT_US, 'hello');
    await openPanel(page);
    await page.locator('.sms-offer__accept button').waitFor();
    await acceptOffer(page);
    await page.waitForTimeout(3000);
    await page.screenshot({ path: '/tmp/dbg.png' });
    console.log(await page.locator('[role="tab"]').allTextContents());
    await p.close();
})();
