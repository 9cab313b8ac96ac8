/**
 * Runs the ingest benchmark once, briefly, so that it keeps working. Its figures are printed by
 * `npm run bench:ingest`; nothing here depends on how fast this machine is.
 */
import { formatIngestBench, runIngestBench } from './ingest';

describe('bench:ingest', () => {
    it('loads the floor and the SMS edge, and stores every webhook it answered 200', async () => {
        const result = await runIngestBench({ seconds: 0.3, warmupSeconds: 0, connections: 4 });
        expect(result.floor.ok).toBeGreaterThan(0);
        expect(result.edge.ok).toBeGreaterThan(0);
        expect(result.floor.errors + result.edge.errors).toBe(0);
        expect(result.stored.floor).toBeGreaterThanOrEqual(result.floor.ok);
        expect(result.stored.edge).toBeGreaterThanOrEqual(result.edge.ok);
        expect(result.ratio).toBeCloseTo(result.edge.perSecond / result.floor.perSecond, 6);
        const report = formatIngestBench(result);
        expect(report).toContain('floor: bare HTTP handler, 1 durable insert');
        expect(report).toContain('SMS edge: signed webhook stored and routed');
        expect(report).toMatch(/ratio SMS edge \/ floor: \d+\.\d\d/);
    });
});
