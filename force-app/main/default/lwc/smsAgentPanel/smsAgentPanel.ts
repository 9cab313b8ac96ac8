import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import type { LdsWireResult, ObjectInfo, PicklistValues } from 'lightning/uiObjectInfoApi';
import { EnclosingUtilityId, open as openUtility, updateUtility } from 'lightning/platformUtilityBarApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import USER_ID from '@salesforce/user/Id';
import HAS_REJECT_PERMISSION from '@salesforce/customPermission/SMS_Reject_Offers';
import INTERACTION_OBJECT from '@salesforce/schema/SMS_Interaction__c';
import DISPOSITION_FIELD from '@salesforce/schema/SMS_Interaction__c.Disposition__c';
import {
    ActionInputError,
    acceptOffer,
    endInteraction,
    inputErrorMessage,
    refusalMessage,
    rejectOffer,
    resendMessage,
    sendMessage,
    setStatus,
    setStopNew,
    startOutbound,
    wrapUp
} from 'c/smsActions';
import type { RequestableStatus } from 'c/smsActions';
import { createAgentEventStream, createCoalescer } from 'c/smsEvents';
import type { AgentEvent, AgentEventStream, Coalescer, ResyncReason, StreamState } from 'c/smsEvents';
import {
    MessageList,
    interactionAlerts,
    interactionTransitions,
    offeredInteractions,
    readConversation,
    readPanelConfig,
    readPanelState,
    workingInteractions
} from 'c/smsModel';
import type {
    AgentView,
    ChannelView,
    ConversationData,
    InteractionView,
    PanelConfigData,
    PanelStateData,
    QuickAnswerView
} from 'c/smsModel';
import { pendingKey, settleWithMessages, settleWithState } from 'c/smsPending';
import type { PendingKind, PendingRequest, SettledRequest } from 'c/smsPending';
import { formatPhone } from 'c/smsPhone';
import { CONVERSATION_QUERY, PANEL_CONFIG_QUERY, PANEL_STATE_QUERY } from 'c/smsQueries';
import { formatLabel, reduceErrors } from 'c/smsUtils';
import titleLabel from '@salesforce/label/c.SMS_AgentPanel_Title';
import loadingLabel from '@salesforce/label/c.SMS_AgentPanel_Loading';
import addInteractionLabel from '@salesforce/label/c.SMS_AgentPanel_Add_Interaction';
import addSmsLabel from '@salesforce/label/c.SMS_AgentPanel_Add_Sms';
import offersLabel from '@salesforce/label/c.SMS_AgentPanel_Offers';
import noSelectionLabel from '@salesforce/label/c.SMS_AgentPanel_No_Selection';
import openCountLabel from '@salesforce/label/c.SMS_AgentPanel_Open_Count';
import optedOutReasonLabel from '@salesforce/label/c.SMS_AgentPanel_Opted_Out_Reason';
import notAgentTitleLabel from '@salesforce/label/c.SMS_AgentPanel_Not_Agent_Title';
import notAgentMessageLabel from '@salesforce/label/c.SMS_AgentPanel_Not_Agent_Message';
import loadErrorTitleLabel from '@salesforce/label/c.SMS_AgentPanel_Load_Error_Title';
import loadErrorMessageLabel from '@salesforce/label/c.SMS_AgentPanel_Load_Error_Message';
import configErrorTitleLabel from '@salesforce/label/c.SMS_AgentPanel_Config_Error_Title';
import conversationErrorTitleLabel from '@salesforce/label/c.SMS_AgentPanel_Conversation_Error_Title';
import dispositionsErrorTitleLabel from '@salesforce/label/c.SMS_AgentPanel_Dispositions_Error_Title';
import streamDownTitleLabel from '@salesforce/label/c.SMS_AgentPanel_Stream_Down_Title';
import streamDownMessageLabel from '@salesforce/label/c.SMS_AgentPanel_Stream_Down_Message';
import streamUnavailableTitleLabel from '@salesforce/label/c.SMS_AgentPanel_Stream_Unavailable_Title';
import streamUnavailableMessageLabel from '@salesforce/label/c.SMS_AgentPanel_Stream_Unavailable_Message';
import streamRetryLabel from '@salesforce/label/c.SMS_AgentPanel_Stream_Retry';
import announceOfferLabel from '@salesforce/label/c.SMS_AgentPanel_Announce_Offer';
import announceMessageLabel from '@salesforce/label/c.SMS_AgentPanel_Announce_Message';
import outboundSentTitleLabel from '@salesforce/label/c.SMS_AgentPanel_Outbound_Sent_Title';
import outboundSentMessageLabel from '@salesforce/label/c.SMS_AgentPanel_Outbound_Sent_Message';
import noAnswerLabel from '@salesforce/label/c.SMS_AgentPanel_No_Answer';
import errorStatusLabel from '@salesforce/label/c.SMS_AgentPanel_Error_Status';
import errorStopNewLabel from '@salesforce/label/c.SMS_AgentPanel_Error_Stop_New';
import errorAcceptLabel from '@salesforce/label/c.SMS_AgentPanel_Error_Accept';
import errorRejectLabel from '@salesforce/label/c.SMS_AgentPanel_Error_Reject';
import errorEndLabel from '@salesforce/label/c.SMS_AgentPanel_Error_End';
import errorWrapUpLabel from '@salesforce/label/c.SMS_AgentPanel_Error_Wrap_Up';
import errorSendLabel from '@salesforce/label/c.SMS_AgentPanel_Error_Send';
import errorResendLabel from '@salesforce/label/c.SMS_AgentPanel_Error_Resend';
import errorOutboundLabel from '@salesforce/label/c.SMS_AgentPanel_Error_Outbound';

const LABELS = Object.freeze({
    title: titleLabel,
    loading: loadingLabel,
    addInteraction: addInteractionLabel,
    addSms: addSmsLabel,
    offers: offersLabel,
    noSelection: noSelectionLabel,
    notAgentTitle: notAgentTitleLabel,
    notAgentMessage: notAgentMessageLabel,
    loadErrorTitle: loadErrorTitleLabel,
    loadErrorMessage: loadErrorMessageLabel,
    configErrorTitle: configErrorTitleLabel,
    conversationErrorTitle: conversationErrorTitleLabel,
    dispositionsErrorTitle: dispositionsErrorTitleLabel,
    streamDownTitle: streamDownTitleLabel,
    streamDownMessage: streamDownMessageLabel,
    streamUnavailableTitle: streamUnavailableTitleLabel,
    streamUnavailableMessage: streamUnavailableMessageLabel,
    streamRetry: streamRetryLabel
});

/** Toast titles for a request that failed or that the service refused, by kind. */
const FAILURE_TITLES: Record<PendingKind, string> = {
    status: errorStatusLabel,
    stopNew: errorStopNewLabel,
    accept: errorAcceptLabel,
    reject: errorRejectLabel,
    end: errorEndLabel,
    wrapup: errorWrapUpLabel,
    message: errorSendLabel,
    resend: errorResendLabel,
    outbound: errorOutboundLabel
};

/** While the event stream is down or unavailable, the records are re-read this often. */
export const POLL_INTERVAL_MS = 15000;
/** A request with no answer is re-checked after this long… */
export const PENDING_RECHECK_MS = 20000;
/** …and given up (with a warning) after this long. */
export const PENDING_GIVE_UP_MS = 60000;
/** Events arriving within this window cause one refresh. */
export const REFRESH_COALESCE_MS = 150;

type RefreshKey = 'state' | 'config' | 'conversation';

const NONE: never[] = [];

interface PendingViews {
    pending: Record<string, PendingRequest> | null;
    selectedId: string | null;
    resendIds: string[];
    messages: Array<{ id: string; body: string }>;
}

interface ValueEvent<T> {
    detail: T;
}

interface ComposerElement extends HTMLElement {
    clear(): void;
}

/**
 * The SMS panel in the console's utility bar: the container. It owns the data (GraphQL reads of
 * the agent's records with their own access, the disposition picklist), the event subscription
 * (through c/smsEvents), every request (through c/smsActions) and what is pending; the children
 * only show what it passes and report what the agent does.
 *
 * Seams for the CRM part: `interactionaccepted` and `interactionterminated` events (and the
 * methods that fire them), `setFirstMatchName`, the conversation's `customer` slot, and the
 * admin's `popOnAccept` / `newCustomerObject` properties.
 */
export default class SmsAgentPanel extends LightningElement {
    /** Admin setting: pop the customer's record when an SMS is accepted (default on). */
    @api popOnAccept?: boolean;
    /** Admin setting: the object a new customer gets (Case by default). */
    @api newCustomerObject?: string;
    /** Admin setting: open the utility panel when an offer arrives (default on). */
    @api openOnOffer?: boolean;

    labels = LABELS;
    userId: string = USER_ID;
    canReject = HAS_REJECT_PERMISSION === true;

    // Records, as the service last wrote them.
    agent: AgentView | null = null;
    interactions: InteractionView[] = [];
    channels: ChannelView[] = [];
    quickAnswers: QuickAnswerView[] = [];
    conversation: MessageList = MessageList.EMPTY;
    dispositionOptions: Array<{ label: string; value: string }> = [];
    recordTypeId: string | undefined;
    stateLoaded = false;

    // Problems, as labels with details.
    stateErrors: string[] = [];
    configErrors: string[] = [];
    conversationErrors: string[] = [];
    dispositionErrors: string[] = [];
    streamState: StreamState = 'stopped';
    streamDetails: string[] = [];
    streamTrouble = false;

    // What the agent is doing here.
    selectedId: string | null = null;
    showNewSms = false;
    pending: Record<string, PendingRequest> = {};
    announcement = '';
    /** Last_Customer_Message_At__c of each interaction when the agent last had it open. */
    openedAt: Record<string, string | null> = {};
    /** The first matched record's name per interaction; filled by the CRM part. */
    matchNames: Record<string, string> = {};

    private stateResult: GraphQLResult | null = null;
    private configResult: GraphQLResult | null = null;
    private conversationResult: GraphQLResult | null = null;
    private interactionsById: Map<string, InteractionView> | undefined;
    private stream: AgentEventStream | null = null;
    private streamChannel: string | null = null;
    private refresher: Coalescer<RefreshKey> | null = null;
    private pollTimer: ReturnType<typeof setInterval> | null = null;
    private pendingTimers = new Map<string, Array<ReturnType<typeof setTimeout>>>();
    private drafts = new Map<string, string>();
    private connected = false;
    private highlighted = false;

    @wire(EnclosingUtilityId) utilityId: string | undefined;

    @wire(graphql, { query: PANEL_STATE_QUERY, variables: '$stateVariables', operationName: 'smsPanelState' })
    wiredState(result: GraphQLResult): void {
        this.stateResult = result;
        if (result?.errors && result.errors.length > 0) {
            this.stateErrors = reduceErrors(result.errors);
            return;
        }
        if (!result?.data) return;
        this.stateErrors = [];
        this.applyState(result.data as PanelStateData);
    }

    @wire(graphql, {
        query: PANEL_CONFIG_QUERY,
        operationName: 'smsPanelConfig'
    })
    wiredConfig(result: GraphQLResult): void {
        this.configResult = result;
        if (result?.errors && result.errors.length > 0) {
            this.configErrors = reduceErrors(result.errors);
            return;
        }
        if (!result?.data) return;
        this.configErrors = [];
        const config = readPanelConfig(result.data as PanelConfigData);
        this.channels = config.channels;
        this.quickAnswers = config.quickAnswers;
    }

    @wire(graphql, {
        query: '$conversationQuery',
        variables: '$conversationVariables',
        operationName: 'smsConversation'
    })
    wiredConversation(result: GraphQLResult): void {
        this.conversationResult = result;
        if (result?.errors && result.errors.length > 0) {
            this.conversationErrors = reduceErrors(result.errors);
            return;
        }
        if (!result?.data || !this.selectedId) return;
        this.conversationErrors = [];
        const read = readConversation(result.data as ConversationData);
        this.conversation = new MessageList(this.selectedId, read.messages, read.truncated);
        this.settle(settleWithMessages(this.pendingList, read.messages));
    }

    @wire(getObjectInfo, { objectApiName: INTERACTION_OBJECT })
    wiredObjectInfo(result: LdsWireResult<ObjectInfo>): void {
        if (result?.data) this.recordTypeId = result.data.defaultRecordTypeId;
        else if (result?.error) this.dispositionErrors = reduceErrors(result.error);
    }

    @wire(getPicklistValues, { recordTypeId: '$recordTypeId', fieldApiName: DISPOSITION_FIELD })
    wiredDispositions(result: LdsWireResult<PicklistValues>): void {
        if (result?.data) {
            this.dispositionErrors = [];
            this.dispositionOptions = result.data.values.map((v) => ({ label: v.label, value: v.value }));
        } else if (result?.error) {
            this.dispositionErrors = reduceErrors(result.error);
        }
    }

    get stateVariables(): Record<string, string> {
        return { userId: this.userId, userKey: this.userId };
    }

    get conversationQuery(): unknown {
        return this.selectedId ? CONVERSATION_QUERY : undefined;
    }

    get conversationVariables(): Record<string, string> | undefined {
        return this.selectedId ? { interactionId: this.selectedId } : undefined;
    }

    override connectedCallback(): void {
        this.connected = true;
        this.refresher = createCoalescer<RefreshKey>((keys) => this.refresh(keys), REFRESH_COALESCE_MS);
        if (this.agent) this.ensureStream(this.agent.eventChannel);
    }

    override disconnectedCallback(): void {
        this.connected = false;
        const stream = this.stream;
        this.stream = null;
        this.streamChannel = null;
        if (stream) stream.stop().catch(() => undefined);
        this.refresher?.cancel();
        this.refresher = null;
        this.stopPolling();
        for (const timers of this.pendingTimers.values()) timers.forEach((t) => clearTimeout(t));
        this.pendingTimers.clear();
    }

    // -----------------------------------------------------------------------------------------
    // Records

    private applyState(data: PanelStateData): void {
        const state = readPanelState(data);
        const previous = this.interactionsById;
        const knownBefore = new Set(previous ? previous.keys() : []);
        const transitions = interactionTransitions(previous, state.interactions);
        this.agent = state.agent;
        this.interactions = state.interactions;
        this.interactionsById = new Map(state.interactions.map((i) => [i.id, i]));
        this.stateLoaded = true;

        this.settle(settleWithState(this.pendingList, state.agent, state.interactions, state.actions, knownBefore));

        for (const accepted of transitions.accepted) {
            // The agent accepted it (or started it): open it to reply.
            this.select(accepted.id);
            this.handleInteractionAccepted(accepted);
        }
        for (const terminated of transitions.terminated) this.handleInteractionTerminated(terminated);
        if (transitions.removed.length > 0) this.forget(transitions.removed);
        this.keepSelection();
        this.announce(transitions.newOffers, previous);
        this.updateUtilityHighlight(transitions.newOffers.length > 0);

        if (state.agent && this.connected) this.ensureStream(state.agent.eventChannel);
    }

    /** Drops what the panel kept about interactions that are no longer open (a shift is long). */
    private forget(ids: string[]): void {
        const openedAt = { ...this.openedAt };
        const matchNames = { ...this.matchNames };
        for (const id of ids) {
            delete openedAt[id];
            delete matchNames[id];
            this.drafts.delete(id);
        }
        this.openedAt = openedAt;
        this.matchNames = matchNames;
    }

    private keepSelection(): void {
        const working = workingInteractions(this.interactions);
        if (this.selectedId && working.some((i) => i.id === this.selectedId)) {
            const open = this.interactionsById?.get(this.selectedId);
            if (open) this.openedAt = { ...this.openedAt, [open.id]: open.lastCustomerMessageAt };
            return;
        }
        this.select(working.length > 0 ? working[0].id : null);
    }

    private select(interactionId: string | null): void {
        if (interactionId !== this.selectedId) {
            this.selectedId = interactionId;
            this.conversationErrors = [];
        }
        if (interactionId) {
            const interaction = this.interactionsById?.get(interactionId);
            this.openedAt = { ...this.openedAt, [interactionId]: interaction?.lastCustomerMessageAt ?? null };
        }
    }

    private announce(newOffers: InteractionView[], previous: Map<string, InteractionView> | undefined): void {
        const sentences = newOffers.map((offer) => formatLabel(announceOfferLabel, formatPhone(offer.customerPhone)));
        if (previous) {
            for (const interaction of this.interactions) {
                const before = previous.get(interaction.id);
                if (before && interaction.id !== this.selectedId && interaction.unreadCount > before.unreadCount) {
                    sentences.push(formatLabel(announceMessageLabel, formatPhone(interaction.customerPhone)));
                }
            }
        }
        if (sentences.length > 0) this.announcement = sentences.join(' ');
    }

    private updateUtilityHighlight(newOffer: boolean): void {
        const utilityId = this.utilityId;
        if (!utilityId) return;
        const hasOffers = offeredInteractions(this.interactions).length > 0;
        if (newOffer && this.openOnOffer !== false) {
            openUtility(utilityId, { autoFocus: false }).catch(() => undefined);
        }
        if (hasOffers !== this.highlighted) {
            this.highlighted = hasOffers;
            updateUtility(utilityId, { highlighted: hasOffers }).catch(() => undefined);
        }
    }

    /** Seam for the CRM part (screen pop): an offer was accepted, or an outbound SMS opened. */
    handleInteractionAccepted(interaction: InteractionView): void {
        this.dispatchEvent(
            new CustomEvent('interactionaccepted', {
                detail: {
                    interactionId: interaction.id,
                    direction: interaction.direction,
                    customerPhone: interaction.customerPhone,
                    matchedRecordIds: interaction.matchedRecordIds,
                    matchCount: interaction.matchCount,
                    popOnAccept: this.popOnAccept !== false,
                    newCustomerObject: this.newCustomerObject || 'Case'
                }
            })
        );
    }

    /** Seam for the CRM part (chat log): the interaction ended (post-processing or closed). */
    handleInteractionTerminated(interaction: InteractionView): void {
        this.dispatchEvent(
            new CustomEvent('interactionterminated', {
                detail: { interactionId: interaction.id, status: interaction.status }
            })
        );
    }

    /** For the CRM part: the name of an interaction's first matched record (shown on its offer). */
    setFirstMatchName(interactionId: string, name: string | null): void {
        const next = { ...this.matchNames };
        if (name) next[interactionId] = name;
        else delete next[interactionId];
        this.matchNames = next;
    }

    // -----------------------------------------------------------------------------------------
    // Events and refreshes

    private ensureStream(channel: string): void {
        if (this.stream && this.streamChannel === channel) return;
        const old = this.stream;
        if (old) old.stop().catch(() => undefined);
        this.streamChannel = channel;
        this.stream = createAgentEventStream({
            channel,
            recipientId: this.userId,
            onEvent: (event) => this.handleAgentEvent(event),
            onResync: (reason) => this.handleResync(reason),
            onStateChange: (state, error) => this.handleStreamState(state, error)
        });
        this.stream.start().catch(() => undefined);
    }

    private handleAgentEvent(event: AgentEvent): void {
        const refresher = this.refresher;
        if (!refresher) return;
        refresher.request('state');
        if (event.type === 'message' && (!event.interactionId || event.interactionId === this.selectedId)) {
            refresher.request('conversation');
        }
    }

    private handleResync(_reason: ResyncReason): void {
        this.refresher?.request('state');
        this.refresher?.request('conversation');
        this.refresher?.request('config');
    }

    private handleStreamState(state: StreamState, error?: unknown): void {
        this.streamState = state;
        if (state === 'live') {
            this.streamTrouble = false;
            this.streamDetails = [];
            this.stopPolling();
        } else if (state === 'down' || state === 'unavailable') {
            this.streamTrouble = state === 'down';
            this.streamDetails = error === undefined ? [] : reduceErrors(error);
            this.startPolling();
        }
    }

    private startPolling(): void {
        if (this.pollTimer !== null) return;
        // Without live events the records are re-read on a timer; stopped once the stream is back.
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        this.pollTimer = setInterval(() => {
            this.refresher?.request('state');
            this.refresher?.request('conversation');
        }, POLL_INTERVAL_MS);
    }

    private stopPolling(): void {
        if (this.pollTimer !== null) {
            clearInterval(this.pollTimer);
            this.pollTimer = null;
        }
    }

    private async refresh(keys: Set<RefreshKey>): Promise<void> {
        const jobs: Array<Promise<unknown>> = [];
        const results: Array<[RefreshKey, GraphQLResult | null]> = [
            ['state', this.stateResult],
            ['config', this.configResult],
            ['conversation', this.conversationResult]
        ];
        for (const [key, result] of results) {
            if (keys.has(key) && result?.refresh) jobs.push(result.refresh());
        }
        await Promise.allSettled(jobs);
    }

    handleRetryStream(): void {
        this.stream?.retryNow();
    }

    // -----------------------------------------------------------------------------------------
    // Requests

    private get pendingList(): PendingRequest[] {
        return Object.values(this.pending);
    }

    private setPending(request: PendingRequest): void {
        this.pending = { ...this.pending, [request.key]: request };
    }

    private clearPending(key: string): void {
        if (!(key in this.pending)) return;
        const next = { ...this.pending };
        delete next[key];
        this.pending = next;
        for (const timer of this.pendingTimers.get(key) ?? []) clearTimeout(timer);
        this.pendingTimers.delete(key);
    }

    private armPendingTimers(key: string): void {
        const timers = [
            // The service answers through events; if none came, look at the records again…
            // eslint-disable-next-line @lwc/lwc/no-async-operation
            setTimeout(() => {
                this.refresher?.request('state');
                this.refresher?.request('conversation');
            }, PENDING_RECHECK_MS),
            // …and stop waiting, so that the controls work again.
            // eslint-disable-next-line @lwc/lwc/no-async-operation
            setTimeout(() => this.giveUp(key), PENDING_GIVE_UP_MS)
        ];
        this.pendingTimers.set(key, timers);
    }

    private giveUp(key: string): void {
        const request = this.pending[key];
        if (!request) return;
        this.clearPending(key);
        if (request.kind !== 'message') this.toast(FAILURE_TITLES[request.kind], noAnswerLabel, 'warning');
    }

    /**
     * Creates a request record and keeps it pending until the records show the outcome.
     * Resolves true when the record was created.
     */
    private async request(
        request: Omit<PendingRequest, 'recordId' | 'since'>,
        create: () => Promise<string>
    ): Promise<boolean> {
        if (this.pending[request.key]) return false;
        this.setPending({ ...request, recordId: null, since: Date.now() });
        try {
            const recordId = await create();
            const current = this.pending[request.key];
            if (current) {
                this.setPending({ ...current, recordId });
                this.armPendingTimers(request.key);
            }
            return true;
        } catch (error) {
            this.clearPending(request.key);
            this.reportError(FAILURE_TITLES[request.kind], error);
            return false;
        }
    }

    private settle(settled: SettledRequest[]): void {
        for (const item of settled) {
            const { request, outcome } = item;
            this.clearPending(request.key);
            if (outcome === 'refused') {
                this.toast(FAILURE_TITLES[request.kind], refusalMessage(item.detail), 'error');
                continue;
            }
            if (request.kind === 'outbound') {
                this.showNewSms = false;
                this.toast(
                    outboundSentTitleLabel,
                    formatLabel(outboundSentMessageLabel, formatPhone(request.customerPhone)),
                    'success'
                );
                if (item.interactionId) this.select(item.interactionId);
            }
        }
    }

    /** One path for every failure the agent must hear about: a toast with the label and the details. */
    private reportError(title: string, error: unknown): void {
        const message = error instanceof ActionInputError ? inputErrorMessage(error) : reduceErrors(error).join(' ');
        this.toast(title, message, 'error');
    }

    private toast(title: string, message: string, variant: 'success' | 'error' | 'warning' | 'info'): void {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }

    // -----------------------------------------------------------------------------------------
    // What the children report

    handleStatusChange(event: ValueEvent<{ status: RequestableStatus }>): void {
        const status = event.detail.status;
        this.request({ key: pendingKey('status'), kind: 'status', requestedStatus: status }, () => setStatus(status));
    }

    handleStopNewChange(event: ValueEvent<{ stopNew: boolean }>): void {
        const stopNew = event.detail.stopNew;
        this.request({ key: pendingKey('stopNew'), kind: 'stopNew', stopNew }, () => setStopNew(stopNew));
    }

    handleAccept(event: ValueEvent<{ interactionId: string }>): void {
        const interactionId = event.detail.interactionId;
        this.request({ key: pendingKey('accept', interactionId), kind: 'accept', interactionId }, () =>
            acceptOffer(interactionId)
        );
    }

    handleReject(event: ValueEvent<{ interactionId: string }>): void {
        const interactionId = event.detail.interactionId;
        this.request({ key: pendingKey('reject', interactionId), kind: 'reject', interactionId }, () =>
            rejectOffer(interactionId)
        );
    }

    handleOfferExpired(): void {
        // The service decides what a lapse means (On Break, the SMS to the next agent): read it.
        this.refresher?.request('state');
    }

    handleSelect(event: ValueEvent<{ interactionId: string }>): void {
        this.select(event.detail.interactionId);
    }

    handleEnd(event: ValueEvent<{ interactionId: string }>): void {
        const interactionId = event.detail.interactionId;
        this.request({ key: pendingKey('end', interactionId), kind: 'end', interactionId }, () =>
            endInteraction(interactionId)
        );
    }

    handleWrapUp(event: ValueEvent<{ interactionId: string; disposition: string | null }>): void {
        const { interactionId, disposition } = event.detail;
        this.request({ key: pendingKey('wrapup', interactionId), kind: 'wrapup', interactionId }, () =>
            wrapUp(interactionId, disposition)
        );
    }

    handleResend(event: ValueEvent<{ interactionId: string; messageId: string }>): void {
        const { interactionId, messageId } = event.detail;
        this.request({ key: pendingKey('resend', messageId), kind: 'resend', interactionId, messageId }, () =>
            resendMessage(interactionId, messageId)
        );
    }

    handleDraftChange(event: ValueEvent<{ value: string }>): void {
        if (this.selectedId) this.drafts.set(this.selectedId, event.detail.value);
    }

    async handleSend(event: ValueEvent<{ value: string }>): Promise<void> {
        const interactionId = this.selectedId;
        if (!interactionId) return;
        const body = event.detail.value;
        const sendKey = pendingKey('message', `draft-${interactionId}`);
        if (this.pending[sendKey]) return;
        this.setPending({ key: sendKey, kind: 'message', recordId: null, since: Date.now(), interactionId, body });
        try {
            const recordId = await sendMessage(interactionId, body);
            this.clearPending(sendKey);
            const key = pendingKey('message', recordId);
            this.setPending({ key, kind: 'message', recordId, since: Date.now(), interactionId, body });
            this.armPendingTimers(key);
            this.drafts.set(interactionId, '');
            if (this.selectedId === interactionId) {
                this.template?.querySelector<ComposerElement>('c-sms-composer.sms-panel__composer')?.clear();
            }
        } catch (error) {
            this.clearPending(sendKey);
            this.reportError(FAILURE_TITLES.message, error);
        }
    }

    handleAddInteraction(event: ValueEvent<{ value: string }>): void {
        if (event.detail.value === 'sms') this.showNewSms = true;
    }

    handleNewSmsCancel(): void {
        this.showNewSms = false;
    }

    handleNewSmsSend(event: ValueEvent<{ channelId: string; customerPhone: string; body: string }>): void {
        const { channelId, customerPhone, body } = event.detail;
        this.request({ key: pendingKey('outbound'), kind: 'outbound', channelId, customerPhone, body }, () =>
            startOutbound({ channelId, customerPhone, body })
        );
    }

    // -----------------------------------------------------------------------------------------
    // What the template shows

    get loading(): boolean {
        return !this.stateLoaded && this.stateErrors.length === 0;
    }

    get hasStateErrors(): boolean {
        return this.stateErrors.length > 0;
    }

    get notAgent(): boolean {
        return this.stateLoaded && this.agent === null && !this.hasStateErrors;
    }

    get ready(): boolean {
        return this.stateLoaded && this.agent !== null;
    }

    get showStreamDown(): boolean {
        return this.streamTrouble && this.streamState !== 'live';
    }

    get showStreamUnavailable(): boolean {
        return this.streamState === 'unavailable';
    }

    get hasConfigErrors(): boolean {
        return this.configErrors.length > 0;
    }

    get hasConversationErrors(): boolean {
        return this.conversationErrors.length > 0;
    }

    get hasDispositionErrors(): boolean {
        return this.dispositionErrors.length > 0;
    }

    get agentStatus(): string | null {
        return this.agent?.status ?? null;
    }

    get agentStatusReason(): string | null {
        return this.agent?.statusReason ?? null;
    }

    get agentStopNew(): boolean {
        return this.agent?.stopNew === true;
    }

    get pendingStatus(): string | null {
        return this.pending[pendingKey('status')]?.requestedStatus ?? null;
    }

    get pendingStopNew(): boolean | null {
        const request = this.pending[pendingKey('stopNew')];
        return request ? request.stopNew === true : null;
    }

    get openCountText(): string {
        const open = this.agent?.openInteractions;
        return typeof open === 'number' ? formatLabel(openCountLabel, open) : '';
    }

    get offers(): Array<{
        key: string;
        interaction: InteractionView;
        firstMatchName: string | null;
        pending: string | null;
    }> {
        return offeredInteractions(this.interactions).map((interaction) => ({
            key: interaction.id,
            interaction,
            firstMatchName: this.matchNames[interaction.id] ?? null,
            pending: this.pending[pendingKey('accept', interaction.id)]
                ? 'accept'
                : this.pending[pendingKey('reject', interaction.id)]
                  ? 'reject'
                  : null
        }));
    }

    get hasOffers(): boolean {
        return this.offers.length > 0;
    }

    get listItems(): Array<{
        interaction: InteractionView;
        alerts: ReturnType<typeof interactionAlerts>;
        selected: boolean;
    }> {
        return workingInteractions(this.interactions).map((interaction) => {
            const selected = interaction.id === this.selectedId;
            return {
                interaction,
                selected,
                alerts: interactionAlerts(interaction, {
                    selected,
                    openedAtCustomerMessage: interaction.id in this.openedAt ? this.openedAt[interaction.id] : undefined
                })
            };
        });
    }

    get selectedInteraction(): InteractionView | null {
        return (this.selectedId && this.interactionsById?.get(this.selectedId)) || null;
    }

    get hasSelection(): boolean {
        return this.selectedInteraction !== null && this.selectedInteraction.status !== 'Offered';
    }

    get selectedIsActive(): boolean {
        return this.selectedInteraction?.status === 'Active';
    }

    get selectedIsPostProcessing(): boolean {
        return this.selectedInteraction?.status === 'Post-processing';
    }

    get selectedFirstMatchName(): string | null {
        return (this.selectedId && this.matchNames[this.selectedId]) || null;
    }

    get endPending(): boolean {
        return Boolean(this.selectedId && this.pending[pendingKey('end', this.selectedId)]);
    }

    get wrapUpPending(): boolean {
        return Boolean(this.selectedId && this.pending[pendingKey('wrapup', this.selectedId)]);
    }

    // Arrays handed to the conversation keep their identity while nothing they hold changed, so
    // that an event about another interaction does not re-render the open transcript.
    private pendingViews: PendingViews = { pending: null, selectedId: null, resendIds: NONE, messages: NONE };

    private get pendingForConversation(): PendingViews {
        const memo = this.pendingViews;
        if (memo.pending === this.pending && memo.selectedId === this.selectedId) return memo;
        const list = this.pendingList;
        const resendIds = list
            .filter((p) => p.kind === 'resend' && p.messageId && p.interactionId === this.selectedId)
            .map((p) => p.messageId as string);
        const messages = list
            .filter((p) => p.kind === 'message' && p.recordId && p.interactionId === this.selectedId)
            .map((p) => ({ id: p.recordId as string, body: p.body ?? '' }));
        const same = (a: unknown[], b: unknown[]) => a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
        this.pendingViews = {
            pending: this.pending,
            selectedId: this.selectedId,
            resendIds: same(resendIds, memo.resendIds) ? memo.resendIds : resendIds.length ? resendIds : NONE,
            messages: same(messages, memo.messages) ? memo.messages : messages.length ? messages : NONE
        };
        return this.pendingViews;
    }

    get resendPendingIds(): string[] {
        return this.pendingForConversation.resendIds;
    }

    get pendingMessages(): Array<{ id: string; body: string }> {
        return this.pendingForConversation.messages;
    }

    get sending(): boolean {
        return Boolean(this.selectedId && this.pending[pendingKey('message', `draft-${this.selectedId}`)]);
    }

    get composerValue(): string {
        return (this.selectedId && this.drafts.get(this.selectedId)) || '';
    }

    get composerDisabled(): boolean {
        return this.selectedInteraction?.optedOut === true;
    }

    get composerDisabledReason(): string {
        return this.selectedInteraction?.optedOut ? optedOutReasonLabel : '';
    }

    get outboundPending(): boolean {
        return Boolean(this.pending[pendingKey('outbound')]);
    }
}
