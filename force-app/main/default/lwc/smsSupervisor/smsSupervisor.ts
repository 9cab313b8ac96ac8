import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import LOCALE from '@salesforce/i18n/locale';
import { SUPERVISOR_QUERY } from 'c/smsQueries';
import { formatClock, summarise, withWait } from 'c/smsSupervisorModel';
import type { AgentSummary, QueueSummary, SupervisorData, SupervisorSummary } from 'c/smsSupervisorModel';
import { formatDuration, startTicker } from 'c/smsTime';
import { formatLabel, reduceErrors } from 'c/smsUtils';
import titleLabel from '@salesforce/label/c.SMS_Supervisor_Title';
import refreshLabel from '@salesforce/label/c.SMS_Supervisor_Refresh';
import updatedLabel from '@salesforce/label/c.SMS_Supervisor_Updated';
import loadingLabel from '@salesforce/label/c.SMS_Supervisor_Loading';
import loadErrorTitleLabel from '@salesforce/label/c.SMS_Supervisor_Load_Error_Title';
import loadErrorMessageLabel from '@salesforce/label/c.SMS_Supervisor_Load_Error_Message';
import truncatedLabel from '@salesforce/label/c.SMS_Supervisor_Truncated';
import summaryLabel from '@salesforce/label/c.SMS_Supervisor_Summary';
import breachesNoneLabel from '@salesforce/label/c.SMS_Supervisor_Breaches_None';
import breachesOneLabel from '@salesforce/label/c.SMS_Supervisor_Breaches_One';
import breachesManyLabel from '@salesforce/label/c.SMS_Supervisor_Breaches_Many';
import queuesCaptionLabel from '@salesforce/label/c.SMS_Supervisor_Queues_Caption';
import agentsCaptionLabel from '@salesforce/label/c.SMS_Supervisor_Agents_Caption';
import columnQueueLabel from '@salesforce/label/c.SMS_Supervisor_Column_Queue';
import columnWaitingLabel from '@salesforce/label/c.SMS_Supervisor_Column_Waiting';
import columnOldestWaitLabel from '@salesforce/label/c.SMS_Supervisor_Column_Oldest_Wait';
import columnOfferedLabel from '@salesforce/label/c.SMS_Supervisor_Column_Offered';
import columnActiveLabel from '@salesforce/label/c.SMS_Supervisor_Column_Active';
import columnPostProcessingLabel from '@salesforce/label/c.SMS_Supervisor_Column_Post_Processing';
import columnBreachesLabel from '@salesforce/label/c.SMS_Supervisor_Column_Breaches';
import columnSlaTargetLabel from '@salesforce/label/c.SMS_Supervisor_Column_Sla_Target';
import columnAgentLabel from '@salesforce/label/c.SMS_Supervisor_Column_Agent';
import columnStatusLabel from '@salesforce/label/c.SMS_Supervisor_Column_Status';
import columnLoadLabel from '@salesforce/label/c.SMS_Supervisor_Column_Load';
import columnStopNewLabel from '@salesforce/label/c.SMS_Supervisor_Column_Stop_New';
import inactiveLabel from '@salesforce/label/c.SMS_Supervisor_Inactive';
import overTargetLabel from '@salesforce/label/c.SMS_Supervisor_Over_Target';
import noWaitLabel from '@salesforce/label/c.SMS_Supervisor_No_Wait';
import loadValueLabel from '@salesforce/label/c.SMS_Supervisor_Load_Value';
import loadNoCapacityLabel from '@salesforce/label/c.SMS_Supervisor_Load_No_Capacity';
import stopNewYesLabel from '@salesforce/label/c.SMS_Supervisor_Stop_New_Yes';
import stopNewNoLabel from '@salesforce/label/c.SMS_Supervisor_Stop_New_No';
import noQueuesLabel from '@salesforce/label/c.SMS_Supervisor_No_Queues';
import noAgentsLabel from '@salesforce/label/c.SMS_Supervisor_No_Agents';
import availableLabel from '@salesforce/label/c.SMS_StatusMenu_Available';
import onBreakLabel from '@salesforce/label/c.SMS_StatusMenu_On_Break';
import offlineLabel from '@salesforce/label/c.SMS_StatusMenu_Offline';
import postProcessingLabel from '@salesforce/label/c.SMS_StatusMenu_Post_Processing';
import unknownStatusLabel from '@salesforce/label/c.SMS_StatusMenu_Unknown';

const LABELS = Object.freeze({
    title: titleLabel,
    refresh: refreshLabel,
    loading: loadingLabel,
    loadErrorTitle: loadErrorTitleLabel,
    loadErrorMessage: loadErrorMessageLabel,
    queuesCaption: queuesCaptionLabel,
    agentsCaption: agentsCaptionLabel,
    columnQueue: columnQueueLabel,
    columnWaiting: columnWaitingLabel,
    columnOldestWait: columnOldestWaitLabel,
    columnOffered: columnOfferedLabel,
    columnActive: columnActiveLabel,
    columnPostProcessing: columnPostProcessingLabel,
    columnBreaches: columnBreachesLabel,
    columnSlaTarget: columnSlaTargetLabel,
    columnAgent: columnAgentLabel,
    columnStatus: columnStatusLabel,
    columnLoad: columnLoadLabel,
    columnStopNew: columnStopNewLabel,
    noQueues: noQueuesLabel,
    noAgents: noAgentsLabel
});

/** The agent statuses as the panel's status menu names them. */
const STATUS_LABELS: Record<string, string> = {
    Available: availableLabel,
    'On Break': onBreakLabel,
    Offline: offlineLabel,
    'Post-processing': postProcessingLabel
};

/** Seconds between reads when the page does not say otherwise, and the least it may say. */
export const DEFAULT_REFRESH_SECONDS = 15;
export const MIN_REFRESH_SECONDS = 5;

/** The interval to use for a configured value: the default when unset or not a number, at least the minimum. */
export function refreshIntervalSeconds(value: unknown): number {
    const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return DEFAULT_REFRESH_SECONDS;
    return Math.max(MIN_REFRESH_SECONDS, Math.round(seconds));
}

interface QueueRow {
    id: string;
    name: string;
    waiting: number;
    offered: number;
    activeCount: number;
    postProcessing: number;
    oldestWait: string;
    oldestWaitClass: string;
    breaches: number;
    breachesClass: string;
    slaTarget: string;
}

interface AgentRow {
    id: string;
    name: string;
    status: string;
    load: string;
    loadClass: string;
    stopNew: string;
}

const EMPTY: SupervisorSummary = { queues: [], agents: [], totalBreaches: 0, totalWaiting: 0, truncated: false };

/**
 * The supervisor view (X13): queues (waiting, oldest wait, SLA breaches) and agents (status,
 * load), live. One GraphQL read of queues, open interactions and agents, re-read every
 * `refreshSeconds` while the page is visible and on Refresh; between reads a one-second clock
 * only ages the oldest waits. No platform events: supervisors are not subscribers (see
 * docs/supervisor.md).
 */
export default class SmsSupervisor extends LightningElement {
    labels = LABELS;

    /** Errors of the last read or refresh (reduced to messages). */
    errors: string[] = [];
    /** Read to screen readers only when the number of interactions past SLA changes. */
    announcement = '';
    refreshing = false;
    now = Date.now();
    updatedAt: number | null = null;

    private summary: SupervisorSummary | null = null;
    private result: GraphQLResult | null = null;
    private intervalSeconds = DEFAULT_REFRESH_SECONDS;
    private connected = false;
    private stopPolling: (() => void) | null = null;
    private stopClock: (() => void) | null = null;
    private readonly onVisibilityChange = (): void => this.handleVisibilityChange();

    /** Seconds between reads (default 15, at least 5). */
    @api
    get refreshSeconds(): number {
        return this.intervalSeconds;
    }
    set refreshSeconds(value: number | string | null | undefined) {
        const seconds = refreshIntervalSeconds(value);
        if (seconds === this.intervalSeconds) return;
        this.intervalSeconds = seconds;
        if (this.connected) this.startPolling();
    }

    @wire(graphql, { query: SUPERVISOR_QUERY, operationName: 'smsSupervisor' })
    wiredSupervisor(result: GraphQLResult): void {
        this.result = result ?? null;
        if (result?.errors && result.errors.length > 0) {
            this.errors = reduceErrors(result.errors);
            return;
        }
        if (!result?.data) return;
        this.errors = [];
        this.now = Date.now();
        this.updatedAt = this.now;
        this.receive(summarise(result.data as SupervisorData, this.now));
    }

    override connectedCallback(): void {
        this.connected = true;
        this.startPolling();
        this.stopClock = startTicker(() => this.tick(), 1000);
        document.addEventListener('visibilitychange', this.onVisibilityChange);
    }

    override disconnectedCallback(): void {
        this.connected = false;
        this.stopPolling?.();
        this.stopPolling = null;
        this.stopClock?.();
        this.stopClock = null;
        document.removeEventListener('visibilitychange', this.onVisibilityChange);
    }

    // -----------------------------------------------------------------------------------------
    // What the template shows

    get loading(): boolean {
        return this.summary === null && this.errors.length === 0;
    }

    get loaded(): boolean {
        return this.summary !== null;
    }

    get hasErrors(): boolean {
        return this.errors.length > 0;
    }

    get updatedText(): string {
        return this.updatedAt === null ? '' : formatLabel(updatedLabel, formatClock(this.updatedAt, LOCALE, TIME_ZONE));
    }

    get summaryText(): string {
        const summary = this.summary ?? EMPTY;
        return formatLabel(summaryLabel, summary.totalWaiting, summary.totalBreaches);
    }

    get truncatedText(): string {
        const summary = this.summary;
        if (!summary?.truncated) return '';
        const read = (this.result?.data as SupervisorData | undefined)?.uiapi?.query?.SMS_Interaction__c?.edges?.length;
        return formatLabel(truncatedLabel, read ?? 0);
    }

    get queueRows(): QueueRow[] {
        return (this.summary ?? EMPTY).queues.map((queue) => this.queueRow(withWait(queue, this.now)));
    }

    get hasQueues(): boolean {
        return (this.summary ?? EMPTY).queues.length > 0;
    }

    get agentRows(): AgentRow[] {
        return (this.summary ?? EMPTY).agents.map((agent) => this.agentRow(agent));
    }

    get hasAgents(): boolean {
        return (this.summary ?? EMPTY).agents.length > 0;
    }

    private queueRow(queue: QueueSummary): QueueRow {
        return {
            id: queue.id,
            name: queue.active ? queue.name : formatLabel(inactiveLabel, queue.name),
            waiting: queue.waiting,
            offered: queue.offered,
            activeCount: queue.activeCount,
            postProcessing: queue.postProcessing,
            oldestWait:
                queue.oldestWaitSeconds === null
                    ? noWaitLabel
                    : queue.oldestOverTarget
                      ? formatLabel(overTargetLabel, formatDuration(queue.oldestWaitSeconds))
                      : formatDuration(queue.oldestWaitSeconds),
            oldestWaitClass: queue.oldestOverTarget
                ? 'sms-supervisor__oldest slds-text-color_error'
                : 'sms-supervisor__oldest',
            breaches: queue.slaBreaches,
            breachesClass:
                queue.slaBreaches > 0 ? 'sms-supervisor__breaches slds-text-color_error' : 'sms-supervisor__breaches',
            slaTarget: queue.slaTargetSeconds === null ? '' : formatDuration(queue.slaTargetSeconds)
        };
    }

    private agentRow(agent: AgentSummary): AgentRow {
        return {
            id: agent.id,
            name: agent.name,
            status: (agent.status && STATUS_LABELS[agent.status]) || unknownStatusLabel,
            load:
                agent.capacity === null
                    ? formatLabel(loadNoCapacityLabel, agent.open)
                    : formatLabel(loadValueLabel, agent.open, agent.capacity, agent.loadPercent),
            loadClass: agent.atCapacity ? 'sms-supervisor__load slds-text-color_error' : 'sms-supervisor__load',
            stopNew: agent.stopNew ? stopNewYesLabel : stopNewNoLabel
        };
    }

    // -----------------------------------------------------------------------------------------
    // Reads

    handleRefresh(): void {
        this.refresh().catch(() => undefined);
    }

    /** Re-runs the query (the wire emits the new answer); one read at a time. */
    async refresh(): Promise<void> {
        const refresh = this.result?.refresh;
        if (!refresh || this.refreshing) return;
        this.refreshing = true;
        try {
            await refresh();
            // An unchanged answer may not be emitted again; the figures are as of now all the same.
            if (this.errors.length === 0 && this.summary) this.updatedAt = Date.now();
        } catch (error) {
            this.errors = reduceErrors(error);
        } finally {
            this.refreshing = false;
        }
    }

    private receive(summary: SupervisorSummary): void {
        const before = this.summary?.totalBreaches;
        this.summary = summary;
        if (before !== undefined && before !== summary.totalBreaches) {
            const count = summary.totalBreaches;
            this.announcement =
                count === 0
                    ? breachesNoneLabel
                    : count === 1
                      ? breachesOneLabel
                      : formatLabel(breachesManyLabel, count);
        }
    }

    private startPolling(): void {
        this.stopPolling?.();
        this.stopPolling = startTicker(() => {
            if (!document.hidden) this.refresh().catch(() => undefined);
        }, this.intervalSeconds * 1000);
    }

    private tick(): void {
        if (!document.hidden && this.summary) this.now = Date.now();
    }

    /** Back on a visible page after a read was skipped: read now rather than at the next interval. */
    private handleVisibilityChange(): void {
        if (document.hidden) return;
        this.now = Date.now();
        const due = this.updatedAt === null || this.now - this.updatedAt >= this.intervalSeconds * 1000;
        if (due) this.refresh().catch(() => undefined);
        this.startPolling();
    }
}
