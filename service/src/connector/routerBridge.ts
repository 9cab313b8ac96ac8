/**
 * The port between the connector and the routing engine (service/src/router, merged
 * separately): agent actions become router commands; the router's outbox events become record
 * writes and agent nudges; the org's configuration becomes the router's configuration.
 *
 * `RouterApi` is written to the engine's public API (`createRouter(…)` → RouterEngine) as it
 * stands: every method here exists there with these shapes, so a RouterEngine is passed as is.
 */
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { ActionHandler, AgentCommand, CommandOutcome } from './actions';
import { OBJECTS, type AgentEventType, type AgentStatus, type InteractionStatus } from './model';
import type { InteractionView, RecordSync } from './relay';
import type { OrgConfiguration, SalesforcePort } from './types';

// ------------------------------------------------------------------------ the router's shapes

export interface RouterInteraction {
    id: string;
    queueId: string;
    channelNumber: string;
    channelId: string | null;
    customerNumber: string;
    direction: 'Inbound' | 'Outbound';
    status: InteractionStatus;
    agentId: string | null;
    initiatedAt: number;
    offeredAt: number | null;
    offerExpiresAt: number | null;
    acceptedAt: number | null;
    terminatedAt: number | null;
    wrapUpDeadline: number | null;
    wrappedUpAt: number | null;
    disposition: string | null;
    dispositionRequired: boolean;
    unreadCount: number;
    awaitingReplySince: number | null;
    slaDueAt: number | null;
    slaBreached: boolean;
    deliveryFailed: boolean;
    lastCustomerMessageAt: number | null;
    lastAgentMessageAt: number | null;
}

export interface RouterAgentState {
    userId: string;
    name: string;
    status: AgentStatus;
    statusReason: 'Agent' | 'Rejected Offer' | 'Missed Offer' | 'System';
    statusChangedAt: number;
    stopNew: boolean;
    openCount: number;
}

export interface RouterEventRecord {
    id: number;
    userId: string;
    seq: number;
    type: 'offer' | 'offer_withdrawn' | 'interaction_changed' | 'agent_state';
    interactionId: string | null;
    reason: string;
    at: number;
}

export interface RouterConfigSnapshot {
    queues: Array<{
        id: string;
        name: string;
        acceptanceIntervalSeconds: number;
        postProcessingSeconds: number;
        slaTargetSeconds: number;
        maxInteractions: number;
        dispositionRequired: boolean;
        dedicatedAgentId: string | null;
        active: boolean;
    }>;
    agents: Array<{ userId: string; name: string; maxInteractions: number | null; canReject: boolean }>;
    channels: Array<{ phoneNumber: string; channelId: string | null; queueId: string; active: boolean }>;
    members: Array<{ queueId: string; userIds: string[] }>;
}

export interface SendAuthorization {
    interactionId: string;
    channelNumber: string;
    channelId: string | null;
    customerNumber: string;
}

/** The subset of RouterEngine the connector uses. */
export interface RouterApi {
    setStatus(input: { actor: string; status: string }): Promise<unknown>;
    setStopNew(input: { actor: string; stopNew: boolean }): Promise<unknown>;
    accept(input: { actor: string; interactionId: string }): Promise<unknown>;
    reject(input: { actor: string; interactionId: string }): Promise<unknown>;
    end(input: { actor: string; interactionId: string }): Promise<unknown>;
    wrapUp(input: { actor: string; interactionId: string; disposition?: string | null }): Promise<unknown>;
    startOutbound(input: {
        actor: string;
        channelNumber: string;
        customerNumber: string;
    }): Promise<{ interaction: RouterInteraction }>;
    authorizeSend(input: { actor: string; interactionId: string }): Promise<SendAuthorization>;
    agentMessageSent(input: { actor: string; interactionId: string }): Promise<unknown>;
    getInteraction(id: string): Promise<RouterInteraction>;
    getAgentState(userId: string): Promise<RouterAgentState>;
    configure(snapshot: RouterConfigSnapshot): Promise<unknown>;
    subscribe(
        handler: (events: RouterEventRecord[]) => Promise<void>,
        options?: { limit?: number }
    ): { stop(): Promise<void> };
}

/** The provider edge's send, as the connector needs it (service/src/provider implements it). */
export interface OutboundSender {
    send(input: {
        authorization: SendAuthorization;
        body: string;
        /** The SMS_Message__c record Id: the provider must not send twice for one key. */
        idempotencyKey: string;
    }): Promise<{
        providerMessageId: string;
        status: 'Queued' | 'Sent';
        segments?: number;
        encoding?: 'GSM-7' | 'UCS-2';
    }>;
}

// ------------------------------------------------------------------------ configuration

export function toRouterConfig(config: OrgConfiguration): RouterConfigSnapshot {
    const rejecters = new Set(config.rejectPermissionUserIds);
    const members = new Map<string, string[]>();
    for (const m of config.members) members.set(m.queueId, [...(members.get(m.queueId) ?? []), m.agentUserId]);
    return {
        queues: config.queues.map((q) => ({
            id: q.id,
            name: q.name,
            acceptanceIntervalSeconds: q.acceptanceIntervalSeconds,
            postProcessingSeconds: q.postProcessingSeconds,
            slaTargetSeconds: q.slaTargetSeconds,
            maxInteractions: q.maxInteractions,
            dispositionRequired: q.dispositionRequired,
            dedicatedAgentId: q.dedicatedAgentUserId,
            active: q.active
        })),
        agents: config.agents.map((a) => ({
            userId: a.userId,
            name: a.name,
            maxInteractions: a.maxInteractions,
            canReject: rejecters.has(a.userId)
        })),
        channels: config.channels.map((c) => ({
            phoneNumber: c.phoneNumber,
            channelId: c.id,
            queueId: c.queueId,
            active: c.active
        })),
        members: config.queues.map((q) => ({ queueId: q.id, userIds: [...new Set(members.get(q.id) ?? [])].sort() }))
    };
}

export function interactionView(i: RouterInteraction): InteractionView {
    return {
        id: i.id,
        status: i.status,
        agentUserId: i.agentId,
        queueId: i.queueId,
        channelId: i.channelId,
        customerPhone: i.customerNumber,
        direction: i.direction,
        initiatedAt: i.initiatedAt,
        offeredAt: i.offeredAt,
        offerExpiresAt: i.offerExpiresAt,
        acceptedAt: i.acceptedAt,
        terminatedAt: i.terminatedAt,
        wrapUpDeadline: i.wrapUpDeadline,
        wrappedUpAt: i.wrappedUpAt,
        disposition: i.disposition,
        dispositionRequired: i.dispositionRequired,
        unreadCount: i.unreadCount,
        awaitingReplySince: i.awaitingReplySince,
        slaDueAt: i.slaDueAt,
        slaBreached: i.slaBreached,
        deliveryFailed: i.deliveryFailed,
        lastCustomerMessageAt: i.lastCustomerMessageAt,
        lastAgentMessageAt: i.lastAgentMessageAt
    };
}

const NUDGE_TYPE: Record<string, AgentEventType> = { customer_message: 'message' };

/** Reasons that change an agent's open interactions (`SMS_Agent__c.Open_Interactions__c`). */
const LOAD_CHANGES = new Set([
    'offered',
    'rejected',
    'lapsed',
    'agent_offline',
    'agent_removed',
    'wrapped_up',
    'closed_at_deadline',
    'outbound_started'
]);

const COUNTERS: Record<string, { name: string; help: string }> = {
    offered: { name: 'sms_offers_total', help: 'Offers made to agents' },
    accepted: { name: 'sms_accepts_total', help: 'Offers accepted' },
    rejected: { name: 'sms_rejects_total', help: 'Offers rejected' },
    lapsed: { name: 'sms_lapses_total', help: 'Offers that lapsed unanswered' }
};

export class RouterBridge implements ActionHandler {
    private config: OrgConfiguration = {
        queues: [],
        channels: [],
        agents: [],
        members: [],
        rejectPermissionUserIds: []
    };
    private agents = new Set<string>();
    private configKey = '';
    private watcher: NodeJS.Timeout | null = null;
    private subscription: { stop(): Promise<void> } | null = null;

    constructor(
        private readonly router: RouterApi,
        private readonly port: SalesforcePort,
        private readonly sync: RecordSync,
        private readonly sender: OutboundSender | null,
        private readonly log: Logger,
        private readonly metrics?: Metrics
    ) {
        for (const c of Object.values(COUNTERS)) metrics?.declare(c.name, c.help, 'counter');
    }

    // ------------------------------------------------------------------ configuration in

    /** Loads the org's configuration and gives it to the router when it changed. */
    async refreshConfiguration(): Promise<boolean> {
        const config = await this.port.loadConfiguration();
        const snapshot = toRouterConfig(config);
        const key = JSON.stringify(snapshot);
        this.config = config;
        this.agents = new Set(config.agents.map((a) => a.userId));
        this.sync.setAgentRecords(new Map(config.agents.map((a) => [a.userId, a.recordId])));
        if (key === this.configKey) return false;
        await this.router.configure(snapshot);
        this.configKey = key;
        this.log.info(
            { queues: snapshot.queues.length, agents: snapshot.agents.length, channels: snapshot.channels.length },
            'configuration applied'
        );
        return true;
    }

    /** Follows the configuration: reloads it every `intervalMs`. */
    followConfiguration(intervalMs: number): void {
        this.watcher = setInterval(() => {
            this.refreshConfiguration().catch((error: unknown) =>
                this.log.error({ err: error }, 'configuration reload failed')
            );
        }, intervalMs);
        this.watcher.unref?.();
    }

    // ------------------------------------------------------------------ events out

    /** Relays the router's outbox: records first, then the nudge. */
    startRelay(): void {
        this.subscription = this.router.subscribe((events) => this.relay(events));
    }

    async relay(events: readonly RouterEventRecord[]): Promise<void> {
        // One batched write for the interactions and one for the agents of the whole batch
        // (their current state: a later event of the batch changes nothing more), then the nudges.
        const interactionIds = [
            ...new Set(events.map((e) => e.interactionId).filter((id): id is string => id !== null))
        ];
        const agentIds = [
            ...new Set(
                events.filter((e) => e.type === 'agent_state' || LOAD_CHANGES.has(e.reason)).map((e) => e.userId)
            )
        ];
        if (interactionIds.length > 0) {
            const views = await Promise.all(
                interactionIds.map(async (id) => interactionView(await this.router.getInteraction(id)))
            );
            await this.sync.interactions(views);
        }
        if (agentIds.length > 0) {
            const states = await Promise.all(agentIds.map((id) => this.router.getAgentState(id)));
            await this.sync.agents(
                states.map((a) => ({
                    userId: a.userId,
                    name: a.name,
                    status: a.status,
                    statusReason: a.statusReason,
                    statusChangedAt: a.statusChangedAt,
                    stopNew: a.stopNew,
                    openInteractions: a.openCount
                }))
            );
        }
        for (const e of events) {
            this.metrics?.inc(`sms_router_events_total`, 'Router events relayed, by reason', { reason: e.reason });
            const counter = COUNTERS[e.reason];
            if (counter) this.metrics?.inc(counter.name, counter.help);
            await this.sync.nudge(e.userId, NUDGE_TYPE[e.reason] ?? e.type, e.interactionId);
        }
    }

    async stop(): Promise<void> {
        if (this.watcher) clearInterval(this.watcher);
        await this.subscription?.stop();
    }

    // ------------------------------------------------------------------ commands in

    isAgent(userId: string): boolean {
        return this.agents.has(userId);
    }

    async interactionAgent(interactionId: string): Promise<string | null> {
        try {
            return (await this.router.getInteraction(interactionId)).agentId;
        } catch (error) {
            if ((error as { code?: string }).code === 'UNKNOWN_INTERACTION') return null;
            throw error;
        }
    }

    async apply(command: AgentCommand): Promise<CommandOutcome> {
        try {
            switch (command.kind) {
                case 'setStatus':
                    await this.router.setStatus({ actor: command.userId, status: command.status });
                    break;
                case 'stopNew':
                    await this.router.setStopNew({ actor: command.userId, stopNew: command.stopNew });
                    break;
                case 'accept':
                    await this.router.accept({ actor: command.userId, interactionId: command.interactionId });
                    break;
                case 'reject':
                    await this.router.reject({ actor: command.userId, interactionId: command.interactionId });
                    break;
                case 'end':
                    await this.router.end({ actor: command.userId, interactionId: command.interactionId });
                    break;
                case 'wrapUp':
                    await this.router.wrapUp({
                        actor: command.userId,
                        interactionId: command.interactionId,
                        disposition: command.disposition
                    });
                    break;
                case 'startOutbound': {
                    const channel = this.config.channels.find((c) => c.id === command.channelId);
                    if (!channel) return { ok: false, code: 'UNKNOWN_CHANNEL' };
                    const { interaction } = await this.router.startOutbound({
                        actor: command.userId,
                        channelNumber: channel.phoneNumber,
                        customerNumber: command.customerPhone
                    });
                    // The record exists before its first message refers to it.
                    await this.sync.interaction(interactionView(interaction));
                    return await this.sendAndRecord(
                        command.userId,
                        interaction.id,
                        command.body,
                        `${command.actionRecordId}:first`,
                        null
                    );
                    break;
                }
                case 'send':
                    return await this.sendAndRecord(
                        command.userId,
                        command.interactionId,
                        command.body,
                        command.messageRecordId,
                        command.messageRecordId
                    );
                case 'resend': {
                    const failed = (
                        await this.port.readRecords(
                            OBJECTS.message,
                            [command.failedMessageRecordId],
                            ['Body__c', 'Status__c']
                        )
                    ).get(command.failedMessageRecordId);
                    if (!failed || failed.Status__c !== 'Failed' || typeof failed.Body__c !== 'string')
                        return { ok: false, code: 'INVALID_ACTION' };
                    return await this.sendAndRecord(
                        command.userId,
                        command.interactionId,
                        failed.Body__c,
                        command.messageRecordId,
                        null,
                        command.failedMessageRecordId
                    );
                }
                case 'linkRecord':
                    return { ok: false, code: 'INVALID_ACTION' };
            }
            return { ok: true };
        } catch (error) {
            const code = (error as { code?: unknown }).code;
            if (typeof code === 'string') return { ok: false, code };
            throw error;
        }
    }

    /** Authorize with the router, send through the provider, write the message, tell the router. */
    private async sendAndRecord(
        userId: string,
        interactionId: string,
        body: string,
        idempotencyKey: string,
        messageRecordId: string | null,
        resendOf: string | null = null
    ): Promise<CommandOutcome> {
        if (!this.sender) return { ok: false, code: 'PROVIDER_UNAVAILABLE' };
        const authorization = await this.router.authorizeSend({ actor: userId, interactionId });
        const sent = await this.sender.send({ authorization, body, idempotencyKey });
        if (messageRecordId) {
            await this.sync.message({
                recordId: messageRecordId,
                interactionId,
                status: sent.status,
                segments: sent.segments ?? null,
                encoding: sent.encoding ?? null,
                sentAt: sent.status === 'Sent' ? Date.now() : null
            });
            // The provider id lets delivery callbacks find the record.
            await this.port.writeRecords([
                {
                    object: OBJECTS.message,
                    id: messageRecordId,
                    fields: { Provider_Message_Id__c: sent.providerMessageId }
                }
            ]);
        } else {
            await this.sync.message({
                providerMessageId: sent.providerMessageId,
                interactionId,
                direction: 'Outbound',
                source: 'Agent',
                body,
                status: sent.status,
                segments: sent.segments ?? null,
                encoding: sent.encoding ?? null
            });
            if (resendOf) {
                await this.port.writeRecords([
                    {
                        object: OBJECTS.message,
                        externalIdField: 'Provider_Message_Id__c',
                        externalId: sent.providerMessageId,
                        fields: { Resend_Of__c: resendOf }
                    }
                ]);
            }
        }
        await this.router.agentMessageSent({ actor: userId, interactionId });
        return { ok: true };
    }
}
