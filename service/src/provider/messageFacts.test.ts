/**
 * Encoding and segment counts as the service records them: the shared module's figures
 * (force-app/main/default/lwc/smsSegments), not a second implementation.
 */
import { segmentInfo } from '../../../force-app/main/default/lwc/smsSegments/smsSegments';
import { checkAgentMessage, MAX_AGENT_MESSAGE_LENGTH, messageFacts } from './messageFacts';

describe('message facts', () => {
    it.each([
        ['plain GSM-7, one segment', 'a'.repeat(160), 'GSM-7', 1],
        ['plain GSM-7, two segments past 160', 'a'.repeat(161), 'GSM-7', 2],
        ['plain GSM-7, 153 per segment', 'a'.repeat(306), 'GSM-7', 2],
        ['plain GSM-7, a third segment at 307', 'a'.repeat(307), 'GSM-7', 3],
        ['GSM-7 basic accents', 'Ça va? 5€, Ñoño, Øre, Åsa, ü, é, è', 'GSM-7', 1],
        ['extension characters count twice', '€'.repeat(80), 'GSM-7', 1],
        ['extension characters past one segment', '€'.repeat(81), 'GSM-7', 2],
        ['an extension pair is not split', 'a'.repeat(152) + '{' + 'a'.repeat(10), 'GSM-7', 2],
        ['one emoji switches to UCS-2', 'Thanks 🙂', 'UCS-2', 1],
        ['UCS-2, 70 in one segment', 'ж'.repeat(70), 'UCS-2', 1],
        ['UCS-2, 67 per segment past 70', 'ж'.repeat(71), 'UCS-2', 2],
        ['emoji take two units each', '🙂'.repeat(35), 'UCS-2', 1],
        ['emoji past one segment', '🙂'.repeat(36), 'UCS-2', 2],
        ['an emoji is not split across segments', 'ж'.repeat(66) + '🙂', 'UCS-2', 1],
        ['empty', '', 'GSM-7', 0]
    ])('%s', (_name, text, encoding, segments) => {
        const facts = messageFacts(text);
        expect(facts).toMatchObject({ encoding, segments });
        const shared = segmentInfo(text);
        expect([facts.encoding, facts.segments, facts.characters]).toEqual([
            shared.encoding,
            shared.segments,
            shared.characters
        ]);
    });

    it('accepts an agent message of 1,500 characters and refuses 1,501 with MESSAGE_TOO_LONG', () => {
        expect(MAX_AGENT_MESSAGE_LENGTH).toBe(1500);
        expect(checkAgentMessage('🙂'.repeat(1500))).toMatchObject({ characters: 1500, encoding: 'UCS-2' });
        expect(() => checkAgentMessage('a'.repeat(1501))).toThrow(
            expect.objectContaining({
                code: 'MESSAGE_TOO_LONG',
                message: 'The message has 1501 characters; 1500 is the most that can be sent. Shorten it by 1.'
            })
        );
    });

    it('refuses an empty agent message with EMPTY_MESSAGE', () => {
        expect(() => checkAgentMessage(' \n ')).toThrow(expect.objectContaining({ code: 'EMPTY_MESSAGE' }));
    });
});
