/**
 * Keeps `npm run bench:router` from rotting: runs its quick mode once, as the npm script runs it
 * (ts-node, a real process), and checks that every run routed every message. The figures are
 * not asserted: timing goals are read from the benchmark's own output, never from a test.
 */
import { execFile } from 'child_process';
import path from 'path';
import { postgresReachable } from '../../test/databases';

const ROOT = path.resolve(__dirname, '../../..');

interface Output {
    floorPerSecond: number;
    results: {
        db: string;
        agents: number;
        messages: number;
        offered: number;
        perSecond: number;
        p50Ms: number;
        p99Ms: number;
    }[];
}

describe('bench:router --quick', () => {
    it('routes every message on each database and reports its figures', async () => {
        const withPostgres = await postgresReachable();
        const stdout = await new Promise<string>((resolve, reject) =>
            execFile(
                process.execPath,
                [
                    require.resolve('ts-node/dist/bin.js'),
                    'bench/router.ts',
                    '--quick',
                    '--json',
                    '--db',
                    withPostgres ? 'both' : 'sqlite'
                ],
                { cwd: ROOT, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, timeout: 110_000 },
                (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out))
            )
        );
        const output = JSON.parse(stdout.trim().split('\n').pop()!) as Output;
        expect(output.floorPerSecond).toBeGreaterThan(0);
        const runs = output.results.map((r) => `${r.db}/${r.agents}`);
        expect(runs).toEqual(
            withPostgres ? ['sqlite/10', 'sqlite/100', 'postgres/10', 'postgres/100'] : ['sqlite/10', 'sqlite/100']
        );
        for (const r of output.results) {
            expect(r.offered).toBe(r.messages);
            expect(r.perSecond).toBeGreaterThan(0);
            expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
        }
    }, 120_000);
});
