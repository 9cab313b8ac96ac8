import fs from 'fs';
import path from 'path';
import { PROVIDER_ENV, loadProviderConfig } from './config';

const VALID = {
    SMS_PROVIDER: 'twilio',
    SMS_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
    SMS_AUTH_TOKEN: '0123456789abcdef0123456789abcdef',
    SMS_PUBLIC_URL: 'https://sms.example.com/'
};

describe('loadProviderConfig', () => {
    it('reads a Twilio configuration with its defaults', () => {
        expect(loadProviderConfig(VALID)).toEqual({
            kind: 'twilio',
            accountSid: VALID.SMS_ACCOUNT_SID,
            authToken: VALID.SMS_AUTH_TOKEN,
            apiBaseUrl: 'https://api.twilio.com',
            publicUrl: 'https://sms.example.com',
            defaultRegion: 'US',
            sendTimeoutMs: 10_000,
            sendMaxAttempts: 4,
            sendBackoffMs: 500,
            unconfirmedSend: 'reconcile',
            reconcileDelayMs: 2_000
        });
    });

    it('reads every variable', () => {
        const config = loadProviderConfig({
            ...VALID,
            SMS_PROVIDER: 'simulator',
            SMS_API_BASE_URL: 'http://127.0.0.1:4010',
            SMS_DEFAULT_REGION: 'gb',
            SMS_SEND_TIMEOUT_MS: '2500',
            SMS_SEND_MAX_ATTEMPTS: '6',
            SMS_SEND_BACKOFF_MS: '100',
            SMS_UNCONFIRMED_SEND: 'fail',
            SMS_RECONCILE_DELAY_MS: '500'
        });
        expect(config).toMatchObject({
            kind: 'simulator',
            apiBaseUrl: 'http://127.0.0.1:4010',
            defaultRegion: 'GB',
            sendTimeoutMs: 2500,
            sendMaxAttempts: 6,
            sendBackoffMs: 100,
            unconfirmedSend: 'fail',
            reconcileDelayMs: 500
        });
    });

    it('reports every problem at once, each naming its variable', () => {
        let message = '';
        try {
            loadProviderConfig({
                SMS_PROVIDER: 'nexmo',
                SMS_ACCOUNT_SID: 'not-a-sid',
                SMS_PUBLIC_URL: 'ftp://example.com',
                SMS_DEFAULT_REGION: 'XX',
                SMS_SEND_MAX_ATTEMPTS: 'many',
                SMS_UNCONFIRMED_SEND: 'maybe'
            });
        } catch (error) {
            expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
            message = (error as Error).message;
        }
        for (const expected of [
            'SMS_PROVIDER must be "twilio" or "simulator"; got "nexmo".',
            'SMS_ACCOUNT_SID must be the account SID (AC followed by 32 hexadecimal characters).',
            'SMS_AUTH_TOKEN is required',
            'SMS_PUBLIC_URL must be an http(s) URL without query or fragment',
            'SMS_DEFAULT_REGION must be a two-letter country code such as US, GB or DE; got "XX".',
            'SMS_SEND_MAX_ATTEMPTS must be a whole number from 1 to 10',
            'SMS_UNCONFIRMED_SEND must be "reconcile" or "fail"; got "maybe".'
        ]) {
            expect(message).toContain(expected);
        }
        expect(message).not.toContain('0123456789abcdef');
    });

    it('requires the simulator’s URL with the simulator', () => {
        expect(() => loadProviderConfig({ ...VALID, SMS_PROVIDER: 'simulator' })).toThrow(
            /SMS_API_BASE_URL is required with SMS_PROVIDER=simulator/
        );
    });

    it('requires the public URL the provider calls', () => {
        const { SMS_PUBLIC_URL: _omitted, ...rest } = VALID;
        expect(() => loadProviderConfig(rest)).toThrow(/SMS_PUBLIC_URL is required/);
    });

    it('has every variable documented in the README’s configuration section', () => {
        const readme = fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf-8');
        const section = readme.slice(readme.indexOf('## Configuration'));
        for (const name of Object.keys(PROVIDER_ENV)) expect(section).toContain(`| \`${name}\``);
    });
});
