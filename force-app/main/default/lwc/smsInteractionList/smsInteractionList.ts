import { LightningElement, api } from 'lwc';
import type { InteractionAlerts, InteractionView } from 'c/smsModel';
import { formatPhone, lastDigits } from 'c/smsPhone';
import { formatLabel } from 'c/smsUtils';
import listLabel from '@salesforce/label/c.SMS_InteractionList_Label';
import emptyLabel from '@salesforce/label/c.SMS_InteractionList_Empty';
import customerWaitingLabel from '@salesforce/label/c.SMS_InteractionList_Customer_Waiting';
import awaitingCustomerLabel from '@salesforce/label/c.SMS_InteractionList_Awaiting_Customer';
import pastSlaLabel from '@salesforce/label/c.SMS_InteractionList_Past_Sla';
import unreadOneLabel from '@salesforce/label/c.SMS_InteractionList_Unread_One';
import unreadManyLabel from '@salesforce/label/c.SMS_InteractionList_Unread_Many';
import unreadPastSlaLabel from '@salesforce/label/c.SMS_InteractionList_Unread_Past_Sla';
import deliveryFailedLabel from '@salesforce/label/c.SMS_InteractionList_Delivery_Failed';
import postProcessingLabel from '@salesforce/label/c.SMS_InteractionList_Post_Processing';
import openLabel from '@salesforce/label/c.SMS_InteractionList_Open';

export interface InteractionListItem {
    interaction: InteractionView;
    alerts: InteractionAlerts;
    selected: boolean;
}

const LABELS = Object.freeze({ list: listLabel, empty: emptyLabel });

interface Row {
    id: string;
    buttonClass: string;
    ariaCurrent: string | null;
    shortLabel: string;
    iconName: string;
    turnIcon: string | null;
    unreadText: string;
    unreadClass: string;
    showUnread: boolean;
    showSla: boolean;
    showFailed: boolean;
    showPost: boolean;
    alertText: string;
    title: string;
}

function unreadSentence(alerts: InteractionAlerts): string {
    if (alerts.unreadLevel === 'red') return formatLabel(unreadPastSlaLabel, alerts.unreadCount);
    if (alerts.unreadCount === 1) return unreadOneLabel;
    return formatLabel(unreadManyLabel, alerts.unreadCount);
}

/** Each alert's words: what a screen reader says and the tooltip shows (B22 text equivalents). */
function alertSentences(alerts: InteractionAlerts): string[] {
    const sentences: string[] = [];
    for (const code of alerts.codes) {
        switch (code) {
            case 'post_processing':
                sentences.push(postProcessingLabel);
                break;
            case 'customer_waiting':
                sentences.push(customerWaitingLabel);
                break;
            case 'awaiting_customer':
                sentences.push(awaitingCustomerLabel);
                break;
            case 'unread':
            case 'unread_past_sla':
                sentences.push(unreadSentence(alerts));
                break;
            case 'past_sla':
                sentences.push(pastSlaLabel);
                break;
            case 'delivery_failed':
                sentences.push(deliveryFailedLabel);
                break;
            default:
                break;
        }
    }
    return sentences;
}

/**
 * The accepted interactions as icons (B21, B22), in the order given (the container sorts them,
 * oldest accepted on top). Each icon is a real button; selecting it opens the conversation.
 * Colours and blinking are never the only signal: every alert is also in words.
 * Keyboard: Tab reaches the list; Up/Down (and Home/End) move between icons; Enter or Space opens.
 *
 * @fires select detail { interactionId }
 */
export default class SmsInteractionList extends LightningElement {
    @api items: InteractionListItem[] = [];

    labels = LABELS;

    get isEmpty(): boolean {
        return !this.items || this.items.length === 0;
    }

    get rows(): Row[] {
        return (this.items ?? []).map(({ interaction, alerts, selected }) => {
            const number = formatPhone(interaction.customerPhone);
            const sentences = alertSentences(alerts);
            const classes = ['sms-item'];
            if (selected) classes.push('sms-item_selected');
            if (alerts.blinkOrange) classes.push('sms-item_blink-orange');
            if (alerts.postProcessing) classes.push('sms-item_blink-red');
            const alertText = sentences.join(' ');
            return {
                id: interaction.id,
                buttonClass: classes.join(' '),
                ariaCurrent: selected ? 'true' : null,
                shortLabel: lastDigits(interaction.customerPhone),
                iconName: interaction.direction === 'Outbound' ? 'utility:send' : 'utility:sms',
                turnIcon:
                    alerts.postProcessing || alerts.lastWriter === null
                        ? null
                        : alerts.lastWriter === 'customer'
                          ? 'utility:chat'
                          : 'utility:clock',
                unreadText: String(alerts.unreadCount),
                unreadClass: alerts.unreadLevel === 'red' ? 'sms-badge sms-badge_red' : 'sms-badge sms-badge_orange',
                showUnread: alerts.unreadLevel !== 'none',
                showSla: alerts.pastSla,
                showFailed: alerts.deliveryFailed,
                showPost: alerts.postProcessing,
                alertText: `${formatLabel(openLabel, number)} ${alertText}`.trim(),
                title: [number, ...sentences].join(' — ')
            };
        });
    }

    handleSelect(event: Event): void {
        const id = (event.currentTarget as HTMLElement).dataset.id;
        if (id) this.dispatchEvent(new CustomEvent('select', { detail: { interactionId: id } }));
    }

    handleKeyDown(event: KeyboardEvent): void {
        const buttons = Array.from(this.template?.querySelectorAll<HTMLButtonElement>('button.sms-item') ?? []);
        const index = buttons.indexOf(event.currentTarget as HTMLButtonElement);
        if (index < 0) return;
        let next = -1;
        if (event.key === 'ArrowDown') next = Math.min(buttons.length - 1, index + 1);
        else if (event.key === 'ArrowUp') next = Math.max(0, index - 1);
        else if (event.key === 'Home') next = 0;
        else if (event.key === 'End') next = buttons.length - 1;
        if (next < 0) return;
        event.preventDefault();
        buttons[next].focus();
    }
}
