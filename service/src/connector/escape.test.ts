import { soqlInList, soqlString, soslTerm } from './escape';

describe('query literals', () => {
    test('SOQL strings escape quotes, backslashes and control characters', () => {
        expect(soqlString("O'Brien")).toBe("'O\\'Brien'");
        expect(soqlString('a\\b')).toBe("'a\\\\b'");
        expect(soqlString("x' OR Name != '")).toBe("'x\\' OR Name != \\''");
        expect(soqlString('line\nbreak')).toBe("'line\\nbreak'");
        expect(soqlInList(['a', "b'"])).toBe("('a', 'b\\'')");
        expect(() => soqlInList([])).toThrow();
    });

    test('SOSL terms escape every reserved character', () => {
        expect(soslTerm('4155550101')).toBe('4155550101');
        expect(soslTerm('a} OR {b')).toBe('a\\} OR \\{b');
        expect(soslTerm('+1 (415) 555-0101*')).toBe('\\+1 \\(415\\) 555\\-0101\\*');
        expect(soslTerm('it\'s "quoted"')).toBe('it\\\'s \\"quoted\\"');
    });
});
