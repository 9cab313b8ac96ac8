/**
 * Configuration in: the full snapshot (upserts and removes) and single-item updates, validated
 * first, with their effect on routing, on SQLite and PostgreSQL.
 */
import { describeEachDb } from '../../test/databases';
import { RouterError } from './errors';
import {
    agent,
    baseConfig,
    channel,
    customer,
    dump,
    outbox,
    queue,
    routerSuite,
    SALES,
    SUPPORT
} from './testing/fixtures';
import type { ConfigSnapshot } from './types';

describeEachDb('router configuration', (open) => {
    const s = routerSuite(open);

    it('refuses an invalid snapshot whole, listing every problem, and changes nothing', async () => {
        const before = await dump(s.db);
        const bad: ConfigSnapshot = {
            queues: [
                queue('q1', { acceptanceIntervalSeconds: 0, maxInteractions: 1000 }),
                queue('q1'),
                queue('q2', { dedicatedAgentId: 'ghost' })
            ],
            agents: [agent('A', { maxInteractions: 0 })],
            channels: [channel('4155550100', 'q1'), channel('+14155550101', 'nowhere')],
            members: [{ queueId: 'q1', userIds: ['A', 'ghost'] }]
        };
        const error = (await s.router.configure(bad).catch((e: unknown) => e)) as RouterError;
        expect(error).toBeInstanceOf(RouterError);
        expect(error.code).toBe('INVALID_SETTINGS');
        expect(error.details).toEqual(
            expect.arrayContaining([
                'queue q1: acceptanceIntervalSeconds must be a whole number 1-99999',
                'queue q1: maxInteractions must be a whole number 1-999',
                'agent A: maxInteractions must be a whole number 1-999 or null',
                'channel (invalid number): phoneNumber must be E.164 (+14155550100)'
            ])
        );
        expect(await dump(s.db)).toEqual(before);

        const unresolved = (await s.router
            .configure({
                ...bad,
                queues: [queue('q1'), queue('q2', { dedicatedAgentId: 'ghost' })],
                agents: [agent('A')],
                channels: [channel('+14155550101', 'nowhere')]
            })
            .catch((e: unknown) => e)) as RouterError;
        expect(unresolved.details).toEqual([
            'queue q2: dedicated agent ghost is not among the agents',
            'channel +14155550101: queue nowhere is not among the queues',
            'members of queue q1: agent ghost is not among the agents'
        ]);
        expect(await dump(s.db)).toEqual(before);
    });

    it('upserts what the snapshot holds and removes what it no longer holds', async () => {
        await s.router.setStatus({ actor: 'A', status: 'Available' });
        s.clock.advance(1000);
        await s.router.setStatus({ actor: 'B', status: 'Available' });
        s.clock.advance(1000);
        const offered = (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(1) }))
            .interaction;
        s.clock.advance(1000);
        const active = (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(2) }))
            .interaction;
        expect([offered.agentId, active.agentId]).toEqual(['A', 'B']);
        await s.router.accept({ actor: 'B', interactionId: active.id });
        const next = baseConfig();
        next.queues = [
            queue('sales', { acceptanceIntervalSeconds: 45 }),
            queue('support', { dispositionRequired: true })
        ];
        next.agents = [agent('A'), agent('C')]; // B removed
        next.channels = [channel(SALES, 'sales')]; // support and vip numbers removed
        next.members = [
            { queueId: 'sales', userIds: ['A', 'C'] },
            { queueId: 'support', userIds: ['C'] }
        ];
        const result = await s.router.configure(next);
        expect(result).toEqual({
            queues: { upserted: 2, removed: 1 },
            agents: { upserted: 2, removed: 1 },
            channels: { upserted: 1, removed: 2 },
            members: { added: 0, removed: 2 }
        });
        // B is gone from routing and Offline, but keeps and may finish the work they hold
        expect(await s.router.getAgentState('B')).toMatchObject({ configured: false, status: 'Offline', liveCount: 1 });
        await expect(s.router.setStatus({ actor: 'B', status: 'Available' })).rejects.toMatchObject({
            code: 'UNKNOWN_AGENT'
        });
        await s.router.end({ actor: 'B', interactionId: active.id });
        expect((await s.router.wrapUp({ actor: 'B', interactionId: active.id })).interaction.status).toBe('Closed');
        // removed numbers no longer receive; the removed queue is not listed
        await expect(
            s.router.customerMessage({ channelNumber: SUPPORT, customerNumber: customer(3) })
        ).rejects.toMatchObject({
            code: 'UNKNOWN_CHANNEL'
        });
        expect((await s.router.listQueueStats()).map((q) => q.queueId)).toEqual(['sales', 'support']);
        await expect(s.router.getQueueStats('vip')).rejects.toMatchObject({ code: 'UNKNOWN_QUEUE' });
        // the new acceptance interval applies to new offers
        await s.router.setStatus({ actor: 'C', status: 'Available' });
        const later = (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(4) }))
            .interaction;
        expect(later.offerExpiresAt! - later.offeredAt!).toBe(45_000);
    });

    it("removing an agent takes their pending offers back and gives them to the queue's next agent", async () => {
        await s.router.setStatus({ actor: 'B', status: 'Available' });
        s.clock.advance(1000);
        await s.router.setStatus({ actor: 'A', status: 'Available' });
        const offered = (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(1) }))
            .interaction;
        expect(offered.agentId).toBe('B');
        await s.router.removeAgent('B');
        expect(await s.router.getInteraction(offered.id)).toMatchObject({ status: 'Offered', agentId: 'A' });
        const events = await outbox(s.db);
        expect(
            events
                .filter((e) => e.userId === 'B')
                .slice(-2)
                .map((e) => [e.type, e.reason])
        ).toEqual([
            ['offer_withdrawn', 'agent_removed'],
            ['agent_state', 'status']
        ]);
        // re-adding brings them back Offline, and a member again once listed
        await s.router.upsertAgent(agent('B'));
        expect(await s.router.getAgentState('B')).toMatchObject({ configured: true, status: 'Offline' });
    });

    it('adding a member offers waiting work to them at once', async () => {
        await s.router.setStatus({ actor: 'A', status: 'Available' });
        const waiting = (await s.router.customerMessage({ channelNumber: SUPPORT, customerNumber: customer(1) }))
            .interaction;
        expect(waiting.status).toBe('Queued');
        const result = await s.router.setQueueMembers('support', ['A', 'B', 'C']);
        expect(result.members).toEqual({ added: 1, removed: 0 });
        expect(await s.router.getInteraction(waiting.id)).toMatchObject({ status: 'Offered', agentId: 'A' });
        await s.router.setQueueMembers('support', ['C']);
        expect((await s.router.getQueueStats('support')).agents.map((a) => a.userId)).toEqual(['C']);
    });

    it('a dedicated agent set on a queue receives its work alone; cleared, the members do', async () => {
        await s.router.setStatus({ actor: 'C', status: 'Available' });
        s.clock.advance(1000);
        await s.router.setStatus({ actor: 'B', status: 'Available' });
        await s.router.upsertQueue(queue('sales', { dedicatedAgentId: 'B' }));
        expect(
            (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(1) })).interaction.agentId
        ).toBe('B');
        await s.router.upsertQueue(queue('sales'));
        expect(
            (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(2) })).interaction.agentId
        ).toBe('C');
    });

    it('single-item updates validate against what is stored', async () => {
        await expect(s.router.upsertQueue(queue('x', { dedicatedAgentId: 'ghost' }))).rejects.toMatchObject({
            code: 'INVALID_SETTINGS'
        });
        await expect(s.router.removeQueue('ghost')).rejects.toMatchObject({ code: 'UNKNOWN_QUEUE' });
        await expect(s.router.removeAgent('ghost')).rejects.toMatchObject({ code: 'UNKNOWN_AGENT' });
        await expect(s.router.removeChannel('+19995550000')).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
        await expect(s.router.setQueueMembers('ghost', ['A'])).rejects.toMatchObject({ code: 'UNKNOWN_QUEUE' });
        await expect(s.router.upsertChannel(channel('4155550100', 'sales'))).rejects.toMatchObject({
            code: 'INVALID_SETTINGS'
        });
        // a channel moved to another queue sends new conversations there
        await s.router.upsertChannel(channel(SALES, 'support'));
        const moved = (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(1) }))
            .interaction;
        expect(moved.queueId).toBe('support');
        await s.router.removeChannel(SUPPORT);
        await s.router.removeChannel('+14155550300');
        await s.router.upsertChannel(channel('+14155550300', 'sales'));
        await s.router.removeChannel('+14155550300');
        await s.router.upsertQueue(queue('vip')); // no longer dedicated, so A may be removed
        await s.router.removeAgent('A');
        expect((await s.router.getAgentState('A')).configured).toBe(false);
    });

    it('handles a large configuration in batches', async () => {
        const agents = Array.from({ length: 1200 }, (_, i) => agent(`U${String(i).padStart(5, '0')}`));
        const result = await s.router.configure({
            queues: [queue('big', { maxInteractions: 2 })],
            agents,
            channels: [channel(SALES, 'big')],
            members: [{ queueId: 'big', userIds: agents.map((a) => a.userId) }]
        });
        expect(result.agents).toEqual({ upserted: 1200, removed: 3 });
        expect(result.members.added).toBe(1200);
        const stats = await s.router.getQueueStats('big');
        expect(stats.agents).toHaveLength(1200);
        expect(stats.load.capacity).toBe(2400);
        await s.router.setStatus({ actor: 'U00777', status: 'Available' });
        expect(
            (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(1) })).interaction.agentId
        ).toBe('U00777');
    });
});
