/**
 * A router process for the restart test (restart.test.ts), run with ts-node:
 *
 *   restart-child.ts arm  <sqlite:/path/file | postgres:schema>
 *     configures, arms one timer of each kind (due in about 2 s), prints their ids as one JSON
 *     line and keeps running (with its scheduler) until it is killed.
 *   restart-child.ts fire <same database>
 *     starts the scheduler on the real clock, waits until the armed timers have fired, prints
 *     what it finds as one JSON line and exits.
 */
import { migrate, PostgresDb, SqliteDb, type Db } from '../../db';
import { createLogger } from '../../log';
import { RouterEngine } from '../engine';
import { routerMigrations } from '../schema';
import { agent, channel, queue } from './fixtures';

const PG = {
    host: process.env.PGHOST_TEST ?? '127.0.0.1',
    port: Number(process.env.PGPORT_TEST ?? 5432),
    user: process.env.PGUSER_TEST ?? 'postgres',
    database: process.env.PGDATABASE_TEST ?? 'test'
};

const SALES = '+14155550100';
const SUPPORT = '+14155550200';

function openDb(target: string): Db {
    if (target.startsWith('sqlite:')) return new SqliteDb({ filename: target.slice('sqlite:'.length) });
    if (target.startsWith('postgres:'))
        return new PostgresDb({ ...PG, schema: target.slice('postgres:'.length), max: 4 });
    throw new Error(`unknown database ${target}`);
}

async function arm(router: RouterEngine) {
    const timing = { acceptanceIntervalSeconds: 2, postProcessingSeconds: 2, slaTargetSeconds: 2 };
    await router.configure({
        queues: [queue('sales', timing), queue('support', timing)],
        agents: [agent('A'), agent('B')],
        channels: [channel(SALES, 'sales'), channel(SUPPORT, 'support')],
        members: [
            { queueId: 'sales', userIds: ['A'] },
            { queueId: 'support', userIds: ['B'] }
        ]
    });
    await router.setStatus({ actor: 'B', status: 'Available' });
    const ended = (await router.customerMessage({ channelNumber: SUPPORT, customerNumber: '+12025550001' }))
        .interaction;
    const unanswered = (await router.customerMessage({ channelNumber: SUPPORT, customerNumber: '+12025550002' }))
        .interaction;
    await router.accept({ actor: 'B', interactionId: ended.id });
    await router.accept({ actor: 'B', interactionId: unanswered.id });
    await router.end({ actor: 'B', interactionId: ended.id });
    await router.setStatus({ actor: 'A', status: 'Available' });
    const offered = (await router.customerMessage({ channelNumber: SALES, customerNumber: '+12025550003' }))
        .interaction;
    return {
        offered: offered.id,
        ended: ended.id,
        unanswered: unanswered.id,
        dueBy: (await router.nextTimerDueAt()) ?? 0
    };
}

async function main() {
    const [mode, target] = process.argv.slice(2);
    const db = openDb(target);
    if (db instanceof PostgresDb) await db.ensureSchema();
    await migrate(db, routerMigrations);
    const router = new RouterEngine({ db, logger: createLogger({ level: 'error' }) });
    if (mode === 'arm') {
        const ids = await arm(router);
        router.startScheduler({ pollMs: 1000 });
        process.stdout.write(`${JSON.stringify(ids)}\n`);
        setInterval(() => undefined, 60_000); // until killed
        return;
    }
    const [offered, ended, unanswered] = process.argv.slice(4);
    const scheduler = router.startScheduler({ pollMs: 200 });
    const state = async () => ({
        offered: await router.getInteraction(offered),
        ended: await router.getInteraction(ended),
        unanswered: await router.getInteraction(unanswered),
        a: await router.getAgentState('A'),
        b: await router.getAgentState('B')
    });
    let now = await state();
    for (let i = 0; i < 100; i++) {
        if (now.offered.status === 'Queued' && now.ended.status === 'Closed' && now.unanswered.slaBreached) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
        now = await state();
    }
    await scheduler.stop();
    process.stdout.write(
        `${JSON.stringify({
            offered: now.offered.status,
            ended: now.ended.status,
            slaBreached: now.unanswered.slaBreached,
            a: [now.a.status, now.a.statusReason],
            b: now.b.status
        })}\n`
    );
    await db.close();
}

main().catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
});
