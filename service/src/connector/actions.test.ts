import { describeEachDb, SkipPostgres, type TestDatabase } from '../../test/databases';
import { migrate } from '../db';
import { ActionProcessor } from './actions';
import { AGENT_ACTION_EVENT, AGENT_ACTION_TOPIC, OBJECTS } from './model';
import { ConnectorStore, connectorMigrations } from './store';
import { captureLogger, RecordingHandler, smallOrg } from './testing/support';
import type { ActionSubscription } from './types';

describeEachDb('agent actions', (open) => {
    let t: TestDatabase | null = null;
    let sub: ActionSubscription | null = null;

    afterEach(async () => {
        await sub?.close();
        sub = null;
        await t?.drop();
        t = null;
    });

    async function setup() {
        try {
            t = await open();
        } catch (error) {
            if (error instanceof SkipPostgres) return null;
            throw error;
        }
        await migrate(t.db, connectorMigrations);
        const store = new ConnectorStore(t.db);
        const small = smallOrg();
        const { org, ada, bo } = small;
        const handler = new RecordingHandler([ada, bo]);
        const { log, sink } = captureLogger();
        const processor = new ActionProcessor(org, store, handler, log);
        const interaction = org.insert(OBJECTS.interaction, {
            External_Id__c: 'int-1',
            Status__c: 'Offered',
            OwnerId: ada,
            Customer_Phone__c: '+14155550123'
        });
        await store.mapRecord(OBJECTS.interaction, 'int-1', interaction);
        handler.holders.set('int-1', ada);
        await org.connect();
        const subscribe = async () => {
            sub = await org.subscribeActions({
                loadReplayId: processor.loadReplayId,
                onBatch: processor.onBatch,
                batchSize: 2
            });
        };
        await subscribe();
        /** Waits until every action event delivered to the service has been handled. */
        const settle = async () => {
            const deadline = Date.now() + 5000;
            for (;;) {
                await org.bus.drain();
                const delivered = org.bus.snapshot().byClient.service ?? 0;
                if (processor.stats.finished >= delivered) return;
                if (Date.now() > deadline) throw new Error('actions were not processed in time');
                await new Promise((r) => setTimeout(r, 5));
            }
        };
        return { ...small, store, handler, processor, interaction, settle, sink, subscribe };
    }

    test('an action by the interaction’s agent is applied once and audited as Applied', async () => {
        const s = await setup();
        if (!s) return;
        const action = s.org.insert(OBJECTS.action, { Type__c: 'Accept', Interaction__c: s.interaction }, s.ada);
        await s.settle();
        expect(s.handler.commands).toEqual([{ kind: 'accept', userId: s.ada, interactionId: 'int-1' }]);
        expect(s.org.get(action)).toMatchObject({ Result__c: 'Applied', Result_Detail__c: null });
        expect(s.org.get(action)!.Processed_At__c).toEqual(expect.any(String));
        const lastReplay = await s.store.replayId(AGENT_ACTION_TOPIC);
        expect(lastReplay).not.toBeNull();

        // The same record announced again (a republished or replayed event) is not applied twice.
        s.org.bus.publish(
            AGENT_ACTION_EVENT,
            { Record_Id__c: action, Object__c: OBJECTS.action, Type__c: 'Accept', Acting_User_Id__c: s.ada },
            s.ada
        );
        await s.settle();
        expect(s.handler.commands).toHaveLength(1);
        expect(s.processor.stats).toMatchObject({ applied: 1, duplicates: 1 });
    });

    test('a foreign action (another agent’s interaction) is refused and audited, never applied', async () => {
        const s = await setup();
        if (!s) return;
        const action = s.org.insert(OBJECTS.action, { Type__c: 'Accept', Interaction__c: s.interaction }, s.bo);
        await s.settle();
        expect(s.handler.commands).toEqual([]);
        expect(s.org.get(action)).toMatchObject({
            Result__c: 'Refused',
            Result_Detail__c: 'NOT_YOUR_INTERACTION'
        });
        expect(s.sink.text()).toMatch(/agent action refused/);
    });

    test('a forged event (naming a user who did not create the record) is refused and audited', async () => {
        const s = await setup();
        if (!s) return;
        // The service is not listening while Bo creates an action on Ada's interaction…
        await sub?.close();
        const action = s.org.insert(OBJECTS.action, { Type__c: 'Accept', Interaction__c: s.interaction }, s.bo);
        await s.subscribe();
        // …and then an event claiming that Ada created it is published by hand.
        s.org.bus.publish(
            AGENT_ACTION_EVENT,
            { Record_Id__c: action, Object__c: OBJECTS.action, Type__c: 'Accept', Acting_User_Id__c: s.ada },
            s.bo
        );
        await s.settle();
        expect(s.handler.commands).toEqual([]);
        expect(s.org.get(action)).toMatchObject({ Result__c: 'Refused', Result_Detail__c: 'FORGED_ACTION' });
        expect(s.sink.text()).toMatch(/the event names another user than the record creator/);
    });

    test('the integration user’s own actions are ignored; a refused send marks the message Failed', async () => {
        const s = await setup();
        if (!s) return;
        s.org.insert(OBJECTS.action, { Type__c: 'Set Status', Requested_Status__c: 'Available' });
        await s.settle();
        expect(s.handler.commands).toEqual([]);
        expect(s.processor.stats.ignored).toBe(1);

        s.handler.refuseWith = 'TRANSITION_NOT_ALLOWED';
        const msg = s.org.insert(
            OBJECTS.message,
            {
                Interaction__c: s.interaction,
                Direction__c: 'Outbound',
                Source__c: 'Agent',
                Status__c: 'Queued',
                Body__c: 'see you at 5'
            },
            s.ada
        );
        await s.settle();
        expect(s.handler.commands).toEqual([
            { kind: 'send', userId: s.ada, interactionId: 'int-1', messageRecordId: msg, body: 'see you at 5' }
        ]);
        expect(s.org.get(msg)).toMatchObject({
            Status__c: 'Failed',
            Error_Code__c: 'TRANSITION_NOT_ALLOWED',
            Error_Message__c: 'The interaction has already moved on; this is no longer possible.'
        });
        expect(s.sink.text()).not.toContain('see you at 5');
        expect(s.sink.text()).not.toContain('4155550123');
    });

    test('Link Record sets the lookup and remembers the pick for the customer number', async () => {
        const s = await setup();
        if (!s) return;
        const contact = s.org.insert('Contact', { LastName: 'Doe', Phone: '(415) 555-0123' });
        s.org.insert(
            OBJECTS.action,
            { Type__c: 'Link Record', Interaction__c: s.interaction, Linked_Record_Id__c: contact },
            s.ada
        );
        await s.settle();
        expect(s.org.get(s.interaction)!.Contact__c).toBe(contact);
        const { customerKey } = await import('./actions');
        expect(await s.store.preferredMatch(customerKey('+14155550123'))).toBe(contact);
    });
});

describeEachDb('connector store', (open) => {
    test('seen event ids are forgotten after 72 hours; sequences have no gaps', async () => {
        let t: TestDatabase;
        try {
            t = await open();
        } catch (error) {
            if (error instanceof SkipPostgres) return;
            throw error;
        }
        try {
            await migrate(t.db, connectorMigrations);
            let now = Date.UTC(2026, 0, 5);
            const store = new ConnectorStore(t.db, () => now);
            expect(await store.markSeen('u1', AGENT_ACTION_TOPIC)).toBe(true);
            expect(await store.markSeen('u1', AGENT_ACTION_TOPIC)).toBe(false);
            now += 73 * 3600_000;
            await store.markSeen('u2', AGENT_ACTION_TOPIC);
            expect(await store.pruneSeen()).toBe(1);
            expect(await store.markSeenProbe('u1')).toBe(false);
            expect(await store.markSeenProbe('u2')).toBe(true);
            const seqs = await Promise.all([store.nextSequences('005A', 2), store.nextSequences('005A', 3)]);
            expect(seqs.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
        } finally {
            await t.drop();
        }
    });
});
