/**
 * The real-org connector wired to local servers speaking Salesforce's protocols (OAuth JWT
 * bearer and REST over HTTP, the Pub/Sub API over gRPC), all backed by one local org.
 */
import { generateKeyPairSync } from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createSqliteTestDb, type TestDatabase } from '../../../test/databases';
import { migrate } from '../../db';
import { RealOrg } from '../realOrg';
import { ConnectorStore, connectorMigrations } from '../store';
import { FakePubSub } from './fakePubSub';
import { FakeSalesforce } from './fakeSalesforce';
import { captureLogger, smallOrg, type SmallOrg } from './support';

export const CONSUMER_KEY = '3MVG9local.consumer.key';
let keys: { privatePem: string; publicPem: string } | null = null;

function keyPair(): { privatePem: string; publicPem: string } {
    if (!keys) {
        const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        keys = {
            privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
            publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString()
        };
    }
    return keys;
}

export interface RealOrgEnv extends SmallOrg {
    fake: FakeSalesforce;
    pubsub: FakePubSub;
    real: RealOrg;
    keyFile: string;
    t: TestDatabase;
    store: ConnectorStore;
    sink: ReturnType<typeof captureLogger>['sink'];
    log: ReturnType<typeof captureLogger>['log'];
    newRealOrg(overrides?: { consumerKey?: string }): RealOrg;
    cleanup(): Promise<void>;
}

export async function createRealOrgEnv(): Promise<RealOrgEnv> {
    const { privatePem, publicPem } = keyPair();
    const small = smallOrg();
    const { log, sink } = captureLogger();
    const users: Record<string, string> = { 'integration@sms.local': small.org.integrationUserId };
    const fake = new FakeSalesforce({ org: small.org, consumerKey: CONSUMER_KEY, publicKey: publicPem, users });
    await fake.start();
    const pubsub = new FakePubSub({
        org: small.org,
        userOf: (t) => fake.userOf(t),
        organizationId: fake.organizationId
    });
    await pubsub.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-'));
    const keyFile = path.join(dir, 'server.key');
    fs.writeFileSync(keyFile, privatePem, { mode: 0o600 });
    const t = await createSqliteTestDb();
    await migrate(t.db, connectorMigrations);
    const store = new ConnectorStore(t.db);
    const orgs: RealOrg[] = [];
    const newRealOrg = (overrides: { consumerKey?: string } = {}) => {
        const r = new RealOrg({
            jwt: {
                loginUrl: fake.url,
                consumerKey: overrides.consumerKey ?? CONSUMER_KEY,
                username: 'integration@sms.local',
                privateKeyPath: keyFile
            },
            pubSubEndpoint: pubsub.endpoint,
            pubSubInsecure: true,
            rest: { backoffMs: 5 },
            backoff: { initialMs: 20, maxMs: 200 },
            log
        });
        orgs.push(r);
        return r;
    };
    const real = newRealOrg();
    return {
        ...small,
        fake,
        pubsub,
        real,
        keyFile,
        t,
        store,
        sink,
        log,
        newRealOrg,
        cleanup: async () => {
            for (const o of orgs) await o.close();
            await pubsub.stop();
            await fake.stop();
            await t.drop();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    };
}
