import path from 'path';
import { LocalOrg } from './localOrg';
import { loadSeed } from './seed';
import { getRecords } from './uiRecords';

const SEED = path.join(__dirname, '__fixtures__', 'seed');

function world() {
    const org = new LocalOrg();
    loadSeed(org, SEED);
    const ada = org.refs.get('AgentAda')!;
    const bo = org.refs.get('AgentBo')!;
    const jane = org.refs.get('ContactJane')!;
    const interaction = org.insert('SMS_Interaction__c', {
        External_Id__c: 'r-1',
        Status__c: 'Active',
        OwnerId: ada,
        Contact__c: jane
    });
    return { org, ada, bo, jane, interaction };
}

describe('the local org’s getRecords (UI API batch)', () => {
    test('one result per Id in order, in the UI API record shape, with relationship paths', () => {
        const w = world();
        const acme = w.org.get(w.org.refs.get('AccountAcme')!)!;
        const { results } = getRecords(
            w.org,
            [
                {
                    recordIds: [w.interaction],
                    fields: ['SMS_Interaction__c.Status__c'],
                    optionalFields: ['SMS_Interaction__c.Contact__r.Account.Name', 'SMS_Interaction__c.Lead__r.Name']
                },
                { recordIds: [w.jane], fields: ['Contact.LastName', 'Contact.Account.Name'] }
            ],
            w.ada
        );
        expect(results).toHaveLength(2);
        expect(results[0]).toMatchObject({
            statusCode: 200,
            result: {
                apiName: 'SMS_Interaction__c',
                id: w.interaction,
                fields: {
                    Status__c: { value: 'Active', displayValue: 'Active' },
                    Lead__r: { value: null, displayValue: null },
                    Contact__r: {
                        value: {
                            apiName: 'Contact',
                            id: w.jane,
                            fields: {
                                Account: {
                                    displayValue: acme.Name,
                                    value: {
                                        apiName: 'Account',
                                        id: acme.Id,
                                        fields: { Name: { value: acme.Name, displayValue: null } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
        expect(results[1]).toMatchObject({
            statusCode: 200,
            result: {
                apiName: 'Contact',
                fields: { LastName: { value: expect.any(String) }, Account: { value: { id: acme.Id } } }
            }
        });
    });

    test('a record the user cannot read, or that does not exist, answers 404 like the platform', () => {
        const w = world();
        const { results } = getRecords(
            w.org,
            [{ recordIds: [w.interaction, w.jane, 'a0X000000000001AAA'], fields: ['Contact.LastName'] }],
            w.bo
        );
        expect(results.map((r) => r.statusCode)).toEqual([404, 200, 404]);
        expect(results[0].result).toEqual([
            { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }
        ]);
    });

    test('an unknown required field is an error; an unknown optional field is left out', () => {
        const w = world();
        const optional = getRecords(
            w.org,
            [
                {
                    recordIds: [w.interaction],
                    optionalFields: ['SMS_Interaction__c.Nope__c', 'SMS_Interaction__c.Nope__r.Name']
                }
            ],
            w.ada
        );
        expect(optional.results[0].statusCode).toBe(200);
        expect(Object.keys((optional.results[0].result as { fields: object }).fields)).toEqual([]);
        const required = getRecords(
            w.org,
            [{ recordIds: [w.interaction], fields: ['SMS_Interaction__c.Contact__r.Nope__c'] }],
            w.ada
        );
        expect(required.results[0]).toEqual({
            statusCode: 400,
            result: [{ errorCode: 'INVALID_FIELD', message: expect.stringContaining('Nope__c') }]
        });
    });
});
