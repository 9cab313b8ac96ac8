/**
 * Operations endpoints as a fastify plugin: `/healthz` (the process answers), `/readyz` (ready
 * only when the store, the org and the event stream are connected; 503 with what is missing
 * otherwise) and `/metrics` (Prometheus text format).
 */
import type { FastifyInstance } from 'fastify';
import type { Readiness } from './connector/runtime';
import type { Metrics } from './metrics';

export interface OpsOptions {
    readiness(): Promise<Readiness>;
    metrics: Metrics;
}

export async function opsRoutes(app: FastifyInstance, options: OpsOptions): Promise<void> {
    app.get('/healthz', async () => ({ status: 'ok' }));
    app.get('/readyz', async (_request, reply) => {
        const r = await options.readiness();
        return reply.code(r.ready ? 200 : 503).send({ status: r.ready ? 'ready' : 'not ready', ...r });
    });
    app.get('/metrics', async (_request, reply) =>
        reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8').send(await options.metrics.render())
    );
}
