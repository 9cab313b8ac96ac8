/**
 * Routing rules as executable scenarios with a controlled clock, on SQLite and PostgreSQL:
 * who gets offers (B1, B2, B18, B19), longest idle and oldest first, reject and lapse (B6),
 * dedicated queues, and work waiting until an agent becomes eligible.
 */
import { describeEachDb } from '../../test/databases';
import { customer, outbox, routerSuite, SALES, SUPPORT, VIP, queue } from './testing/fixtures';

describeEachDb('router routing', (open) => {
    const s = routerSuite(open);

    /** Sets agents Available one second apart: the first listed is the longest idle. */
    async function available(...ids: string[]) {
        for (const id of ids) {
            await s.router.setStatus({ actor: id, status: 'Available' });
            s.clock.advance(1000);
        }
    }

    async function message(channelNumber: string, n: number, messageId?: string) {
        const result = await s.router.customerMessage({ channelNumber, customerNumber: customer(n), messageId });
        s.clock.advance(1000);
        return result.interaction;
    }

    describe('B1: offers only through queue membership, only while Available', () => {
        it('work waits while no member is Available, and goes to a member the moment one is', async () => {
            await available('A'); // A is not a member of support
            const waiting = await message(SUPPORT, 1);
            expect(waiting).toMatchObject({ status: 'Queued', agentId: null });
            expect(await s.router.listAgentInteractions('A')).toEqual([]);

            await s.router.setStatus({ actor: 'B', status: 'Available' });
            expect(await s.router.getInteraction(waiting.id)).toMatchObject({ status: 'Offered', agentId: 'B' });
            const offers = (await outbox(s.db)).filter((e) => e.type === 'offer');
            expect(offers).toEqual([expect.objectContaining({ userId: 'B', interactionId: waiting.id, seq: 2 })]);
        });

        it('On Break and Offline members get nothing', async () => {
            await s.router.setStatus({ actor: 'B', status: 'On Break' });
            await s.router.setStatus({ actor: 'C', status: 'Offline' });
            const waiting = await message(SUPPORT, 1);
            expect(waiting.status).toBe('Queued');
            expect((await outbox(s.db)).some((e) => e.type === 'offer')).toBe(false);
        });

        it('an inactive queue offers nothing; its work waits and is offered once it is active again', async () => {
            await s.router.upsertQueue(queue('sales', { active: false }));
            await available('A');
            const waiting = await message(SALES, 1);
            expect(waiting.status).toBe('Queued');
            expect((await s.router.getQueueStats('sales')).waiting).toBe(1);
            await s.router.upsertQueue(queue('sales'));
            expect(await s.router.getInteraction(waiting.id)).toMatchObject({ status: 'Offered', agentId: 'A' });
        });
    });

    describe('B2: status menu', () => {
        it('Available, On Break and Offline each change the status with one agent_state event', async () => {
            for (const status of ['Available', 'On Break', 'Offline', 'Available'] as const) {
                const result = await s.router.setStatus({ actor: 'A', status });
                expect(result.agent).toMatchObject({ status, statusReason: 'Agent', statusChangedAt: s.clock.now() });
                expect(result.events).toEqual([
                    expect.objectContaining({ type: 'agent_state', userId: 'A', interactionId: null })
                ]);
                s.clock.advance(1000);
            }
            // the same status again changes nothing and emits nothing
            const again = await s.router.setStatus({ actor: 'A', status: 'Available' });
            expect(again.events).toEqual([]);
        });

        it('going Offline takes pending offers back and gives them to the next agent', async () => {
            await available('A', 'B');
            const offered = await message(SALES, 1);
            expect(offered.agentId).toBe('A');
            const result = await s.router.setStatus({ actor: 'A', status: 'Offline' });
            expect(result.agent).toMatchObject({ status: 'Offline', liveCount: 0 });
            expect(result.events.map((e) => [e.type, e.reason])).toEqual([
                ['agent_state', 'status'],
                ['offer_withdrawn', 'agent_offline']
            ]);
            expect(await s.router.getInteraction(offered.id)).toMatchObject({ status: 'Offered', agentId: 'B' });
        });

        it('going On Break keeps a pending offer, which can still be accepted', async () => {
            await available('A');
            const offered = await message(SALES, 1);
            await s.router.setStatus({ actor: 'A', status: 'On Break' });
            expect((await s.router.accept({ actor: 'A', interactionId: offered.id })).interaction.status).toBe(
                'Active'
            );
        });
    });

    describe('longest idle first, oldest first', () => {
        it('offers to the agent idle longest; a fresh offer sends them to the back', async () => {
            await available('B', 'A', 'C');
            const first = await message(SALES, 1);
            const second = await message(SALES, 2);
            const third = await message(SALES, 3);
            const fourth = await message(SALES, 4);
            expect([first, second, third, fourth].map((i) => i.agentId)).toEqual(['B', 'A', 'C', 'B']);
        });

        it('breaks a tie on idle time by user id, never by timing', async () => {
            await s.router.setStatus({ actor: 'C', status: 'Available' });
            await s.router.setStatus({ actor: 'B', status: 'Available' });
            await s.router.setStatus({ actor: 'A', status: 'Available' }); // same instant for all three
            s.clock.advance(1000);
            expect((await message(SALES, 1)).agentId).toBe('A');
            expect((await message(SALES, 2)).agentId).toBe('B');
        });

        it('an agent who becomes eligible gets the oldest waiting interaction of their queues first', async () => {
            const older = await message(SUPPORT, 1);
            const sales = await message(SALES, 2);
            const newer = await message(SUPPORT, 3);
            await s.router.upsertAgent({ userId: 'B', name: 'B', maxInteractions: 1, canReject: true });
            await s.router.setStatus({ actor: 'B', status: 'Available' });
            expect((await s.router.getInteraction(older.id)).agentId).toBe('B');
            expect((await s.router.getInteraction(sales.id)).status).toBe('Queued');
            expect((await s.router.getInteraction(newer.id)).status).toBe('Queued');
        });

        it('a re-queued interaction keeps its age and goes before newer work', async () => {
            await available('A');
            const first = await message(SALES, 1); // offered to A
            const second = await message(SALES, 2); // offered to A (capacity 3)
            expect([first.agentId, second.agentId]).toEqual(['A', 'A']);
            await s.router.reject({ actor: 'A', interactionId: first.id });
            await s.router.reject({ actor: 'A', interactionId: second.id });
            const third = await message(SALES, 3);
            expect(third.status).toBe('Queued');
            await s.router.upsertAgent({ userId: 'B', name: 'B', maxInteractions: 1, canReject: true });
            await s.router.setStatus({ actor: 'B', status: 'Available' });
            const now = await s.router.getInteraction(first.id);
            expect(now).toMatchObject({ agentId: 'B', initiatedAt: first.initiatedAt, offerCount: 2 });
            expect((await s.router.getInteraction(third.id)).status).toBe('Queued');
        });
    });

    describe('B6: reject or lapse → On Break, the SMS goes to another agent', () => {
        it('reject: the agent goes On Break (Rejected Offer) and the next agent is offered it at once', async () => {
            await available('A', 'B');
            const offered = await message(SALES, 1);
            const result = await s.router.reject({ actor: 'A', interactionId: offered.id });
            expect(result.events.map((e) => [e.userId, e.type, e.reason])).toEqual([
                ['A', 'offer_withdrawn', 'rejected'],
                ['A', 'agent_state', 'status']
            ]);
            expect(result.interaction).toMatchObject({ status: 'Offered', agentId: 'B' });
            expect(await s.router.getAgentState('A')).toMatchObject({
                status: 'On Break',
                statusReason: 'Rejected Offer',
                openCount: 0
            });
        });

        it('reject without the SMS_Reject_Offers permission is refused', async () => {
            await available('C');
            const offered = await message(SALES, 1);
            await expect(s.router.reject({ actor: 'C', interactionId: offered.id })).rejects.toMatchObject({
                code: 'REJECT_NOT_PERMITTED'
            });
            expect(await s.router.getInteraction(offered.id)).toMatchObject({ status: 'Offered', agentId: 'C' });
            expect((await s.router.getAgentState('C')).status).toBe('Available');
        });

        it('lapse: at the end of the acceptance interval the agent goes On Break (Missed Offer), the next agent gets it', async () => {
            await available('A', 'B');
            const offered = await message(SALES, 1);
            expect(offered.offerExpiresAt).toBe(offered.offeredAt! + 30_000);
            s.clock.set(offered.offerExpiresAt! - 1);
            expect(await s.router.runDueTimers()).toEqual([]);
            s.clock.set(offered.offerExpiresAt!);
            expect(await s.router.runDueTimers()).toEqual([
                { kind: 'offer_expiry', interactionId: offered.id, dueAt: offered.offerExpiresAt }
            ]);
            expect(await s.router.getAgentState('A')).toMatchObject({
                status: 'On Break',
                statusReason: 'Missed Offer'
            });
            expect(await s.router.getInteraction(offered.id)).toMatchObject({ status: 'Offered', agentId: 'B' });
            await expect(s.router.accept({ actor: 'A', interactionId: offered.id })).rejects.toMatchObject({
                code: 'TRANSITION_NOT_ALLOWED'
            });
            expect(await s.router.runDueTimers()).toEqual([]); // fired once
        });

        it('an agent who rejected or let it lapse is not offered it again while others may take it', async () => {
            await available('A');
            const offered = await message(SALES, 1);
            await s.router.reject({ actor: 'A', interactionId: offered.id });
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            expect((await s.router.getInteraction(offered.id)).status).toBe('Queued');
            await s.router.setStatus({ actor: 'B', status: 'Available' });
            expect((await s.router.getInteraction(offered.id)).agentId).toBe('B');
        });

        it('once every agent of the queue has rejected it, a new round starts (a dedicated queue never strands work)', async () => {
            await available('A');
            const vip = await message(VIP, 1);
            expect(vip.agentId).toBe('A');
            await s.router.reject({ actor: 'A', interactionId: vip.id });
            expect((await s.router.getInteraction(vip.id)).status).toBe('Queued');
            await s.router.setStatus({ actor: 'A', status: 'Available' });
            expect(await s.router.getInteraction(vip.id)).toMatchObject({
                status: 'Offered',
                agentId: 'A',
                offerCount: 2
            });
        });
    });

    describe('dedicated queue', () => {
        it('routes only to its agent, whoever else is longer idle', async () => {
            await available('B', 'C', 'A');
            expect((await message(VIP, 1)).agentId).toBe('A');
            await s.router.setStatus({ actor: 'A', status: 'On Break' });
            expect((await message(VIP, 2)).status).toBe('Queued');
        });
    });

    describe('B18: several SMS at once up to the maximum', () => {
        it("offers continue until the queue's maximum (offered + active + post-processing), then work waits", async () => {
            await available('A');
            const [one, two, three, four] = [
                await message(SALES, 1),
                await message(SALES, 2),
                await message(SALES, 3),
                await message(SALES, 4)
            ];
            expect([one, two, three].map((i) => i.agentId)).toEqual(['A', 'A', 'A']);
            expect(four.status).toBe('Queued');
            await s.router.accept({ actor: 'A', interactionId: one.id });
            await s.router.end({ actor: 'A', interactionId: one.id });
            // post-processing still counts
            expect((await s.router.getInteraction(four.id)).status).toBe('Queued');
            const wrapped = await s.router.wrapUp({ actor: 'A', interactionId: one.id, disposition: null });
            expect(wrapped.interaction.status).toBe('Closed');
            // capacity freed: the waiting one is offered at once
            expect(await s.router.getInteraction(four.id)).toMatchObject({ status: 'Offered', agentId: 'A' });
            expect(await s.router.getAgentState('A')).toMatchObject({ openCount: 3 });
        });

        it("the agent's own maximum overrides the queue's", async () => {
            await s.router.upsertAgent({ userId: 'A', name: 'A', maxInteractions: 1, canReject: true });
            await available('A');
            expect((await message(SALES, 1)).agentId).toBe('A');
            expect((await message(SALES, 2)).status).toBe('Queued');
            await s.router.upsertAgent({ userId: 'A', name: 'A', maxInteractions: 5, canReject: true });
            expect((await s.router.listAgentInteractions('A')).length).toBe(2);
        });
    });

    describe('B19: Stop new', () => {
        it('stops new offers while current work continues; turning it off offers waiting work at once', async () => {
            await available('A');
            const current = await message(SALES, 1);
            const stop = await s.router.setStopNew({ actor: 'A', stopNew: true });
            expect(stop.agent.stopNew).toBe(true);
            expect(stop.events).toEqual([expect.objectContaining({ type: 'agent_state', reason: 'stop_new' })]);
            const waiting = await message(SALES, 2);
            expect(waiting.status).toBe('Queued');
            await s.router.accept({ actor: 'A', interactionId: current.id });
            await s.router.agentMessageSent({ actor: 'A', interactionId: current.id });
            const resume = await s.router.setStopNew({ actor: 'A', stopNew: false });
            expect(resume.events.map((e) => e.type)).toEqual(['agent_state', 'offer']);
            expect(await s.router.getInteraction(waiting.id)).toMatchObject({ status: 'Offered', agentId: 'A' });
        });
    });
});
