/**
 * The routing service's public API. See docs/router.md.
 *
 *     const router = await createRouter({ db, migrate: true });
 *     await router.configure(snapshot);
 *     const scheduler = router.startScheduler();
 *     const events = router.subscribe(async (batch) => publish(batch));
 */
export { createRouter, RouterEngine, type RouterOptions } from './engine';
export { routerMigrations } from './schema';
export { ManualClock, systemClock, type Clock } from './clock';
export { RouterError, ROUTER_ERRORS, isRouterError, type RouterErrorCode } from './errors';
export type { PullOptions, SubscribeOptions, Subscription } from './outbox';
export type { Scheduler, SchedulerOptions } from './scheduler';
export * from './types';
