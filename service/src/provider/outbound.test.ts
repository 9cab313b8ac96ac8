/**
 * Sending over real HTTP to the simulator: retries under injected 5xx, timeouts and 429 with
 * exactly one message at the provider, permanent failures, refusals, and resuming at start-up.
 */
import { describeEachDb } from '../../test/databases';
import { COMPANY, CUSTOMER, eventually, startHarness, type Harness } from '../../test/providerHarness';
import { UNCONFIRMED_CODE } from './edge';
import { isProviderError } from './errors';
import { insertMessage, newId } from './store';

async function rows(h: Harness): Promise<number> {
    const row = await h.t.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM provider_messages');
    return Number(row?.n ?? 0);
}

function outbound(h: Harness) {
    return h.sim.messages({ direction: 'outbound-api' });
}

describeEachDb('provider outbound sending', (open) => {
    let h: Harness;
    afterEach(async () => {
        await h?.close();
    });

    describe('with the reconcile policy', () => {
        beforeEach(async () => {
            h = await startHarness(open);
        });

        it('sends through the REST API with a status callback and follows the message to Delivered', async () => {
            // A slower simulator, so that the create is answered before the first status callback.
            await h.close();
            h = await startHarness(open, { simulator: { sendDelayMs: 300, deliverDelayMs: 20 } });
            const sent = await h.edge.sendMessage({
                channelNumber: COMPANY,
                customerNumber: '(415) 555-0123',
                body: 'Your order is ready.',
                interactionId: 'interaction-9'
            });
            expect(sent).toMatchObject({
                status: 'queued',
                recordStatus: 'Queued',
                attempts: 1,
                customerNumber: CUSTOMER
            });
            const [atProvider] = outbound(h);
            expect(atProvider).toMatchObject({ from: COMPANY, to: CUSTOMER, body: 'Your order is ready.' });
            expect(atProvider.statusCallback).toBe(`${h.appUrl}/webhooks/sms/status?m=${sent.id}`);
            expect(sent.providerSid).toBe(atProvider.sid);
            const delivered = await eventually(async () => {
                const m = await h.edge.getMessage(sent.id);
                return m?.status === 'delivered' ? m : undefined;
            });
            expect(delivered.sentAt).not.toBeNull();
            expect(delivered.deliveredAt).not.toBeNull();
            expect(h.updates.filter((u) => u.messageId === sent.id).map((u) => u.recordStatus)).toEqual([
                'Queued',
                'Sent',
                'Delivered'
            ]);
        });

        it.each([
            [
                '5xx before the message is created',
                [{ type: 'error-before' as const }, { type: 'error-before' as const, status: 503 }]
            ],
            ['5xx after the message was created', [{ type: 'error-after' as const }]],
            ['a timeout before the message is created', [{ type: 'timeout-before' as const, ms: 2_000 }]],
            ['a timeout after the message was created', [{ type: 'timeout-after' as const, ms: 2_000 }]],
            ['429 Too Many Requests', [{ type: 'rate-limit' as const }, { type: 'rate-limit' as const }]],
            [
                'a mix of all of them',
                [
                    { type: 'timeout-before' as const, ms: 2_000 },
                    { type: 'error-before' as const },
                    { type: 'timeout-after' as const, ms: 2_000 }
                ]
            ]
        ])('delivers exactly one message under %s', async (_name, createFaults) => {
            h.sim.setFaults({ createFaults });
            const sent = await h.edge.sendMessage({
                channelNumber: COMPANY,
                customerNumber: CUSTOMER,
                body: 'Exactly once'
            });
            expect(sent.recordStatus).not.toBe('Failed');
            expect(sent.providerSid).not.toBeNull();
            expect(outbound(h)).toHaveLength(1);
            expect(outbound(h)[0].sid).toBe(sent.providerSid);
            await eventually(async () => (await h.edge.getMessage(sent.id))?.status === 'delivered');
            await h.sim.idle();
            expect(outbound(h)).toHaveLength(1);
        });

        it('does not send again when the unknown attempt is found at the provider', async () => {
            h.sim.setFaults({ createFaults: [{ type: 'error-after' }] });
            const sent = await h.edge.sendMessage({ channelNumber: COMPANY, customerNumber: CUSTOMER, body: 'Found' });
            expect(sent.attempts).toBe(1);
            expect(outbound(h)).toHaveLength(1);
        });

        it('marks the message Failed with the last error when every attempt fails, having sent nothing', async () => {
            h.sim.setFaults({ createFaults: Array.from({ length: 4 }, () => ({ type: 'error-before' as const })) });
            const sent = await h.edge.sendMessage({ channelNumber: COMPANY, customerNumber: CUSTOMER, body: 'Never' });
            expect(sent).toMatchObject({ status: 'failed', recordStatus: 'Failed', attempts: 4, errorCode: '20500' });
            expect(sent.errorMessage).toBe('An internal server error has occurred');
            expect(outbound(h)).toHaveLength(0);
        });

        it('marks a message the provider refuses Failed at once, with its error code and text', async () => {
            const sent = await h.edge.sendMessage({
                channelNumber: '+14155550111', // not a number of the simulator's account
                customerNumber: CUSTOMER,
                body: 'From the wrong number'
            });
            expect(sent).toMatchObject({ status: 'failed', recordStatus: 'Failed', attempts: 1, errorCode: '21606' });
            expect(sent.errorMessage).toContain('The From phone number is not a valid');
            expect(h.updates.at(-1)).toMatchObject({ messageId: sent.id, recordStatus: 'Failed', errorCode: '21606' });
        });

        it('marks a message the carrier could not deliver Failed with the provider’s code and text', async () => {
            h.sim.setFaults({ failDeliveries: { count: 1, status: 'undelivered', errorCode: 30003 } });
            const sent = await h.edge.sendMessage({ channelNumber: COMPANY, customerNumber: CUSTOMER, body: 'Lost' });
            const failed = await eventually(async () => {
                const m = await h.edge.getMessage(sent.id);
                return m?.recordStatus === 'Failed' ? m : undefined;
            });
            expect(failed).toMatchObject({
                status: 'undelivered',
                errorCode: '30003',
                errorMessage: 'Unreachable destination handset'
            });
        });

        it('stores and sends one message for one client key, however often it is asked', async () => {
            const request = {
                clientRef: 'a0B000000000001',
                channelNumber: COMPANY,
                customerNumber: CUSTOMER,
                body: 'Once'
            };
            const [a, b] = await Promise.all([h.edge.sendMessage(request), h.edge.sendMessage(request)]);
            const c = await h.edge.sendMessage(request);
            expect(new Set([a.id, b.id, c.id]).size).toBe(1);
            expect(await rows(h)).toBe(1);
            expect(outbound(h)).toHaveLength(1);
        });

        it.each([
            ['an invalid customer number', { customerNumber: '555-12' }, 'INVALID_PHONE'],
            ['letters for a number', { customerNumber: 'call me' }, 'INVALID_PHONE'],
            ['a message of 1,501 characters', { body: 'x'.repeat(1501) }, 'MESSAGE_TOO_LONG'],
            ['an empty message', { body: '   ' }, 'EMPTY_MESSAGE']
        ])('refuses %s with a typed error and stores nothing', async (_name, change, code) => {
            const attempt = h.edge.sendMessage({
                channelNumber: COMPANY,
                customerNumber: CUSTOMER,
                body: 'Hi',
                ...change
            });
            await expect(attempt).rejects.toMatchObject({ code });
            await attempt.catch((error) => expect(isProviderError(error)).toBe(true));
            expect(await rows(h)).toBe(0);
            expect(outbound(h)).toHaveLength(0);
        });

        it('sends a message of exactly 1,500 characters', async () => {
            const sent = await h.edge.sendMessage({
                channelNumber: COMPANY,
                customerNumber: CUSTOMER,
                body: 'x'.repeat(1500)
            });
            expect(sent).toMatchObject({ providerSid: expect.any(String), encoding: 'GSM-7', segments: 10 });
        });

        it('sends a failed message again as a new message that points to it', async () => {
            h.sim.setFaults({ failDeliveries: { count: 1, status: 'failed', errorCode: 30008 } });
            const first = await h.edge.sendMessage({
                channelNumber: COMPANY,
                customerNumber: CUSTOMER,
                body: 'Retry me'
            });
            await eventually(async () => (await h.edge.getMessage(first.id))?.status === 'failed');
            const again = await h.edge.resend(first.id);
            expect(again).toMatchObject({ resendOf: first.id, body: 'Retry me', providerSid: expect.any(String) });
            await eventually(async () => (await h.edge.getMessage(again.id))?.status === 'delivered');
            await expect(h.edge.resend(again.id)).rejects.toMatchObject({ code: 'NOT_RESENDABLE' });
        });

        it('sends at start-up a message stored but not yet sent before a crash', async () => {
            const id = newId('msg_');
            await insertMessage(h.t.db, {
                id,
                direction: 'outbound',
                source: 'agent',
                channelNumber: COMPANY,
                customerNumber: CUSTOMER,
                body: 'Stored before the crash',
                encoding: 'GSM-7',
                segments: 1,
                status: 'pending',
                now: h.clock.now()
            });
            await h.restart();
            await eventually(async () => (await h.edge.getMessage(id))?.providerSid);
            expect(outbound(h)).toHaveLength(1);
        });

        it('at start-up, finds a message whose send was in flight during a crash instead of sending it twice', async () => {
            const id = newId('msg_');
            await insertMessage(h.t.db, {
                id,
                direction: 'outbound',
                source: 'agent',
                channelNumber: COMPANY,
                customerNumber: CUSTOMER,
                body: 'In flight at the crash',
                encoding: 'GSM-7',
                segments: 1,
                status: 'pending',
                now: h.clock.now()
            });
            // The crashed attempt: recorded as started, and the provider did create the message.
            await h.t.db.run(
                `UPDATE provider_messages SET status = 'sending', attempts = 1, unconfirmed = 1, first_attempt_wall_at = ?
                 WHERE id = ?`,
                [Date.now(), id]
            );
            const created = await h.provider.createMessage({
                from: COMPANY,
                to: CUSTOMER,
                body: 'In flight at the crash',
                statusCallbackUrl: 'http://127.0.0.1:9/nowhere',
                idempotencyKey: id,
                timeoutMs: 1_000
            });
            expect(created.kind).toBe('accepted');
            await h.restart();
            const found = await eventually(async () => (await h.edge.getMessage(id))?.providerSid);
            expect(created.kind === 'accepted' && created.providerSid).toBe(found);
            expect(outbound(h)).toHaveLength(1);
        });
    });

    describe('with the fail policy', () => {
        beforeEach(async () => {
            h = await startHarness(open, { config: { unconfirmedSend: 'fail' } });
        });

        it('marks a message whose send had an unknown outcome and is not at the provider Failed, sending nothing', async () => {
            h.sim.setFaults({ createFaults: [{ type: 'timeout-before', ms: 2_000 }] });
            const sent = await h.edge.sendMessage({ channelNumber: COMPANY, customerNumber: CUSTOMER, body: 'Unsure' });
            expect(sent).toMatchObject({ status: 'failed', errorCode: UNCONFIRMED_CODE, attempts: 1 });
            expect(sent.errorMessage).toContain('did not confirm');
            expect(outbound(h)).toHaveLength(0);
        });

        it('still adopts a message whose send had an unknown outcome when it is at the provider', async () => {
            h.sim.setFaults({ createFaults: [{ type: 'timeout-after', ms: 2_000 }] });
            const sent = await h.edge.sendMessage({ channelNumber: COMPANY, customerNumber: CUSTOMER, body: 'Unsure' });
            expect(sent.recordStatus).not.toBe('Failed');
            expect(outbound(h)).toHaveLength(1);
            expect(sent.providerSid).toBe(outbound(h)[0].sid);
        });
    });
});
