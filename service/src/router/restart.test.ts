/**
 * X8: a real router process (ts-node) is killed (SIGKILL) with timers pending; a new process on
 * the same database fires them — offer expiry, post-processing deadline and SLA — on SQLite and
 * PostgreSQL.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import path from 'path';
import { describeEachDb, type TestDatabase } from '../../test/databases';
import { PostgresDb } from '../db';

const ROOT = path.resolve(__dirname, '../../..');
const CHILD = path.join(__dirname, 'testing', 'restart-child.ts');
const TS_NODE = require.resolve('ts-node/dist/bin.js');

function start(args: string[]): {
    child: ChildProcessWithoutNullStreams;
    line: Promise<string>;
    exited: Promise<number | null>;
} {
    const child = spawn(process.execPath, [TS_NODE, CHILD, ...args], {
        cwd: ROOT,
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', LOG_LEVEL: 'error' }
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const line = new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
            out += chunk;
            const end = out.indexOf('\n');
            if (end >= 0) resolve(out.slice(0, end));
        });
        child.on('exit', (code) => reject(new Error(`child exited ${code} before answering: ${stderr}`)));
    });
    return { child, line, exited };
}

describeEachDb('router process restart', (open) => {
    let t: TestDatabase | undefined;
    afterEach(async () => {
        await t?.drop();
        t = undefined;
    });

    it('timers pending when the process is killed fire after a restart', async () => {
        t = await open();
        const target =
            t.db instanceof PostgresDb
                ? `postgres:${t.db.schema}`
                : `sqlite:${(await t.db.get<{ file: string }>("SELECT file FROM pragma_database_list WHERE name = 'main'"))!.file}`;

        const armed = start(['arm', target]);
        const ids = JSON.parse(await armed.line) as {
            offered: string;
            ended: string;
            unanswered: string;
            dueBy: number;
        };
        armed.child.kill('SIGKILL');
        await armed.exited;
        // killed with all three timers still pending
        const pending = await t.db.all<{ id: string; status: string; sla_breached: number }>(
            'SELECT id, status, sla_breached FROM router_interactions ORDER BY id'
        );
        expect(pending.map((r) => [r.id, r.status, Number(r.sla_breached)]).sort()).toEqual(
            [
                [ids.offered, 'Offered', 0],
                [ids.ended, 'Post-processing', 0],
                [ids.unanswered, 'Active', 0]
            ].sort()
        );

        const restarted = start(['fire', target, ids.offered, ids.ended, ids.unanswered]);
        const state = JSON.parse(await restarted.line);
        expect(await restarted.exited).toBe(0);
        expect(state).toEqual({
            offered: 'Queued', // lapsed: back in the queue (A was its only agent)
            ended: 'Closed', // post-processing deadline
            slaBreached: true, // the unanswered customer message
            a: ['On Break', 'Missed Offer'],
            b: 'Available'
        });
    }, 30_000);
});
