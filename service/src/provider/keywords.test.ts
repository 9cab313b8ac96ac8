import { classifyKeyword } from './keywords';

describe('classifyKeyword', () => {
    it.each([
        ['STOP', 'opt-out'],
        ['stopall', 'opt-out'],
        ['Unsubscribe', 'opt-out'],
        [' cancel ', 'opt-out'],
        ['End', 'opt-out'],
        ['QUIT\n', 'opt-out'],
        ['start', 'opt-in'],
        ['YES', 'opt-in'],
        ['unstop', 'opt-in'],
        ['Help', 'help'],
        ['info', 'help']
    ])('"%s" is %s', (body, kind) => {
        expect(classifyKeyword(body)?.kind).toBe(kind);
    });

    it.each(['stop it', 'STOP!', 'Yes please', 'help me', '', 'constructor', 'toString'])(
        '"%s" is a message, not a keyword',
        (body) => {
            expect(classifyKeyword(body)).toBeUndefined();
        }
    );
});
