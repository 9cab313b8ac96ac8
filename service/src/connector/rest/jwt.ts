/**
 * OAuth 2.0 JWT bearer flow for the integration user (no password, no secret): an RS256-signed
 * assertion (iss = consumer key, sub = username, aud = login URL, exp = now + 3 min) posted to
 * `{loginUrl}/services/oauth2/token`. The access token is cached, refreshed before the session
 * lifetime ends and whenever the org answers 401, and never logged or put in an error message.
 */
import { createSign } from 'crypto';
import fs from 'fs';
import { ConnectorError } from '../errors';

export interface JwtConfig {
    loginUrl: string;
    consumerKey: string;
    username: string;
    /** PEM private key, or read from `privateKeyPath`. */
    privateKey?: string;
    privateKeyPath?: string;
    /** The org's session timeout; the token is renewed before it (default 2 hours). */
    sessionSeconds?: number;
    now?: () => number;
    fetchImpl?: typeof fetch;
}

export interface SalesforceSession {
    accessToken: string;
    instanceUrl: string;
    organizationId: string;
    userId: string;
    issuedAt: number;
}

function base64url(input: Buffer | string): string {
    return Buffer.from(input).toString('base64url');
}

export function signAssertion(
    config: { consumerKey: string; username: string; loginUrl: string; privateKey: string },
    nowMs: number
): string {
    const header = base64url(JSON.stringify({ alg: 'RS256' }));
    const claims = base64url(
        JSON.stringify({
            iss: config.consumerKey,
            sub: config.username,
            aud: config.loginUrl.replace(/\/+$/, ''),
            exp: Math.floor(nowMs / 1000) + 180
        })
    );
    const signer = createSign('RSA-SHA256');
    signer.update(`${header}.${claims}`);
    return `${header}.${claims}.${signer.sign(config.privateKey).toString('base64url')}`;
}

interface TokenResponse {
    access_token?: string;
    instance_url?: string;
    id?: string;
    issued_at?: string;
    error?: string;
    error_description?: string;
}

export class JwtBearerAuth {
    private session: SalesforceSession | null = null;
    private pending: Promise<SalesforceSession> | null = null;
    private readonly privateKey: string;
    private readonly now: () => number;
    private readonly fetchImpl: typeof fetch;
    private readonly sessionMs: number;
    /** Refreshes in the last minute, to stop a loop when the org refuses every fresh token. */
    private recentRefreshes: number[] = [];

    constructor(private readonly config: JwtConfig) {
        this.now = config.now ?? Date.now;
        this.fetchImpl = config.fetchImpl ?? fetch;
        this.sessionMs = (config.sessionSeconds ?? 7200) * 1000;
        if (config.privateKey) this.privateKey = config.privateKey;
        else if (config.privateKeyPath) {
            try {
                this.privateKey = fs.readFileSync(config.privateKeyPath, 'utf8');
            } catch (error) {
                throw new ConnectorError(
                    'AUTH_CONFIG',
                    `The private key file ${config.privateKeyPath} cannot be read`,
                    { cause: error }
                );
            }
        } else throw new ConnectorError('AUTH_CONFIG', 'No private key for the JWT bearer flow');
        if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(this.privateKey)) {
            throw new ConnectorError('AUTH_CONFIG', 'The private key is not a PEM private key');
        }
    }

    /** A valid session: the cached one, or a new one when none or it is near its end. */
    async getSession(): Promise<SalesforceSession> {
        if (this.session && this.now() - this.session.issuedAt < this.sessionMs * 0.9) return this.session;
        return this.refresh();
    }

    current(): SalesforceSession | null {
        return this.session;
    }

    /** Forgets the token (after a 401) and gets a new one; concurrent callers share one request. */
    async refresh(): Promise<SalesforceSession> {
        if (this.pending) return this.pending;
        const now = this.now();
        this.recentRefreshes = this.recentRefreshes.filter((t) => now - t < 60_000);
        if (this.recentRefreshes.length >= 5) {
            throw new ConnectorError(
                'SESSION_INVALID',
                'The org refused five fresh access tokens within a minute (INVALID_SESSION_ID): check that the connected app allows this user and that the session is not restricted by IP',
                { retryable: true }
            );
        }
        this.recentRefreshes.push(now);
        this.session = null;
        this.pending = this.requestToken().finally(() => {
            this.pending = null;
        });
        this.session = await this.pending;
        return this.session;
    }

    private async requestToken(): Promise<SalesforceSession> {
        const loginUrl = this.config.loginUrl.replace(/\/+$/, '');
        const assertion = signAssertion({ ...this.config, privateKey: this.privateKey }, this.now());
        let response: Response;
        try {
            response = await this.fetchImpl(`${loginUrl}/services/oauth2/token`, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
                body: new URLSearchParams({
                    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
                    assertion
                }).toString()
            });
        } catch (error) {
            throw new ConnectorError('AUTH_UNAVAILABLE', `The login endpoint ${loginUrl} could not be reached`, {
                cause: error,
                retryable: true
            });
        }
        let body: TokenResponse = {};
        try {
            body = (await response.json()) as TokenResponse;
        } catch {
            // A non-JSON answer (a proxy's HTML page) is reported by status below.
        }
        if (!response.ok || !body.access_token) {
            const description = body.error
                ? `${body.error}: ${body.error_description ?? ''}`.trim()
                : `HTTP ${response.status}`;
            const retryable = response.status >= 500 || response.status === 429;
            throw new ConnectorError(
                retryable ? 'AUTH_UNAVAILABLE' : 'AUTH_REFUSED',
                `The org refused the JWT bearer assertion for ${this.config.username} (${description}). ` +
                    'Check the consumer key, that the certificate of the private key is uploaded to the connected app, ' +
                    'that the user is pre-authorized (Admin approved users) and the login URL',
                { retryable, status: response.status }
            );
        }
        if (!body.instance_url || !body.id) {
            throw new ConnectorError('AUTH_REFUSED', 'The token response has no instance_url or id');
        }
        // id: https://login.salesforce.com/id/<orgId>/<userId>
        const parts = new URL(body.id).pathname.split('/').filter(Boolean);
        const [organizationId, userId] = parts.slice(-2);
        return {
            accessToken: body.access_token,
            instanceUrl: body.instance_url.replace(/\/+$/, ''),
            organizationId,
            userId,
            // Our own clock decides when to renew, whatever the org's clock says.
            issuedAt: this.now()
        };
    }
}
