import { LightningElement, api } from 'lwc';
import detailsLabel from '@salesforce/label/c.SMS_Notice_Details';

export type NoticeVariant = 'error' | 'warning' | 'info';

const LABELS = Object.freeze({ details: detailsLabel });

/**
 * An inline notice: the message (a label) in plain words, the technical details behind a
 * disclosure, and an optional action. Errors are announced with role="alert"; warnings and
 * information with role="status".
 */
export default class SmsNotice extends LightningElement {
    @api variant: NoticeVariant = 'error';
    @api heading = '';
    @api message = '';
    @api actionLabel = '';
    private detailList: string[] = [];

    labels = LABELS;

    @api
    get details(): string[] {
        return this.detailList;
    }
    set details(value: string[] | null | undefined) {
        this.detailList = Array.isArray(value) ? value.filter((d) => typeof d === 'string' && d.length > 0) : [];
    }

    get role(): string {
        return this.variant === 'error' ? 'alert' : 'status';
    }

    get noticeClass(): string {
        const theme =
            this.variant === 'error'
                ? 'slds-theme_error'
                : this.variant === 'warning'
                  ? 'slds-theme_warning'
                  : 'slds-theme_info';
        return `slds-notify slds-notify_alert sms-notice ${theme}`;
    }

    get iconName(): string {
        return this.variant === 'error'
            ? 'utility:error'
            : this.variant === 'warning'
              ? 'utility:warning'
              : 'utility:info';
    }

    get iconVariant(): string {
        return this.variant === 'warning' ? '' : 'inverse';
    }

    get hasDetails(): boolean {
        return this.detailList.length > 0;
    }

    get detailItems(): Array<{ key: string; text: string }> {
        return this.detailList.map((text, i) => ({ key: `${i}`, text }));
    }

    get hasAction(): boolean {
        return this.actionLabel.length > 0;
    }

    handleAction(): void {
        this.dispatchEvent(new CustomEvent('action'));
    }
}
