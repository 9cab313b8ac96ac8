import { LightningElement, api } from 'lwc';
import type { InteractionView } from 'c/smsModel';
import { formatPhone } from 'c/smsPhone';
import { formatDuration, secondsUntil, startTicker } from 'c/smsTime';
import { formatLabel } from 'c/smsUtils';
import titleLabel from '@salesforce/label/c.SMS_OfferCard_Title';
import queueLabel from '@salesforce/label/c.SMS_OfferCard_Queue';
import toNumberLabel from '@salesforce/label/c.SMS_OfferCard_To_Number';
import matchesNoneLabel from '@salesforce/label/c.SMS_OfferCard_Matches_None';
import matchesOneLabel from '@salesforce/label/c.SMS_OfferCard_Matches_One';
import matchesManyLabel from '@salesforce/label/c.SMS_OfferCard_Matches_Many';
import timeLeftLabel from '@salesforce/label/c.SMS_OfferCard_Time_Left';
import expiredLabel from '@salesforce/label/c.SMS_OfferCard_Expired';
import acceptLabel from '@salesforce/label/c.SMS_OfferCard_Accept';
import acceptingLabel from '@salesforce/label/c.SMS_OfferCard_Accepting';
import rejectLabel from '@salesforce/label/c.SMS_OfferCard_Reject';
import rejectingLabel from '@salesforce/label/c.SMS_OfferCard_Rejecting';
import rejectNotAllowedLabel from '@salesforce/label/c.SMS_OfferCard_Reject_Not_Allowed';
import optedOutLabel from '@salesforce/label/c.SMS_OfferCard_Opted_Out';
import acceptAltLabel from '@salesforce/label/c.SMS_OfferCard_Accept_Alt';
import rejectAltLabel from '@salesforce/label/c.SMS_OfferCard_Reject_Alt';

const LABELS = Object.freeze({
    expired: expiredLabel,
    rejectNotAllowed: rejectNotAllowedLabel,
    optedOut: optedOutLabel
});

/**
 * One offered SMS (B3, B4, B5, B20): the customer's number, the queue, the matched-records count
 * and — filled by the CRM part through `firstMatchName` — the first match's name, the time left to
 * accept (a countdown of its own, so several offers each expire on their own), Accept, and Reject
 * (disabled with the reason when the agent lacks the permission).
 *
 * @fires accept detail { interactionId }
 * @fires reject detail { interactionId }
 * @fires expire detail { interactionId } — the countdown reached zero (the service decides what follows)
 */
export default class SmsOfferCard extends LightningElement {
    @api firstMatchName: string | null = null;
    /** The agent holds the SMS_Reject_Offers custom permission. */
    @api canReject = false;
    /** 'accept' or 'reject' while the service has not answered that request. */
    @api pending: string | null = null;

    labels = LABELS;
    now = Date.now();
    private current: InteractionView | null = null;
    private stopTicker: (() => void) | null = null;
    private expiredSent = false;

    @api
    get offer(): InteractionView | null {
        return this.current;
    }
    set offer(value: InteractionView | null) {
        if (value?.offerExpiresAt !== this.current?.offerExpiresAt) this.expiredSent = false;
        this.current = value;
        this.now = Date.now();
    }

    override connectedCallback(): void {
        this.now = Date.now();
        this.stopTicker = startTicker(() => this.tick());
    }

    override disconnectedCallback(): void {
        this.stopTicker?.();
        this.stopTicker = null;
    }

    private tick(): void {
        this.now = Date.now();
        if (this.expired && !this.expiredSent && this.current) {
            this.expiredSent = true;
            this.dispatchEvent(new CustomEvent('expire', { detail: { interactionId: this.current.id } }));
        }
    }

    get secondsLeft(): number | null {
        return secondsUntil(this.current?.offerExpiresAt, this.now);
    }

    get expired(): boolean {
        return this.secondsLeft === 0;
    }

    get customerNumber(): string {
        return formatPhone(this.current?.customerPhone);
    }

    get heading(): string {
        return formatLabel(titleLabel, this.customerNumber);
    }

    get queueText(): string {
        return formatLabel(queueLabel, this.current?.queueName ?? '');
    }

    get channelText(): string {
        const channel = this.current;
        if (!channel || (!channel.channelName && !channel.channelPhone)) return '';
        return formatLabel(toNumberLabel, channel.channelName || formatPhone(channel.channelPhone));
    }

    get matchCount(): number {
        return this.current?.matchCount ?? 0;
    }

    get matchText(): string {
        const count = this.matchCount;
        if (count === 0) return matchesNoneLabel;
        if (count === 1) return formatLabel(matchesOneLabel, this.firstMatchName ?? '').trim();
        return formatLabel(matchesManyLabel, count, this.firstMatchName ?? '').trim();
    }

    get matchBadge(): string {
        return String(this.matchCount);
    }

    get optedOut(): boolean {
        return this.current?.optedOut === true;
    }

    get timeText(): string {
        const left = this.secondsLeft;
        if (left === null) return '';
        if (left === 0) return expiredLabel;
        return formatLabel(timeLeftLabel, formatDuration(left));
    }

    get timerClass(): string {
        const left = this.secondsLeft;
        return left !== null && left <= 10 ? 'sms-offer__timer sms-offer__timer_urgent' : 'sms-offer__timer';
    }

    get acceptText(): string {
        return this.pending === 'accept' ? acceptingLabel : acceptLabel;
    }

    get rejectText(): string {
        return this.pending === 'reject' ? rejectingLabel : rejectLabel;
    }

    get acceptTitle(): string {
        return formatLabel(acceptAltLabel, this.customerNumber);
    }

    get rejectTitle(): string {
        return this.canReject ? formatLabel(rejectAltLabel, this.customerNumber) : rejectNotAllowedLabel;
    }

    get acceptDisabled(): boolean {
        return Boolean(this.pending) || this.expired;
    }

    get rejectDisabled(): boolean {
        return !this.canReject || Boolean(this.pending) || this.expired;
    }

    get showRejectExplanation(): boolean {
        return !this.canReject;
    }

    handleAccept(): void {
        if (!this.current || this.acceptDisabled) return;
        this.dispatchEvent(new CustomEvent('accept', { detail: { interactionId: this.current.id } }));
    }

    handleReject(): void {
        if (!this.current || this.rejectDisabled) return;
        this.dispatchEvent(new CustomEvent('reject', { detail: { interactionId: this.current.id } }));
    }
}
