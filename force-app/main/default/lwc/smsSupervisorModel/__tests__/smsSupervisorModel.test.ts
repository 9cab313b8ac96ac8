import { formatClock, summarise, waitSeconds, withWait } from 'c/smsSupervisorModel';
import { supervisorData } from '../../../../../test/supervisorFixtures';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('smsSupervisorModel (X13)', () => {
    describe('queues', () => {
        const data = supervisorData({
            queues: [
                { id: 'Q2', name: 'Support', slaTarget: 120 },
                { id: 'Q1', name: 'billing', slaTarget: 300, active: false },
                { id: 'Q3', name: 'Sales' }
            ],
            interactions: [
                { id: 'I1', queue: 'Q2', status: 'Queued', initiatedAt: ago(30) },
                { id: 'I2', queue: 'Q2', status: 'Queued', initiatedAt: ago(200), breached: true },
                { id: 'I3', queue: 'Q2', status: 'Offered', initiatedAt: ago(400), agent: 'A1' },
                { id: 'I4', queue: 'Q2', status: 'Active', initiatedAt: ago(900), agent: 'A1', breached: true },
                {
                    id: 'I5',
                    queue: 'Q2',
                    status: 'Post-processing',
                    initiatedAt: ago(990),
                    agent: 'A2',
                    breached: true
                },
                { id: 'I6', queue: 'Q1', status: 'Active', initiatedAt: ago(50), agent: 'A2' },
                { id: 'I7', queue: null, status: 'Queued', initiatedAt: ago(10), breached: true }
            ]
        });

        it('sorts queues by name, whatever the case', () => {
            expect(summarise(data, NOW).queues.map((q) => q.name)).toEqual(['billing', 'Sales', 'Support']);
        });

        it('counts waiting (Queued), offered, active and post-processing interactions per queue', () => {
            const support = summarise(data, NOW).queues.find((q) => q.id === 'Q2')!;
            expect([support.waiting, support.offered, support.activeCount, support.postProcessing]).toEqual([
                2, 1, 1, 1
            ]);
            const billing = summarise(data, NOW).queues.find((q) => q.id === 'Q1')!;
            expect([billing.waiting, billing.offered, billing.activeCount, billing.postProcessing]).toEqual([
                0, 0, 1, 0
            ]);
            expect(billing.active).toBe(false);
        });

        it("measures the oldest wait from the oldest waiting interaction's Initiated_At__c, not from offered or active work", () => {
            const support = summarise(data, NOW).queues.find((q) => q.id === 'Q2')!;
            expect(support.oldestWaitingSince).toBe(NOW - 200_000);
            expect(support.oldestWaitSeconds).toBe(200);
            expect(support.oldestOverTarget).toBe(true);
            const sales = summarise(data, NOW).queues.find((q) => q.id === 'Q3')!;
            expect(sales.oldestWaitSeconds).toBeNull();
            expect(sales.oldestOverTarget).toBe(false);
        });

        it('counts SLA breaches among queued, offered and active interactions, not in post-processing', () => {
            const summary = summarise(data, NOW);
            expect(summary.queues.find((q) => q.id === 'Q2')!.slaBreaches).toBe(2);
            // The interaction with no queue still counts in the total.
            expect(summary.totalBreaches).toBe(3);
            expect(summary.totalWaiting).toBe(3);
        });

        it('ages the oldest wait with the clock alone', () => {
            const support = summarise(data, NOW).queues.find((q) => q.id === 'Q2')!;
            const later = withWait(support, NOW + 65_000);
            expect(later.oldestWaitSeconds).toBe(265);
            expect(waitSeconds(NOW + 5_000, NOW)).toBe(0);
        });

        it('is over target only past the SLA target', () => {
            const q = summarise(
                supervisorData({
                    queues: [{ id: 'Q1', name: 'A', slaTarget: 60 }],
                    interactions: [{ id: 'I1', queue: 'Q1', status: 'Queued', initiatedAt: ago(60) }]
                }),
                NOW
            ).queues[0];
            expect(q.oldestOverTarget).toBe(false);
            expect(withWait(q, NOW + 1000).oldestOverTarget).toBe(true);
        });

        it('says when the read did not hold every open interaction', () => {
            expect(summarise(data, NOW).truncated).toBe(false);
            expect(summarise(supervisorData({ hasNextPage: true }), NOW).truncated).toBe(true);
        });

        it('summarises nothing to empty lists', () => {
            expect(summarise(undefined, NOW)).toEqual({
                queues: [],
                agents: [],
                totalBreaches: 0,
                totalWaiting: 0,
                truncated: false
            });
        });
    });

    describe('agents', () => {
        const data = supervisorData({
            queues: [
                { id: 'Q1', name: 'Support', max: 3 },
                { id: 'Q2', name: 'VIP', max: 5, dedicatedAgent: 'A4' },
                { id: 'Q3', name: 'Sales', max: 4 }
            ],
            members: [
                { queue: 'Q1', agent: 'A2' },
                { queue: 'Q3', agent: 'A2' },
                { queue: 'Q1', agent: 'A1' }
            ],
            agents: [
                { id: 'A1', name: 'Zoe', status: 'Available', open: 1, max: 2 },
                { id: 'A2', name: 'Ann', status: 'Available', open: 2, stopNew: true },
                { id: 'A3', name: 'Bob', status: 'Offline', open: 0 },
                { id: 'A4', name: 'Cid', status: 'Post-processing', open: 5 },
                { id: 'A5', name: 'Dee', status: 'On Break', open: 0 },
                { id: 'A6', name: 'Eve', status: 'Lunch', open: 0 }
            ]
        });

        it('sorts agents by status (Available, Post-processing, On Break, Offline, unknown) then name', () => {
            expect(summarise(data, NOW).agents.map((a) => [a.name, a.status])).toEqual([
                ['Ann', 'Available'],
                ['Zoe', 'Available'],
                ['Cid', 'Post-processing'],
                ['Dee', 'On Break'],
                ['Bob', 'Offline'],
                ['Eve', null]
            ]);
        });

        it("shows Post-processing as the service's status, as the panel's status menu does", () => {
            expect(summarise(data, NOW).agents.find((a) => a.id === 'A4')!.status).toBe('Post-processing');
        });

        it("takes capacity from the agent's maximum, else the largest default of their queues (member or dedicated)", () => {
            const byId = new Map(summarise(data, NOW).agents.map((a) => [a.id, a]));
            expect(byId.get('A1')!.capacity).toBe(2);
            expect(byId.get('A2')!.capacity).toBe(4);
            expect(byId.get('A4')!.capacity).toBe(5);
            expect(byId.get('A3')!.capacity).toBeNull();
        });

        it('computes load as open / capacity and marks agents at capacity', () => {
            const byId = new Map(summarise(data, NOW).agents.map((a) => [a.id, a]));
            expect([byId.get('A1')!.open, byId.get('A1')!.loadPercent, byId.get('A1')!.atCapacity]).toEqual([
                1,
                50,
                false
            ]);
            expect([byId.get('A2')!.loadPercent, byId.get('A2')!.stopNew]).toEqual([50, true]);
            expect([byId.get('A4')!.loadPercent, byId.get('A4')!.atCapacity]).toEqual([100, true]);
            expect(byId.get('A3')!.loadPercent).toBeNull();
        });

        it("counts an agent's open interactions from the read when the record has no count", () => {
            const agents = summarise(
                supervisorData({
                    queues: [{ id: 'Q1', name: 'Support' }],
                    interactions: [
                        { id: 'I1', queue: 'Q1', status: 'Offered', agent: 'A1' },
                        { id: 'I2', queue: 'Q1', status: 'Post-processing', agent: 'A1' }
                    ],
                    agents: [{ id: 'A1', name: 'Ann', open: null, max: 4 }]
                }),
                NOW
            ).agents;
            expect([agents[0].open, agents[0].loadPercent]).toEqual([2, 50]);
        });
    });

    it('formats a time of day as hh:mm:ss on a 24-hour clock in the given zone', () => {
        expect(formatClock(Date.parse('2026-03-02T15:04:05Z'), 'en-US', 'UTC')).toBe('15:04:05');
        expect(formatClock(Date.parse('2026-03-02T09:04:05Z'), 'en-US', 'Europe/Berlin')).toBe('10:04:05');
    });
});
