/**
 * A second start on the same data folder resumes: the local org's records and Ids, the agents'
 * state, the router's stored timers (an offer that lapsed while the service was down lapses at
 * start), the action stream (actions after the restart are applied: the bus's replay position was
 * kept) — and nothing is written twice. Also the operations endpoints of the assembled service.
 */
import fs from 'fs';
import path from 'path';
import { OBJECTS } from '../connector/model';
import { LOCAL_ORG_FILE } from './localOrgFile';
import {
    act,
    agentMessage,
    agentRecord,
    eventually,
    goAvailable,
    interactionsOf,
    MARIA,
    messagesOf,
    openPanel,
    SALES,
    startLocal,
    type LocalHarness
} from '../../test/localService';

let h: LocalHarness | undefined;
afterEach(async () => h?.close());

function counts(h: LocalHarness) {
    const org = h.service.org;
    return {
        interactions: org.find(OBJECTS.interaction).length,
        messages: org.find(OBJECTS.message).length,
        actions: org.find(OBJECTS.action).length,
        agents: org.find(OBJECTS.agent).length,
        users: org.find('User').length
    };
}

test('a restart on the same data folder resumes records, agents, stored timers and the action stream (X8)', async () => {
    h = await startLocal();
    const first = h.service;
    await goAvailable(first, h.agent1);
    await first.simulator.sendFromCustomer({ from: MARIA, to: SALES, body: 'Is my order shipped?' });
    const offered = await eventually(() => interactionsOf(first, MARIA).find((i) => i.Status__c === 'Offered'));
    const users = first.users();
    const before = counts(h);
    const expiresAt = Date.parse(String(offered.Offer_Expires_At__c));
    await first.close();
    expect(fs.existsSync(path.join(h.dataDir, LOCAL_ORG_FILE))).toBe(true);
    expect(fs.existsSync(path.join(h.dataDir, 'service.sqlite'))).toBe(true);

    // The acceptance interval ends while the service is down.
    h.clock.set(expiresAt + 5_000);
    const second = await h.restart();
    expect(second.users()).toEqual(users);
    expect(counts(h)).toEqual(before);
    expect(second.org.get(String(offered.Id))).toMatchObject({ Status__c: 'Offered', OwnerId: h.agent1 });
    expect(agentRecord(second, h.agent1).Status__c).toBe('Available');
    const fired = await second.runDueTimers();
    expect(fired).toEqual([expect.objectContaining({ kind: 'offer_expiry' })]);
    await eventually(() => second.org.get(String(offered.Id))!.Status__c === 'Queued');
    await eventually(() => agentRecord(second, h!.agent1).Status__c === 'On Break');
    expect(agentRecord(second, h.agent1).Status_Reason__c).toBe('Missed Offer');

    // Actions after the restart are applied: the waiting SMS goes to Agent 2, who answers it.
    const p2 = openPanel(second, h.agent2);
    await goAvailable(second, h.agent2);
    await eventually(() => p2.events.some((e) => e.Type__c === 'offer' && e.Interaction_Id__c === offered.Id));
    expect((await act(second, h.agent2, { Type__c: 'Accept', Interaction__c: offered.Id })).Result__c).toBe('Applied');
    const reply = agentMessage(second, h.agent2, String(offered.Id), 'Yes, it left this morning.');
    await eventually(() => second.org.get(reply)!.Status__c === 'Delivered');
    p2.close();
    // Nothing doubled: one conversation, its one customer message and the reply.
    expect(interactionsOf(second, MARIA)).toHaveLength(1);
    expect(messagesOf(second, String(offered.Id)).map((m) => m.Direction__c)).toEqual(['Inbound', 'Outbound']);

    // Health, readiness and metrics of the assembled service.
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${second.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, store: true, org: true, stream: true });
    const metrics = await (await fetch(`${second.url}/metrics`)).text();
    const sales = String(second.org.find(OBJECTS.queue, { Name: 'Sales' })[0].Id);
    expect(metrics).toContain(`sms_queue_waiting{queue="Sales",queue_id="${sales}"} 0`);
    expect(metrics).toMatch(/^sms_queue_oldest_wait_seconds\{queue="Sales",queue_id="\w+"\} 0$/m);
    expect(metrics).toMatch(/^sms_messages_total\{direction="outbound"\} 1$/m);
    expect(metrics).toMatch(/^sms_offers_total 1$/m);
    expect(metrics).toMatch(/^sms_accepts_total 1$/m);
    // Since the restart: Set Status, Accept, and the reply (a message is an action too).
    expect(metrics).toMatch(/^sms_agent_actions_total\{result="applied"\} 3$/m);
    expect(metrics).toMatch(/^sms_lapses_total 1$/m);

    // A third start: the same again.
    const after = counts(h);
    await second.close();
    const third = await h.restart();
    expect(counts(h)).toEqual(after);
    expect(third.org.get(String(offered.Id))).toMatchObject({ Status__c: 'Active', OwnerId: h.agent2 });
});

test('waiting work is visible and measured: queue depth and the oldest wait (X13)', async () => {
    h = await startLocal();
    const service = h.service;
    // Nobody is Available: the SMS waits, its records written all the same.
    await service.simulator.sendFromCustomer({ from: MARIA, to: SALES, body: 'Anyone?' });
    const waiting = await eventually(() => interactionsOf(service, MARIA)[0]);
    expect(waiting).toMatchObject({ Status__c: 'Queued', OwnerId: service.org.integrationUserId });
    await eventually(() => messagesOf(service, String(waiting.Id)).length === 1);
    h.clock.set(h.clock.now() + 90_000);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^sms_queue_waiting\{queue="Sales",queue_id="\w+"\} 1$/m);
    const oldest = /^sms_queue_oldest_wait_seconds\{queue="Sales",queue_id="\w+"\} ([\d.]+)$/m.exec(metrics);
    expect(Number(oldest?.[1])).toBeGreaterThanOrEqual(90);
    expect(metrics).toMatch(/^sms_messages_total\{direction="inbound"\} 1$/m);
    expect(metrics).toMatch(/^sms_routing_latency_seconds_count 1$/m);
});
