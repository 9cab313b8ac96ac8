import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import type { LdsWireResult, ObjectInfo, PicklistValues } from 'lightning/uiObjectInfoApi';
import { EnclosingUtilityId, open as openUtility, updateUtility } from 'lightning/platformUtilityBarApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { NavigationMixin } from 'lightning/navigation';
import { getRecords } from 'lightning/uiRecordApi';
import type { GetRecordsResult } from 'lightning/uiRecordApi';
import { IsConsoleNavigation } from 'lightning/platformWorkspaceApi';
import { MessageContext } from 'lightning/messageService';
import type { MessageContextValue } from 'lightning/messageService';
import USER_ID from '@salesforce/user/Id';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import HAS_REJECT_PERMISSION from '@salesforce/customPermission/SMS_Reject_Offers';
import INTERACTION_OBJECT from '@salesforce/schema/SMS_Interaction__c';
import DISPOSITION_FIELD from '@salesforce/schema/SMS_Interaction__c.Disposition__c';
import {
    ActionInputError,
    acceptOffer,
    createChatLog,
    endInteraction,
    linkRecord,
    inputErrorMessage,
    refusalMessage,
    rejectOffer,
    resendMessage,
    sendMessage,
    setStatus,
    setStopNew,
    startOutbound,
    storeChatLogId,
    updateChatLog,
    wrapUp
} from 'c/smsActions';
import type { RequestableStatus } from 'c/smsActions';
import { buildChatLog, readChatLogMessages } from 'c/smsChatLog';
import type { ChatLogInput } from 'c/smsChatLog';
import {
    EMPTY_LOAD,
    customerIdsOf,
    defaultCustomer,
    describeWriteError,
    hiddenMatchCount,
    idKey,
    interactionUrl,
    matchRequest,
    matchesLoaded,
    newRecordDefaults,
    normaliseNewCustomerObject,
    objectOfId,
    popPlan,
    readMatchRecords,
    recordOf,
    requestKey,
    requestedIds,
    sameId,
    visibleMatches
} from 'c/smsCrm';
import type {
    CustomerChoice,
    CustomerRecord,
    MatchLoad,
    NewCustomerObject,
    RecordsRequest,
    WriteError
} from 'c/smsCrm';
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
    MessageView,
    PanelConfigData,
    PanelStateData,
    QuickAnswerView
} from 'c/smsModel';
import { pendingKey, settleWithMessages, settleWithState } from 'c/smsPending';
import type { PendingKind, PendingRequest, SettledRequest } from 'c/smsPending';
import { formatPhone } from 'c/smsPhone';
import { CHAT_LOG_QUERY, CONVERSATION_QUERY, PANEL_CONFIG_QUERY, PANEL_STATE_QUERY } from 'c/smsQueries';
import { newRecordPage, openPage, recordInTab, recordPage, watchTabs } from 'c/smsWorkspace';
import type { PageReference } from 'c/smsWorkspace';
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
import errorLinkLabel from '@salesforce/label/c.SMS_AgentPanel_Error_Link';
import errorOpenLabel from '@salesforce/label/c.SMS_AgentPanel_Error_Open';
import errorChatLogSubjectLabel from '@salesforce/label/c.SMS_AgentPanel_Error_Chat_Log_Update';
import matchesErrorTitleLabel from '@salesforce/label/c.SMS_AgentPanel_Matches_Error_Title';
import matchesErrorMessageLabel from '@salesforce/label/c.SMS_AgentPanel_Matches_Error_Message';
import chatLogFailedLabel from '@salesforce/label/c.SMS_AgentPanel_Chat_Log_Failed';
import chatLogNotStoredLabel from '@salesforce/label/c.SMS_AgentPanel_Chat_Log_Not_Stored';
import chatLogReadErrorLabel from '@salesforce/label/c.SMS_AgentPanel_Chat_Log_Read_Error';
import chatLogRetryLabel from '@salesforce/label/c.SMS_AgentPanel_Chat_Log_Retry';
import chatLogMissingLabel from '@salesforce/label/c.SMS_AgentPanel_Chat_Log_Missing';
import chatLogMissingMessageLabel from '@salesforce/label/c.SMS_AgentPanel_Chat_Log_Missing_Message';
import chatLogSaveLabel from '@salesforce/label/c.SMS_AgentPanel_Chat_Log_Save';

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
    streamRetry: streamRetryLabel,
    matchesErrorTitle: matchesErrorTitleLabel,
    matchesErrorMessage: matchesErrorMessageLabel
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
    outbound: errorOutboundLabel,
    link: errorLinkLabel
};

/** While the event stream is down or unavailable, the records are re-read this often. */
export const POLL_INTERVAL_MS = 15000;
/** A request with no answer is re-checked after this long… */
export const PENDING_RECHECK_MS = 20000;
/** …and given up (with a warning) after this long. */
export const PENDING_GIVE_UP_MS = 60000;
/**
 * Events arriving within this window cause one refresh. The service already sends one event per
 * burst; this only folds events of the same moment, so it stays short (it is on every update's path).
 */
export const REFRESH_COALESCE_MS = 40;

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

interface FocusableElement extends HTMLElement {
    focus(): void;
}

/** The chat log of one conversation, from its end until the Task is saved and linked (B13, X3). */
interface ChatLogJob {
    interactionId: string;
    /** The interaction as it ended (it may be gone from the panel's records by the time the log is written). */
    interaction: InteractionView;
    terminatedAt: string;
    /** The customer and case when it ended; the panel's current choice wins while it still knows the interaction. */
    customer: CustomerChoice | null;
    caseId: string | null;
    state: 'waiting' | 'reading' | 'saving' | 'saved' | 'failed';
    failedStep: 'read' | 'create' | 'store' | null;
    error: WriteError | null;
    messages: MessageView[] | null;
    moreMessages: boolean;
    taskId: string | null;
    stored: boolean;
    dispositionLabel: string | null;
}

type Navigable = Record<symbol, (pageReference: PageReference) => void>;

/** A write error for a toast: the words, then the platform's reasons they do not already hold. */
function writeErrorText(problem: WriteError): string {
    return [problem.message, ...problem.details.filter((detail) => !problem.message.includes(detail))].join(' ');
}

interface ChatLogNotice {
    key: string;
    interactionId: string;
    variant: 'error' | 'warning' | 'info';
    heading: string;
    message: string;
    details: string[];
    actionLabel: string;
}

/**
 * The SMS panel in the console's utility bar: the container. It owns the data (GraphQL reads of
 * the agent's records with their own access, the disposition picklist), the event subscription
 * (through c/smsEvents), every request (through c/smsActions) and what is pending; the children
 * only show what it passes and report what the agent does.
 *
 * The CRM part (docs/crm.md) hangs off the same seams: matching records read with getRecords,
 * the pop on accept through the console's workspace API (or navigation outside a console), the
 * customer avatar and match picker, links through Link Record actions, and the chat-log Task
 * written when an interaction ends. `interactionaccepted` and `interactionterminated` are still
 * fired for anyone listening.
 */
export default class SmsAgentPanel extends NavigationMixin(LightningElement) {
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

    // The CRM part: matching records the agent may open, choices, the picker, chat logs.
    matchLoad: MatchLoad = EMPTY_LOAD;
    matchErrors: string[] = [];
    /** The customer record the agent picked (or created) per interaction, until it is closed. */
    picks: Record<string, string> = {};
    /** The case created for an interaction from the tab the panel opened. */
    cases: Record<string, string> = {};
    /** The interaction whose match picker is open. */
    pickerFor: string | null = null;
    chatLogs: Record<string, ChatLogJob> = {};
    /** The interaction whose messages the chat-log read is fetching. */
    chatLogReadId: string | null = null;

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
    private readonly matchMemo: { key: string; request: RecordsRequest[] | undefined } = {
        key: '',
        request: undefined
    };
    /** Accepted interactions whose pop waits for their matching records. */
    private awaitingPop = new Set<string>();
    /** Record-create tabs the panel opened: tab Id → the interaction and the object. */
    private newRecordTabs = new Map<string, { interactionId: string; objectApiName: NewCustomerObject }>();
    private stopWatchingTabs: (() => void) | null = null;
    private chatLogResult: GraphQLResult | null = null;
    private chatLogSyncs = new Map<string, Promise<void>>();
    /** Subject, WhoId and WhatId as last written to each chat log. */
    private chatLogWritten = new Map<string, Record<string, string | null>>();
    /** The disposition asked for in each Wrap Up, for the chat log's subject once it applies. */
    private wrapUpDispositions = new Map<string, string | null>();
    private focusAvatar = false;
    private offerViews = new WeakMap<InteractionView, { load: MatchLoad; view: InteractionView }>();

    @wire(EnclosingUtilityId) utilityId: string | undefined;
    @wire(IsConsoleNavigation) isConsoleNavigation: boolean | undefined;
    @wire(MessageContext) messageContext: MessageContextValue | undefined;

    /** The customer records every open interaction names, read with the agent's own access. */
    @wire(getRecords, { records: '$matchRecords' })
    wiredMatches(result: { data?: GetRecordsResult; error?: unknown }): void {
        if (result?.error) {
            this.matchErrors = reduceErrors(result.error);
            this.afterMatchesChanged();
            return;
        }
        if (!result?.data) return;
        this.matchErrors = [];
        this.matchLoad = readMatchRecords(result.data, requestedIds(this.matchMemo.request));
        this.afterMatchesChanged();
    }

    @wire(graphql, { query: '$chatLogQuery', variables: '$chatLogVariables', operationName: 'smsChatLog' })
    wiredChatLog(result: GraphQLResult): void {
        this.chatLogResult = result;
        this.receiveChatLogMessages(result);
    }

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

    /** getRecords' `records`: the same array while the Ids stay the same. */
    get matchRecords(): RecordsRequest[] | undefined {
        const ids = this.interactions.flatMap((i) => customerIdsOf(i, [this.picks[i.id]]));
        const request = matchRequest(ids);
        const key = requestKey(request);
        if (key !== this.matchMemo.key) {
            this.matchMemo.key = key;
            this.matchMemo.request = request;
        }
        return this.matchMemo.request;
    }

    get chatLogQuery(): unknown {
        return this.chatLogReadId ? CHAT_LOG_QUERY : undefined;
    }

    get chatLogVariables(): Record<string, string> | undefined {
        return this.chatLogReadId ? { interactionId: this.chatLogReadId } : undefined;
    }

    override connectedCallback(): void {
        this.connected = true;
        this.refresher = createCoalescer<RefreshKey>((keys) => this.refresh(keys), REFRESH_COALESCE_MS);
        if (this.agent) this.ensureStream(this.agent.eventChannel);
        this.stopWatchingTabs = watchTabs(this.messageContext, {
            replaced: (tabId) => {
                this.handleTabReplaced(tabId);
            },
            closed: (tabId) => {
                this.newRecordTabs.delete(tabId);
            }
        });
    }

    override renderedCallback(): void {
        if (this.focusAvatar) {
            this.focusAvatar = false;
            this.template?.querySelector<FocusableElement>('c-sms-customer-avatar')?.focus();
        }
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
        this.stopWatchingTabs?.();
        this.stopWatchingTabs = null;
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
        this.refreshMatchNames();
        this.announce(transitions.newOffers, previous);
        this.updateUtilityHighlight(transitions.newOffers.length > 0);

        if (state.agent && this.connected) this.ensureStream(state.agent.eventChannel);
    }

    /** Drops what the panel kept about interactions that are no longer open (a shift is long). */
    private forget(ids: string[]): void {
        const openedAt = { ...this.openedAt };
        const matchNames = { ...this.matchNames };
        const picks = { ...this.picks };
        const cases = { ...this.cases };
        const chatLogs = { ...this.chatLogs };
        for (const id of ids) {
            delete openedAt[id];
            delete matchNames[id];
            this.drafts.delete(id);
            this.awaitingPop.delete(id);
            this.wrapUpDispositions.delete(id);
            // A chat log not saved yet keeps what it needs (and its Try again) after the interaction closes.
            const job = chatLogs[id];
            if (job && job.state !== 'saved') continue;
            if (!this.chatLogSyncs.has(id)) this.chatLogWritten.delete(id);
            delete chatLogs[id];
            delete picks[id];
            delete cases[id];
        }
        this.openedAt = openedAt;
        this.matchNames = matchNames;
        this.picks = picks;
        this.cases = cases;
        this.chatLogs = chatLogs;
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
            this.pickerFor = null;
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
        // The pop waits, if need be, for the matching records the agent may open.
        this.awaitingPop.add(interaction.id);
        this.processAcceptedPops();
    }

    /** Seam for the CRM part (chat log): the interaction ended (post-processing or closed). */
    handleInteractionTerminated(interaction: InteractionView): void {
        this.dispatchEvent(
            new CustomEvent('interactionterminated', {
                detail: { interactionId: interaction.id, status: interaction.status }
            })
        );
        this.startChatLog(interaction, new Date().toISOString());
    }

    /** For the CRM part: the name of an interaction's first matched record (shown on its offer). */
    setFirstMatchName(interactionId: string, name: string | null): void {
        const next = { ...this.matchNames };
        if (name) next[interactionId] = name;
        else delete next[interactionId];
        this.matchNames = next;
    }

    // -----------------------------------------------------------------------------------------
    // CRM: matching records, the pop, the customer, links (docs/crm.md)

    private get newCustomerObjectName(): NewCustomerObject {
        return normaliseNewCustomerObject(this.newCustomerObject);
    }

    private get origin(): string {
        return window.location.origin;
    }

    private afterMatchesChanged(): void {
        this.refreshMatchNames();
        this.processAcceptedPops();
    }

    /** The first match's name on each offer, the chosen customer's on each conversation (B4). */
    private refreshMatchNames(): void {
        const names: Record<string, string> = {};
        for (const interaction of this.interactions) {
            const name = this.customerOf(interaction)?.record?.name;
            if (name) names[interaction.id] = name;
        }
        const current = this.matchNames;
        const keys = Object.keys(names);
        const same = keys.length === Object.keys(current).length && keys.every((key) => current[key] === names[key]);
        if (same) return;
        for (const interaction of this.interactions) {
            if (names[interaction.id] !== current[interaction.id]) {
                this.setFirstMatchName(interaction.id, names[interaction.id] ?? null);
            }
        }
    }

    /** The customer of a conversation: the agent's pick, the linked (remembered) record, the first match. */
    private customerOf(interaction: InteractionView): CustomerChoice | null {
        return defaultCustomer(interaction, this.matchLoad, this.picks[interaction.id] ?? null);
    }

    private loaded(interaction: InteractionView): boolean {
        return matchesLoaded(interaction, this.matchLoad, [this.picks[interaction.id] ?? null]);
    }

    /** Pops for accepted interactions whose matching records are known (B7, B8, B15–B17, B29). */
    private processAcceptedPops(): void {
        for (const id of [...this.awaitingPop]) {
            const interaction = this.interactionsById?.get(id);
            if (!interaction) {
                this.awaitingPop.delete(id);
                continue;
            }
            if (this.matchErrors.length > 0) {
                // The records could not be read: nothing pops (the notice says so) rather than a wrong record.
                this.awaitingPop.delete(id);
                continue;
            }
            if (!this.loaded(interaction)) continue;
            this.awaitingPop.delete(id);
            this.pop(interaction);
        }
    }

    private pop(interaction: InteractionView): void {
        const plan = popPlan(interaction, this.matchLoad, this.newCustomerObjectName);
        if (plan.kind === 'record' && plan.link) this.requestLink(interaction.id, plan.recordId);
        if (this.popOnAccept === false) return;
        if (plan.kind === 'record') {
            this.openPageFor(recordPage(plan.recordId, objectOfId(plan.recordId) ?? undefined));
        } else if (plan.kind === 'new') {
            this.openNewRecord(interaction, plan.objectApiName);
        }
    }

    private navigate(pageReference: PageReference): void {
        const self = this as unknown as Navigable;
        self[NavigationMixin.Navigate].call(this, pageReference);
    }

    /** Opens a page in a console tab (or navigates); a failure is a toast. Resolves to the tab Id. */
    private async openPageFor(pageReference: PageReference): Promise<string | null> {
        try {
            return await openPage(pageReference, {
                console: this.isConsoleNavigation === true,
                navigate: (ref) => this.navigate(ref)
            });
        } catch (error) {
            const problem = describeWriteError(error);
            this.toast(errorOpenLabel, writeErrorText(problem), 'error');
            return null;
        }
    }

    /** B8, B15: the new record's standard form, with the number and the conversation's link. */
    private async openNewRecord(interaction: InteractionView, objectApiName: NewCustomerObject): Promise<void> {
        const customer = this.customerOf(interaction);
        const defaults = newRecordDefaults(
            objectApiName,
            interaction,
            interactionUrl(this.origin, interaction.id),
            objectApiName === 'Lead' ? null : customer
        );
        const tabId = await this.openPageFor(newRecordPage(objectApiName, defaults));
        if (tabId) this.newRecordTabs.set(tabId, { interactionId: interaction.id, objectApiName });
    }

    /** A record-create tab the panel opened was saved: link the new record to its conversation. */
    private async handleTabReplaced(tabId: string): Promise<void> {
        const opened = this.newRecordTabs.get(tabId);
        if (!opened) return;
        let recordId: string | null;
        try {
            recordId = await recordInTab(tabId);
        } catch {
            return;
        }
        const object = objectOfId(recordId);
        if (!recordId || object !== opened.objectApiName) return;
        this.newRecordTabs.delete(tabId);
        const { interactionId } = opened;
        if (object === 'Case') this.cases = { ...this.cases, [interactionId]: recordId };
        else this.picks = { ...this.picks, [interactionId]: recordId };
        this.requestLink(interactionId, recordId);
        this.syncChatLog(interactionId);
    }

    /** Asks the service to store the record on the interaction (Link Record; X2 memory is the service's). */
    private requestLink(interactionId: string, recordId: string): void {
        const view = this.interactionsById?.get(interactionId);
        if (!view) return;
        const already = [view.contactId, view.leadId, view.accountId, view.caseId].some((id) => sameId(id, recordId));
        if (already) return;
        this.request(
            {
                key: pendingKey('link', `${interactionId}:${idKey(recordId)}`),
                kind: 'link',
                interactionId,
                linkedRecordId: recordId
            },
            () => linkRecord(interactionId, recordId)
        );
    }

    handleCustomerOpen(): void {
        this.pickerFor = this.selectedId;
    }

    handlePickerClose(): void {
        this.closePicker();
    }

    private closePicker(): void {
        this.pickerFor = null;
        this.focusAvatar = true;
    }

    /** B17: the agent chose the customer: link it, open it, back to the conversation. */
    handlePick(event: ValueEvent<{ recordId: string }>): void {
        const interactionId = this.pickerFor;
        const recordId = event.detail.recordId;
        if (!interactionId || !recordId) return;
        this.picks = { ...this.picks, [interactionId]: recordId };
        this.requestLink(interactionId, recordId);
        this.closePicker();
        this.refreshMatchNames();
        this.syncChatLog(interactionId);
        this.openPageFor(recordPage(recordId, objectOfId(recordId) ?? undefined));
    }

    handlePickerNewRecord(): void {
        const interaction = this.pickerFor ? this.interactionsById?.get(this.pickerFor) : undefined;
        this.closePicker();
        if (interaction) this.openNewRecord(interaction, this.newCustomerObjectName);
    }

    // -----------------------------------------------------------------------------------------
    // CRM: the chat log (B13, B16, B17, B29; X3)

    private setChatLog(id: string, patch: Partial<ChatLogJob>): ChatLogJob | null {
        const job = this.chatLogs[id];
        if (!job) return null;
        const next = { ...job, ...patch };
        this.chatLogs = { ...this.chatLogs, [id]: next };
        return next;
    }

    private startChatLog(interaction: InteractionView, endedAt: string): void {
        if (interaction.chatLogTaskId || this.chatLogs[interaction.id]) return;
        const job: ChatLogJob = {
            interactionId: interaction.id,
            interaction,
            terminatedAt: interaction.terminatedAt ?? endedAt,
            customer: this.customerOf(interaction),
            caseId: this.cases[interaction.id] ?? interaction.caseId,
            state: 'waiting',
            failedStep: null,
            error: null,
            messages: null,
            moreMessages: false,
            taskId: null,
            stored: false,
            dispositionLabel: null
        };
        this.chatLogs = { ...this.chatLogs, [interaction.id]: job };
        this.readNextChatLog();
    }

    /** One transcript is read at a time (the read is one wire). */
    private readNextChatLog(): void {
        if (this.chatLogReadId) return;
        const next = Object.values(this.chatLogs).find((job) => job.state === 'waiting');
        if (!next) return;
        this.setChatLog(next.interactionId, { state: 'reading' });
        this.chatLogReadId = next.interactionId;
    }

    private receiveChatLogMessages(result: GraphQLResult): void {
        const id = this.chatLogReadId;
        const job = id ? this.chatLogs[id] : undefined;
        if (!id || !job || job.state !== 'reading') return;
        if (result?.errors && result.errors.length > 0) {
            this.chatLogReadId = null;
            this.failChatLog(id, 'read', {
                problem: 'other',
                message: chatLogReadErrorLabel,
                details: reduceErrors(result.errors)
            });
            this.readNextChatLog();
            return;
        }
        if (!result?.data) return;
        const read = readChatLogMessages(result.data);
        // An answer still about the previous interaction's messages is not this one's transcript.
        if (read.interactionIds.some((other) => !sameId(other, id))) return;
        this.chatLogReadId = null;
        this.setChatLog(id, { messages: read.messages, moreMessages: read.moreMessages });
        this.saveChatLog(id);
        this.readNextChatLog();
    }

    private failChatLog(id: string, step: 'read' | 'create' | 'store', error: WriteError): void {
        this.setChatLog(id, { state: 'failed', failedStep: step, error });
    }

    /** What the Task says now: the panel's current customer, case and disposition. */
    private chatLogInput(job: ChatLogJob): ChatLogInput {
        const current = this.interactionsById?.get(job.interactionId);
        const customer = (current && this.customerOf(current)) || job.customer;
        const caseId = this.cases[job.interactionId] ?? current?.caseId ?? job.caseId;
        return {
            interaction: current ?? job.interaction,
            messages: job.messages ?? [],
            moreMessages: job.moreMessages,
            customer,
            caseId,
            dispositionLabel: job.dispositionLabel,
            interactionUrl: interactionUrl(this.origin, job.interactionId),
            caseUrl: caseId ? `${this.origin}/lightning/r/Case/${caseId}/view` : null,
            terminatedAt: current?.terminatedAt ?? job.terminatedAt,
            timeZone: TIME_ZONE
        };
    }

    /** Creates the Task, opens it in a new tab, stores its Id on the interaction; resumes where it failed. */
    private async saveChatLog(id: string): Promise<void> {
        let job = this.setChatLog(id, { state: 'saving', failedStep: null, error: null });
        if (!job) return;
        let taskId = job.taskId;
        if (!taskId) {
            const log = buildChatLog(this.chatLogInput(job));
            try {
                taskId = await createChatLog(log.fields);
            } catch (error) {
                this.failChatLog(id, 'create', describeWriteError(error));
                return;
            }
            job = this.setChatLog(id, { taskId });
            this.chatLogWritten.set(id, {
                Subject: log.fields.Subject ?? null,
                WhoId: log.fields.WhoId ?? null,
                WhatId: log.fields.WhatId ?? null
            });
            // B13, B16: the chat log pops in a tab of its own.
            this.openPageFor(recordPage(taskId, 'Task'));
        }
        if (job && !job.stored) {
            try {
                await storeChatLogId(id, taskId);
            } catch (error) {
                this.failChatLog(id, 'store', describeWriteError(error));
                return;
            }
        }
        this.setChatLog(id, { state: 'saved', stored: true });
        this.syncChatLog(id);
    }

    private applyWrapUpToChatLog(interactionId: string): void {
        if (!this.wrapUpDispositions.has(interactionId)) return;
        const value = this.wrapUpDispositions.get(interactionId) ?? null;
        const label = value ? (this.dispositionOptions.find((o) => o.value === value)?.label ?? value) : null;
        if (this.setChatLog(interactionId, { dispositionLabel: label })) this.syncChatLog(interactionId);
    }

    /**
     * Keeps a saved chat log in step with what the agent did afterwards (X2): the disposition in
     * the subject, the customer picked and the case created as Who and What. What the Task should
     * say is decided now (the interaction may close meanwhile); the writes go one at a time.
     */
    private syncChatLog(interactionId: string): void {
        const job = this.chatLogs[interactionId];
        if (!job || job.state !== 'saved' || !job.taskId) return;
        const taskId = job.taskId;
        const fields = buildChatLog(this.chatLogInput(job)).fields;
        const wanted: Record<string, string | null> = {
            Subject: fields.Subject ?? null,
            WhoId: fields.WhoId ?? null,
            WhatId: fields.WhatId ?? null
        };
        const previous = this.chatLogSyncs.get(interactionId) ?? Promise.resolve();
        const next = previous.then(() => this.writeChatLogChanges(interactionId, taskId, wanted));
        this.chatLogSyncs.set(interactionId, next);
        next.finally(() => {
            if (this.chatLogSyncs.get(interactionId) !== next) return;
            this.chatLogSyncs.delete(interactionId);
            if (!this.chatLogs[interactionId]) this.chatLogWritten.delete(interactionId);
        });
    }

    private async writeChatLogChanges(
        interactionId: string,
        taskId: string,
        wanted: Record<string, string | null>
    ): Promise<void> {
        const written = this.chatLogWritten.get(interactionId) ?? {};
        const changes: Record<string, string | null> = {};
        for (const [field, value] of Object.entries(wanted)) {
            if ((written[field] ?? null) !== value) changes[field] = value;
        }
        if (Object.keys(changes).length === 0) return;
        try {
            await updateChatLog(taskId, changes as Record<string, string>);
            this.chatLogWritten.set(interactionId, { ...written, ...changes });
        } catch (error) {
            const problem = describeWriteError(error);
            this.toast(errorChatLogSubjectLabel, writeErrorText(problem), 'warning');
        }
    }

    /** Try again (a failed chat log), or Save chat log (an ended conversation without one). */
    handleChatLogAction(event: Event): void {
        const id = (event.currentTarget as HTMLElement | null)?.dataset.interactionId;
        if (!id) return;
        const job = this.chatLogs[id];
        if (!job) {
            const interaction = this.interactionsById?.get(id);
            if (interaction) this.startChatLog(interaction, new Date().toISOString());
            return;
        }
        if (job.state !== 'failed') return;
        if (job.failedStep === 'read') {
            this.setChatLog(id, { state: 'waiting', failedStep: null, error: null });
            this.readNextChatLog();
            // Read again, not from what the wire last gave.
            if (this.chatLogReadId === id) this.chatLogResult?.refresh?.().catch(() => undefined);
            return;
        }
        this.saveChatLog(id);
    }

    private noticeMemo: {
        chatLogs: Record<string, ChatLogJob> | null;
        interactions: InteractionView[] | null;
        notices: ChatLogNotice[];
    } = { chatLogs: null, interactions: null, notices: [] };

    /** Failed chat logs (with Try again) and ended conversations without one (with Save chat log). */
    get chatLogNotices(): ChatLogNotice[] {
        const memo = this.noticeMemo;
        if (memo.chatLogs !== this.chatLogs || memo.interactions !== this.interactions) {
            this.noticeMemo = {
                chatLogs: this.chatLogs,
                interactions: this.interactions,
                notices: this.computeChatLogNotices()
            };
        }
        return this.noticeMemo.notices;
    }

    private computeChatLogNotices(): ChatLogNotice[] {
        const notices: ChatLogNotice[] = [];
        for (const job of Object.values(this.chatLogs)) {
            if (job.state !== 'failed') continue;
            const number = formatPhone(job.interaction.customerPhone);
            notices.push({
                key: job.interactionId,
                interactionId: job.interactionId,
                variant: job.failedStep === 'store' ? 'warning' : 'error',
                heading: formatLabel(job.failedStep === 'store' ? chatLogNotStoredLabel : chatLogFailedLabel, number),
                message: job.error?.message ?? '',
                details: job.error?.details ?? [],
                actionLabel: chatLogRetryLabel
            });
        }
        // Ended before the panel was (re)loaded, with no chat log: the agent can still save one.
        for (const interaction of this.interactions) {
            if (interaction.status !== 'Post-processing' || interaction.chatLogTaskId) continue;
            if (this.chatLogs[interaction.id]) continue;
            notices.push({
                key: interaction.id,
                interactionId: interaction.id,
                variant: 'info',
                heading: formatLabel(chatLogMissingLabel, formatPhone(interaction.customerPhone)),
                message: chatLogMissingMessageLabel,
                details: [],
                actionLabel: chatLogSaveLabel
            });
        }
        return notices;
    }

    get hasChatLogNotices(): boolean {
        return this.chatLogNotices.length > 0;
    }

    // -----------------------------------------------------------------------------------------
    // CRM: what the template shows

    get hasMatchErrors(): boolean {
        return this.matchErrors.length > 0;
    }

    get pickerOpen(): boolean {
        return this.pickerFor !== null && this.pickerFor === this.selectedId;
    }

    private avatarMemo: {
        interaction: InteractionView | null;
        load: MatchLoad | null;
        picks: Record<string, string> | null;
        failed: boolean;
        view: { count: number; name: string | null; loading: boolean };
    } = { interaction: null, load: null, picks: null, failed: false, view: { count: 0, name: null, loading: false } };

    /** The selected conversation's avatar: the records the agent may open and the customer in use. */
    get customerAvatar(): { count: number; name: string | null; loading: boolean } {
        const interaction = this.selectedInteraction;
        const memo = this.avatarMemo;
        const failed = this.hasMatchErrors;
        if (
            memo.interaction === interaction &&
            memo.load === this.matchLoad &&
            memo.picks === this.picks &&
            memo.failed === failed
        ) {
            return memo.view;
        }
        const view = interaction
            ? {
                  count: visibleMatches(interaction, this.matchLoad).length,
                  name: this.customerOf(interaction)?.record?.name ?? null,
                  loading: !this.loaded(interaction) && !failed
              }
            : { count: 0, name: null, loading: false };
        this.avatarMemo = { interaction, load: this.matchLoad, picks: this.picks, failed, view };
        return view;
    }

    get picker(): {
        customerNumber: string;
        records: CustomerRecord[];
        selectedId: string | null;
        pendingId: string | null;
        hiddenCount: number;
        newRecordObject: NewCustomerObject;
    } | null {
        const interaction = this.pickerOpen ? this.selectedInteraction : null;
        if (!interaction) return null;
        const records = visibleMatches(interaction, this.matchLoad);
        const chosen = this.customerOf(interaction);
        const chosenRecord = chosen ? recordOf(this.matchLoad, chosen.id) : null;
        if (chosenRecord && !records.some((r) => sameId(r.id, chosenRecord.id))) records.unshift(chosenRecord);
        const pending = this.pendingList.find((p) => p.kind === 'link' && p.interactionId === interaction.id);
        return {
            customerNumber: formatPhone(interaction.customerPhone),
            records,
            selectedId: chosen?.id ?? null,
            pendingId: pending?.linkedRecordId ?? null,
            hiddenCount: hiddenMatchCount(interaction, this.matchLoad),
            newRecordObject: this.newCustomerObjectName
        };
    }

    /** An offer shows the number of matches the agent may open once they are known (B14). */
    private offerView(interaction: InteractionView): InteractionView {
        if (!this.loaded(interaction)) return interaction;
        const memo = this.offerViews.get(interaction);
        if (memo && memo.load === this.matchLoad) return memo.view;
        const count = visibleMatches(interaction, this.matchLoad).length;
        const view = count === interaction.matchCount ? interaction : { ...interaction, matchCount: count };
        this.offerViews.set(interaction, { load: this.matchLoad, view });
        return view;
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
            if (request.kind === 'wrapup' && request.interactionId) {
                this.applyWrapUpToChatLog(request.interactionId);
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
        this.wrapUpDispositions.set(interactionId, disposition);
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
            interaction: this.offerView(interaction),
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
