import { LightningElement, api } from 'lwc';
import type { QuickAnswerView } from 'c/smsModel';
import { MAX_AGENT_MESSAGE_LENGTH, characterCount, segmentInfo } from 'c/smsSegments';
import { formatLabel } from 'c/smsUtils';
import messageLabel from '@salesforce/label/c.SMS_Composer_Message';
import sendLabel from '@salesforce/label/c.SMS_Composer_Send';
import sendingLabel from '@salesforce/label/c.SMS_Composer_Sending';
import countLabel from '@salesforce/label/c.SMS_Composer_Count';
import tooLongLabel from '@salesforce/label/c.SMS_Composer_Too_Long';
import tooLongOneLabel from '@salesforce/label/c.SMS_Composer_Too_Long_One';
import keyboardHintLabel from '@salesforce/label/c.SMS_Composer_Keyboard_Hint';
import quickAnswerLabel from '@salesforce/label/c.SMS_Composer_Quick_Answer';
import quickAnswerPlaceholderLabel from '@salesforce/label/c.SMS_Composer_Quick_Answer_Placeholder';
import insertTextLabel from '@salesforce/label/c.SMS_Composer_Insert_Text';
import insertLinkLabel from '@salesforce/label/c.SMS_Composer_Insert_Link';

const LABELS = Object.freeze({
    keyboardHint: keyboardHintLabel,
    quickAnswer: quickAnswerLabel,
    quickAnswerPlaceholder: quickAnswerPlaceholderLabel,
    insertText: insertTextLabel,
    insertLink: insertLinkLabel
});

/**
 * Where the agent writes (B9, B26; X4). At most 1,500 characters: a longer text is kept as typed
 * or pasted — never cut — but cannot be sent, and says by how much it is over. The live count shows
 * characters, SMS segments and the encoding (GSM-7 or UCS-2, from c/smsSegments). Enter sends,
 * Shift+Enter starts a new line (and nothing is sent while an input method is composing).
 * A quick answer is inserted as its text or as its link.
 *
 * The text belongs to the container: `value` comes in, `draftchange` goes out on every edit, and
 * the container calls `clear()` once the service has the message — so a failed send loses nothing.
 *
 * @fires draftchange detail { value }
 * @fires send detail { value }
 */
export default class SmsComposer extends LightningElement {
    @api disabled = false;
    /** Why sending is not possible (for example the customer opted out); shown under the field. */
    @api disabledReason = '';
    /** A send is under way. */
    @api sending = false;
    @api quickAnswers: QuickAnswerView[] = [];
    /** The field's label (defaults to "Message"). */
    @api label = '';
    /** The send button's label (defaults to "Send"). */
    @api sendLabel = '';

    labels = LABELS;
    text = '';
    quickAnswerId = '';

    @api
    get value(): string {
        return this.text;
    }
    set value(next: string | null | undefined) {
        this.text = next ?? '';
    }

    /** Empties the field (after the service accepted the message). */
    @api
    clear(): void {
        this.setText('');
    }

    @api
    focus(): void {
        this.template?.querySelector<HTMLElement>('lightning-textarea')?.focus();
    }

    get fieldLabel(): string {
        return this.label || messageLabel;
    }

    get characters(): number {
        return characterCount(this.text);
    }

    get tooLong(): boolean {
        return this.characters > MAX_AGENT_MESSAGE_LENGTH;
    }

    get countText(): string {
        const info = segmentInfo(this.text);
        return formatLabel(countLabel, this.characters, MAX_AGENT_MESSAGE_LENGTH, info.segments, info.encoding);
    }

    get countClass(): string {
        return this.tooLong ? 'sms-composer__count slds-text-color_error' : 'sms-composer__count';
    }

    get tooLongText(): string {
        const over = this.characters - MAX_AGENT_MESSAGE_LENGTH;
        return over === 1
            ? formatLabel(tooLongOneLabel, MAX_AGENT_MESSAGE_LENGTH)
            : formatLabel(tooLongLabel, over, MAX_AGENT_MESSAGE_LENGTH);
    }

    get sendText(): string {
        if (this.sending) return sendingLabel;
        return this.sendLabel || sendLabel;
    }

    get canSend(): boolean {
        return !this.disabled && !this.sending && !this.tooLong && this.text.trim().length > 0;
    }

    get sendDisabled(): boolean {
        return !this.canSend;
    }

    get hasQuickAnswers(): boolean {
        return !this.disabled && (this.quickAnswers?.length ?? 0) > 0;
    }

    get quickAnswerOptions(): Array<{ label: string; value: string }> {
        return (this.quickAnswers ?? []).map((answer) => ({ label: answer.title, value: answer.id }));
    }

    private get chosenAnswer(): QuickAnswerView | undefined {
        return (this.quickAnswers ?? []).find((answer) => answer.id === this.quickAnswerId);
    }

    get insertTextDisabled(): boolean {
        return !this.chosenAnswer?.answer;
    }

    get insertLinkDisabled(): boolean {
        return !this.chosenAnswer?.link;
    }

    private setText(next: string): void {
        this.text = next;
        this.dispatchEvent(new CustomEvent('draftchange', { detail: { value: next } }));
    }

    handleChange(event: CustomEvent<{ value: string }>): void {
        this.setText(event.detail.value ?? '');
    }

    handleKeyDown(event: KeyboardEvent): void {
        if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
        // Enter sends; the newline it would type is not wanted.
        event.preventDefault();
        this.send();
    }

    handleSend(): void {
        this.send();
    }

    private send(): void {
        if (!this.canSend) return;
        this.dispatchEvent(new CustomEvent('send', { detail: { value: this.text } }));
    }

    handleQuickAnswerChange(event: CustomEvent<{ value: string }>): void {
        this.quickAnswerId = event.detail.value;
    }

    private insert(snippet: string): void {
        if (!snippet) return;
        const separator = this.text.length === 0 || /\s$/.test(this.text) ? '' : ' ';
        this.setText(`${this.text}${separator}${snippet}`);
        this.focus();
    }

    handleInsertText(): void {
        this.insert(this.chosenAnswer?.answer ?? '');
    }

    handleInsertLink(): void {
        this.insert(this.chosenAnswer?.link ?? '');
    }
}
