import { segmentInfo, isGsm7, characterCount, MAX_AGENT_MESSAGE_LENGTH } from 'c/smsSegments';

describe('c/smsSegments', () => {
    it('counts an empty message as no segment', () => {
        expect(segmentInfo('')).toMatchObject({
            encoding: 'GSM-7',
            segments: 0,
            characters: 0,
            remainingInSegment: 160
        });
    });

    it('fits 160 GSM-7 characters in one SMS and splits 161 into two of 153', () => {
        expect(segmentInfo('a'.repeat(160))).toMatchObject({ segments: 1, units: 160, remainingInSegment: 0 });
        expect(segmentInfo('a'.repeat(161))).toMatchObject({ segments: 2, remainingInSegment: 153 * 2 - 161 });
        expect(segmentInfo('a'.repeat(306)).segments).toBe(2);
        expect(segmentInfo('a'.repeat(307)).segments).toBe(3);
    });

    it('counts extension characters as two septets and never splits one', () => {
        expect(isGsm7('Price: 5€ [net] {x} ~^|\\')).toBe(true);
        expect(segmentInfo('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 160 });
        expect(segmentInfo('€'.repeat(81)).segments).toBe(2);
        // 152 plain septets then an extension pair: the pair moves to segment two.
        const info = segmentInfo('a'.repeat(152) + '€' + 'a'.repeat(10));
        expect(info.segments).toBe(2);
        expect(info.remainingInSegment).toBe(153 - 12);
    });

    it('switches to UCS-2 for any character outside GSM-7: 70 in one SMS, 67 per segment', () => {
        expect(segmentInfo('Grüße ok').encoding).toBe('GSM-7'); // ü is in the basic table
        expect(segmentInfo('Ça coûte 5 €').encoding).toBe('UCS-2'); // û is not
        expect(segmentInfo('ж'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1 });
        expect(segmentInfo('ж'.repeat(71)).segments).toBe(2);
        expect(segmentInfo('ж'.repeat(134)).segments).toBe(2);
        expect(segmentInfo('ж'.repeat(135)).segments).toBe(3);
    });

    it('counts an emoji as one character but two UTF-16 units and never splits it', () => {
        expect(segmentInfo('😀')).toMatchObject({ encoding: 'UCS-2', characters: 1, units: 2, segments: 1 });
        expect(segmentInfo('😀'.repeat(35)).segments).toBe(1);
        expect(segmentInfo('😀'.repeat(36)).segments).toBe(2);
        // 66 units then an emoji: the pair starts segment two.
        expect(segmentInfo('ж'.repeat(66) + '😀' + 'ж'.repeat(10)).segments).toBe(2);
        expect(characterCount('a😀b')).toBe(3);
    });

    it('states the agent message limit', () => {
        expect(MAX_AGENT_MESSAGE_LENGTH).toBe(1500);
    });
});
