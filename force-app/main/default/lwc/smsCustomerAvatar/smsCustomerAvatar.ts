import { LightningElement, api } from 'lwc';
import { formatLabel } from 'c/smsUtils';
import noneLabel from '@salesforce/label/c.SMS_CustomerAvatar_None';
import oneLabel from '@salesforce/label/c.SMS_CustomerAvatar_One';
import manyLabel from '@salesforce/label/c.SMS_CustomerAvatar_Many';
import loadingLabel from '@salesforce/label/c.SMS_CustomerAvatar_Loading';

/**
 * The customer's avatar in the conversation header (B14, B17): the number of matching records the
 * agent may open, the customer in use, and a button that opens the match picker. Presentational:
 * the container says what to show and hears `open`.
 *
 * @fires open — the agent wants to see (or choose) the customer
 */
export default class SmsCustomerAvatar extends LightningElement {
    /** Matching records the agent may open. */
    @api count = 0;
    /** The name of the customer record in use (picked, remembered or the first match). */
    @api name: string | null = null;
    /** The records are still being read. */
    @api loading = false;

    get countText(): string {
        return this.loading ? '…' : String(this.count);
    }

    get description(): string {
        if (this.loading) return loadingLabel;
        if (this.count === 0) return noneLabel;
        if (this.count === 1) return formatLabel(oneLabel, this.name ?? '');
        return formatLabel(manyLabel, this.count, this.name ?? '');
    }

    get hasName(): boolean {
        return Boolean(this.name);
    }

    /** Puts the keyboard focus on the avatar (the picker returns it here when it closes). */
    @api
    focus(): void {
        this.template?.querySelector<HTMLButtonElement>('button')?.focus();
    }

    handleClick(): void {
        this.dispatchEvent(new CustomEvent('open'));
    }
}
