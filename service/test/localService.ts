/**
 * The assembled service in local mode for tests, over real HTTP on 127.0.0.1: the local org
 * seeded from data/, the provider simulator posting signed webhooks, the SMS edge sending through
 * its REST API, a SQLite file. Agents act the way the panel does — by inserting action and message
 * records as themselves — and their panels are subscriptions to their own event channels.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createService, type LocalService, type LocalServiceOptions } from '../src/createService';
import type { BusEventMessage } from '../src/connector/local/eventBus';
import type { Rec } from '../src/connector/local/localOrg';
import { OBJECTS } from '../src/connector/model';
import type { SObjectFields } from '../src/connector/types';
import { captureLogger, type LogSink } from '../src/connector/testing/support';
import { eventually, TestClock } from './providerHarness';

export { eventually, TestClock };

/** Wednesday 7 January 2026, 10:00 in San Francisco: inside the seed's Support business hours. */
export const OPEN_HOURS = Date.UTC(2026, 0, 7, 18, 0, 0);
/** The same Wednesday at 22:00 in San Francisco: Support is closed. */
export const AFTER_HOURS = Date.UTC(2026, 0, 8, 6, 0, 0);

/** The seed's numbers (data/README.md). */
export const SALES = '+14155550198';
export const SUPPORT = '+14155550199';
export const MARIA = '+14155550101'; // Contact Maria Garcia, stored as "(415) 555-0101"
export const DANIEL = '+14155550104'; // two records: Contact and Lead Daniel Kim
export const STRANGER = '+14155550177'; // no record

export interface Panel {
    userId: string;
    topic: string;
    events: Array<Record<string, unknown>>;
    /** For each event, whether its interaction and that interaction's messages were readable when it arrived. */
    seen: Array<{ type: string; interaction: Rec | null; messages: number }>;
    close(): void;
}

export interface LocalHarness {
    service: LocalService;
    clock: TestClock;
    dataDir: string;
    sink: LogSink;
    agent1: string;
    agent2: string;
    /** Starts the service again on the same data folder (after close). */
    restart(): Promise<LocalService>;
    close(): Promise<void>;
}

export async function startLocal(
    options: Partial<LocalServiceOptions> & { clock?: TestClock; dataDir?: string } = {}
): Promise<LocalHarness> {
    const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sms-local-'));
    const clock = options.clock ?? new TestClock(OPEN_HOURS);
    const { log, sink } = captureLogger();
    const start = () =>
        createService({
            eventDebounceMs: 15,
            eventMaxDelayMs: 40,
            timers: false,
            simulator: { sendDelayMs: 10, deliverDelayMs: 10 },
            ...options,
            mode: 'local',
            dataDir,
            clock,
            logger: log
        });
    let service = await start();
    const users = service.users();
    const harness: LocalHarness = {
        get service() {
            return service;
        },
        clock,
        dataDir,
        sink,
        agent1: users.agents[0].userId,
        agent2: users.agents[1].userId,
        restart: async () => {
            service = await start();
            return service;
        },
        close: async () => {
            await service.close().catch(() => undefined);
            fs.rmSync(dataDir, { recursive: true, force: true });
        }
    };
    return harness;
}

/** An agent's panel: subscribed to the channel their agent record names, as the panel does. */
export function openPanel(service: LocalService, userId: string): Panel {
    const org = service.org;
    const agent = org.find(OBJECTS.agent, { User__c: userId })[0];
    const topic = String(agent.Event_Channel__c);
    const events: Array<Record<string, unknown>> = [];
    const seen: Panel['seen'] = [];
    const stop = org.bus.subscribe(`panel-${userId}`, topic, -1, (m: BusEventMessage) => {
        events.push(m.data.payload);
        const id = m.data.payload.Interaction_Id__c;
        const interaction = typeof id === 'string' ? org.get(id, userId) : null;
        seen.push({
            type: String(m.data.payload.Type__c),
            interaction,
            messages: typeof id === 'string' ? org.find(OBJECTS.message, { Interaction__c: id }, userId).length : 0
        });
    });
    return { userId, topic, events, seen, close: stop };
}

/** Inserts an action as the agent (the panel's createRecord) and waits for the service's answer. */
export async function act(service: LocalService, userId: string, fields: SObjectFields): Promise<Rec> {
    const id = service.org.insert(OBJECTS.action, fields, userId);
    return eventually(() => {
        const record = service.org.get(id, userId);
        return record && record.Result__c !== 'Pending' ? record : undefined;
    }, 5000);
}

/** Inserts an agent's message as the panel does. */
export function agentMessage(service: LocalService, userId: string, interactionId: string, body: string): string {
    return service.org.insert(
        OBJECTS.message,
        {
            Interaction__c: interactionId,
            Direction__c: 'Outbound',
            Source__c: 'Agent',
            Status__c: 'Queued',
            Body__c: body
        },
        userId
    );
}

/** The interaction records of a customer number, newest first. */
export function interactionsOf(service: LocalService, customer: string): Rec[] {
    return service.org
        .find(OBJECTS.interaction, { Customer_Phone__c: customer })
        .sort(
            (a, b) =>
                String(b.Initiated_At__c).localeCompare(String(a.Initiated_At__c)) ||
                String(b.Id).localeCompare(String(a.Id))
        );
}

export function messagesOf(service: LocalService, interactionId: string): Rec[] {
    return service.org
        .find(OBJECTS.message, { Interaction__c: interactionId })
        .sort(
            (a, b) =>
                String(a.CreatedDate).localeCompare(String(b.CreatedDate)) || String(a.Id).localeCompare(String(b.Id))
        );
}

export function agentRecord(service: LocalService, userId: string): Rec {
    return service.org.find(OBJECTS.agent, { User__c: userId })[0];
}

/** Makes an agent Available (their Set Status action) and waits for the record to say so. */
export async function goAvailable(service: LocalService, userId: string): Promise<void> {
    const result = await act(service, userId, { Type__c: 'Set Status', Requested_Status__c: 'Available' });
    if (result.Result__c !== 'Applied') throw new Error(`Set Status refused: ${String(result.Result_Detail__c)}`);
    await eventually(() => agentRecord(service, userId).Status__c === 'Available');
}
