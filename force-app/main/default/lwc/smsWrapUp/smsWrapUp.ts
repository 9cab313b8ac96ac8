import { LightningElement, api } from 'lwc';
import type { InteractionView } from 'c/smsModel';
import { formatDuration, secondsUntil, startTicker } from 'c/smsTime';
import { formatLabel } from 'c/smsUtils';
import headingLabel from '@salesforce/label/c.SMS_WrapUp_Heading';
import timeLeftLabel from '@salesforce/label/c.SMS_WrapUp_Time_Left';
import timeUpLabel from '@salesforce/label/c.SMS_WrapUp_Time_Up';
import dispositionLabel from '@salesforce/label/c.SMS_WrapUp_Disposition';
import dispositionPlaceholderLabel from '@salesforce/label/c.SMS_WrapUp_Disposition_Placeholder';
import dispositionRequiredLabel from '@salesforce/label/c.SMS_WrapUp_Disposition_Required';
import wrapUpLabel from '@salesforce/label/c.SMS_WrapUp_Button';
import wrappingUpLabel from '@salesforce/label/c.SMS_WrapUp_Wrapping_Up';
import noDispositionsLabel from '@salesforce/label/c.SMS_WrapUp_No_Dispositions';

const LABELS = Object.freeze({
    heading: headingLabel,
    disposition: dispositionLabel,
    dispositionPlaceholder: dispositionPlaceholderLabel,
    dispositionRequired: dispositionRequiredLabel,
    noDispositions: noDispositionsLabel
});

export interface DispositionOption {
    label: string;
    value: string;
}

/**
 * After End (B10–B12, B28): the post-processing time left (a countdown to the service's
 * Wrap_Up_Deadline__c; at zero the service closes the interaction itself and the agent becomes
 * Available), the disposition picker (values from the picklist through the UI API; required when
 * the queue says so — Wrap up stays disabled until one is chosen), and Wrap up.
 *
 * @fires wrapup detail { interactionId, disposition }
 */
export default class SmsWrapUp extends LightningElement {
    @api dispositionOptions: DispositionOption[] = [];
    @api pending = false;

    labels = LABELS;
    now = Date.now();
    disposition = '';
    private current: InteractionView | null = null;
    private stopTicker: (() => void) | null = null;

    @api
    get interaction(): InteractionView | null {
        return this.current;
    }
    set interaction(value: InteractionView | null) {
        if (value?.id !== this.current?.id) this.disposition = value?.disposition ?? '';
        this.current = value;
        this.now = Date.now();
    }

    override connectedCallback(): void {
        this.now = Date.now();
        this.stopTicker = startTicker(() => {
            this.now = Date.now();
        });
    }

    override disconnectedCallback(): void {
        this.stopTicker?.();
        this.stopTicker = null;
    }

    get secondsLeft(): number | null {
        return secondsUntil(this.current?.wrapUpDeadline, this.now);
    }

    get timeUp(): boolean {
        return this.secondsLeft === 0;
    }

    get timeText(): string {
        const left = this.secondsLeft;
        if (left === null) return '';
        return left === 0 ? timeUpLabel : formatLabel(timeLeftLabel, formatDuration(left));
    }

    get required(): boolean {
        return this.current?.dispositionRequired === true;
    }

    get hasOptions(): boolean {
        return (this.dispositionOptions?.length ?? 0) > 0;
    }

    get missingDisposition(): boolean {
        return this.required && !this.disposition;
    }

    get wrapUpDisabled(): boolean {
        return this.pending || this.timeUp || this.missingDisposition;
    }

    get wrapUpText(): string {
        return this.pending ? wrappingUpLabel : wrapUpLabel;
    }

    handleDispositionChange(event: CustomEvent<{ value: string }>): void {
        this.disposition = event.detail.value ?? '';
    }

    handleWrapUp(): void {
        if (!this.current || this.wrapUpDisabled) return;
        this.dispatchEvent(
            new CustomEvent('wrapup', {
                detail: { interactionId: this.current.id, disposition: this.disposition || null }
            })
        );
    }
}
