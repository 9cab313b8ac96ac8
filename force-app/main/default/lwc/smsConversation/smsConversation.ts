import { LightningElement, api } from 'lwc';
import type { InteractionView, MessageView } from 'c/smsModel';
import { formatPhone } from 'c/smsPhone';
import { formatLabel } from 'c/smsUtils';
import transcriptLabel from '@salesforce/label/c.SMS_Conversation_Transcript';
import customerLabel from '@salesforce/label/c.SMS_Conversation_Customer';
import youLabel from '@salesforce/label/c.SMS_Conversation_You';
import autoReplyLabel from '@salesforce/label/c.SMS_Conversation_Auto_Reply';
import fromChannelLabel from '@salesforce/label/c.SMS_Conversation_From_Channel';
import queueLabel from '@salesforce/label/c.SMS_Conversation_Queue';
import matchesLabel from '@salesforce/label/c.SMS_Conversation_Matches';
import endLabel from '@salesforce/label/c.SMS_Conversation_End';
import endingLabel from '@salesforce/label/c.SMS_Conversation_Ending';
import endAltLabel from '@salesforce/label/c.SMS_Conversation_End_Alt';
import emptyLabel from '@salesforce/label/c.SMS_Conversation_Empty';
import truncatedLabel from '@salesforce/label/c.SMS_Conversation_Truncated';
import optedOutLabel from '@salesforce/label/c.SMS_Conversation_Opted_Out';
import statusReceivedLabel from '@salesforce/label/c.SMS_Conversation_Status_Received';
import statusQueuedLabel from '@salesforce/label/c.SMS_Conversation_Status_Queued';
import statusSentLabel from '@salesforce/label/c.SMS_Conversation_Status_Sent';
import statusDeliveredLabel from '@salesforce/label/c.SMS_Conversation_Status_Delivered';
import statusFailedLabel from '@salesforce/label/c.SMS_Conversation_Status_Failed';
import statusSendingLabel from '@salesforce/label/c.SMS_Conversation_Status_Sending';
import failedReasonLabel from '@salesforce/label/c.SMS_Conversation_Failed_Reason';
import failedUnknownLabel from '@salesforce/label/c.SMS_Conversation_Failed_Unknown';
import resendLabel from '@salesforce/label/c.SMS_Conversation_Resend';
import resendingLabel from '@salesforce/label/c.SMS_Conversation_Resending';
import resendAltLabel from '@salesforce/label/c.SMS_Conversation_Resend_Alt';
import announceLabel from '@salesforce/label/c.SMS_Conversation_Announce';
import postProcessingLabel from '@salesforce/label/c.SMS_Conversation_Post_Processing';

const LABELS = Object.freeze({
    transcript: transcriptLabel,
    empty: emptyLabel,
    truncated: truncatedLabel,
    optedOut: optedOutLabel,
    postProcessing: postProcessingLabel
});

const STATUS_LABELS: Record<string, string> = {
    Received: statusReceivedLabel,
    Queued: statusQueuedLabel,
    Sent: statusSentLabel,
    Delivered: statusDeliveredLabel,
    Failed: statusFailedLabel
};

/** A message the agent sent that the records do not show yet. */
export interface PendingMessage {
    id: string;
    body: string;
}

/** The messages the container read for one interaction. */
export interface ConversationInput {
    interactionId: string | null;
    messages: MessageView[];
    truncated: boolean;
}

const EMPTY: ConversationInput = Object.freeze({
    interactionId: null,
    messages: [],
    truncated: false
}) as ConversationInput;

interface Row {
    key: string;
    id: string;
    itemClass: string;
    bubbleClass: string;
    sender: string;
    body: string;
    time: string | null;
    statusText: string;
    statusClass: string;
    failed: boolean;
    failureText: string;
    canResend: boolean;
    resendText: string;
    resendTitle: string;
    resendDisabled: boolean;
}

/**
 * The open conversation (B9, B10, B21; X6): who the customer is, the transcript with each
 * message's direction, time and delivery status (a failed one flagged with its error and a Resend
 * action), and End. New customer messages are announced in a polite live region. The customer
 * avatar is a slot (`customer`) the CRM part fills; until then it shows the matched-records count.
 *
 * @fires end detail { interactionId }
 * @fires resend detail { interactionId, messageId }
 */
export default class SmsConversation extends LightningElement {
    @api endPending = false;
    /** Ids of failed messages whose resend the service has not confirmed yet. */
    @api resendPendingIds: string[] = [];
    @api pendingMessages: PendingMessage[] = [];
    @api firstMatchName: string | null = null;

    labels = LABELS;
    announcement = '';
    /** The open interaction (header, End). */
    @api interaction: InteractionView | null = null;

    private current: ConversationInput = EMPTY;
    private seenInbound = new Set<string>();
    private seenFor: string | null = null;
    private lastRenderedCount = -1;

    /** The messages of one interaction, as one value so that they never mix with another's. */
    @api
    get conversation(): ConversationInput {
        return this.current;
    }
    set conversation(value: ConversationInput | null | undefined) {
        const next = value && Array.isArray(value.messages) ? value : EMPTY;
        this.announceNewCustomerMessages(next);
        this.current = next;
    }

    /**
     * Announces customer messages that arrive while a conversation is open; the first list of an
     * interaction (opening it) is read, not announced.
     */
    private announceNewCustomerMessages(next: ConversationInput): void {
        const inbound = next.messages.filter((m) => m.direction === 'Inbound');
        if (this.seenFor !== next.interactionId || next.interactionId === null) {
            this.seenFor = next.interactionId;
            this.seenInbound = new Set(inbound.map((m) => m.id));
            this.announcement = '';
            return;
        }
        const fresh = inbound.filter((m) => !this.seenInbound.has(m.id));
        for (const m of fresh) this.seenInbound.add(m.id);
        if (fresh.length > 0) {
            this.announcement = fresh.map((m) => formatLabel(announceLabel, m.body)).join(' ');
        }
    }

    private get messageList(): MessageView[] {
        return this.current.interactionId !== null && this.current.interactionId === this.interaction?.id
            ? this.current.messages
            : [];
    }

    get truncated(): boolean {
        return this.current.truncated && this.current.interactionId === this.interaction?.id;
    }

    get hasInteraction(): boolean {
        return this.interaction !== null && this.interaction !== undefined;
    }

    get customerNumber(): string {
        return formatPhone(this.interaction?.customerPhone);
    }

    get channelText(): string {
        const i = this.interaction;
        if (!i) return '';
        const name = i.channelName || formatPhone(i.channelPhone);
        return name ? formatLabel(fromChannelLabel, name) : '';
    }

    get queueText(): string {
        return this.interaction?.queueName ? formatLabel(queueLabel, this.interaction.queueName) : '';
    }

    get matchCount(): string {
        return String(this.interaction?.matchCount ?? 0);
    }

    get matchText(): string {
        return formatLabel(matchesLabel, this.interaction?.matchCount ?? 0);
    }

    get optedOut(): boolean {
        return this.interaction?.optedOut === true;
    }

    get isActive(): boolean {
        return this.interaction?.status === 'Active';
    }

    get isPostProcessing(): boolean {
        return this.interaction?.status === 'Post-processing';
    }

    get endText(): string {
        return this.endPending ? endingLabel : endLabel;
    }

    get endTitle(): string {
        return formatLabel(endAltLabel, this.customerNumber);
    }

    get hasMessages(): boolean {
        return this.messageList.length > 0 || (this.pendingMessages?.length ?? 0) > 0;
    }

    get rows(): Row[] {
        const resending = new Set(this.resendPendingIds ?? []);
        const active = this.isActive && !this.optedOut;
        const rows: Row[] = this.messageList.map((m) => {
            const outbound = m.direction === 'Outbound';
            const failed = outbound && m.status === 'Failed';
            const sender = !outbound ? customerLabel : m.source === 'Auto-reply' ? autoReplyLabel : youLabel;
            const isResending = resending.has(m.id);
            return {
                key: m.id,
                id: m.id,
                itemClass: outbound ? 'sms-msg sms-msg_outbound' : 'sms-msg sms-msg_inbound',
                bubbleClass: failed ? 'sms-msg__bubble sms-msg__bubble_failed' : 'sms-msg__bubble',
                sender,
                body: m.body,
                time: m.createdDate,
                statusText: outbound && m.status ? (STATUS_LABELS[m.status] ?? m.status) : '',
                statusClass: failed ? 'sms-msg__status slds-text-color_error' : 'sms-msg__status',
                failed,
                failureText: failed
                    ? m.errorMessage
                        ? formatLabel(failedReasonLabel, m.errorMessage)
                        : failedUnknownLabel
                    : '',
                canResend: failed && m.source !== 'Auto-reply' && active,
                resendText: isResending ? resendingLabel : resendLabel,
                resendTitle: resendAltLabel,
                resendDisabled: isResending
            };
        });
        for (const pending of this.pendingMessages ?? []) {
            if (this.messageList.some((m) => m.id === pending.id)) continue;
            rows.push({
                key: `pending-${pending.id}`,
                id: pending.id,
                itemClass: 'sms-msg sms-msg_outbound sms-msg_pending',
                bubbleClass: 'sms-msg__bubble',
                sender: youLabel,
                body: pending.body,
                time: null,
                statusText: statusSendingLabel,
                statusClass: 'sms-msg__status',
                failed: false,
                failureText: '',
                canResend: false,
                resendText: resendLabel,
                resendTitle: resendAltLabel,
                resendDisabled: true
            });
        }
        return rows;
    }

    override renderedCallback(): void {
        const count = this.messageList.length + (this.pendingMessages?.length ?? 0);
        if (count !== this.lastRenderedCount) {
            this.lastRenderedCount = count;
            const transcript = this.template?.querySelector<HTMLElement>('.sms-transcript');
            if (transcript) transcript.scrollTop = transcript.scrollHeight;
        }
    }

    handleEnd(): void {
        if (!this.interaction || this.endPending) return;
        this.dispatchEvent(new CustomEvent('end', { detail: { interactionId: this.interaction.id } }));
    }

    handleResend(event: Event): void {
        const messageId = (event.currentTarget as HTMLElement).dataset.id;
        if (!this.interaction || !messageId) return;
        this.dispatchEvent(new CustomEvent('resend', { detail: { interactionId: this.interaction.id, messageId } }));
    }
}
