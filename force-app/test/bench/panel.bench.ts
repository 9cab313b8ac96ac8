// The benchmark's entry (not a test): `npm run bench:panel` runs it through jest with
// bench/jest.panel.config.js; PANEL_BENCH=quick runs the short version.
import { FULL, QUICK, formatResult, runPanelBench } from './panelBench';

const quick = process.env.PANEL_BENCH === 'quick';

describe('panel benchmark', () => {
    it(`${quick ? 'quick run' : '8-hour shift'}`, async () => {
        const result = await runPanelBench(quick ? QUICK : FULL);
        process.stdout.write(`\n${formatResult(result)}\n\n`);
        expect(result.updates).toBeGreaterThan(0);
    });
});
