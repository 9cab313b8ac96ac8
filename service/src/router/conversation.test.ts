/**
 * A conversation's life as executable scenarios with a controlled clock, on SQLite and
 * PostgreSQL: end and post-processing (B10, B11), wrap-up (B12), the agent's list (B21), the
 * conversation facts behind the icon alerts (B22), outbound and replies after close (B30), the
 * supervisor's figures, and the idempotent hand-over from the provider.
 */
import { describeEachDb } from '../../test/databases';
import type { Interaction } from './types';
import { customer, outbox, routerSuite, SALES, SUPPORT, VIP } from './testing/fixtures';

describeEachDb('router conversations', (open) => {
    const s = routerSuite(open);

    async function activeFor(agentId: string, channelNumber = SALES, n = 1): Promise<Interaction> {
        const { interaction } = await s.router.customerMessage({ channelNumber, customerNumber: customer(n) });
        expect(interaction.agentId).toBe(agentId);
        return (await s.router.accept({ actor: agentId, interactionId: interaction.id })).interaction;
    }

    describe('B10: End → post-processing countdown', () => {
        it("End moves it to Post-processing with the queue's deadline; the agent shows Post-processing", async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const active = await activeFor('A');
            s.clock.advance(60_000);
            const ended = await s.router.end({ actor: 'A', interactionId: active.id });
            expect(ended.interaction).toMatchObject({
                status: 'Post-processing',
                terminatedAt: s.clock.now(),
                wrapUpDeadline: s.clock.now() + 120_000
            });
            expect(ended.events.map((e) => [e.type, e.reason])).toEqual([
                ['interaction_changed', 'ended'],
                ['agent_state', 'status']
            ]);
            expect(await s.router.getAgentState('A')).toMatchObject({
                status: 'Post-processing',
                wrapUpCount: 1,
                liveCount: 0
            });
        });

        it('an agent with other live work stays Available (Post-processing is only for wrap-up work alone)', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const first = await activeFor('A', SALES, 1);
            await activeFor('A', SALES, 2);
            await s.router.end({ actor: 'A', interactionId: first.id });
            expect((await s.router.getAgentState('A')).status).toBe('Available');
        });

        it('only an active interaction can be ended', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const { interaction } = await s.router.customerMessage({
                channelNumber: SALES,
                customerNumber: customer(1)
            });
            await expect(s.router.end({ actor: 'A', interactionId: interaction.id })).rejects.toMatchObject({
                code: 'TRANSITION_NOT_ALLOWED'
            });
        });
    });

    describe('B11: countdown at zero → Available', () => {
        it('at the deadline it closes on its own, the agent is Available and waiting work is offered at once', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const active = await activeFor('A');
            const ended = (await s.router.end({ actor: 'A', interactionId: active.id })).interaction;
            const waiting = (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(2) }))
                .interaction;
            expect(waiting.status).toBe('Queued'); // A is in Post-processing
            s.clock.set(ended.wrapUpDeadline!);
            const fired = await s.router.runDueTimers();
            expect(fired).toEqual([
                { kind: 'wrap_up_deadline', interactionId: active.id, dueAt: ended.wrapUpDeadline }
            ]);
            expect(await s.router.getInteraction(active.id)).toMatchObject({
                status: 'Closed',
                wrappedUpAt: ended.wrapUpDeadline,
                disposition: null
            });
            expect(await s.router.getAgentState('A')).toMatchObject({
                status: 'Available',
                statusReason: 'System',
                openCount: 1
            });
            expect(await s.router.getInteraction(waiting.id)).toMatchObject({ status: 'Offered', agentId: 'A' });
        });

        it('unless the agent chose another status meanwhile', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const active = await activeFor('A');
            const ended = (await s.router.end({ actor: 'A', interactionId: active.id })).interaction;
            await s.router.setStatus({ actor: 'A', status: 'On Break' });
            s.clock.set(ended.wrapUpDeadline!);
            await s.router.runDueTimers();
            expect((await s.router.getInteraction(active.id)).status).toBe('Closed');
            expect(await s.router.getAgentState('A')).toMatchObject({ status: 'On Break', statusReason: 'Agent' });
        });
    });

    describe('B12: disposition and Wrap up', () => {
        it('a queue requiring a disposition refuses wrap-up without one, then closes with it', async () => {
            await s.router.setStatus({ actor: 'B', status: 'Available' });
            const active = await activeFor('B', SUPPORT);
            expect(active.dispositionRequired).toBe(true);
            await s.router.end({ actor: 'B', interactionId: active.id });
            await expect(s.router.wrapUp({ actor: 'B', interactionId: active.id })).rejects.toMatchObject({
                code: 'DISPOSITION_REQUIRED'
            });
            await expect(
                s.router.wrapUp({ actor: 'B', interactionId: active.id, disposition: '   ' })
            ).rejects.toMatchObject({
                code: 'DISPOSITION_REQUIRED'
            });
            expect((await s.router.getInteraction(active.id)).status).toBe('Post-processing');
            s.clock.advance(10_000);
            const wrapped = await s.router.wrapUp({ actor: 'B', interactionId: active.id, disposition: 'Resolved' });
            expect(wrapped.interaction).toMatchObject({
                status: 'Closed',
                disposition: 'Resolved',
                wrappedUpAt: s.clock.now()
            });
            expect(wrapped.events.map((e) => [e.type, e.reason])).toEqual([
                ['interaction_changed', 'wrapped_up'],
                ['agent_state', 'status']
            ]);
            expect((await s.router.getAgentState('B')).status).toBe('Available');
            // the deadline no longer fires
            s.clock.advance(500_000);
            expect(await s.router.runDueTimers()).toEqual([]);
        });

        it('a queue without the requirement wraps up with or without one; twice is refused', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const active = await activeFor('A');
            await s.router.end({ actor: 'A', interactionId: active.id });
            expect((await s.router.wrapUp({ actor: 'A', interactionId: active.id })).interaction.status).toBe('Closed');
            await expect(
                s.router.wrapUp({ actor: 'A', interactionId: active.id, disposition: 'X' })
            ).rejects.toMatchObject({
                code: 'TRANSITION_NOT_ALLOWED'
            });
        });
    });

    describe('B21: the agent’s interactions', () => {
        it('lists accepted ones oldest accepted first, then pending offers', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const one = (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(1) }))
                .interaction;
            s.clock.advance(1000);
            const two = (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(2) }))
                .interaction;
            s.clock.advance(1000);
            const three = (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(3) }))
                .interaction;
            await s.router.accept({ actor: 'A', interactionId: two.id });
            s.clock.advance(1000);
            await s.router.accept({ actor: 'A', interactionId: one.id });
            await s.router.end({ actor: 'A', interactionId: two.id });
            const list = await s.router.listAgentInteractions('A');
            expect(list.map((i) => [i.id, i.status])).toEqual([
                [two.id, 'Post-processing'],
                [one.id, 'Active'],
                [three.id, 'Offered']
            ]);
        });
    });

    describe('B22: the facts behind the icon alerts', () => {
        it('customer messages raise unread and start the awaiting clock; a reply clears them; one event each', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const active = await activeFor('A');
            const firstAt = active.awaitingReplySince!;
            expect(active).toMatchObject({ unreadCount: 1, slaDueAt: firstAt + 300_000 });
            s.clock.advance(5000);
            const more = await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(1) });
            expect(more.created).toBe(false);
            expect(more.interaction).toMatchObject({ id: active.id, unreadCount: 2, awaitingReplySince: firstAt });
            expect(more.events).toEqual([
                expect.objectContaining({ type: 'interaction_changed', reason: 'customer_message', userId: 'A' })
            ]);
            s.clock.advance(5000);
            const reply = await s.router.agentMessageSent({ actor: 'A', interactionId: active.id });
            expect(reply.interaction).toMatchObject({
                unreadCount: 0,
                awaitingReplySince: null,
                slaDueAt: null,
                lastAgentMessageAt: s.clock.now()
            });
            expect(reply.events).toHaveLength(1);
            // nothing visible changes on a second reply: no event
            expect((await s.router.agentMessageSent({ actor: 'A', interactionId: active.id })).events).toEqual([]);
        });

        it('past the SLA target the interaction is flagged; the flag clears on reply', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const active = await activeFor('A');
            s.clock.set(active.slaDueAt!);
            expect(await s.router.runDueTimers()).toEqual([
                { kind: 'sla', interactionId: active.id, dueAt: active.slaDueAt }
            ]);
            expect((await s.router.getInteraction(active.id)).slaBreached).toBe(true);
            expect((await outbox(s.db)).at(-1)).toMatchObject({ type: 'interaction_changed', reason: 'sla_breached' });
            expect(await s.router.runDueTimers()).toEqual([]);
            const reply = await s.router.agentMessageSent({ actor: 'A', interactionId: active.id });
            expect(reply.interaction.slaBreached).toBe(false);
        });

        it('a waiting customer breaches SLA too, and the supervisor sees it', async () => {
            const waiting = (await s.router.customerMessage({ channelNumber: SUPPORT, customerNumber: customer(1) }))
                .interaction;
            s.clock.set(waiting.slaDueAt!);
            await s.router.runDueTimers();
            const stats = await s.router.getQueueStats('support');
            expect(stats).toMatchObject({
                waiting: 1,
                slaBreaches: 1,
                oldestWaitingSince: waiting.initiatedAt,
                oldestWaitMs: 300_000
            });
        });

        it('a failed delivery is flagged once; the next agent message clears it', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const active = await activeFor('A');
            const failed = await s.router.deliveryFailed({ interactionId: active.id });
            expect(failed.interaction.deliveryFailed).toBe(true);
            expect(failed.events).toEqual([expect.objectContaining({ reason: 'delivery_failed', userId: 'A' })]);
            expect((await s.router.deliveryFailed({ interactionId: active.id })).events).toEqual([]);
            expect(
                (await s.router.agentMessageSent({ actor: 'A', interactionId: active.id })).interaction.deliveryFailed
            ).toBe(false);
        });

        it('Ended and in post-processing is visible from the interaction until wrapped up', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const active = await activeFor('A');
            await s.router.end({ actor: 'A', interactionId: active.id });
            expect((await s.router.getInteraction(active.id)).status).toBe('Post-processing');
        });
    });

    describe('B30: replies and outbound', () => {
        it('a reply while the conversation is open reaches its agent; after End it opens a new interaction on the queue', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            s.clock.advance(1000);
            const active = await activeFor('A');
            await s.router.setStatus({ actor: 'B', status: 'Available' });
            await s.router.end({ actor: 'A', interactionId: active.id });
            s.clock.advance(1000);
            const reply = await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(1) });
            expect(reply.created).toBe(true);
            expect(reply.interaction.id).not.toBe(active.id);
            // any agent of the queue: B is the one idle longest (A is in Post-processing anyway)
            expect(reply.interaction).toMatchObject({ queueId: 'sales', agentId: 'B', status: 'Offered' });
        });

        it('on a dedicated queue the reply after close goes to its agent only', async () => {
            await s.router.setStatus({ actor: 'B', status: 'Available' });
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const active = await activeFor('A', VIP);
            await s.router.end({ actor: 'A', interactionId: active.id });
            await s.router.wrapUp({ actor: 'A', interactionId: active.id });
            const reply = await s.router.customerMessage({ channelNumber: VIP, customerNumber: customer(1) });
            expect(reply.interaction).toMatchObject({ agentId: 'A', status: 'Offered', queueId: 'vip' });
        });

        it("an outbound SMS is Active at once on the channel's queue and counts against capacity", async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const started = await s.router.startOutbound({
                actor: 'A',
                channelNumber: SALES,
                customerNumber: customer(7)
            });
            expect(started.interaction).toMatchObject({
                status: 'Active',
                direction: 'Outbound',
                agentId: 'A',
                queueId: 'sales',
                acceptedAt: s.clock.now(),
                unreadCount: 0
            });
            expect(started.events).toEqual([
                expect.objectContaining({ type: 'interaction_changed', reason: 'outbound_started' })
            ]);
            await s.router.startOutbound({ actor: 'A', channelNumber: SALES, customerNumber: customer(8) });
            await s.router.startOutbound({ actor: 'A', channelNumber: SALES, customerNumber: customer(9) });
            await expect(
                s.router.startOutbound({ actor: 'A', channelNumber: SALES, customerNumber: customer(10) })
            ).rejects.toMatchObject({ code: 'CAPACITY_REACHED' });
            expect(
                (await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(11) })).interaction
                    .status
            ).toBe('Queued');
            // the customer's reply attaches to the open outbound conversation
            const reply = await s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(7) });
            expect(reply.interaction).toMatchObject({ id: started.interaction.id, unreadCount: 1 });
            // a second conversation with the same customer on the same number is refused
            await s.router.end({ actor: 'A', interactionId: started.interaction.id });
            await expect(
                s.router.startOutbound({ actor: 'A', channelNumber: SALES, customerNumber: customer(8) })
            ).rejects.toMatchObject({ code: 'CONVERSATION_OPEN' });
        });

        it('starting outbound during post-processing ends the derived status', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const active = await activeFor('A');
            await s.router.end({ actor: 'A', interactionId: active.id });
            expect((await s.router.getAgentState('A')).status).toBe('Post-processing');
            await s.router.startOutbound({ actor: 'A', channelNumber: SALES, customerNumber: customer(2) });
            expect((await s.router.getAgentState('A')).status).toBe('Available');
        });

        it('authorizes sending only for the holder of an active interaction, and gives the numbers to send with', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const active = await activeFor('A');
            expect(await s.router.authorizeSend({ actor: 'A', interactionId: active.id })).toEqual({
                interactionId: active.id,
                channelNumber: SALES,
                channelId: 'ch-sales',
                customerNumber: customer(1)
            });
            await expect(s.router.authorizeSend({ actor: 'B', interactionId: active.id })).rejects.toMatchObject({
                code: 'NOT_YOUR_INTERACTION'
            });
        });
    });

    describe('hand-over from the provider', () => {
        it('the same message id handed over twice counts once', async () => {
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            const first = await s.router.customerMessage({
                channelNumber: SALES,
                customerNumber: customer(1),
                messageId: 'SM1'
            });
            const again = await s.router.customerMessage({
                channelNumber: SALES,
                customerNumber: customer(1),
                messageId: 'SM1'
            });
            expect(again).toMatchObject({ duplicate: true, created: false, events: [] });
            expect(again.interaction).toMatchObject({ id: first.interaction.id, unreadCount: 1 });
            const next = await s.router.customerMessage({
                channelNumber: SALES,
                customerNumber: customer(1),
                messageId: 'SM2'
            });
            expect(next.interaction.unreadCount).toBe(2);
        });

        it('an unknown or inactive company number is refused with its own code', async () => {
            await expect(
                s.router.customerMessage({ channelNumber: '+14155559999', customerNumber: customer(1) })
            ).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
            await s.router.upsertChannel({
                phoneNumber: SALES,
                channelId: 'ch-sales',
                queueId: 'sales',
                active: false
            });
            await expect(
                s.router.customerMessage({ channelNumber: SALES, customerNumber: customer(1) })
            ).rejects.toMatchObject({
                code: 'CHANNEL_INACTIVE'
            });
            await expect(
                s.router.startOutbound({ actor: 'A', channelNumber: SALES, customerNumber: customer(1) })
            ).rejects.toMatchObject({ code: 'CHANNEL_INACTIVE' });
        });
    });

    describe('X13: supervisor figures', () => {
        it('queue stats: waiting, oldest wait, SLA breaches, agents by status and load', async () => {
            await s.router.setStatus({ actor: 'B', status: 'Available' });
            await s.router.setStatus({ actor: 'C', status: 'On Break' });
            await s.router.upsertAgent({ userId: 'B', name: 'B', maxInteractions: 1, canReject: true });
            const first = (await s.router.customerMessage({ channelNumber: SUPPORT, customerNumber: customer(1) }))
                .interaction;
            s.clock.advance(2000);
            const second = (await s.router.customerMessage({ channelNumber: SUPPORT, customerNumber: customer(2) }))
                .interaction;
            s.clock.advance(3000);
            expect(first.agentId).toBe('B');
            const stats = await s.router.getQueueStats('support');
            expect(stats).toMatchObject({
                queueId: 'support',
                active: true,
                waiting: 1,
                oldestWaitingSince: second.initiatedAt,
                oldestWaitMs: 3000,
                slaBreaches: 0,
                interactions: { queued: 1, offered: 1, active: 0, postProcessing: 0 },
                agentsByStatus: { Available: 1, 'On Break': 1, Offline: 0, 'Post-processing': 0 },
                load: { open: 1, capacity: 4 }
            });
            expect(stats.agents).toEqual([
                { userId: 'B', status: 'Available', stopNew: false, openCount: 1, capacity: 1 },
                { userId: 'C', status: 'On Break', stopNew: false, openCount: 0, capacity: 3 }
            ]);
            expect((await s.router.listQueueStats()).map((q) => q.queueId)).toEqual(['sales', 'support', 'vip']);
        });
    });
});
