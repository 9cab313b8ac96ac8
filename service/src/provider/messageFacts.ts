/**
 * What a message costs and whether an agent may send it. Encoding and segments come from the
 * shared module the composer uses too (force-app/main/default/lwc/smsSegments), so the count
 * the agent sees and the count the service records are the same by construction.
 */
import {
    MAX_AGENT_MESSAGE_LENGTH,
    characterCount,
    segmentInfo,
    type SmsEncoding
} from '../../../force-app/main/default/lwc/smsSegments/smsSegments';
import { ProviderError } from './errors';

export { MAX_AGENT_MESSAGE_LENGTH };
export type { SmsEncoding };

export interface MessageFacts {
    encoding: SmsEncoding;
    segments: number;
    characters: number;
}

export function messageFacts(body: string): MessageFacts {
    const info = segmentInfo(body);
    return { encoding: info.encoding, segments: info.segments, characters: info.characters };
}

/**
 * Refuses an agent's message that is empty (only spaces) or longer than the composer allows.
 * Inbound messages are never checked: they are kept whole whatever their length.
 */
export function checkAgentMessage(body: string): MessageFacts {
    if (typeof body !== 'string' || body.trim() === '') {
        throw new ProviderError('EMPTY_MESSAGE', 'Type a message before sending.');
    }
    const characters = characterCount(body);
    if (characters > MAX_AGENT_MESSAGE_LENGTH) {
        throw new ProviderError(
            'MESSAGE_TOO_LONG',
            `The message has ${characters} characters; ${MAX_AGENT_MESSAGE_LENGTH} is the most that can be sent. Shorten it by ${
                characters - MAX_AGENT_MESSAGE_LENGTH
            }.`
        );
    }
    return messageFacts(body);
}
