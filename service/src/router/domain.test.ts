import * as domain from './domain';
import type { AgentRecord, DomainEvent } from './domain';
import { RouterError } from './errors';
import type { Interaction, QueueConfig } from './types';

const NOW = Date.UTC(2025, 0, 6, 9, 0, 0);

const queue: QueueConfig = {
    id: 'q1',
    name: 'Sales',
    acceptanceIntervalSeconds: 30,
    postProcessingSeconds: 120,
    slaTargetSeconds: 300,
    maxInteractions: 2,
    dispositionRequired: true,
    dedicatedAgentId: null,
    active: true
};

function agent(overrides: Partial<AgentRecord> = {}): AgentRecord {
    return {
        userId: 'A',
        name: 'A',
        configured: true,
        status: 'Available',
        statusReason: 'Agent',
        statusChangedAt: NOW - 60_000,
        stopNew: false,
        canReject: true,
        maxInteractions: null,
        liveCount: 0,
        wrapUpCount: 0,
        idleSince: NOW - 60_000,
        ...overrides
    };
}

function queued(overrides: Partial<Interaction> = {}): Interaction {
    return {
        ...domain.openInbound({
            id: 'i1',
            queue,
            channelNumber: '+14155550100',
            channelId: 'c1',
            customerNumber: '+12025550001',
            now: NOW - 5000
        }),
        ...overrides
    };
}

function codeOf(fn: () => unknown): string | undefined {
    try {
        fn();
    } catch (error) {
        return error instanceof RouterError ? error.code : `not typed: ${String(error)}`;
    }
    return undefined;
}

describe('router domain (pure rules)', () => {
    describe('eligibility', () => {
        it('needs Available, not Stop-new, configured, an active queue, and room under capacity', () => {
            expect(domain.isEligible(agent(), queue)).toBe(true);
            expect(domain.isEligible(agent({ status: 'On Break' }), queue)).toBe(false);
            expect(domain.isEligible(agent({ status: 'Offline' }), queue)).toBe(false);
            expect(domain.isEligible(agent({ status: 'Post-processing', wrapUpCount: 1 }), queue)).toBe(false);
            expect(domain.isEligible(agent({ stopNew: true }), queue)).toBe(false);
            expect(domain.isEligible(agent({ configured: false }), queue)).toBe(false);
            expect(domain.isEligible(agent(), { ...queue, active: false })).toBe(false);
            // offered + active + post-processing count against the maximum
            expect(domain.isEligible(agent({ liveCount: 1, wrapUpCount: 1 }), queue)).toBe(false);
            expect(domain.isEligible(agent({ liveCount: 1 }), queue)).toBe(true);
        });

        it("uses the agent's own maximum over the queue's", () => {
            expect(domain.capacity(agent({ maxInteractions: 5 }), queue)).toBe(5);
            expect(domain.capacity(agent(), queue)).toBe(2);
            expect(domain.isEligible(agent({ maxInteractions: 1, liveCount: 1 }), queue)).toBe(false);
            expect(domain.isEligible(agent({ maxInteractions: 5, liveCount: 4 }), queue)).toBe(true);
        });

        it('picks the longest idle eligible agent, ties by user id, skipping those who rejected', () => {
            const a = agent({ userId: 'A', idleSince: NOW - 10 });
            const b = agent({ userId: 'B', idleSince: NOW - 20 });
            const c = agent({ userId: 'C', idleSince: NOW - 20 });
            const busy = agent({ userId: 'D', idleSince: NOW - 99, liveCount: 2 });
            expect(domain.pickAgent([a, b, c, busy], queue, new Set())?.userId).toBe('B');
            expect(domain.pickAgent([c, b, a], queue, new Set())?.userId).toBe('B');
            expect(domain.pickAgent([a, b, c], queue, new Set(['B']))?.userId).toBe('C');
            expect(domain.pickAgent([busy], queue, new Set())).toBeNull();
        });

        it('orders waiting work oldest first, by id on a tie', () => {
            const list = [
                { id: 'b', initiatedAt: 2 },
                { id: 'c', initiatedAt: 1 },
                { id: 'a', initiatedAt: 2 }
            ];
            expect([...list].sort(domain.compareWaiting).map((x) => x.id)).toEqual(['c', 'a', 'b']);
        });
    });

    describe('offers', () => {
        it('offers with the queue’s acceptance interval, counting it against capacity and resetting idle', () => {
            const s = domain.offer(queued(), agent(), queue, NOW);
            expect(s.interaction).toMatchObject({
                status: 'Offered',
                agentId: 'A',
                offerExpiresAt: NOW + 30_000,
                offerCount: 1
            });
            expect(s.agent).toMatchObject({ liveCount: 1, idleSince: NOW });
            expect(s.events).toEqual([{ type: 'offer', userId: 'A', interactionId: 'i1', reason: 'offered' }]);
        });

        it('accepts only the holder, only before the offer lapses', () => {
            const offered = domain.offer(queued(), agent(), queue, NOW).interaction!;
            const holder = agent({ liveCount: 1 });
            expect(domain.accept(offered, holder, false, NOW + 29_999).interaction).toMatchObject({
                status: 'Active',
                acceptedAt: NOW + 29_999
            });
            expect(codeOf(() => domain.accept(offered, holder, false, NOW + 30_000))).toBe('TRANSITION_NOT_ALLOWED');
            expect(codeOf(() => domain.accept(offered, agent({ userId: 'B' }), false, NOW))).toBe(
                'NOT_YOUR_INTERACTION'
            );
            // B held it before and let it lapse: the offer is gone, not someone else's
            expect(codeOf(() => domain.accept(offered, agent({ userId: 'B' }), true, NOW))).toBe(
                'TRANSITION_NOT_ALLOWED'
            );
        });

        it('reject needs the permission, sets On Break and re-queues keeping the age', () => {
            const original = queued();
            const offered = domain.offer(original, agent(), queue, NOW).interaction!;
            const holder = agent({ liveCount: 1 });
            expect(codeOf(() => domain.reject(offered, { ...holder, canReject: false }, false, NOW))).toBe(
                'REJECT_NOT_PERMITTED'
            );
            const s = domain.reject(offered, holder, false, NOW + 1000);
            expect(s.interaction).toMatchObject({ status: 'Queued', agentId: null, initiatedAt: original.initiatedAt });
            expect(s.agent).toMatchObject({ status: 'On Break', statusReason: 'Rejected Offer', liveCount: 0 });
            expect(s.rejection).toEqual({ userId: 'A', reason: 'rejected' });
            expect(s.requeued).toBe(true);
            expect(s.events.map((e) => e.type)).toEqual(['offer_withdrawn', 'agent_state']);
        });

        it('lapses only when due, as a Missed Offer; an Offline agent stays Offline', () => {
            const offered = domain.offer(queued(), agent(), queue, NOW).interaction!;
            const holder = agent({ liveCount: 1 });
            expect(domain.lapse(offered, holder, NOW + 29_999)).toBeNull();
            expect(domain.lapse(offered, holder, NOW + 30_000)?.agent).toMatchObject({
                status: 'On Break',
                statusReason: 'Missed Offer'
            });
            expect(domain.lapse(offered, { ...holder, status: 'Offline' }, NOW + 30_000)?.agent?.status).toBe(
                'Offline'
            );
            expect(domain.lapse({ ...offered, status: 'Active' }, holder, NOW + 30_000)).toBeNull();
        });
    });

    describe('end, wrap-up and post-processing', () => {
        const active = (): Interaction => ({ ...queued(), status: 'Active', agentId: 'A', acceptedAt: NOW });

        it('End starts post-processing with a deadline; the derived status shows when only wrap-up remains', () => {
            const s = domain.end(active(), agent({ liveCount: 1 }), queue, NOW);
            expect(s.interaction).toMatchObject({
                status: 'Post-processing',
                terminatedAt: NOW,
                wrapUpDeadline: NOW + 120_000,
                slaDueAt: null
            });
            expect(s.agent).toMatchObject({ status: 'Post-processing', liveCount: 0, wrapUpCount: 1 });
            // other live work remains: still Available
            expect(domain.end(active(), agent({ liveCount: 2 }), queue, NOW).agent?.status).toBe('Available');
            // a chosen On Break is kept
            expect(domain.end(active(), agent({ liveCount: 1, status: 'On Break' }), queue, NOW).agent?.status).toBe(
                'On Break'
            );
        });

        it('with no post-processing time it closes at End', () => {
            const s = domain.end(active(), agent({ liveCount: 1 }), { ...queue, postProcessingSeconds: 0 }, NOW);
            expect(s.interaction?.status).toBe('Closed');
            expect(s.agent).toMatchObject({ status: 'Available', liveCount: 0, wrapUpCount: 0 });
            expect(s.agentFreed).toBe(true);
        });

        it('wrap-up requires a disposition when the queue does, closes, and returns the agent to Available', () => {
            const ended = domain.end(active(), agent({ liveCount: 1 }), queue, NOW);
            expect(codeOf(() => domain.wrapUp(ended.interaction!, ended.agent!, null, NOW))).toBe(
                'DISPOSITION_REQUIRED'
            );
            const s = domain.wrapUp(ended.interaction!, ended.agent!, 'Resolved', NOW + 5000);
            expect(s.interaction).toMatchObject({ status: 'Closed', disposition: 'Resolved', wrappedUpAt: NOW + 5000 });
            expect(s.agent).toMatchObject({
                status: 'Available',
                statusReason: 'System',
                wrapUpCount: 0,
                idleSince: NOW + 5000
            });
            expect(codeOf(() => domain.wrapUp(s.interaction!, s.agent!, 'Resolved', NOW))).toBe(
                'TRANSITION_NOT_ALLOWED'
            );
        });

        it('the deadline closes it; a status chosen meanwhile is kept', () => {
            const ended = domain.end(active(), agent({ liveCount: 1 }), queue, NOW);
            expect(domain.closeAtDeadline(ended.interaction!, ended.agent!, NOW + 119_999)).toBeNull();
            expect(domain.closeAtDeadline(ended.interaction!, ended.agent!, NOW + 120_000)?.agent?.status).toBe(
                'Available'
            );
            const onBreak = domain.setStatus(ended.agent!, 'On Break', NOW + 1000).agent!;
            expect(domain.closeAtDeadline(ended.interaction!, onBreak, NOW + 120_000)?.agent?.status).toBe('On Break');
        });
    });

    describe('conversation facts', () => {
        const active = (): Interaction => ({
            ...queued(),
            status: 'Active',
            agentId: 'A',
            acceptedAt: NOW,
            unreadCount: 0,
            awaitingReplySince: null,
            slaDueAt: null
        });

        it('customer messages count unread and start the awaiting and SLA clocks once', () => {
            const first = domain.customerMessage(active(), queue, NOW).interaction!;
            expect(first).toMatchObject({ unreadCount: 1, awaitingReplySince: NOW, slaDueAt: NOW + 300_000 });
            const second = domain.customerMessage(first, queue, NOW + 10_000).interaction!;
            expect(second).toMatchObject({ unreadCount: 2, awaitingReplySince: NOW, slaDueAt: NOW + 300_000 });
        });

        it('SLA breach flags once when due; a reply clears every flag', () => {
            const waiting = domain.customerMessage(active(), queue, NOW).interaction!;
            expect(domain.breachSla(waiting, NOW + 299_999)).toBeNull();
            const breached = domain.breachSla(waiting, NOW + 300_000)!.interaction!;
            expect(breached.slaBreached).toBe(true);
            expect(domain.breachSla(breached, NOW + 400_000)).toBeNull();
            const failed = domain.deliveryFailed(breached).interaction!;
            const replied = domain.agentMessageSent(failed, agent({ liveCount: 1 }), NOW + 301_000);
            expect(replied.interaction).toMatchObject({
                unreadCount: 0,
                awaitingReplySince: null,
                slaDueAt: null,
                slaBreached: false,
                deliveryFailed: false,
                lastAgentMessageAt: NOW + 301_000
            });
            expect(replied.events).toHaveLength(1);
            // a second reply while nothing is flagged changes nothing the panel shows: no event
            expect(
                domain.agentMessageSent(replied.interaction!, agent({ liveCount: 1 }), NOW + 302_000).events
            ).toEqual([]);
        });

        it('only the holder may send, only while Active', () => {
            expect(codeOf(() => domain.assertCanSend(active(), agent({ userId: 'B' })))).toBe('NOT_YOUR_INTERACTION');
            expect(codeOf(() => domain.assertCanSend({ ...active(), status: 'Post-processing' }, agent()))).toBe(
                'TRANSITION_NOT_ALLOWED'
            );
            expect(codeOf(() => domain.assertCanSend(active(), agent()))).toBeUndefined();
        });
    });

    describe('outbound', () => {
        const start = (a: AgentRecord) =>
            domain.startOutbound({
                id: 'o1',
                agent: a,
                queue,
                channelNumber: '+14155550100',
                channelId: 'c1',
                customerNumber: '+12025550009',
                now: NOW
            });

        it('is Active at once and counts against capacity', () => {
            const s = start(agent());
            expect(s.interaction).toMatchObject({
                status: 'Active',
                direction: 'Outbound',
                agentId: 'A',
                acceptedAt: NOW
            });
            expect(s.agent?.liveCount).toBe(1);
            expect(codeOf(() => start(agent({ liveCount: 2 })))).toBe('CAPACITY_REACHED');
        });

        it('ends the derived Post-processing status', () => {
            expect(start(agent({ status: 'Post-processing', wrapUpCount: 1 })).agent?.status).toBe('Available');
        });
    });

    describe('status', () => {
        it('accepts only the three menu statuses', () => {
            expect(domain.parseStatus('On Break')).toBe('On Break');
            expect(codeOf(() => domain.parseStatus('Post-processing'))).toBe('INVALID_STATUS');
            expect(codeOf(() => domain.parseStatus('available'))).toBe('INVALID_STATUS');
            expect(codeOf(() => domain.parseStatus(undefined))).toBe('INVALID_STATUS');
        });

        it('a status change emits one agent_state; the same status is a no-op', () => {
            expect(domain.setStatus(agent(), 'Available', NOW).events).toEqual([]);
            const s = domain.setStatus(agent({ status: 'On Break' }), 'Available', NOW);
            expect(s.agent).toMatchObject({ status: 'Available', statusReason: 'Agent', idleSince: NOW });
            expect(s.agentFreed).toBe(true);
            expect(s.events).toEqual([{ type: 'agent_state', userId: 'A', interactionId: null, reason: 'status' }]);
        });
    });

    describe('event economy', () => {
        it('coalesces to one event per recipient and interaction, and one agent_state per recipient', () => {
            const events: DomainEvent[] = [
                { type: 'interaction_changed', userId: 'A', interactionId: 'i1', reason: 'customer_message' },
                { type: 'agent_state', userId: 'A', interactionId: null, reason: 'status' },
                { type: 'interaction_changed', userId: 'A', interactionId: 'i1', reason: 'sla_breached' },
                { type: 'offer', userId: 'A', interactionId: 'i2', reason: 'offered' },
                { type: 'agent_state', userId: 'A', interactionId: null, reason: 'stop_new' },
                { type: 'offer_withdrawn', userId: 'A', interactionId: 'i2', reason: 'lapsed' },
                { type: 'offer', userId: 'B', interactionId: 'i2', reason: 'offered' }
            ];
            expect(domain.coalesce(events)).toEqual([
                { type: 'interaction_changed', userId: 'A', interactionId: 'i1', reason: 'sla_breached' },
                { type: 'agent_state', userId: 'A', interactionId: null, reason: 'stop_new' },
                { type: 'offer_withdrawn', userId: 'A', interactionId: 'i2', reason: 'lapsed' },
                { type: 'offer', userId: 'B', interactionId: 'i2', reason: 'offered' }
            ]);
        });
    });
});
