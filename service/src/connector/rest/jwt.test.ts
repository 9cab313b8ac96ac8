import { generateKeyPairSync } from 'crypto';
import { isConnectorError } from '../errors';
import { LocalOrg } from '../local/localOrg';
import { FakeSalesforce } from '../testing/fakeSalesforce';
import { JwtBearerAuth, signAssertion } from './jwt';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC = publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('JWT bearer auth', () => {
    let fake: FakeSalesforce;
    let clock = Date.UTC(2026, 0, 5, 9);
    const now = () => clock;

    beforeEach(async () => {
        const org = new LocalOrg();
        fake = new FakeSalesforce({
            org,
            consumerKey: 'ck',
            publicKey: PUBLIC,
            users: { 'int@x.test': org.integrationUserId },
            now
        });
        await fake.start();
    });
    afterEach(async () => fake.stop());

    const tokens = () => fake.requests.filter((r) => r.path === '/services/oauth2/token').length;

    test('the assertion names the app, the user, the login URL and expires within three minutes', () => {
        const jwt = signAssertion(
            {
                consumerKey: 'ck',
                username: 'int@x.test',
                loginUrl: 'https://login.salesforce.com/',
                privateKey: PRIVATE
            },
            clock
        );
        const [header, claims] = jwt
            .split('.')
            .slice(0, 2)
            .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>);
        expect(header).toEqual({ alg: 'RS256' });
        expect(claims).toEqual({
            iss: 'ck',
            sub: 'int@x.test',
            aud: 'https://login.salesforce.com',
            exp: clock / 1000 + 180
        });
    });

    test('the token is cached, renewed before the session lifetime ends, and shared by concurrent callers', async () => {
        const auth = new JwtBearerAuth({
            loginUrl: fake.url,
            consumerKey: 'ck',
            username: 'int@x.test',
            privateKey: PRIVATE,
            sessionSeconds: 1000,
            now
        });
        const [a, b] = await Promise.all([auth.getSession(), auth.getSession()]);
        expect(a.accessToken).toBe(b.accessToken);
        expect(tokens()).toBe(1);
        clock += 850_000;
        expect((await auth.getSession()).accessToken).toBe(a.accessToken);
        clock += 100_000;
        const renewed = await auth.getSession();
        expect(renewed.accessToken).not.toBe(a.accessToken);
        expect(tokens()).toBe(2);
        expect(renewed).toMatchObject({ instanceUrl: fake.url, organizationId: fake.organizationId });
    });

    test('an expired assertion (clock skew) and a bad key are refused with the org’s reason', async () => {
        const skewed = new JwtBearerAuth({
            loginUrl: fake.url,
            consumerKey: 'ck',
            username: 'int@x.test',
            privateKey: PRIVATE,
            now: () => clock - 600_000
        });
        const e1 = await skewed.getSession().catch((e: unknown) => e);
        expect(isConnectorError(e1, 'AUTH_REFUSED')).toBe(true);
        expect((e1 as Error).message).toMatch(/invalid_grant: expired authorization code/);
        const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString();
        const wrongKey = new JwtBearerAuth({
            loginUrl: fake.url,
            consumerKey: 'ck',
            username: 'int@x.test',
            privateKey: other,
            now
        });
        const e2 = await wrongKey.getSession().catch((e: unknown) => e);
        expect((e2 as Error).message).toMatch(/invalid_grant: invalid assertion/);
        expect(
            () => new JwtBearerAuth({ loginUrl: fake.url, consumerKey: 'ck', username: 'u', privateKey: 'not a key' })
        ).toThrow(/not a PEM private key/);
        expect(
            () =>
                new JwtBearerAuth({
                    loginUrl: fake.url,
                    consumerKey: 'ck',
                    username: 'u',
                    privateKeyPath: '/nope/key.pem'
                })
        ).toThrow(/cannot be read/);
    });

    test('an unreachable login endpoint is a retryable error', async () => {
        const auth = new JwtBearerAuth({
            loginUrl: 'http://127.0.0.1:9',
            consumerKey: 'ck',
            username: 'u@x.test',
            privateKey: PRIVATE
        });
        const error = await auth.getSession().catch((e: unknown) => e);
        expect(isConnectorError(error, 'AUTH_UNAVAILABLE')).toBe(true);
        expect((error as { retryable: boolean }).retryable).toBe(true);
    });
});
