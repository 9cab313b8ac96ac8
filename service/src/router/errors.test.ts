/**
 * Every refusal is a typed error with a stable code and leaves everything the router stores
 * exactly as it was (on SQLite and PostgreSQL). Identity: only the holder of an interaction acts
 * on it, only the agent themself changes their status.
 */
import { describeEachDb } from '../../test/databases';
import { RouterError, type RouterErrorCode } from './errors';
import type { RouterEngine } from './engine';
import { customer, dump, queue, routerSuite, SALES, SUPPORT } from './testing/fixtures';

interface World {
    offeredToA: string;
    activeOfA: string;
    endedOfA: string;
    closedOfA: string;
    supportEndedOfB: string;
}

describeEachDb('router refusals', (open) => {
    const s = routerSuite(open);

    /** A holds an offer, an active one, one in post-processing and a closed one; B one ended in support. */
    async function world(): Promise<World> {
        const r = s.router;
        await r.setStatus({ actor: 'A', status: 'Available' });
        s.clock.advance(1000);
        await r.setStatus({ actor: 'B', status: 'Available' });
        const id = async (n: number, channelNumber = SALES) =>
            (await r.customerMessage({ channelNumber, customerNumber: customer(n) })).interaction.id;
        const supportEndedOfB = await id(9, SUPPORT);
        await r.accept({ actor: 'B', interactionId: supportEndedOfB });
        await r.end({ actor: 'B', interactionId: supportEndedOfB });
        await r.upsertAgent({ userId: 'A', name: 'A', maxInteractions: 9, canReject: true });
        const closedOfA = await id(1);
        const activeOfA = await id(2);
        const endedOfA = await id(3);
        const offeredToA = await id(4);
        for (const i of [closedOfA, activeOfA, endedOfA]) await r.accept({ actor: 'A', interactionId: i });
        await r.end({ actor: 'A', interactionId: closedOfA });
        await r.wrapUp({ actor: 'A', interactionId: closedOfA });
        await r.end({ actor: 'A', interactionId: endedOfA });
        s.clock.advance(1000);
        return { offeredToA, activeOfA, endedOfA, closedOfA, supportEndedOfB };
    }

    const cases: [string, RouterErrorCode, (r: RouterEngine, w: World) => Promise<unknown>][] = [
        // identity
        [
            'B accepts A’s offer',
            'NOT_YOUR_INTERACTION',
            (r, w) => r.accept({ actor: 'B', interactionId: w.offeredToA })
        ],
        [
            'B rejects A’s offer',
            'NOT_YOUR_INTERACTION',
            (r, w) => r.reject({ actor: 'B', interactionId: w.offeredToA })
        ],
        ['B ends A’s interaction', 'NOT_YOUR_INTERACTION', (r, w) => r.end({ actor: 'B', interactionId: w.activeOfA })],
        [
            'B wraps up A’s interaction',
            'NOT_YOUR_INTERACTION',
            (r, w) => r.wrapUp({ actor: 'B', interactionId: w.endedOfA, disposition: 'x' })
        ],
        [
            'B reports a message sent on A’s interaction',
            'NOT_YOUR_INTERACTION',
            (r, w) => r.agentMessageSent({ actor: 'B', interactionId: w.activeOfA })
        ],
        [
            'B sets A’s status',
            'NOT_YOUR_INTERACTION',
            (r) => r.setStatus({ actor: 'B', agent: 'A', status: 'Offline' })
        ],
        ['B sets A’s Stop new', 'NOT_YOUR_INTERACTION', (r) => r.setStopNew({ actor: 'B', agent: 'A', stopNew: true })],
        // transitions
        [
            'accept an active interaction',
            'TRANSITION_NOT_ALLOWED',
            (r, w) => r.accept({ actor: 'A', interactionId: w.activeOfA })
        ],
        [
            'reject an active interaction',
            'TRANSITION_NOT_ALLOWED',
            (r, w) => r.reject({ actor: 'A', interactionId: w.activeOfA })
        ],
        ['end an offer', 'TRANSITION_NOT_ALLOWED', (r, w) => r.end({ actor: 'A', interactionId: w.offeredToA })],
        ['end twice', 'TRANSITION_NOT_ALLOWED', (r, w) => r.end({ actor: 'A', interactionId: w.endedOfA })],
        [
            'wrap up an active one',
            'TRANSITION_NOT_ALLOWED',
            (r, w) => r.wrapUp({ actor: 'A', interactionId: w.activeOfA })
        ],
        ['wrap up twice', 'TRANSITION_NOT_ALLOWED', (r, w) => r.wrapUp({ actor: 'A', interactionId: w.closedOfA })],
        [
            'send after End',
            'TRANSITION_NOT_ALLOWED',
            (r, w) => r.agentMessageSent({ actor: 'A', interactionId: w.endedOfA })
        ],
        [
            'wrap up without the required disposition',
            'DISPOSITION_REQUIRED',
            (r, w) => r.wrapUp({ actor: 'B', interactionId: w.supportEndedOfB, disposition: null })
        ],
        // (the case revokes A's permission before the snapshot is taken)
        [
            'reject without permission',
            'REJECT_NOT_PERMITTED',
            (r, w) => r.reject({ actor: 'A', interactionId: w.offeredToA })
        ],
        // unknowns and bad input
        ['unknown interaction', 'UNKNOWN_INTERACTION', (r) => r.accept({ actor: 'A', interactionId: 'nope' })],
        ['unknown agent', 'UNKNOWN_AGENT', (r) => r.setStatus({ actor: 'Z', status: 'Available' })],
        ['unknown agent accepting', 'UNKNOWN_AGENT', (r, w) => r.accept({ actor: 'Z', interactionId: w.offeredToA })],
        ['unknown queue stats', 'UNKNOWN_QUEUE', (r) => r.getQueueStats('nope')],
        [
            'unknown channel',
            'UNKNOWN_CHANNEL',
            (r) => r.customerMessage({ channelNumber: '+19995550000', customerNumber: customer(1) })
        ],
        ['status Post-processing', 'INVALID_STATUS', (r) => r.setStatus({ actor: 'A', status: 'Post-processing' })],
        ['status gibberish', 'INVALID_STATUS', (r) => r.setStatus({ actor: 'A', status: 'Lunch' })],
        [
            'customer number not E.164',
            'INVALID_PHONE',
            (r) => r.customerMessage({ channelNumber: SALES, customerNumber: '(415) 555-0101' })
        ],
        [
            'outbound to a non-number',
            'INVALID_PHONE',
            (r) => r.startOutbound({ actor: 'A', channelNumber: SALES, customerNumber: 'hello' })
        ],
        ['missing actor', 'INVALID_ARGUMENT', (r, w) => r.accept({ actor: '', interactionId: w.offeredToA })],
        [
            'non-boolean Stop new',
            'INVALID_ARGUMENT',
            (r) => r.setStopNew({ actor: 'A', stopNew: 'yes' as unknown as boolean })
        ],
        [
            'disposition not text',
            'INVALID_ARGUMENT',
            (r, w) => r.wrapUp({ actor: 'A', interactionId: w.endedOfA, disposition: 7 as unknown as string })
        ],
        [
            'invalid queue settings',
            'INVALID_SETTINGS',
            (r) => r.upsertQueue(queue('sales', { acceptanceIntervalSeconds: 0 }))
        ],
        ['remove a queue a channel routes to', 'INVALID_SETTINGS', (r) => r.removeQueue('sales')],
        ['remove a dedicated agent', 'INVALID_SETTINGS', (r) => r.removeAgent('A')],
        [
            'channel to an unknown queue',
            'UNKNOWN_QUEUE',
            (r) => r.upsertChannel({ phoneNumber: '+14155550900', channelId: null, queueId: 'nope', active: true })
        ],
        ['members that are not agents', 'UNKNOWN_AGENT', (r) => r.setQueueMembers('sales', ['A', 'Z'])]
    ];

    it.each(cases)('%s → %s, and nothing changes', async (_name, code, act) => {
        const w = await world();
        let before = await dump(s.db);
        if (code === 'REJECT_NOT_PERMITTED') {
            await s.router.upsertAgent({ userId: 'A', name: 'A', maxInteractions: 9, canReject: false });
            before = await dump(s.db);
        }
        const error = await act(s.router, w).then(
            () => undefined,
            (e: unknown) => e
        );
        expect(error).toBeInstanceOf(RouterError);
        expect((error as RouterError).code).toBe(code);
        expect(await dump(s.db)).toEqual(before);
    });

    it('an error message names ids, never a customer number', async () => {
        await s.router.setStatus({ actor: 'A', status: 'Available' });
        await s.router.startOutbound({ actor: 'A', channelNumber: SUPPORT, customerNumber: customer(42) });
        const error = await s.router
            .startOutbound({ actor: 'A', channelNumber: SUPPORT, customerNumber: customer(42) })
            .catch((e: RouterError) => e);
        expect(error).toMatchObject({ code: 'CONVERSATION_OPEN' });
        expect(
            JSON.stringify({ message: (error as Error).message, details: (error as RouterError).details })
        ).not.toContain(customer(42).slice(1));
        const bad = await s.router
            .customerMessage({ channelNumber: SALES, customerNumber: '+1 202 555 0042' })
            .catch((e) => e);
        expect((bad as Error).message).not.toMatch(/555/);
    });
});
