/**
 * Twilio's webhook signature, written out from its documentation rather than taken from the
 * `twilio` package, so that the service validating the simulator's webhooks with the package
 * proves the two agree: HMAC-SHA1, keyed with the auth token, over the full URL followed by
 * every POST parameter's name and value, sorted by name; Base64.
 */
import { createHmac } from 'crypto';

export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
    let data = url;
    for (const name of Object.keys(params).sort()) data += name + params[name];
    return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}
