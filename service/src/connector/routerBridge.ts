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
import type { Interaction } from '../router/types';
import type { ActionHandler, AgentCommand, CommandOutcome } from './actions';
import { toId18 } from './ids';
import { OBJECTS, type AgentEventType, type AgentStatus } from './model';
import type { InteractionView, RecordSync } from './relay';
import type { OrgConfiguration, SalesforcePort } from './types';

// ------------------------------------------------------------------------ the router's shapes

/** An interaction as the router holds it (the connector reads all but the offer count). */
export type RouterInteraction = Omit<Interaction, 'offerCount'>;

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

/**
 * The SMS edge's send, as the connector needs it (service/src/assembly/sender.ts implements it
 * over service/src/provider). `send` resolves once the message is validated and stored for sending
 * — the provider's answer and the delivery statuses follow on their own and are written to the
 * message record as they come; it throws an error with a `code` when the message is refused
 * (`OPTED_OUT`, `MESSAGE_TOO_LONG`, `EMPTY_MESSAGE`, `INVALID_PHONE`).
 */
export interface OutboundSender {
    send(input: {
        authorization: SendAuthorization;
        body: string;
        /** One message per key, however often asked (the SMS_Message__c or action record Id). */
        idempotencyKey: string;
        /** The agent's own `SMS_Message__c` (the panel inserted it); null: the service creates the record. */
        messageRecordId: string | null;
        /** The failed `SMS_Message__c` this message sends again (Resend). */
        resendOf?: string | null;
    }): Promise<void>;
    /**
     * Checks a first message before an outbound conversation is opened for it (number, text,
     * opt-out), so that a refusal opens nothing. Resolves to the customer's number in E.164.
     */
    check?(input: { channelNumber: string; customerNumber: string; body: string }): Promise<string>;
}

/** What the assembled service adds around the relay (all optional: the connector runs without). */
export interface BridgeHooks {
    /** Facts about an interaction that the router does not keep (the SMS edge's opt-out state). */
    interactionFacts?(interaction: RouterInteraction): Promise<Partial<InteractionView>>;
    /**
     * Writes what must exist before agents hear of these interactions (their customer messages);
     * called with the interactions' records written, inside their lock.
     */
    afterInteractionsWritten?(interactionIds: readonly string[]): Promise<void>;
    /** Serialises record writes per interaction (keys: interaction ids) within this process. */
    lock?<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T>;
    /** Called with each configuration that differs from the last one loaded (the SMS edge follows it). */
    onConfiguration?(config: OrgConfiguration): Promise<void> | void;
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

/**
 * What an agent is waiting for goes at once (docs/event-economy.md): a customer's message, and the
 * answer to the agent's own action. Each happens seconds apart, so each was one event anyway.
 */
const URGENT_REASONS = new Set([
    'customer_message',
    'accepted',
    'ended',
    'wrapped_up',
    'status',
    'stop_new',
    'outbound_started'
]);

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
    private orgConfigKey = '';
    private watcher: NodeJS.Timeout | null = null;
    private subscription: { stop(): Promise<void> } | null = null;

    constructor(
        private readonly router: RouterApi,
        private readonly port: SalesforcePort,
        private readonly sync: RecordSync,
        private readonly sender: OutboundSender | null,
        private readonly log: Logger,
        private readonly metrics?: Metrics,
        private readonly hooks: BridgeHooks = {}
    ) {
        for (const c of Object.values(COUNTERS)) metrics?.declare(c.name, c.help, 'counter');
    }

    /** The configuration last loaded from the org. */
    get configuration(): OrgConfiguration {
        return this.config;
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
        // What the hook's users follow: not the agents' runtime state (the service writes that).
        const orgKey = JSON.stringify({
            ...config,
            agents: config.agents.map((a) => [a.recordId, a.userId, a.name, a.maxInteractions, a.eventChannel])
        });
        if (orgKey !== this.orgConfigKey) {
            await this.hooks.onConfiguration?.(config);
            this.orgConfigKey = orgKey;
        }
        if (key === this.configKey) return false;
        await this.router.configure(snapshot);
        this.configKey = key;
        this.log.info(
            { queues: snapshot.queues.length, agents: snapshot.agents.length, channels: snapshot.channels.length },
            'configuration applied'
        );
        // The agents' records show the router's state from the start (new agents start Offline).
        await this.writeAgents(snapshot.agents.map((a) => a.userId));
        return true;
    }

    private async writeAgents(userIds: readonly string[]): Promise<void> {
        if (userIds.length === 0) return;
        const states = await Promise.all(userIds.map((id) => this.router.getAgentState(id)));
        await this.sync.agents(
            // Name stays the admin's: the service writes only the fields it owns.
            states.map((a) => ({
                userId: a.userId,
                status: a.status,
                statusReason: a.statusReason,
                statusChangedAt: a.statusChangedAt,
                stopNew: a.stopNew,
                openInteractions: a.openCount
            }))
        );
    }

    private lock<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
        return this.hooks.lock ? this.hooks.lock(keys, fn) : fn();
    }

    /**
     * Writes these interactions' records from the router's current state (one batched write), then
     * what must exist before their agents hear of them. Returns the record Ids in input order.
     */
    async syncInteractions(interactionIds: readonly string[]): Promise<string[]> {
        const ids = [...new Set(interactionIds)];
        if (ids.length === 0) return [];
        return this.lock(ids, async () => {
            const views = await Promise.all(
                ids.map(async (id) => {
                    const interaction = await this.router.getInteraction(id);
                    const facts = (await this.hooks.interactionFacts?.(interaction)) ?? {};
                    return { ...interactionView(interaction), ...facts };
                })
            );
            const recordIds = await this.sync.interactions(views);
            await this.hooks.afterInteractionsWritten?.(ids);
            return recordIds;
        });
    }

    /** The interaction's record Id, writing the record first when it has none yet. */
    async interactionRecord(interactionId: string): Promise<string> {
        const known = await this.sync.interactionRecordId(interactionId);
        if (known) return known;
        const [id] = await this.syncInteractions([interactionId]);
        return id;
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
        await this.syncInteractions(interactionIds);
        await this.writeAgents(agentIds);
        // An agent's nudges of one batch go out together: at once (with the last of them) when one
        // of them is urgent, else coalesced.
        const lastOf = new Map<string, number>();
        const urgentFor = new Set<string>();
        events.forEach((e, i) => {
            lastOf.set(e.userId, i);
            if (URGENT_REASONS.has(e.reason)) urgentFor.add(e.userId);
        });
        for (const [i, e] of events.entries()) {
            this.metrics?.inc(`sms_router_events_total`, 'Router events relayed, by reason', { reason: e.reason });
            const counter = COUNTERS[e.reason];
            if (counter) this.metrics?.inc(counter.name, counter.help);
            const urgent = urgentFor.has(e.userId) && lastOf.get(e.userId) === i;
            await this.sync.nudge(e.userId, NUDGE_TYPE[e.reason] ?? e.type, e.interactionId, urgent);
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
                    if (!this.sender) return { ok: false, code: 'PROVIDER_UNAVAILABLE' };
                    // A first message that would be refused opens no conversation.
                    const customerNumber = this.sender.check
                        ? await this.sender.check({
                              channelNumber: channel.phoneNumber,
                              customerNumber: command.customerPhone,
                              body: command.body
                          })
                        : command.customerPhone;
                    const { interaction } = await this.router.startOutbound({
                        actor: command.userId,
                        channelNumber: channel.phoneNumber,
                        customerNumber
                    });
                    // The record exists before its first message refers to it.
                    const [interactionRecordId] = await this.syncInteractions([interaction.id]);
                    const sent = await this.sendAndRecord(
                        command.userId,
                        interaction.id,
                        command.body,
                        `${command.actionRecordId}:first`,
                        null
                    );
                    return sent.ok ? { ok: true, interactionRecordId } : sent;
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
                            ['Body__c', 'Status__c', 'Direction__c', 'Interaction__c']
                        )
                    ).get(command.failedMessageRecordId);
                    if (!failed || failed.Direction__c !== 'Outbound' || typeof failed.Body__c !== 'string')
                        return { ok: false, code: 'INVALID_ACTION' };
                    if (failed.Status__c !== 'Failed') return { ok: false, code: 'NOT_RESENDABLE' };
                    const holder = await this.sync.interactionRecordId(command.interactionId);
                    if (!holder || toId18(String(failed.Interaction__c ?? '')) !== holder)
                        return { ok: false, code: 'INVALID_ACTION' };
                    // The action's record Id is the new message's key: a redelivered Resend sends once.
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

    /**
     * Authorize with the router (the agent holds the interaction; it is Active), hand the message
     * to the SMS edge (which writes its record and follows its statuses), then tell the router the
     * agent replied.
     */
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
        await this.sender.send({ authorization, body, idempotencyKey, messageRecordId, resendOf });
        await this.router.agentMessageSent({ actor: userId, interactionId });
        return { ok: true };
    }
}
