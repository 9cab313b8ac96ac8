import { reduceErrors, formatLabel } from 'c/smsUtils';
import fieldError from './data/uiApiFieldError.json';
import noAccess from './data/uiApiNoAccess.json';

describe('c/smsUtils reduceErrors', () => {
    it('reads UI API record errors and field errors', () => {
        expect(reduceErrors(fieldError)).toEqual([
            'Please choose a disposition before wrapping up.',
            'Customer Phone: bad value for restricted picklist field'
        ]);
    });

    it('reads REST-style error arrays in the body', () => {
        expect(reduceErrors(noAccess)).toEqual([
            "You don't have access to this record. Ask your administrator for help or to request access."
        ]);
    });

    it('falls back to body.message when the body has no detailed errors', () => {
        expect(reduceErrors({ status: 500, body: { message: 'Internal error' } })).toEqual(['Internal error']);
    });

    it('reads JavaScript errors, strings and GraphQL error lists', () => {
        expect(reduceErrors(new Error('Network down'))).toEqual(['Network down']);
        expect(reduceErrors('plain text')).toEqual(['plain text']);
        expect(reduceErrors({ errors: [{ message: 'Field Foo__c is not accessible' }] })).toEqual([
            'Field Foo__c is not accessible'
        ]);
    });

    it('reads empApi error objects and statusText as a last resort', () => {
        expect(reduceErrors({ error: { message: '403::Unknown client' } })).toEqual(['403::Unknown client']);
        expect(reduceErrors({ status: 503, statusText: 'Service Unavailable', body: null })).toEqual([
            'Service Unavailable'
        ]);
    });

    it('merges several errors, dropping duplicates and empties', () => {
        expect(reduceErrors([new Error('A'), 'A', null, undefined, { body: { message: '  ' } }, 'B'])).toEqual([
            'A',
            'B'
        ]);
    });
});

describe('c/smsUtils formatLabel', () => {
    it('fills numbered placeholders in any order', () => {
        expect(formatLabel('{1} of {0} matches', 3, 'First')).toBe('First of 3 matches');
    });

    it('leaves a placeholder with no value visible', () => {
        expect(formatLabel('Offer from {0} expires in {1}s', '+1 415')).toBe('Offer from +1 415 expires in {1}s');
    });

    it('keeps zero and repeats', () => {
        expect(formatLabel('{0}/{0}', 0)).toBe('0/0');
    });
});
