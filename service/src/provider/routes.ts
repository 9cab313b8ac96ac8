/**
 * The provider's HTTP routes as a fastify plugin: the inbound-SMS webhook and the status
 * callback. Both are form-encoded POSTs signed by the provider; the signature is checked
 * against the configured public URL plus the path and query the request arrived with. An
 * unsigned or forged request gets 403 and nothing is stored. The inbound webhook answers 200
 * only once the message is durably stored.
 *
 *   app.register(providerRoutes, { edge, provider, publicUrl })
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INBOUND_PATH, STATUS_PATH, type SmsEdge } from './edge';
import type { SmsProvider, WebhookRequest } from './types';

export interface ProviderRoutesOptions {
    /** The SMS edge (only its two webhook entry points are used). */
    edge: Pick<SmsEdge, 'receiveInbound' | 'receiveStatus'>;
    provider: SmsProvider;
    /** The public base URL the provider calls (SMS_PUBLIC_URL), without a trailing slash. */
    publicUrl: string;
}

type FormBody = Record<string, string | string[] | undefined>;

export async function providerRoutes(app: FastifyInstance, options: ProviderRoutesOptions): Promise<void> {
    if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
        await app.register(formbody);
    }
    const publicUrl = options.publicUrl.replace(/\/+$/, '');

    const verified = (request: FastifyRequest, reply: FastifyReply): WebhookRequest | undefined => {
        const body = request.body;
        const webhook: WebhookRequest = {
            url: publicUrl + (request.raw.url ?? request.url),
            headers: request.headers,
            params: body && typeof body === 'object' ? (body as FormBody) : {}
        };
        if (!options.provider.verifySignature(webhook)) {
            request.log.warn({ path: request.routeOptions.url }, 'webhook with a missing or invalid signature refused');
            void reply.code(403).type('text/plain').send('Invalid signature');
            return undefined;
        }
        return webhook;
    };

    app.post(INBOUND_PATH, async (request, reply) => {
        const webhook = verified(request, reply);
        if (!webhook) return reply;
        const sms = options.provider.parseInbound(webhook);
        if (!sms) return reply.code(400).type('text/plain').send('Not an SMS webhook of this account');
        await options.edge.receiveInbound(sms);
        const response = options.provider.inboundResponse();
        return reply.code(200).type(response.contentType).send(response.body);
    });

    app.post(STATUS_PATH, async (request, reply) => {
        const webhook = verified(request, reply);
        if (!webhook) return reply;
        const report = options.provider.parseStatus(webhook);
        if (!report) return reply.code(400).type('text/plain').send('Not a status callback of this account');
        const hint = (request.query as Record<string, string | undefined>).m;
        await options.edge.receiveStatus(report, typeof hint === 'string' ? hint : undefined);
        return reply.code(200).type('text/plain').send('');
    });
}
