import { compileFilter } from './filter';

describe('custom channel filter expressions', () => {
    const payload = { Recipient_Id__c: '005AAA', Type__c: 'Offer', Sequence__c: 7, Flag__c: false };

    test.each([
        ["Recipient_Id__c = '005AAA'", true],
        ["Recipient_Id__c = '005aaa'", true],
        ["Recipient_Id__c != '005AAA'", false],
        ["Recipient_Id__c IN ('005BBB', '005AAA')", true],
        ["Recipient_Id__c NOT IN ('005BBB', '005AAA')", false],
        ["Type__c LIKE 'off%'", true],
        ["Type__c LIKE 'o_fer'", true],
        ['Sequence__c > 5 AND Sequence__c <= 7', true],
        ["Sequence__c < 5 OR (Type__c = 'offer' AND Recipient_Id__c = '005AAA')", true],
        ["Sequence__c < 5 OR Type__c = 'message'", false],
        ['Flag__c = false', true],
        ['Flag__c = null', true]
    ])('%s → %s', (expression, expected) => {
        expect(compileFilter(expression)(payload)).toBe(expected);
    });

    test('refuses malformed expressions and unknown fields', () => {
        expect(() => compileFilter("Recipient_Id__c = 'x")).toThrow(/unterminated/);
        expect(() => compileFilter('Recipient_Id__c 5')).toThrow(/operator/);
        expect(() => compileFilter("Other__c = 'x'", new Set(['Recipient_Id__c']))).toThrow(/no field Other__c/);
    });
});
