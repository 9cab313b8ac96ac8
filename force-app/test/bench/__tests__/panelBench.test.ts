// Runs the panel benchmark's quick mode once, so that the benchmark keeps working. It checks
// that the scenario ran — not how fast: timing goals are for `npm run bench:panel` to print.
import { QUICK, formatResult, runPanelBench } from '../panelBench';

describe('panel benchmark (quick mode)', () => {
    it('renders the panel through a short shift of events and reports its figures', async () => {
        const result = await runPanelBench(QUICK);
        expect(result.renderedMessages).toBe(QUICK.messagesPerInteraction);
        expect(result.updates).toBe((QUICK.shiftHours * 3600) / QUICK.eventEverySeconds);
        expect(result.heapEndMb).toBeGreaterThan(0);
        expect(formatResult(result)).toContain('ms per update');
    });
});
