/**
 * Where the routing engine (service/src/router) and the SMS edge (service/src/provider) join
 * the connector in the running service. They are built on their own branches; until they are
 * merged here this build has nothing to route with, and `npm run service` says so at boot
 * (after the configuration has been validated) instead of starting half a service.
 */
import type { FastifyInstance } from 'fastify';
import type { ServiceConfig } from './config';
import type { RoutingHandler, RuntimeParts } from './connector/runtime';
import type { Db, Migration } from './db';
import type { Logger } from './log';
import type { Metrics } from './metrics';

export interface ServiceParts {
    migrations: Migration[];
    /** Extra configuration problems (the provider's variables), reported with the service's own. */
    configProblems: string[];
    handler(parts: RuntimeParts): RoutingHandler;
    routes?(app: FastifyInstance): Promise<void>;
    start?(): Promise<void>;
    stop?(): Promise<void>;
}

export class PartsMissingError extends Error {
    readonly code = 'PARTS_MISSING';
}

export async function loadParts(_deps: {
    config: ServiceConfig;
    db: Db;
    log: Logger;
    metrics: Metrics;
}): Promise<ServiceParts> {
    throw new PartsMissingError(
        'This build does not include the routing engine and the SMS edge: merge service/src/router and service/src/provider and compose them in service/src/parts.ts (RouterBridge + createSmsEdge).'
    );
}
