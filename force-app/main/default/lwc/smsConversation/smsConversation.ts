import { LightningElement, api } from 'lwc';
import { MessageList } from 'c/smsModel';
import type { InteractionView } from 'c/smsModel';
import { formatPhone } from 'c/smsPhone';
import { formatLabel } from 'c/smsUtils';
import fromChannelLabel from '@salesforce/label/c.SMS_Conversation_From_Channel';
import queueLabel from '@salesforce/label/c.SMS_Conversation_Queue';
import matchesLabel from '@salesforce/label/c.SMS_Conversation_Matches';
import matchesNamedLabel from '@salesforce/label/c.SMS_Conversation_Matches_Named';
import endLabel from '@salesforce/label/c.SMS_Conversation_End';
import endingLabel from '@salesforce/label/c.SMS_Conversation_Ending';
import endAltLabel from '@salesforce/label/c.SMS_Conversation_End_Alt';
import truncatedLabel from '@salesforce/label/c.SMS_Conversation_Truncated';
import optedOutLabel from '@salesforce/label/c.SMS_Conversation_Opted_Out';
import announceLabel from '@salesforce/label/c.SMS_Conversation_Announce';
import postProcessingLabel from '@salesforce/label/c.SMS_Conversation_Post_Processing';

const LABELS = Object.freeze({
    truncated: truncatedLabel,
    optedOut: optedOutLabel,
    postProcessing: postProcessingLabel
});

/** A message the agent sent that the records do not show yet. */
export interface PendingMessage {
    id: string;
    body: string;
}

const NONE: never[] = [];

/**
 * The open conversation (B9, B10, B21; X5, X6): who the customer is, the transcript (c-sms-transcript),
 * End, and a polite live region that announces customer messages arriving while it is open. The
 * customer avatar is a slot (`customer`) that the CRM part fills; until then it shows the
 * matched-records count.
 *
 * @fires end detail { interactionId }
 * @fires resend detail { interactionId, messageId }
 */
export default class SmsConversation extends LightningElement {
    /** The open interaction (header, End). */
    @api interaction: InteractionView | null = null;
    @api endPending = false;
    /** Ids of failed messages whose resend the service has not confirmed yet. */
    @api resendPendingIds: string[] = NONE;
    @api pendingMessages: PendingMessage[] = NONE;
    /** The first matched record's name, when the CRM part has it. */
    @api firstMatchName: string | null = null;

    labels = LABELS;
    announcement = '';
    private current: MessageList = MessageList.EMPTY;
    private seenInbound = new Set<string>();
    private seenFor: string | null = null;

    /** The messages of one interaction, as one value so that they never mix with another's. */
    @api
    get conversation(): MessageList {
        return this.current;
    }
    set conversation(value: MessageList | null | undefined) {
        const next = value instanceof MessageList ? value : MessageList.EMPTY;
        this.announceNewCustomerMessages(next);
        this.current = next;
    }

    /**
     * Announces customer messages that arrive while a conversation is open; the first list of an
     * interaction (opening it) is read, not announced.
     */
    private announceNewCustomerMessages(next: MessageList): void {
        if (this.seenFor !== next.interactionId || next.interactionId === null) {
            this.seenFor = next.interactionId;
            this.seenInbound = new Set(next.messages.filter((m) => m.direction === 'Inbound').map((m) => m.id));
            this.announcement = '';
            return;
        }
        const fresh = next.messages.filter((m) => m.direction === 'Inbound' && !this.seenInbound.has(m.id));
        for (const m of fresh) this.seenInbound.add(m.id);
        if (fresh.length > 0) {
            this.announcement = fresh.map((m) => formatLabel(announceLabel, m.body)).join(' ');
        }
    }

    /** The messages, when they are the open interaction's (never another's while switching). */
    get messageList(): MessageList {
        return this.current.interactionId !== null && this.current.interactionId === this.interaction?.id
            ? this.current
            : MessageList.EMPTY;
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
        const count = this.interaction?.matchCount ?? 0;
        return this.firstMatchName && count > 0
            ? formatLabel(matchesNamedLabel, count, this.firstMatchName)
            : formatLabel(matchesLabel, count);
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

    get canResend(): boolean {
        return this.isActive && !this.optedOut;
    }

    get endText(): string {
        return this.endPending ? endingLabel : endLabel;
    }

    get endTitle(): string {
        return formatLabel(endAltLabel, this.customerNumber);
    }

    handleEnd(): void {
        if (!this.interaction || this.endPending) return;
        this.dispatchEvent(new CustomEvent('end', { detail: { interactionId: this.interaction.id } }));
    }

    handleResend(event: CustomEvent<{ messageId: string }>): void {
        if (!this.interaction) return;
        this.dispatchEvent(
            new CustomEvent('resend', {
                detail: { interactionId: this.interaction.id, messageId: event.detail.messageId }
            })
        );
    }
}
