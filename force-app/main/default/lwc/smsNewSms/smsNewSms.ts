import { LightningElement, api } from 'lwc';
import type { ChannelView, QuickAnswerView } from 'c/smsModel';
import { checkPhone, formatPhone } from 'c/smsPhone';
import type { PhoneProblem } from 'c/smsPhone';
import { formatLabel } from 'c/smsUtils';
import headingLabel from '@salesforce/label/c.SMS_NewSms_Heading';
import channelLabel from '@salesforce/label/c.SMS_NewSms_Channel';
import channelPlaceholderLabel from '@salesforce/label/c.SMS_NewSms_Channel_Placeholder';
import channelOptionLabel from '@salesforce/label/c.SMS_NewSms_Channel_Option';
import channelRequiredLabel from '@salesforce/label/c.SMS_NewSms_Channel_Required';
import noChannelsLabel from '@salesforce/label/c.SMS_NewSms_No_Channels';
import customerLabel from '@salesforce/label/c.SMS_NewSms_Customer';
import customerHelpLabel from '@salesforce/label/c.SMS_NewSms_Customer_Help';
import phoneEmptyLabel from '@salesforce/label/c.SMS_NewSms_Phone_Empty';
import phoneCharactersLabel from '@salesforce/label/c.SMS_NewSms_Phone_Invalid_Characters';
import phoneTooShortLabel from '@salesforce/label/c.SMS_NewSms_Phone_Too_Short';
import phoneTooLongLabel from '@salesforce/label/c.SMS_NewSms_Phone_Too_Long';
import phoneNoCountryLabel from '@salesforce/label/c.SMS_NewSms_Phone_No_Country_Code';
import phoneInvalidLabel from '@salesforce/label/c.SMS_NewSms_Phone_Invalid';
import messageLabel from '@salesforce/label/c.SMS_NewSms_Message';
import sendLabel from '@salesforce/label/c.SMS_NewSms_Send';
import cancelLabel from '@salesforce/label/c.SMS_NewSms_Cancel';

const LABELS = Object.freeze({
    heading: headingLabel,
    channel: channelLabel,
    channelPlaceholder: channelPlaceholderLabel,
    noChannels: noChannelsLabel,
    customer: customerLabel,
    customerHelp: customerHelpLabel,
    message: messageLabel,
    send: sendLabel,
    cancel: cancelLabel
});

const PHONE_MESSAGES = {
    EMPTY: phoneEmptyLabel,
    INVALID_CHARACTERS: phoneCharactersLabel,
    TOO_SHORT: phoneTooShortLabel,
    TOO_LONG: phoneTooLongLabel,
    NO_COUNTRY_CODE: phoneNoCountryLabel,
    INVALID_NUMBER: phoneInvalidLabel
} as const satisfies Record<PhoneProblem, string>;

/** Problems worth saying while the agent is still typing (a short number is just unfinished). */
const WHILE_TYPING: ReadonlySet<PhoneProblem> = new Set<PhoneProblem>(['INVALID_CHARACTERS', 'TOO_LONG']);

interface ValidatableInput extends HTMLElement {
    setCustomValidity(message: string): void;
    reportValidity(): boolean;
}

/**
 * Add interaction → SMS (B23–B27): choose the company number among the channels the agent can
 * see, enter the customer's number (checked as it is typed, with a clear error; the service makes
 * the authoritative check), write the message or insert a quick answer as text or as a link, and
 * Send. The container turns `send` into a Start Outbound action and confirms with a toast once the
 * service has opened the interaction; until then `pending` keeps the form as it is.
 *
 * @fires send detail { channelId, customerPhone (E.164), body }
 * @fires cancel
 */
export default class SmsNewSms extends LightningElement {
    @api channels: ChannelView[] = [];
    @api quickAnswers: QuickAnswerView[] = [];
    @api pending = false;

    labels = LABELS;
    channelId = '';
    phone = '';
    body = '';
    channelError = '';

    override connectedCallback(): void {
        if (!this.channelId && this.channels?.length === 1) this.channelId = this.channels[0].id;
    }

    get channelOptions(): Array<{ label: string; value: string }> {
        return (this.channels ?? []).map((channel) => ({
            label: channel.name
                ? formatLabel(channelOptionLabel, channel.name, formatPhone(channel.phoneNumber))
                : formatPhone(channel.phoneNumber),
            value: channel.id
        }));
    }

    get hasChannels(): boolean {
        return (this.channels?.length ?? 0) > 0;
    }

    get selectedChannel(): string {
        if (this.channelId) return this.channelId;
        return this.channels?.length === 1 ? this.channels[0].id : '';
    }

    private get phoneInput(): ValidatableInput | null {
        return this.template?.querySelector<ValidatableInput>('.sms-new__phone') ?? null;
    }

    private showPhoneError(message: string): void {
        const input = this.phoneInput;
        if (input) {
            input.setCustomValidity(message);
            input.reportValidity();
        }
    }

    /** Checks the number; `strict` also reports an unfinished (empty or short) number. */
    private validatePhone(strict: boolean): string | null {
        const result = checkPhone(this.phone);
        if (result.ok) {
            this.showPhoneError('');
            return result.e164;
        }
        if (strict || WHILE_TYPING.has(result.problem)) {
            this.showPhoneError(PHONE_MESSAGES[result.problem]);
        } else {
            this.showPhoneError('');
        }
        return null;
    }

    handleChannelChange(event: CustomEvent<{ value: string }>): void {
        this.channelId = event.detail.value;
        this.channelError = '';
    }

    handlePhoneChange(event: CustomEvent<{ value: string }>): void {
        this.phone = event.detail.value ?? '';
        this.validatePhone(false);
    }

    handlePhoneBlur(): void {
        if (this.phone.trim().length > 0) this.validatePhone(true);
    }

    handleDraftChange(event: CustomEvent<{ value: string }>): void {
        this.body = event.detail.value;
    }

    handleSend(event: CustomEvent<{ value: string }>): void {
        if (this.pending) return;
        const channelId = this.selectedChannel;
        this.channelError = channelId ? '' : channelRequiredLabel;
        const customerPhone = this.validatePhone(true);
        if (!channelId) return;
        if (!customerPhone) {
            this.phoneInput?.focus();
            return;
        }
        this.dispatchEvent(new CustomEvent('send', { detail: { channelId, customerPhone, body: event.detail.value } }));
    }

    handleCancel(): void {
        this.dispatchEvent(new CustomEvent('cancel'));
    }
}
