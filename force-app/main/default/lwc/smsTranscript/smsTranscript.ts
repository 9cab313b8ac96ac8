import { LightningElement, api } from 'lwc';
import { MessageList } from 'c/smsModel';
import type { MessageView } from 'c/smsModel';
import { formatLabel } from 'c/smsUtils';
import { errorLabel } from 'c/smsErrors';
import transcriptLabel from '@salesforce/label/c.SMS_Transcript_Label';
import customerLabel from '@salesforce/label/c.SMS_Transcript_Customer';
import youLabel from '@salesforce/label/c.SMS_Transcript_You';
import autoReplyLabel from '@salesforce/label/c.SMS_Transcript_Auto_Reply';
import emptyLabel from '@salesforce/label/c.SMS_Transcript_Empty';
import statusReceivedLabel from '@salesforce/label/c.SMS_Transcript_Status_Received';
import statusQueuedLabel from '@salesforce/label/c.SMS_Transcript_Status_Queued';
import statusSentLabel from '@salesforce/label/c.SMS_Transcript_Status_Sent';
import statusDeliveredLabel from '@salesforce/label/c.SMS_Transcript_Status_Delivered';
import statusFailedLabel from '@salesforce/label/c.SMS_Transcript_Status_Failed';
import statusSendingLabel from '@salesforce/label/c.SMS_Transcript_Status_Sending';
import failedReasonLabel from '@salesforce/label/c.SMS_Transcript_Failed_Reason';
import failedUnknownLabel from '@salesforce/label/c.SMS_Transcript_Failed_Unknown';
import resendLabel from '@salesforce/label/c.SMS_Transcript_Resend';
import resendingLabel from '@salesforce/label/c.SMS_Transcript_Resending';
import resendAltLabel from '@salesforce/label/c.SMS_Transcript_Resend_Alt';
import showEarlierLabel from '@salesforce/label/c.SMS_Transcript_Show_Earlier';

const LABELS = Object.freeze({ transcript: transcriptLabel, empty: emptyLabel });

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
    resendDisabled: boolean;
}

const NONE: never[] = [];

function messageRow(m: MessageView, canResend: boolean, resending: boolean): Row {
    const outbound = m.direction === 'Outbound';
    const failed = outbound && m.status === 'Failed';
    return {
        key: m.id,
        id: m.id,
        itemClass: outbound ? 'sms-msg sms-msg_outbound' : 'sms-msg sms-msg_inbound',
        bubbleClass: failed ? 'sms-msg__bubble sms-msg__bubble_failed' : 'sms-msg__bubble',
        sender: !outbound ? customerLabel : m.source === 'Auto-reply' ? autoReplyLabel : youLabel,
        body: m.body,
        time: m.createdDate,
        statusText: outbound && m.status ? ` · ${STATUS_LABELS[m.status] ?? m.status}` : '',
        statusClass: failed ? 'sms-msg__status slds-text-color_error' : 'sms-msg__status',
        failed,
        // The service's own codes read as labels; a provider's reason as the provider gave it.
        failureText: failed
            ? (errorLabel(m.errorCode) ??
              (m.errorMessage ? formatLabel(failedReasonLabel, m.errorMessage) : failedUnknownLabel))
            : '',
        canResend: failed && canResend && m.source !== 'Auto-reply',
        resendText: resending ? resendingLabel : resendLabel,
        resendDisabled: resending
    };
}

function pendingRow(pending: PendingMessage): Row {
    return {
        key: `pending-${pending.id}`,
        id: pending.id,
        itemClass: 'sms-msg sms-msg_outbound sms-msg_pending',
        bubbleClass: 'sms-msg__bubble',
        sender: youLabel,
        body: pending.body,
        time: null,
        statusText: ` · ${statusSendingLabel}`,
        statusClass: 'sms-msg__status',
        failed: false,
        failureText: '',
        canResend: false,
        resendText: resendLabel,
        resendDisabled: true
    };
}

/**
 * The messages of one conversation, oldest first (X6): the sender, the time and — for the
 * agent's messages — the delivery status; a failed message is flagged with the provider's reason
 * and can be sent again. The latest `pageSize` messages show; "Show earlier messages" (a real
 * button at the top, saying how many there are) adds more, so a long conversation costs no more
 * to update than a short one and nothing is hidden without saying so. A separate component so
 * that changes to the conversation's header (the interaction's counters, which change with every
 * event) do not re-render its messages.
 *
 * @fires resend detail { messageId }
 */
export default class SmsTranscript extends LightningElement {
    /** How many of the latest messages show at first; "Show earlier messages" adds as many again. */
    @api pageSize = 50;
    @api pendingMessages: PendingMessage[] = NONE;
    @api resendPendingIds: string[] = NONE;
    /** Failed messages may be sent again (the interaction is active and the customer has not opted out). */
    @api canResend = false;

    labels = LABELS;
    resendTitle = resendAltLabel;
    /** How many messages show; grows when the agent asks for earlier ones. */
    visibleCount = 0;
    private list: readonly MessageView[] = NONE;
    private lastCount = -1;
    private lastLastId: string | null = null;

    private current: MessageList = MessageList.EMPTY;

    /** The conversation's messages, oldest first. */
    @api
    get messages(): MessageList {
        return this.current;
    }
    set messages(value: MessageList | null | undefined) {
        this.current = value instanceof MessageList ? value : MessageList.EMPTY;
        const next = this.current.messages;
        // Another conversation (the last message shown is not in it): start again from its end.
        const last = this.list[this.list.length - 1];
        if (last && !next.some((m) => m.id === last.id)) this.visibleCount = 0;
        this.list = next;
    }

    private get shownCount(): number {
        return Math.min(this.list.length, Math.max(this.visibleCount, this.pageSize));
    }

    /** Messages left out above the shown ones (they are a click away, never dropped). */
    get earlierCount(): number {
        return this.list.length - this.shownCount;
    }

    get hasEarlier(): boolean {
        return this.earlierCount > 0;
    }

    get showEarlierText(): string {
        return formatLabel(showEarlierLabel, Math.min(this.pageSize, this.earlierCount), this.earlierCount);
    }

    get rows(): Row[] {
        const resending = new Set(this.resendPendingIds ?? NONE);
        const shown = this.list.slice(this.list.length - this.shownCount);
        const rows = shown.map((m) => messageRow(m, this.canResend, resending.has(m.id)));
        const ids = new Set(this.list.map((m) => m.id));
        for (const pending of this.pendingMessages ?? NONE) {
            if (!ids.has(pending.id)) rows.push(pendingRow(pending));
        }
        return rows;
    }

    handleShowEarlier(): void {
        this.visibleCount = this.shownCount + this.pageSize;
    }

    get isEmpty(): boolean {
        return this.list.length === 0 && (this.pendingMessages?.length ?? 0) === 0;
    }

    override renderedCallback(): void {
        // Keep the newest message in view when messages arrive or another conversation opens.
        // (Not when earlier messages were asked for: those appear above, where the agent is reading.)
        const count = this.list.length + (this.pendingMessages?.length ?? 0);
        const lastId = this.list[this.list.length - 1]?.id ?? null;
        if (count !== this.lastCount || lastId !== this.lastLastId) {
            this.lastCount = count;
            this.lastLastId = lastId;
            const list = this.template?.querySelector<HTMLElement>('.sms-transcript');
            if (list) list.scrollTop = list.scrollHeight;
        }
    }

    handleResend(event: Event): void {
        const messageId = (event.currentTarget as HTMLElement).dataset.id;
        if (messageId) this.dispatchEvent(new CustomEvent('resend', { detail: { messageId } }));
    }
}
