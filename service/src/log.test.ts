import { Writable } from 'stream';
import { createLogger, redactText } from './log';

function capture() {
    const lines: string[] = [];
    const stream = new Writable({
        write(chunk, _enc, done) {
            lines.push(chunk.toString());
            done();
        }
    });
    return { lines, stream };
}

describe('log redaction', () => {
    it('masks phone numbers in free text in any common format', () => {
        expect(redactText('send to +14155550101 failed')).toBe('send to [phone] failed');
        expect(redactText('(415) 555-0101 / +44 20 7946 0958')).toBe('[phone] / [phone]');
        expect(redactText('attempt 3 of 5, 1500 chars')).toBe('attempt 3 of 5, 1500 chars');
    });

    it('never writes a phone number or message text, in fields, messages or errors', () => {
        const { lines, stream } = capture();
        const log = createLogger({ level: 'info' }, stream);
        log.info({ from: '+14155550101', body: 'my card is 4111', sid: 'SM1' }, 'inbound from +14155550101');
        log.info({ message: { To: '+14155550102', Body: 'secret text' } }, 'nested');
        log.error({ err: new Error('Invalid To number +442079460958') }, 'send failed');
        log.warn('retrying %s', '+1 415 555 0103');
        const text = lines.join('');
        expect(lines).toHaveLength(4);
        expect(text).not.toMatch(/4155550101|4155550102|555 0103|2079460958|my card|secret text/);
        expect(text).toContain('SM1');
        expect(text).toContain('[redacted]');
    });
});
