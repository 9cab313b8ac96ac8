/**
 * The standard objects and fields the package may name without defining them: the CRM objects
 * the panel links conversations to, and the system fields every object has. Deliberately a short
 * list: a name outside it is more likely a typo than a need.
 *
 * Person-account fields (Account.PersonMobilePhone…) exist only in orgs with person accounts
 * enabled. The package must install everywhere, so they may not be named statically (an LWC
 * schema import or a permission set naming one fails to deploy in other orgs).
 */

/** Fields every object has. */
export const SYSTEM_FIELDS = [
    'Id',
    'CreatedById',
    'CreatedDate',
    'LastModifiedById',
    'LastModifiedDate',
    'SystemModstamp',
    'IsDeleted'
];

/** Fields of custom objects that are not detail objects, besides the system fields. */
export const CUSTOM_OBJECT_FIELDS = ['Name', 'OwnerId', 'LastViewedDate', 'LastReferencedDate'];

/** Fields of detail objects (master-detail): no owner. */
export const DETAIL_OBJECT_FIELDS = ['Name', 'LastViewedDate', 'LastReferencedDate'];

/** Standard fields of platform events. */
export const PLATFORM_EVENT_FIELDS = ['ReplayId', 'CreatedById', 'CreatedDate', 'EventUuid'];

export interface StandardObject {
    fields: readonly string[];
    /** Relationship name → the object it reaches; '*' for a polymorphic relationship. */
    relationships: Readonly<Record<string, string>>;
}

const OWNED = { Owner: '*', CreatedBy: 'User', LastModifiedBy: 'User' };

export const STANDARD_OBJECTS: Readonly<Record<string, StandardObject>> = {
    Account: {
        fields: [
            'Name',
            'OwnerId',
            'Phone',
            'Fax',
            'Type',
            'Industry',
            'Website',
            'AccountNumber',
            'ParentId',
            'Description',
            'BillingAddress',
            'BillingCity',
            'BillingCountry',
            'ShippingAddress',
            'RecordTypeId'
        ],
        relationships: { ...OWNED, Parent: 'Account' }
    },
    Contact: {
        fields: [
            'Name',
            'FirstName',
            'LastName',
            'Salutation',
            'Title',
            'Email',
            'Phone',
            'MobilePhone',
            'HomePhone',
            'OtherPhone',
            'AssistantPhone',
            'Fax',
            'AccountId',
            'OwnerId',
            'Department',
            'Description',
            'MailingAddress',
            'MailingCity',
            'MailingCountry'
        ],
        relationships: { ...OWNED, Account: 'Account' }
    },
    Lead: {
        fields: [
            'Name',
            'FirstName',
            'LastName',
            'Salutation',
            'Title',
            'Company',
            'Email',
            'Phone',
            'MobilePhone',
            'Fax',
            'Status',
            'LeadSource',
            'OwnerId',
            'IsConverted',
            'ConvertedContactId',
            'ConvertedAccountId',
            'Description',
            'Address',
            'City',
            'Country'
        ],
        relationships: { ...OWNED, ConvertedContact: 'Contact', ConvertedAccount: 'Account' }
    },
    Case: {
        fields: [
            'CaseNumber',
            'Subject',
            'Description',
            'Status',
            'Priority',
            'Origin',
            'Type',
            'Reason',
            'ContactId',
            'AccountId',
            'OwnerId',
            'IsClosed',
            'ClosedDate',
            'SuppliedName',
            'SuppliedEmail',
            'SuppliedPhone',
            'ContactPhone',
            'ContactMobile',
            'ContactEmail',
            'ParentId'
        ],
        relationships: { ...OWNED, Contact: 'Contact', Account: 'Account', Parent: 'Case' }
    },
    Task: {
        fields: [
            'Subject',
            'Description',
            'Status',
            'Priority',
            'ActivityDate',
            'WhoId',
            'WhatId',
            'OwnerId',
            'Type',
            'TaskSubtype',
            'IsClosed',
            'CompletedDateTime',
            'CallType',
            'CallDurationInSeconds',
            'CallObject'
        ],
        relationships: { ...OWNED, Who: '*', What: '*' }
    },
    User: {
        fields: [
            'Name',
            'FirstName',
            'LastName',
            'Username',
            'Alias',
            'Email',
            'IsActive',
            'SmallPhotoUrl',
            'FullPhotoUrl',
            'TimeZoneSidKey',
            'LocaleSidKey',
            'LanguageLocaleKey',
            'ProfileId',
            'UserRoleId'
        ],
        relationships: { CreatedBy: 'User', LastModifiedBy: 'User' }
    }
};

/** Fields that exist only where person accounts are enabled. */
export const PERSON_ACCOUNT_FIELDS = new Set([
    'Account.FirstName',
    'Account.LastName',
    'Account.Salutation',
    'Account.PersonContactId',
    'Account.PersonEmail',
    'Account.PersonMobilePhone',
    'Account.PersonHomePhone',
    'Account.PersonOtherPhone',
    'Account.PersonAssistantPhone',
    'Account.PersonTitle',
    'Account.PersonMailingAddress',
    'Contact.IsPersonAccount',
    'Account.IsPersonAccount'
]);

/** Tabs of standard objects a Lightning app may list (`standard-<Object>`). */
export const STANDARD_TABS = new Set([
    'standard-home',
    'standard-Account',
    'standard-Contact',
    'standard-Lead',
    'standard-Case',
    'standard-Opportunity',
    'standard-report',
    'standard-Dashboard',
    'standard-Knowledge__kav'
]);
