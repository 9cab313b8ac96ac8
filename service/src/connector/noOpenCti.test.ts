/**
 * X11: nothing depends on Open CTI (which Salesforce retires in February 2028). Agent events and
 * actions travel as platform events; the panel is a utility-bar LWC, not a softphone adapter.
 */
import fs from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCAN = ['force-app', 'service', 'local'];
const OPEN_CTI =
    /opencti|sforce\.interaction|lightning\/opencti|callCenter-meta|\/support\/api\/\d+\.\d+\/interaction\.js/i;

function files(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === 'node_modules' || e.name === '__fixtures__' ? [] : files(full);
        return /\.(ts|js|html|xml|json)$/.test(e.name) && full !== __filename ? [full] : [];
    });
}

test('no source file, component or metadata uses Open CTI or a call center definition', () => {
    const all = SCAN.flatMap((d) => files(path.join(ROOT, d)));
    expect(all.length).toBeGreaterThan(20);
    const offenders = all.filter((f) => OPEN_CTI.test(fs.readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
    expect(fs.existsSync(path.join(ROOT, 'force-app', 'main', 'default', 'callCenters'))).toBe(false);
});
