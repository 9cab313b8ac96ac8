/**
 * `npm run bench:panel [-- --quick]`: renders the agent panel in jsdom with 10 interactions × 500
 * messages and plays an 8-hour shift of service events; prints the time per update and the heap
 * at the start and the end of the shift. Not a test: nothing here passes or fails on timing.
 *
 * The LWC engine runs in production mode (NODE_ENV=production), as it does in an org and in the
 * local console's build; its development mode adds checks and keeps a hot-swap registry of every
 * rendered component, which is not what agents run.
 */
import { spawnSync } from 'child_process';
import path from 'path';

const root = path.join(__dirname, '..');
const quick = process.argv.includes('--quick');
const jest = require.resolve('jest/bin/jest');

const run = spawnSync(
    process.execPath,
    [
        jest,
        '--config',
        path.join(__dirname, 'jest.panel.config.js'),
        '--runInBand',
        '--silent=false',
        '--verbose=false'
    ],
    {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'production', PANEL_BENCH: quick ? 'quick' : 'full' }
    }
);
process.exitCode = run.status ?? 1;
