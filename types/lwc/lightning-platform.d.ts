// Declarations for the lightning/* platform modules that @salesforce/lightning-types does not
// type. Written from the LWC developer guide and the Console Developer Guide; only the parts this
// package uses, with the platform's own names and shapes.

declare module 'lightning/empApi' {
    /** The envelope empApi hands to a subscriber for a platform event. */
    export interface EmpMessage<P = Record<string, unknown>> {
        channel: string;
        data: {
            schema?: string;
            payload: P;
            event: { replayId: number; EventUuid?: string };
        };
    }
    export interface EmpSubscription {
        id?: string;
        channel: string;
        replayId?: number;
    }
    export function subscribe<P = Record<string, unknown>>(
        channel: string,
        replayId: number,
        onMessageCallback: (message: EmpMessage<P>) => void
    ): Promise<EmpSubscription>;
    export function unsubscribe(
        subscription: EmpSubscription,
        callback?: (response: unknown) => void
    ): Promise<unknown>;
    export function onError(callback: (error: unknown) => void): void;
    export function setDebugFlag(flag: boolean): Promise<unknown>;
    export function isEmpEnabled(): Promise<boolean>;
}

declare module 'lightning/uiRecordApi' {
    export interface FieldValue {
        value: unknown;
        displayValue: string | null;
    }
    /** A record as the UI API returns it. */
    export interface RecordRepresentation {
        apiName: string;
        id: string;
        fields: Record<string, FieldValue>;
        childRelationships?: Record<string, unknown>;
        lastModifiedById?: string | null;
        lastModifiedDate?: string | null;
        systemModstamp?: string | null;
        recordTypeId?: string | null;
        recordTypeInfo?: unknown;
        eTag?: string;
        weakEtag?: number;
    }
    export interface FieldId {
        objectApiName: string;
        fieldApiName: string;
    }
    export interface RecordInput {
        apiName?: string;
        fields: Record<string, unknown>;
    }
    export interface GetRecordsResult {
        results: Array<{ statusCode: number; result: RecordRepresentation | unknown }>;
    }
    /** One group of a getRecords request: records of one object and the fields to read. */
    export interface GetRecordsRequest {
        recordIds: string[];
        fields?: Array<string | FieldId>;
        optionalFields?: Array<string | FieldId>;
    }
    export const getRecord: unknown;
    export const getRecords: import('lwc').WireAdapterConstructor<
        { records: GetRecordsRequest[] | undefined },
        { data?: GetRecordsResult; error?: unknown }
    >;
    export const getRecordUi: unknown;
    export function createRecord(recordInput: RecordInput): Promise<RecordRepresentation>;
    export function updateRecord(recordInput: RecordInput, clientOptions?: unknown): Promise<RecordRepresentation>;
    export function deleteRecord(recordId: string): Promise<void>;
    export function getFieldValue(record: RecordRepresentation | undefined, field: FieldId | string): unknown;
    export function getFieldDisplayValue(record: RecordRepresentation | undefined, field: FieldId | string): unknown;
    export function notifyRecordUpdateAvailable(recordIds: Array<{ recordId: string }>): Promise<unknown>;
    export function generateRecordInputForCreate(record: RecordRepresentation, objectInfo?: unknown): RecordInput;
    export function generateRecordInputForUpdate(record: RecordRepresentation, objectInfo?: unknown): RecordInput;
}

declare module 'lightning/uiObjectInfoApi' {
    import type { WireAdapterConstructor } from 'lwc';
    export interface PicklistValue {
        label: string;
        value: string;
        validFor: number[];
        attributes: unknown;
    }
    export interface PicklistValues {
        controllerValues: Record<string, number>;
        defaultValue: PicklistValue | null;
        url: string;
        values: PicklistValue[];
        eTag?: string;
    }
    /** The parts of the UI API ObjectInfo representation this package reads. */
    export interface ObjectInfo {
        apiName: string;
        label: string;
        labelPlural?: string;
        defaultRecordTypeId: string;
        fields: Record<string, { apiName: string; label: string; dataType: string }>;
        recordTypeInfos?: Record<string, { recordTypeId: string; name: string; master: boolean; available: boolean }>;
    }
    /** What an LDS wire adapter provisions: data or error, never both. */
    export interface LdsWireResult<T> {
        data?: T;
        error?: unknown;
    }
    export const getObjectInfo: WireAdapterConstructor<
        { objectApiName: string | { objectApiName: string } | undefined },
        LdsWireResult<ObjectInfo>
    >;
    export const getObjectInfos: WireAdapterConstructor<Record<string, unknown>, LdsWireResult<unknown>>;
    export const getPicklistValues: WireAdapterConstructor<
        {
            recordTypeId: string | undefined;
            fieldApiName: string | { objectApiName: string; fieldApiName: string };
        },
        LdsWireResult<PicklistValues>
    >;
    export const getPicklistValuesByRecordType: WireAdapterConstructor<Record<string, unknown>, LdsWireResult<unknown>>;
}

declare module 'lightning/graphql' {
    import type { WireAdapterConstructor } from 'lwc';
    /** A parsed query document, as `gql` returns it; opaque to components. */
    export type GraphQLDocument = object | string;
    export interface GraphQLError {
        message: string;
        locations?: Array<{ line: number; column: number }>;
        path?: Array<string | number>;
        extensions?: Record<string, unknown>;
    }
    /** What the wire adapter provisions: the GraphQL response format plus the v2 refresh method. */
    export interface GraphQLResult<D = unknown> {
        data?: D;
        errors?: GraphQLError[];
        refresh?: () => Promise<unknown>;
    }
    export interface GraphQLConfig {
        /** undefined delays the query (the documented way to wait for a variable). */
        query: GraphQLDocument | undefined;
        variables?: Record<string, unknown>;
        operationName?: string;
    }
    export function gql(strings: TemplateStringsArray, ...values: unknown[]): GraphQLDocument;
    export const graphql: WireAdapterConstructor<GraphQLConfig, GraphQLResult>;
}

declare module 'lightning/platformWorkspaceApi' {
    export interface PageReference {
        type: string;
        attributes?: Record<string, unknown>;
        state?: Record<string, unknown>;
    }
    export interface OpenTabOptions {
        recordId?: string;
        url?: string;
        pageReference?: PageReference;
        focus?: boolean;
        label?: string;
        icon?: string;
        iconAlt?: string;
        overrideNavRules?: boolean;
    }
    export interface TabInfo {
        tabId: string;
        url: string;
        pageReference: PageReference;
        recordId?: string;
        title?: string;
        focused: boolean;
        isSubtab: boolean;
        parentTabId?: string | null;
        subtabs: TabInfo[];
    }
    export const IsConsoleNavigation: import('lwc').WireAdapterConstructor<Record<string, never>, boolean | undefined>;
    export const EnclosingTabId: import('lwc').WireAdapterConstructor<Record<string, never>, string | undefined>;
    export function openTab(options: OpenTabOptions): Promise<string>;
    export function openSubtab(parentTabId: string, options: OpenTabOptions): Promise<string>;
    export function focusTab(tabId: string): Promise<void>;
    export function closeTab(tabId: string): Promise<void>;
    export function refreshTab(tabId: string, options?: { includeAllSubtabs?: boolean }): Promise<void>;
    export function getFocusedTabInfo(): Promise<TabInfo>;
    export function getTabInfo(tabId: string): Promise<TabInfo>;
    export function getAllTabInfo(): Promise<TabInfo[]>;
    export function setTabLabel(tabId: string, label: string): Promise<void>;
    export function setTabIcon(tabId: string, icon: string, options?: { iconAlt?: string }): Promise<void>;
    export function setTabHighlighted(tabId: string, highlighted: boolean, options?: unknown): Promise<void>;
}

declare module 'lightning/platformUtilityBarApi' {
    export interface UtilityInfo {
        id: string;
        utilityLabel: string;
        utilityIcon: string;
        utilityVisible: boolean;
        utilityHighlighted: boolean;
        utilityPoppedOut: boolean;
        panelHeight: number;
        panelWidth: number;
    }
    export const EnclosingUtilityId: import('lwc').WireAdapterConstructor<Record<string, never>, string | undefined>;
    export function open(utilityId: string, options?: { autoFocus?: boolean }): Promise<boolean>;
    export function minimize(utilityId: string): Promise<boolean>;
    export function getInfo(utilityId: string): Promise<UtilityInfo>;
    export function getAllUtilityInfo(): Promise<UtilityInfo[]>;
    export function isUtilityPoppedOut(utilityId: string): Promise<boolean>;
    export function updateUtility(
        utilityId: string,
        utilityAttrs?: {
            label?: string;
            icon?: string;
            iconVariant?: 'success' | 'warning' | 'error';
            highlighted?: boolean;
        }
    ): Promise<boolean>;
    export function updatePanel(
        utilityId: string,
        panelAttrs?: { label?: string; icon?: string; height?: number; width?: number }
    ): Promise<boolean>;
}

declare module 'lightning/navigation' {
    export interface PageReference {
        type: string;
        attributes?: Record<string, unknown>;
        state?: Record<string, unknown>;
    }
    // The TypeScript mixin pattern requires any[] constructor arguments.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    type Constructor<T = object> = new (...args: any[]) => T;
    interface NavigationMixinApi {
        <B extends Constructor>(base: B): B;
        readonly Navigate: unique symbol;
        readonly GenerateUrl: unique symbol;
    }
    export const NavigationMixin: NavigationMixinApi;
    export const CurrentPageReference: unknown;
}

declare module 'lightning/pageReferenceUtils' {
    /** Field=Value pairs for state.defaultFieldValues of a standard__objectPage `new` page reference. */
    export function encodeDefaultFieldValues(
        values: Record<string, string | number | boolean | null | undefined>
    ): string;
    export function decodeDefaultFieldValues(values: string): Record<string, string>;
}

declare module 'lightning/messageService' {
    /** Opaque: what the MessageContext wire provisions. */
    export type MessageContextValue = object;
    export interface MessageSubscription {
        readonly channel?: unknown;
    }
    export const APPLICATION_SCOPE: symbol;
    export const MessageContext: import('lwc').WireAdapterConstructor<
        Record<string, never>,
        MessageContextValue | undefined
    >;
    export function subscribe<M = unknown>(
        messageContext: MessageContextValue | undefined,
        messageChannel: unknown,
        listener: (message: M) => void,
        subscriberOptions?: { scope?: symbol }
    ): MessageSubscription;
    export function unsubscribe(subscription: MessageSubscription): void;
    export function publish(
        messageContext: MessageContextValue | undefined,
        messageChannel: unknown,
        message?: unknown
    ): void;
}

declare module 'lightning/platformShowToastEvent' {
    export interface ShowToastEventParams {
        title?: string;
        message?: string;
        messageData?: Array<string | { url: string; label: string }>;
        variant?: 'info' | 'success' | 'warning' | 'error';
        mode?: 'dismissible' | 'pester' | 'sticky';
    }
    export class ShowToastEvent extends CustomEvent<ShowToastEventParams> {
        constructor(params: ShowToastEventParams);
    }
}
