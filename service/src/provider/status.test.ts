/**
 * Status callbacks over real HTTP: signed like webhooks, applied in any arrival order without
 * going backwards, duplicates and drops harmless, and callbacks that beat the create's answer.
 */
import { describeEachDb } from '../../test/databases';
import {
    AUTH_TOKEN,
    ACCOUNT_SID,
    COMPANY,
    CUSTOMER,
    eventually,
    startHarness,
    type Harness
} from '../../test/providerHarness';
import { STATUS_PATH } from './edge';
import { twilioSignature } from './simulator';
import type { StoredMessage } from './types';

async function postStatus(
    h: Harness,
    message: StoredMessage,
    status: string,
    options: { errorCode?: string; token?: string; unsigned?: boolean } = {}
): Promise<Response> {
    const url = `${h.appUrl}${STATUS_PATH}?m=${encodeURIComponent(message.id)}`;
    const params: Record<string, string> = {
        SmsSid: message.providerSid ?? '',
        SmsStatus: status,
        MessageStatus: status,
        To: message.customerNumber,
        MessageSid: message.providerSid ?? '',
        AccountSid: ACCOUNT_SID,
        From: message.channelNumber,
        ApiVersion: '2010-04-01',
        ...(options.errorCode ? { ErrorCode: options.errorCode } : {})
    };
    return fetch(url, {
        method: 'POST',
        headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(options.unsigned
                ? {}
                : { 'x-twilio-signature': twilioSignature(options.token ?? AUTH_TOKEN, url, params) })
        },
        body: new URLSearchParams(params).toString()
    });
}

async function statusOf(h: Harness, id: string): Promise<string | undefined> {
    return (await h.edge.getMessage(id))?.status;
}

describeEachDb('provider status callbacks', (open) => {
    let h: Harness;
    beforeEach(async () => {
        // Slow lifecycle at the simulator: the test posts its own callbacks first.
        h = await startHarness(open, { simulator: { sendDelayMs: 60_000, deliverDelayMs: 60_000 } });
    });
    afterEach(async () => {
        await h?.close();
    });

    const send = () => h.edge.sendMessage({ channelNumber: COMPANY, customerNumber: CUSTOMER, body: 'Status?' });

    it('applies statuses in any arrival order without going backwards', async () => {
        const message = await send();
        expect(message.status).toBe('queued');
        for (const [status, expected] of [
            ['delivered', 'delivered'],
            ['sent', 'delivered'],
            ['queued', 'delivered'],
            ['undelivered', 'delivered'],
            ['failed', 'delivered']
        ]) {
            expect((await postStatus(h, message, status)).status).toBe(200);
            expect(await statusOf(h, message.id)).toBe(expected);
        }
        const stored = await h.edge.getMessage(message.id);
        expect(stored).toMatchObject({ recordStatus: 'Delivered', errorCode: null });
        expect(stored?.sentAt).not.toBeNull();
    });

    it('moves forward through queued, sent and a failure, keeping the failure’s code and text', async () => {
        const message = await send();
        await postStatus(h, message, 'sent');
        expect(await statusOf(h, message.id)).toBe('sent');
        await postStatus(h, message, 'queued');
        expect(await statusOf(h, message.id)).toBe('sent');
        await postStatus(h, message, 'failed', { errorCode: '30007' });
        await postStatus(h, message, 'delivered');
        await postStatus(h, message, 'sent');
        expect(await h.edge.getMessage(message.id)).toMatchObject({
            status: 'failed',
            recordStatus: 'Failed',
            errorCode: '30007',
            errorMessage: 'Message filtered by the carrier'
        });
        expect(h.updates.filter((u) => u.messageId === message.id).map((u) => u.recordStatus)).toEqual([
            'Queued',
            'Sent',
            'Failed'
        ]);
    });

    it('changes nothing on a repeated callback', async () => {
        const message = await send();
        await postStatus(h, message, 'sent');
        await postStatus(h, message, 'sent');
        const events = await h.t.db.get<{ n: number }>(
            'SELECT COUNT(*) AS n FROM provider_status_events WHERE provider_sid = ?',
            [message.providerSid]
        );
        expect(Number(events?.n)).toBe(1);
        expect(h.updates.filter((u) => u.messageId === message.id && u.status === 'sent')).toHaveLength(1);
    });

    it('refuses unsigned and forged callbacks with 403 and changes nothing', async () => {
        const message = await send();
        expect((await postStatus(h, message, 'delivered', { unsigned: true })).status).toBe(403);
        expect((await postStatus(h, message, 'delivered', { token: 'e'.repeat(32) })).status).toBe(403);
        expect(await statusOf(h, message.id)).toBe('queued');
        const events = await h.t.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM provider_status_events');
        expect(Number(events?.n)).toBe(0);
    });

    it('records an opt-out the carrier reports (21610) so the next send is refused', async () => {
        const message = await send();
        await postStatus(h, message, 'failed', { errorCode: '21610' });
        expect(await h.edge.isOptedOut(COMPANY, CUSTOMER)).toBe(true);
        await expect(send()).rejects.toMatchObject({ code: 'OPTED_OUT' });
    });
});

describeEachDb('provider status callbacks from the simulator', (open) => {
    let h: Harness;
    beforeEach(async () => {
        h = await startHarness(open);
    });
    afterEach(async () => {
        await h?.close();
    });

    it('ends Delivered when the simulator posts delivered before sent', async () => {
        h.sim.setFaults({ reorderCallbacks: true });
        const message = await h.edge.sendMessage({
            channelNumber: COMPANY,
            customerNumber: CUSTOMER,
            body: 'Reordered'
        });
        const atSim = await h.sim.waitFor((m) => m.sid === message.providerSid && m.callbacks.length === 2);
        expect(atSim.callbacks.map((c) => c.status)).toEqual(['delivered', 'sent']);
        expect(await statusOf(h, message.id)).toBe('delivered');
    });

    it('ends Delivered when the sent callback is dropped, and each duplicate changes nothing', async () => {
        h.sim.setFaults({ dropCallbacks: 1, duplicateCallbacks: true });
        const message = await h.edge.sendMessage({ channelNumber: COMPANY, customerNumber: CUSTOMER, body: 'Dropped' });
        const atSim = await h.sim.waitFor(
            (m) => m.sid === message.providerSid && m.status === 'delivered' && m.callbacks.length === 3
        );
        expect(atSim.callbacks.map((c) => [c.status, c.dropped])).toEqual([
            ['sent', true],
            ['delivered', false],
            ['delivered', false]
        ]);
        expect(await statusOf(h, message.id)).toBe('delivered');
        // Reported once, and last (the create's answer may come before or after it).
        const statuses = h.updates.filter((u) => u.messageId === message.id).map((u) => u.status);
        expect(statuses.filter((status) => status === 'delivered')).toHaveLength(1);
        expect(statuses.at(-1)).toBe('delivered');
    });

    it('matches callbacks that arrive before the create is answered, by the message id in their URL', async () => {
        h.sim.setFaults({ createAnswerDelayMs: 200 });
        const message = await h.edge.sendMessage({
            channelNumber: COMPANY,
            customerNumber: CUSTOMER,
            body: 'Early callbacks'
        });
        const atSim = h.sim.messages({ direction: 'outbound-api' });
        expect(atSim).toHaveLength(1);
        expect(message.providerSid).toBe(atSim[0].sid);
        // The late 201 (status queued) did not move the message back.
        expect(['sent', 'delivered']).toContain(message.status);
        await eventually(async () => (await statusOf(h, message.id)) === 'delivered');
    });
});
