/**
 * `npm run service`: the service against a real org and a real SMS provider. Owns the process:
 * validates the environment once (one clear line per missing or invalid variable — the service's,
 * the org's and the provider's together — then exit 1), builds the service (createService.ts),
 * serves the provider's webhooks, /healthz, /readyz and /metrics, and shuts down gracefully on
 * SIGTERM / SIGINT: in-flight requests, sends and the action batch in hand finish first.
 */
import { ConfigurationError } from './config';
import { createService, type RealService } from './createService';

async function main(): Promise<void> {
    let service: RealService;
    try {
        service = await createService({ mode: 'real', env: process.env });
    } catch (error) {
        if (error instanceof ConfigurationError) {
            console.error(error.message);
            process.exit(1);
        }
        throw error;
    }
    let stopping = false;
    const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        service.log.info({ signal }, 'shutting down');
        const timer = setTimeout(() => {
            service.log.error('graceful shutdown took too long; exiting');
            process.exit(1);
        }, service.config.shutdownTimeoutMs);
        try {
            await service.close();
            clearTimeout(timer);
            process.exit(0);
        } catch (error) {
            service.log.error({ err: error }, 'shutdown failed');
            process.exit(1);
        }
    };
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
});
