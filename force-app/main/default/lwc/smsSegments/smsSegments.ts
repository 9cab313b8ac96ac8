/**
 * What an SMS costs: its encoding (GSM-7 or UCS-2) and the number of segments it is sent in.
 * One source of truth for the composer (the count the agent sees) and the service (the count
 * recorded on the message): the service imports this module too.
 *
 * GSM-7 (3GPP TS 23.038): the basic character set costs one septet a character, the extension
 * table (form feed, ^ { } \ [ ~ ] | €) two. A single SMS holds 160 septets; a concatenated one
 * 153 per segment, and an extension pair is never split across two segments.
 * UCS-2: any character outside GSM-7 switches the whole message; 70 UTF-16 code units in one
 * SMS, 67 per segment when concatenated, and a surrogate pair (an emoji) is never split.
 */

/** The longest message an agent may send, in characters. */
export const MAX_AGENT_MESSAGE_LENGTH = 1500;

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
    encoding: SmsEncoding;
    /** Segments the message is sent in (0 for an empty message). */
    segments: number;
    /** Characters as the agent counts them (Unicode code points). */
    characters: number;
    /** Septets (GSM-7) or UTF-16 code units (UCS-2) used. */
    units: number;
    /** Units still free in the last segment. */
    remainingInSegment: number;
}

const GSM_BASIC =
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(Array.from(GSM_BASIC));
const EXTENSION = new Set(Array.from(GSM_EXTENSION));

const GSM_SINGLE = 160;
const GSM_MULTI = 153;
const UCS2_SINGLE = 70;
const UCS2_MULTI = 67;

/** True when every character of the text is in the GSM-7 basic or extension table. */
export function isGsm7(text: string): boolean {
    for (const ch of text) {
        if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false;
    }
    return true;
}

/** Packs units into segments of `perSegment`, never splitting an item of 2 units. */
function countSegments(items: number[], single: number, perSegment: number): { segments: number; used: number } {
    const total = items.reduce((sum, n) => sum + n, 0);
    if (total === 0) return { segments: 0, used: 0 };
    if (total <= single) return { segments: 1, used: total };
    let segments = 1;
    let used = 0;
    for (const size of items) {
        if (used + size > perSegment) {
            segments += 1;
            used = 0;
        }
        used += size;
    }
    return { segments, used };
}

export function segmentInfo(text: string): SegmentInfo {
    const characters = Array.from(text);
    const gsm = isGsm7(text);
    const items = characters.map((ch) => (gsm ? (EXTENSION.has(ch) ? 2 : 1) : ch.length));
    const single = gsm ? GSM_SINGLE : UCS2_SINGLE;
    const multi = gsm ? GSM_MULTI : UCS2_MULTI;
    const { segments, used } = countSegments(items, single, multi);
    const units = items.reduce((sum, n) => sum + n, 0);
    const capacity = segments <= 1 ? single : multi;
    return {
        encoding: gsm ? 'GSM-7' : 'UCS-2',
        segments,
        characters: characters.length,
        units,
        remainingInSegment: segments === 0 ? single : capacity - used
    };
}

/** Characters as the composer counts them against MAX_AGENT_MESSAGE_LENGTH. */
export function characterCount(text: string): number {
    return Array.from(text).length;
}
