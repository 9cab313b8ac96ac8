/**
 * The chat log of a conversation as a Task (B13, B16, B17, B29; X2, X3), as pure functions: the
 * subject (the customer and the disposition), the description (the conversation's times, its
 * link, and the transcript with each message's time and who wrote it), Who and What from the
 * customer and the case, Status Completed and the activity date.
 *
 * A Task's description holds 32,000 characters. A longer transcript is never cut silently: the
 * log keeps the first messages that fit, says at the top how many of how many it shows, marks the
 * end, and points to the interaction, whose message records keep the whole conversation.
 */
import { toMessage } from 'c/smsModel';
import type { FieldValue, InteractionView, MessageNode, MessageView } from 'c/smsModel';
import { formatPhone } from 'c/smsPhone';
import { formatLabel } from 'c/smsUtils';
import type { CustomerChoice } from 'c/smsCrm';
import TASK_SUBJECT from '@salesforce/schema/Task.Subject';
import TASK_DESCRIPTION from '@salesforce/schema/Task.Description';
import TASK_STATUS from '@salesforce/schema/Task.Status';
import TASK_ACTIVITY_DATE from '@salesforce/schema/Task.ActivityDate';
import TASK_WHO from '@salesforce/schema/Task.WhoId';
import TASK_WHAT from '@salesforce/schema/Task.WhatId';
import subjectLabel from '@salesforce/label/c.SMS_ChatLog_Subject';
import subjectDispositionLabel from '@salesforce/label/c.SMS_ChatLog_Subject_Disposition';
import headerLabel from '@salesforce/label/c.SMS_ChatLog_Header';
import linkLabel from '@salesforce/label/c.SMS_ChatLog_Link';
import customerLabel from '@salesforce/label/c.SMS_ChatLog_Customer';
import customerNamedLabel from '@salesforce/label/c.SMS_ChatLog_Customer_Named';
import companyNumberLabel from '@salesforce/label/c.SMS_ChatLog_Company_Number';
import queueLabel from '@salesforce/label/c.SMS_ChatLog_Queue';
import inboundLabel from '@salesforce/label/c.SMS_ChatLog_Inbound';
import outboundLabel from '@salesforce/label/c.SMS_ChatLog_Outbound';
import initiatedLabel from '@salesforce/label/c.SMS_ChatLog_Initiated';
import acceptedLabel from '@salesforce/label/c.SMS_ChatLog_Accepted';
import terminatedLabel from '@salesforce/label/c.SMS_ChatLog_Terminated';
import caseLabel from '@salesforce/label/c.SMS_ChatLog_Case';
import transcriptLabel from '@salesforce/label/c.SMS_ChatLog_Transcript';
import truncatedLabel from '@salesforce/label/c.SMS_ChatLog_Truncated';
import moreMessagesLabel from '@salesforce/label/c.SMS_ChatLog_More_Messages';
import moreUnknownLabel from '@salesforce/label/c.SMS_ChatLog_More_Unknown';
import messageCutLabel from '@salesforce/label/c.SMS_ChatLog_Message_Cut';
import atLeastLabel from '@salesforce/label/c.SMS_ChatLog_At_Least';
import noTimeLabel from '@salesforce/label/c.SMS_ChatLog_No_Time';
import customerSpeakerLabel from '@salesforce/label/c.SMS_ChatLog_Speaker_Customer';
import agentSpeakerLabel from '@salesforce/label/c.SMS_ChatLog_Speaker_Agent';
import autoReplySpeakerLabel from '@salesforce/label/c.SMS_ChatLog_Speaker_Auto_Reply';
import notDeliveredLabel from '@salesforce/label/c.SMS_ChatLog_Not_Delivered';

/** Task.Description is a long text area of 32,000 characters. */
export const TASK_DESCRIPTION_LIMIT = 32000;
/** Task.Subject holds 255 characters. */
export const TASK_SUBJECT_LIMIT = 255;
/** What the chat-log read asks for at most (the UI API GraphQL page limit). */
export const CHAT_LOG_PAGE = 2000;

export interface ChatLogInput {
    interaction: InteractionView;
    /** The conversation's messages, oldest first. */
    messages: readonly MessageView[];
    /** The read stopped at its page limit: more messages exist than `messages` holds. */
    moreMessages: boolean;
    customer: CustomerChoice | null;
    caseId: string | null;
    /** The disposition's label, once the agent wrapped up with one. */
    dispositionLabel: string | null;
    /** The interaction record's address (the Task's link to the conversation). */
    interactionUrl: string;
    /** Where a linked case opens (named in the log when the Task cannot point to it). */
    caseUrl: string | null;
    /** When the conversation ended (the record's Terminated_At__c, or when the panel saw it end). */
    terminatedAt: string;
    /** The user's time zone (`@salesforce/i18n/timeZone`). */
    timeZone: string;
}

export interface ChatLog {
    /** Task fields for createRecord. */
    fields: Record<string, string>;
    /** The transcript in the description is not the whole conversation. */
    truncated: boolean;
    /** Messages (whole or, for one longer than the room left, begun) in the description. */
    shownMessages: number;
}

// ---------------------------------------------------------------------------------------------
// Reading the messages (the smsChatLog query: oldest first, at most CHAT_LOG_PAGE)

export interface ChatLogMessages {
    messages: MessageView[];
    moreMessages: boolean;
    /** Interaction__c of every message, to tell whose messages an answer holds. */
    interactionIds: string[];
}

type ChatLogNode = MessageNode & { Interaction__c?: FieldValue<string> | null };

export function readChatLogMessages(data: unknown): ChatLogMessages {
    const connection = (
        data as {
            uiapi?: {
                query?: {
                    SMS_Message__c?: { edges?: Array<{ node?: ChatLogNode }>; pageInfo?: { hasNextPage?: boolean } };
                };
            };
        } | null
    )?.uiapi?.query?.SMS_Message__c;
    const nodes = (connection?.edges ?? []).map((edge) => edge.node).filter((n): n is ChatLogNode => Boolean(n));
    const messages = nodes.map(toMessage);
    const order = (m: MessageView) => Date.parse(m.createdDate ?? '') || 0;
    messages.sort((a, b) => order(a) - order(b));
    return {
        messages,
        moreMessages: connection?.pageInfo?.hasNextPage === true,
        interactionIds: nodes.map((n) => n.Interaction__c?.value ?? '').filter(Boolean)
    };
}

// ---------------------------------------------------------------------------------------------
// Times

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
    let format = formats.get(timeZone);
    if (!format) {
        format = new Intl.DateTimeFormat('en-CA', {
            timeZone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
            hourCycle: 'h23'
        });
        formats.set(timeZone, format);
    }
    return format;
}

function parts(iso: string, timeZone: string): Record<string, string> | null {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return null;
    const out: Record<string, string> = {};
    for (const part of formatIn(timeZone).formatToParts(date)) out[part.type] = part.value;
    return out;
}

/** `2026-11-25 06:30:05` in the user's time zone; a dash when there is no time. */
export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
    const p = iso ? parts(iso, timeZone) : null;
    return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}` : noTimeLabel;
}

/** The Task's ActivityDate: the day the conversation ended, in the user's time zone. */
export function activityDate(iso: string, timeZone: string): string {
    const p = parts(iso, timeZone) ?? parts(new Date().toISOString(), timeZone);
    return p ? `${p.year}-${p.month}-${p.day}` : '';
}

// ---------------------------------------------------------------------------------------------
// The Task

function clip(text: string, max: number): string {
    if (text.length <= max) return text;
    return cutAt(text, max - 1) + '…';
}

/** The longest start of `text` of at most `max` UTF-16 units that does not split a character. */
function cutAt(text: string, max: number): string {
    if (max <= 0) return '';
    let end = Math.min(max, text.length);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
    return text.slice(0, end);
}

/** Who the log names: the customer record's name, else the number. */
export function customerText(input: Pick<ChatLogInput, 'customer' | 'interaction'>): string {
    return input.customer?.record?.name || formatPhone(input.interaction.customerPhone);
}

/** "SMS with Jane Doe – Resolved" (255 characters at most; the name gives way first). */
export function chatLogSubject(customer: string, dispositionLabel: string | null): string {
    const template = dispositionLabel ? subjectDispositionLabel : subjectLabel;
    const rest = formatLabel(template, '', dispositionLabel ?? '').length;
    return formatLabel(template, clip(customer, Math.max(1, TASK_SUBJECT_LIMIT - rest)), dispositionLabel ?? '').slice(
        0,
        TASK_SUBJECT_LIMIT
    );
}

/**
 * Who and What: a Contact or Lead is the Who; the case, else the Contact's Account (or the
 * Account itself) is the What. Salesforce refuses a What beside a Lead, so with a Lead the case
 * is named in the description instead.
 */
export function taskRelations(
    customer: CustomerChoice | null,
    caseId: string | null
): { who: string | null; what: string | null } {
    if (customer?.objectApiName === 'Lead') return { who: customer.id, what: null };
    if (customer?.objectApiName === 'Contact') {
        return { who: customer.id, what: caseId ?? customer.record?.accountId ?? null };
    }
    if (customer?.objectApiName === 'Account') return { who: null, what: caseId ?? customer.id };
    return { who: null, what: caseId };
}

function speaker(message: MessageView): string {
    if (message.direction === 'Inbound') return customerSpeakerLabel;
    return message.source === 'Auto-reply' ? autoReplySpeakerLabel : agentSpeakerLabel;
}

/** One message: `[2026-11-25 06:30:05] Customer: text`, further lines indented. */
export function transcriptLine(message: MessageView, timeZone: string): string {
    const failed = message.status === 'Failed' ? ` ${notDeliveredLabel}` : '';
    const body = message.body.replace(/\r\n?/g, '\n').split('\n').join('\n    ');
    return `[${formatDateTime(message.createdDate, timeZone)}] ${speaker(message)}${failed}: ${body}`;
}

function headerLines(input: ChatLogInput): string[] {
    const i = input.interaction;
    const tz = input.timeZone;
    const name = input.customer?.record?.name;
    const lines = [
        formatLabel(headerLabel, i.name || i.id),
        formatLabel(linkLabel, input.interactionUrl),
        name
            ? formatLabel(customerNamedLabel, formatPhone(i.customerPhone), name)
            : formatLabel(customerLabel, formatPhone(i.customerPhone))
    ];
    const company = [i.channelName, i.channelPhone ? formatPhone(i.channelPhone) : ''].filter(Boolean).join(' ');
    if (company) lines.push(formatLabel(companyNumberLabel, company));
    if (i.queueName) lines.push(formatLabel(queueLabel, i.queueName));
    lines.push(i.direction === 'Outbound' ? outboundLabel : inboundLabel);
    lines.push(formatLabel(initiatedLabel, formatDateTime(i.initiatedAt, tz)));
    lines.push(
        formatLabel(
            acceptedLabel,
            formatDateTime(i.acceptedAt ?? (i.direction === 'Outbound' ? i.initiatedAt : null), tz)
        )
    );
    lines.push(formatLabel(terminatedLabel, formatDateTime(input.terminatedAt, tz)));
    const relations = taskRelations(input.customer, input.caseId);
    if (input.caseId && relations.what !== input.caseId && input.caseUrl) {
        lines.push(formatLabel(caseLabel, input.caseUrl));
    }
    return lines;
}

/**
 * The description: the header, then the transcript. When it does not fit in 32,000 characters
 * (or the read stopped at its page limit), the first messages that fit are kept, the header says
 * how many of how many are shown and where the whole conversation is, and the end is marked.
 */
export function chatLogDescription(input: ChatLogInput): { text: string; truncated: boolean; shown: number } {
    const tz = input.timeZone;
    const header = headerLines(input).join('\n');
    const lines = input.messages.map((m) => transcriptLine(m, tz));
    const title = formatLabel(transcriptLabel, input.messages.length, tz);
    const whole = `${header}\n\n${title}\n${lines.join('\n')}`;
    if (!input.moreMessages && whole.length <= TASK_DESCRIPTION_LIMIT) {
        return { text: whole, truncated: false, shown: lines.length };
    }

    const count = (n: number) => (input.moreMessages ? formatLabel(atLeastLabel, n) : String(n));
    const name = input.interaction.name || input.interaction.id;
    const notice = (shown: number) =>
        formatLabel(truncatedLabel, shown, count(input.messages.length), name, input.interactionUrl);
    const marker = (left: number) => {
        if (left > 0) return formatLabel(moreMessagesLabel, count(left), input.interactionUrl);
        return formatLabel(moreUnknownLabel, input.interactionUrl);
    };
    // Room for the messages, with the notice and the marker at their longest (every count ≤ the total).
    const widest = Math.max(input.messages.length, 1);
    const fixed = `${header}\n${notice(widest)}\n\n${title}\n`.length + `\n${marker(widest)}`.length;
    let room = TASK_DESCRIPTION_LIMIT - fixed;
    const kept: string[] = [];
    for (const line of lines) {
        const cost = line.length + (kept.length > 0 ? 1 : 0);
        if (cost > room) break;
        kept.push(line);
        room -= cost;
    }
    if (kept.length === 0 && lines.length > 0) {
        // One message longer than all the room there is: keep its start and say it is cut.
        const cut = ` ${messageCutLabel}`;
        kept.push(cutAt(lines[0], room - cut.length) + cut);
    }
    const left = input.messages.length - kept.length;
    const tail = left > 0 || input.moreMessages ? `\n${marker(left)}` : '';
    const text = `${header}\n${notice(kept.length)}\n\n${title}\n${kept.join('\n')}${tail}`;
    return { text, truncated: true, shown: kept.length };
}

/** The Task of the chat log. */
export function buildChatLog(input: ChatLogInput): ChatLog {
    const description = chatLogDescription(input);
    const relations = taskRelations(input.customer, input.caseId);
    const fields: Record<string, string> = {
        [TASK_SUBJECT.fieldApiName]: chatLogSubject(customerText(input), input.dispositionLabel),
        [TASK_DESCRIPTION.fieldApiName]: description.text,
        [TASK_STATUS.fieldApiName]: 'Completed',
        [TASK_ACTIVITY_DATE.fieldApiName]: activityDate(input.terminatedAt, input.timeZone)
    };
    if (relations.who) fields[TASK_WHO.fieldApiName] = relations.who;
    if (relations.what) fields[TASK_WHAT.fieldApiName] = relations.what;
    return { fields, truncated: description.truncated, shownMessages: description.shown };
}
