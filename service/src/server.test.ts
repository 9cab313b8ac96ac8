import { execFile } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import Fastify from 'fastify';
import { ALL_ENV, ConfigurationError, loadEnvironment, loadServiceConfig } from './config';
import { ConnectorRuntime } from './connector/runtime';
import { connectorMigrations } from './connector/store';
import { captureLogger, RecordingHandler, smallOrg } from './connector/testing/support';
import { OBJECTS } from './connector/model';
import { migrate } from './db';
import { Metrics } from './metrics';
import { opsRoutes } from './ops';
import { createSqliteTestDb } from '../test/databases';

const ROOT = path.resolve(__dirname, '..', '..');

describe('configuration at boot', () => {
    test('npm run service with no environment fails fast with one message per missing variable, the provider’s included', async () => {
        const started = Date.now();
        const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const child = execFile(
                process.execPath,
                [require.resolve('ts-node/dist/bin.js'), 'service/src/server.ts'],
                {
                    cwd: ROOT,
                    env: { PATH: process.env.PATH, HOME: process.env.HOME, TS_NODE_TRANSPILE_ONLY: 'true' },
                    timeout: 20_000
                },
                (error, _stdout, err) =>
                    resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr: err })
            );
            void child;
        });
        expect(code).toBe(1);
        const missing = [
            'SF_LOGIN_URL',
            'SF_CONSUMER_KEY',
            'SF_USERNAME',
            'SF_PRIVATE_KEY_PATH',
            'SMS_ACCOUNT_SID',
            'SMS_AUTH_TOKEN',
            'SMS_API_BASE_URL',
            'SMS_PUBLIC_URL'
        ];
        for (const name of missing) expect(stderr).toMatch(new RegExp(`^  - ${name} is required`, 'm'));
        // One heading, then one line per missing variable: nothing else, nothing twice.
        expect(stderr.trim().split('\n')).toHaveLength(1 + missing.length);
        expect(Date.now() - started).toBeLessThan(15_000);
    }, 30_000);

    test('the provider’s problems are reported with the service’s own, in one message', () => {
        let error: unknown;
        try {
            loadEnvironment({ SF_CONSUMER_KEY: 'k', SMS_PROVIDER: 'carrier-pigeon', SMS_ACCOUNT_SID: 'XY1' });
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(ConfigurationError);
        const problems = (error as ConfigurationError).problems;
        expect(problems).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^SF_LOGIN_URL is required/),
                expect.stringMatching(/^SMS_PROVIDER must be "twilio" or "simulator"/),
                expect.stringMatching(/^SMS_ACCOUNT_SID must be the account SID/),
                expect.stringMatching(/^SMS_AUTH_TOKEN is required/),
                expect.stringMatching(/^SMS_PUBLIC_URL is required/)
            ])
        );
        expect(problems.some((p) => p.startsWith('SF_CONSUMER_KEY'))).toBe(false);
    });

    test('invalid values are named with what they should be, all at once', () => {
        let error: unknown;
        try {
            loadServiceConfig({
                PORT: 'eighty',
                SF_LOGIN_URL: 'http://login.example.com/services',
                SF_CONSUMER_KEY: 'key',
                SF_USERNAME: 'not a username',
                SF_PRIVATE_KEY_PATH: path.join(os.tmpdir(), 'does-not-exist.key'),
                SF_PUBSUB_ENDPOINT: 'no-port',
                LOG_LEVEL: 'loud',
                DATABASE_URL: 'mysql://x'
            });
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(ConfigurationError);
        const problems = (error as ConfigurationError).problems;
        expect(problems).toEqual([
            expect.stringMatching(/^PORT must be a whole number from 1 to 65535/),
            expect.stringMatching(/^DATABASE_URL must start with postgres/),
            expect.stringMatching(/^LOG_LEVEL must be one of/),
            expect.stringMatching(/^SF_LOGIN_URL must be an https URL without a path/),
            expect.stringMatching(/^SF_USERNAME must be a Salesforce username/),
            expect.stringMatching(/^SF_PRIVATE_KEY_PATH: the file .* cannot be read/),
            expect.stringMatching(/^SF_PUBSUB_ENDPOINT must be host:port/)
        ]);
    });

    test('a valid environment parses, and .env.example lists every variable with a comment', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
        const key = path.join(dir, 'k.pem');
        fs.writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n');
        const config = loadServiceConfig({
            SF_LOGIN_URL: 'https://test.salesforce.com',
            SF_CONSUMER_KEY: 'k',
            SF_USERNAME: 'int@example.com',
            SF_PRIVATE_KEY_PATH: key
        });
        expect(config).toMatchObject({
            port: 3000,
            database: { kind: 'sqlite' },
            salesforce: { pubSubEndpoint: 'api.pubsub.salesforce.com:7443', actionBatchSize: 100 }
        });
        fs.rmSync(dir, { recursive: true, force: true });
        const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n');
        for (const name of Object.keys(ALL_ENV)) {
            const line = example.findIndex((l) => l.startsWith(`${name}=`));
            expect(line).toBeGreaterThan(0);
            expect(example[line - 1]).toMatch(/^#/);
        }
    });
});

describe('health, readiness, metrics and graceful shutdown', () => {
    test('/readyz is 503 until store, org and stream are connected; /metrics speaks Prometheus; stop finishes in-flight work', async () => {
        const t = await createSqliteTestDb();
        await migrate(t.db, connectorMigrations);
        const s = smallOrg();
        const { log } = captureLogger();
        const metrics = new Metrics();
        const handler = new RecordingHandler([s.ada]);
        let release: () => void = () => undefined;
        const gate = new Promise<void>((r) => (release = r));
        const apply = handler.apply.bind(handler);
        handler.apply = async (c) => {
            await gate;
            return apply(c);
        };
        const runtime = new ConnectorRuntime({
            port: s.org,
            db: t.db,
            log,
            metrics,
            handler: () => handler,
            retryInitialMs: 10
        });
        const app = Fastify();
        await app.register(opsRoutes, { readiness: () => runtime.readiness(), metrics });
        const base = await app.listen({ port: 0, host: '127.0.0.1' });
        const get = async (p: string) => {
            const r = await fetch(`${base}${p}`);
            return {
                statusCode: r.status,
                headers: { 'content-type': r.headers.get('content-type') ?? '' },
                body: await r.text()
            };
        };
        const json = (r: { body: string }) => JSON.parse(r.body) as unknown;
        expect((await get('/healthz')).statusCode).toBe(200);
        const before = await get('/readyz');
        expect(before.statusCode).toBe(503);
        expect(json(before)).toMatchObject({ ready: false, store: true, org: false, stream: false });
        await runtime.start();
        const after = await get('/readyz');
        expect(after.statusCode).toBe(200);
        expect(json(after)).toMatchObject({ ready: true, store: true, org: true, stream: true });

        const action = s.org.insert(OBJECTS.action, { Type__c: 'Set Status', Requested_Status__c: 'Available' }, s.ada);
        await s.org.bus.drain();
        await new Promise((r) => setTimeout(r, 20));
        const stopping = runtime.stop();
        release();
        await stopping;
        expect(s.org.get(action)!.Result__c).toBe('Applied');
        const m = await get('/metrics');
        expect(m.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
        expect(m.body).toMatch(/^# TYPE sms_agent_actions_total counter$/m);
        expect(m.body).toMatch(/^sms_agent_actions_total\{result="applied"\} 1$/m);
        expect(m.body).toMatch(/^sms_event_stream_connected 0$/m);
        expect((await get('/readyz')).statusCode).toBe(503);
        await app.close();
        await t.drop();
    });
});
