/**
 * The real org: JWT bearer auth, REST through jsforce, and the Pub/Sub API over gRPC — behind
 * the same SalesforcePort as the local org.
 */
import type { Logger } from '../log';
import { soqlInList, soqlString, soslTerm } from './escape';
import { toId18 } from './ids';
import {
    AGENT_ACTION_TOPIC,
    AGENT_EVENT_TOPIC,
    FLOWS,
    OBJECTS,
    REJECT_PERMISSION,
    REQUIRED_FIELDS_OBJECTS
} from './model';
import { checkSchema, type DescribedObject } from './orgCheck';
import { soslPhoneTerm } from './phone';
import { PubSubClient } from './pubsub/client';
import { DurableSubscription, type BackoffOptions } from './pubsub/subscriber';
import { JwtBearerAuth, type JwtConfig } from './rest/jwt';
import { SalesforceRest, type RestOptions } from './rest/restClient';
import type {
    ActionSubscription,
    ActionSubscriptionOptions,
    AgentConfig,
    AgentEvent,
    ConnectorHealth,
    OrgCheckFinding,
    OrgConfiguration,
    PhoneMatch,
    RecordWrite,
    SalesforcePort,
    SObjectFields,
    WriteResult
} from './types';

export interface RealOrgOptions {
    jwt: JwtConfig;
    pubSubEndpoint: string;
    /** Plain-text gRPC, only to a server on this machine (tests). */
    pubSubInsecure?: boolean;
    rest?: RestOptions;
    backoff?: BackoffOptions;
    log: Logger;
}

/** The BusinessHours fields the SMS edge reads (docs/provider.md, "Business hours"). */
const BUSINESS_HOURS_FIELDS = [
    'Name',
    'TimeZoneSidKey',
    ...['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].flatMap((d) => [
        `${d}StartTime`,
        `${d}EndTime`
    ])
];

const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export class RealOrg implements SalesforcePort {
    readonly kind = 'real' as const;
    readonly auth: JwtBearerAuth;
    readonly rest: SalesforceRest;
    readonly pubsub: PubSubClient;
    private userId = '';
    private orgReachable = false;
    private subscription: DurableSubscription | null = null;

    constructor(private readonly options: RealOrgOptions) {
        this.auth = new JwtBearerAuth(options.jwt);
        this.rest = new SalesforceRest(this.auth, options.rest);
        this.pubsub = new PubSubClient({
            endpoint: options.pubSubEndpoint,
            insecure: options.pubSubInsecure,
            auth: this.auth
        });
    }

    get integrationUserId(): string {
        return this.userId;
    }

    async connect(): Promise<void> {
        try {
            const session = await this.auth.getSession();
            this.userId = toId18(session.userId) ?? session.userId;
            this.orgReachable = true;
            this.options.log.info(
                { instanceUrl: session.instanceUrl, organizationId: session.organizationId },
                'connected to the org'
            );
        } catch (error) {
            this.orgReachable = false;
            throw error;
        }
    }

    async close(): Promise<void> {
        await this.subscription?.close();
        this.subscription = null;
        this.pubsub.close();
        this.orgReachable = false;
    }

    health(): ConnectorHealth {
        return {
            org: this.orgReachable && this.auth.current() !== null,
            stream: this.subscription?.connected ?? false
        };
    }

    async publishAgentEvents(events: readonly AgentEvent[]): Promise<void> {
        await this.pubsub.publish(
            AGENT_EVENT_TOPIC,
            events.map((e) => ({
                Recipient_Id__c: e.recipientId,
                Type__c: e.type,
                Interaction_Id__c: e.interactionId,
                Sequence__c: e.sequence
            }))
        );
    }

    async subscribeActions(options: ActionSubscriptionOptions): Promise<ActionSubscription> {
        const subscription = new DurableSubscription(
            this.pubsub,
            AGENT_ACTION_TOPIC,
            options,
            this.auth,
            this.options.log,
            this.options.backoff
        );
        this.subscription = subscription;
        await subscription.start();
        return subscription;
    }

    async writeRecords(writes: readonly RecordWrite[]): Promise<WriteResult[]> {
        return this.rest.write(writes);
    }

    async readRecords(
        object: string,
        ids: readonly string[],
        fields: readonly string[]
    ): Promise<Map<string, SObjectFields>> {
        const out = new Map<string, SObjectFields>();
        const unique = [...new Set(ids.map((id) => toId18(id)).filter((id): id is string => id !== null))];
        const select = ['Id', ...fields.filter((f) => f !== 'Id')].join(', ');
        for (let i = 0; i < unique.length; i += 200) {
            const chunk = unique.slice(i, i + 200);
            const rows = await this.rest.query(`SELECT ${select} FROM ${object} WHERE Id IN ${soqlInList(chunk)}`);
            for (const row of rows) out.set(toId18(String(row.Id)) ?? String(row.Id), row);
        }
        return out;
    }

    async searchPhone(phone: string): Promise<PhoneMatch[]> {
        const term = soslPhoneTerm(phone);
        if (term.length < 7) return [];
        const sosl = `FIND {${soslTerm(term)}} IN PHONE FIELDS RETURNING Contact(Id), Lead(Id WHERE IsConverted = false), Account(Id)`;
        const found = await this.rest.search(sosl);
        return found
            .filter(
                (r): r is { type: PhoneMatch['type']; id: string } =>
                    r.type === 'Contact' || r.type === 'Lead' || r.type === 'Account'
            )
            .map((r) => ({ type: r.type, id: toId18(r.id) ?? r.id }));
    }

    async loadConfiguration(): Promise<OrgConfiguration> {
        const [queues, channels, agents, members] = await Promise.all([
            this.rest.query(
                `SELECT Id, Name, Acceptance_Interval_Seconds__c, Post_Processing_Seconds__c, SLA_Target_Seconds__c, Max_Interactions__c, Disposition_Required__c, Dedicated_Agent__c, Business_Hours_Name__c, After_Hours_Reply__c, Active__c FROM ${OBJECTS.queue}`
            ),
            this.rest.query(
                `SELECT Id, Name, Phone_Number__c, Queue__c, Help_Reply__c, Active__c FROM ${OBJECTS.channel}`
            ),
            this.rest.query(
                `SELECT Id, Name, User__c, Status__c, Stop_New__c, Max_Interactions__c, Event_Channel__c FROM ${OBJECTS.agent}`
            ),
            this.rest.query(`SELECT Queue__c, Agent__c FROM ${OBJECTS.member}`)
        ]);
        const agentById = new Map<string, AgentConfig>();
        for (const a of agents) {
            const userId = toId18(String(a.User__c ?? ''));
            if (!userId) continue;
            agentById.set(toId18(String(a.Id))!, {
                recordId: toId18(String(a.Id))!,
                userId,
                name: String(a.Name ?? ''),
                status: (text(a.Status__c) as AgentConfig['status']) ?? null,
                stopNew: a.Stop_New__c === true,
                maxInteractions: typeof a.Max_Interactions__c === 'number' ? a.Max_Interactions__c : null,
                eventChannel: text(a.Event_Channel__c)
            });
        }
        return {
            queues: queues.map((q) => ({
                id: toId18(String(q.Id))!,
                name: String(q.Name ?? ''),
                acceptanceIntervalSeconds: num(q.Acceptance_Interval_Seconds__c, 30),
                postProcessingSeconds: num(q.Post_Processing_Seconds__c, 120),
                slaTargetSeconds: num(q.SLA_Target_Seconds__c, 300),
                maxInteractions: num(q.Max_Interactions__c, 3),
                dispositionRequired: q.Disposition_Required__c === true,
                dedicatedAgentUserId: q.Dedicated_Agent__c
                    ? (agentById.get(toId18(String(q.Dedicated_Agent__c)) ?? '')?.userId ?? null)
                    : null,
                businessHoursName: text(q.Business_Hours_Name__c),
                afterHoursReply: text(q.After_Hours_Reply__c),
                active: q.Active__c !== false
            })),
            channels: channels.map((c) => ({
                id: toId18(String(c.Id))!,
                name: String(c.Name ?? ''),
                phoneNumber: String(c.Phone_Number__c ?? ''),
                queueId: toId18(String(c.Queue__c ?? '')) ?? '',
                helpReply: text(c.Help_Reply__c),
                active: c.Active__c !== false
            })),
            agents: [...agentById.values()],
            members: members.flatMap((m) => {
                const agent = agentById.get(toId18(String(m.Agent__c ?? '')) ?? '');
                const queueId = toId18(String(m.Queue__c ?? ''));
                return agent && queueId ? [{ queueId, agentUserId: agent.userId }] : [];
            }),
            rejectPermissionUserIds: await this.rejectPermissionHolders(),
            businessHours: await this.rest.query(
                `SELECT ${BUSINESS_HOURS_FIELDS.join(', ')} FROM BusinessHours WHERE IsActive = true`
            )
        };
    }

    /** Users granted SMS_Reject_Offers by any permission set (profiles' own included). */
    private async rejectPermissionHolders(): Promise<string[]> {
        const permission = await this.rest.query(
            `SELECT Id FROM CustomPermission WHERE DeveloperName = ${soqlString(REJECT_PERMISSION)}`
        );
        if (permission.length === 0) return [];
        const grants = await this.rest.query(
            `SELECT ParentId FROM SetupEntityAccess WHERE SetupEntityId = ${soqlString(String(permission[0].Id))}`
        );
        const sets = [...new Set(grants.map((g) => String(g.ParentId)))];
        if (sets.length === 0) return [];
        const holders = new Set<string>();
        for (let i = 0; i < sets.length; i += 200) {
            const rows = await this.rest.query(
                `SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSetId IN ${soqlInList(sets.slice(i, i + 200))}`
            );
            for (const r of rows) holders.add(toId18(String(r.AssigneeId)) ?? String(r.AssigneeId));
        }
        return [...holders];
    }

    async checkSetup(): Promise<OrgCheckFinding[]> {
        const described: DescribedObject[] = [];
        for (const object of REQUIRED_FIELDS_OBJECTS) {
            const fields = await this.rest.describeFields(object);
            if (fields) described.push({ name: object, fields });
        }
        const topicAccess = async (topic: string) => {
            try {
                return await this.pubsub.getTopic(topic, true);
            } catch {
                return null;
            }
        };
        const [publishTopic, subscribeTopic] = await Promise.all([
            topicAccess(AGENT_EVENT_TOPIC),
            topicAccess(AGENT_ACTION_TOPIC)
        ]);
        let activeFlows: string[] = [];
        try {
            const rows = await this.rest.query(
                `SELECT ApiName, IsActive FROM FlowDefinitionView WHERE ApiName IN ${soqlInList([...FLOWS])}`
            );
            activeFlows = rows.filter((r) => r.IsActive === true).map((r) => String(r.ApiName));
        } catch (error) {
            this.options.log.warn({ err: error }, 'could not read the Flows’ state');
        }
        const permission = await this.rest
            .query(`SELECT Id FROM CustomPermission WHERE DeveloperName = ${soqlString(REJECT_PERMISSION)}`)
            .then((r) => r.length > 0)
            .catch(() => undefined);
        return checkSchema(described, {
            canPublish: publishTopic?.can_publish === true,
            canSubscribe: subscribeTopic?.can_subscribe === true,
            activeFlows,
            rejectPermissionExists: permission
        });
    }
}
