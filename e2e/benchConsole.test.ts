/** `npm run bench:console` keeps working: run briefly, it prints its three figures (never judged on them). */
import { spawnSync } from 'child_process';
import path from 'path';

jest.setTimeout(180_000);

test('npm run bench:console -- --quick prints p50, p95 and max of the three paths', () => {
    const run = spawnSync('npm', ['run', '--silent', 'bench:console', '--', '--quick'], {
        cwd: path.resolve(__dirname, '..'),
        encoding: 'utf8',
        timeout: 170_000
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const row of ['customer send → visible', 'inbound → offer visible', 'accept → record tab open']) {
        expect(run.stdout).toMatch(new RegExp(`${row}\\s+\\d+\\s+\\d+\\s+\\d+`));
    }
    expect(run.stdout).toMatch(/Local console in Chromium, 3 runs/);
    expect(run.stdout).toMatch(/goal p95 ≤ 300 ms: (met|not met)/);
});
