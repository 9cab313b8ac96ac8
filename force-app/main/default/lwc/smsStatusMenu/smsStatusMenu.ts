import { LightningElement, api } from 'lwc';
import { formatLabel } from 'c/smsUtils';
import menuLabel from '@salesforce/label/c.SMS_StatusMenu_Menu';
import availableLabel from '@salesforce/label/c.SMS_StatusMenu_Available';
import onBreakLabel from '@salesforce/label/c.SMS_StatusMenu_On_Break';
import offlineLabel from '@salesforce/label/c.SMS_StatusMenu_Offline';
import postProcessingLabel from '@salesforce/label/c.SMS_StatusMenu_Post_Processing';
import unknownLabel from '@salesforce/label/c.SMS_StatusMenu_Unknown';
import currentLabel from '@salesforce/label/c.SMS_StatusMenu_Current';
import pendingLabel from '@salesforce/label/c.SMS_StatusMenu_Pending';
import reasonRejectedLabel from '@salesforce/label/c.SMS_StatusMenu_Reason_Rejected_Offer';
import reasonMissedLabel from '@salesforce/label/c.SMS_StatusMenu_Reason_Missed_Offer';
import reasonSystemLabel from '@salesforce/label/c.SMS_StatusMenu_Reason_System';
import postProcessingHintLabel from '@salesforce/label/c.SMS_StatusMenu_Post_Processing_Hint';
import stopNewLabel from '@salesforce/label/c.SMS_StatusMenu_Stop_New';
import stopNewHelpLabel from '@salesforce/label/c.SMS_StatusMenu_Stop_New_Help';
import stopNewOnLabel from '@salesforce/label/c.SMS_StatusMenu_Stop_New_On';
import stopNewOffLabel from '@salesforce/label/c.SMS_StatusMenu_Stop_New_Off';
import stopNewPendingLabel from '@salesforce/label/c.SMS_StatusMenu_Stop_New_Pending';

const LABELS = Object.freeze({
    menu: menuLabel,
    stopNew: stopNewLabel,
    stopNewHelp: stopNewHelpLabel,
    stopNewOn: stopNewOnLabel,
    stopNewOff: stopNewOffLabel,
    stopNewPending: stopNewPendingLabel
});

const STATUS_LABELS: Record<string, string> = {
    Available: availableLabel,
    'On Break': onBreakLabel,
    Offline: offlineLabel,
    'Post-processing': postProcessingLabel
};

/** What the agent may ask for; Post-processing is the service's own state, never chosen. */
const REQUESTABLE = ['Available', 'On Break', 'Offline'] as const;

const STATUS_DOT: Record<string, string> = {
    Available: 'sms-dot sms-dot_available',
    'On Break': 'sms-dot sms-dot_break',
    Offline: 'sms-dot sms-dot_offline',
    'Post-processing': 'sms-dot sms-dot_post'
};

/**
 * Shows the status the service holds for the agent (including On Break after a rejected or
 * lapsed offer, and Post-processing) and asks for changes. Presentational: the container passes
 * the agent's record values and what is pending; changes leave as events.
 *
 * @fires statuschange detail { status } — the agent picked a status
 * @fires stopnewchange detail { stopNew } — the agent flipped Stop new
 */
export default class SmsStatusMenu extends LightningElement {
    /** The agent's Status__c. */
    @api status: string | null = null;
    /** The agent's Status_Reason__c. */
    @api statusReason: string | null = null;
    /** The agent's Stop_New__c. */
    @api stopNew = false;
    /** A status asked for and not yet confirmed by the service. */
    @api pendingStatus: string | null = null;
    /** A Stop new value asked for and not yet confirmed (null when none is pending). */
    @api pendingStopNew: boolean | null = null;
    @api disabled = false;

    labels = LABELS;

    get statusLabel(): string {
        return (this.status && STATUS_LABELS[this.status]) || unknownLabel;
    }

    get menuButtonLabel(): string {
        return this.statusLabel;
    }

    get menuAlternativeText(): string {
        return formatLabel(currentLabel, this.statusLabel);
    }

    get dotClass(): string {
        return (this.status && STATUS_DOT[this.status]) || 'sms-dot';
    }

    get options(): Array<{ value: string; label: string; checked: boolean }> {
        return REQUESTABLE.map((value) => ({ value, label: STATUS_LABELS[value], checked: value === this.status }));
    }

    get reasonText(): string {
        if (this.status === 'Post-processing') return postProcessingHintLabel;
        if (this.status !== 'On Break') return '';
        if (this.statusReason === 'Rejected Offer') return reasonRejectedLabel;
        if (this.statusReason === 'Missed Offer') return reasonMissedLabel;
        if (this.statusReason === 'System') return reasonSystemLabel;
        return '';
    }

    get pendingText(): string {
        if (!this.pendingStatus) return '';
        return formatLabel(pendingLabel, STATUS_LABELS[this.pendingStatus] ?? this.pendingStatus);
    }

    get stopNewChecked(): boolean {
        return this.pendingStopNew ?? this.stopNew;
    }

    get stopNewStateText(): string {
        if (this.pendingStopNew !== null) return this.labels.stopNewPending;
        return this.stopNew ? this.labels.stopNewOn : this.labels.stopNewOff;
    }

    get stopNewDisabled(): boolean {
        return this.disabled || this.pendingStopNew !== null;
    }

    get menuDisabled(): boolean {
        return this.disabled || Boolean(this.pendingStatus);
    }

    handleSelect(event: CustomEvent<{ value: string }>): void {
        const status = event.detail.value;
        if (!status || status === this.status) return;
        this.dispatchEvent(new CustomEvent('statuschange', { detail: { status } }));
    }

    handleStopNewChange(event: CustomEvent<{ checked: boolean }>): void {
        const stopNew = Boolean(event.detail.checked);
        if (stopNew === this.stopNew && this.pendingStopNew === null) return;
        this.dispatchEvent(new CustomEvent('stopnewchange', { detail: { stopNew } }));
    }
}
