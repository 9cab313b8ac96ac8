/**
 * `npm start` itself (B34): one process that serves the console, the customer phone and the
 * service on 127.0.0.1, prints its addresses, stops cleanly on Ctrl-C (SIGINT), and resumes with
 * the same data on the next start.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..');
let dataDir: string;
const running = new Set<ChildProcessWithoutNullStreams>();

beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-npm-start-'));
});

afterAll(() => {
    for (const child of running) if (groupAlive(child.pid!)) process.kill(-child.pid!, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
    child: ChildProcessWithoutNullStreams;
    output: () => string;
    consoleUrl: string;
    phoneUrl: string;
}

async function npmStart(): Promise<Started> {
    const child = spawn('npm', ['start', '--silent'], {
        cwd: ROOT,
        env: { ...process.env, PORT: '0', SIMULATOR_PORT: '0', SMS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        // Its own process group, as a terminal runs a command: Ctrl-C signals the whole group.
        detached: true
    });
    running.add(child);
    child.on('exit', () => running.delete(child));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
            if (output.includes('Press Ctrl-C to stop.')) {
                clearInterval(check);
                resolve();
            }
        }, 100);
        child.on('exit', (code) => {
            clearInterval(check);
            reject(new Error(`npm start exited with ${code}: ${output}`));
        });
    });
    const consoleUrl = /Console \(sign in\):\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)![1];
    const phoneUrl = /Customer phone:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)![1];
    return { child, output: () => output, consoleUrl, phoneUrl };
}

/**
 * Ctrl-C: SIGINT to the command's process group, as a terminal sends it. npm itself ends on the
 * signal; what counts is that the console stops in order and says so, and that nothing is left.
 */
async function stop(started: Started): Promise<string> {
    process.kill(-started.child.pid!, 'SIGINT');
    const deadline = Date.now() + 30_000;
    while (!/Stopped\.|Stopping failed/.test(started.output()) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    while (groupAlive(started.child.pid!) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(groupAlive(started.child.pid!)).toBe(false);
    return started.output();
}

function groupAlive(pgid: number): boolean {
    try {
        process.kill(-pgid, 0);
        return true;
    } catch {
        return false;
    }
}

test('npm start serves the console, the phone and the service; Ctrl-C stops it; the next start resumes with the same data', async () => {
    const first = await npmStart();
    expect(first.output()).toContain('SMS Agent Console (local) is running.');
    expect((await fetch(`${first.consoleUrl}/readyz`)).status).toBe(200);
    const signIn = await (await fetch(`${first.consoleUrl}/`)).text();
    expect(signIn).toContain('Agent 1');
    expect((await fetch(`${first.phoneUrl}/`)).status).toBe(200);

    // A customer texts; the message is in the service's store and the local org.
    const sent = await fetch(`${first.phoneUrl}/admin/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: '+14155550177', to: '+14155550198', body: 'Kept across restarts' })
    });
    expect(sent.status).toBe(201);
    // The supervisor reads every interaction (an agent sees only their own, and this one waits Queued).
    const supervisor = [...signIn.matchAll(/console\?as=(\w+)/g)].pop()![1];
    const query = {
        query: '{ uiapi { query { SMS_Interaction__c(first: 10) { edges { node { Id Status__c { value } } } } } } }'
    };
    const interactions = async (url: string): Promise<Array<{ node: { Id: string } }>> => {
        const answer = await fetch(`${url}/api/ui/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-local-user': supervisor },
            body: JSON.stringify(query)
        });
        const json = (await answer.json()) as { data: { uiapi: { query: { SMS_Interaction__c: { edges: [] } } } } };
        return json.data.uiapi.query.SMS_Interaction__c.edges;
    };
    let before: Array<{ node: { Id: string } }> = [];
    for (let i = 0; i < 50 && before.length === 0; i += 1) {
        before = await interactions(first.consoleUrl);
        if (before.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(before).toHaveLength(1);

    expect(await stop(first)).toContain('Stopped. The next npm start resumes with the same data.');
    expect(fs.existsSync(path.join(dataDir, 'service.sqlite'))).toBe(true);

    const second = await npmStart();
    try {
        expect((await interactions(second.consoleUrl)).map((e) => e.node.Id)).toEqual(before.map((e) => e.node.Id));
    } finally {
        expect(await stop(second)).toContain('Stopped.');
    }
});
