// A small fake Lightning console behind lightning/platformWorkspaceApi: openTab gives each new
// page a tab Id and focuses an already open one (as the platform does), getTabInfo describes a
// tab with the platform's tabInfo shape, and workspaceMock.saveNewRecord(tabId, recordId, object)
// plays what the console does when the agent saves a record-create tab: the tab now shows the
// new record and lightning__tabReplaced is published. IsConsoleNavigation is a test wire adapter
// (emit(true) in a console app, emit(false) outside one). Failures can be injected per call.
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';
import { publish } from 'lightning/messageService';

interface PageReference {
    type: string;
    attributes?: Record<string, unknown>;
    state?: Record<string, unknown>;
}

interface OpenTabOptions {
    pageReference?: PageReference;
    recordId?: string;
    url?: string;
    focus?: boolean;
    label?: string;
}

interface Tab {
    tabId: string;
    pageReference: PageReference;
    recordId?: string;
    focused: boolean;
}

let tabs: Tab[] = [];
let nextTab = 1;
let failures: unknown[] = [];

function keyOf(pageReference: PageReference): string {
    return JSON.stringify([pageReference.type, pageReference.attributes ?? {}, pageReference.state ?? {}]);
}

function info(tab: Tab) {
    return {
        tabId: tab.tabId,
        url: tab.recordId ? `/lightning/r/${tab.recordId}/view` : '/lightning/o/new',
        pageReference: tab.pageReference,
        recordId: tab.recordId,
        focused: tab.focused,
        isSubtab: false,
        parentTabId: null,
        subtabs: []
    };
}

export const IsConsoleNavigation = createTestWireAdapter(jest.fn());
export const EnclosingTabId = createTestWireAdapter(jest.fn());

export const openTab = jest.fn((options: OpenTabOptions) => {
    if (failures.length > 0) return Promise.reject(failures.shift());
    const pageReference: PageReference =
        options.pageReference ??
        (options.recordId
            ? { type: 'standard__recordPage', attributes: { recordId: options.recordId, actionName: 'view' } }
            : { type: 'standard__webPage', attributes: { url: options.url } });
    const key = keyOf(pageReference);
    let tab = tabs.find((t) => keyOf(t.pageReference) === key);
    if (!tab) {
        tab = { tabId: `ctab${nextTab++}`, pageReference, focused: false };
        if (pageReference.type === 'standard__recordPage') tab.recordId = String(pageReference.attributes?.recordId);
        tabs.push(tab);
    }
    if (options.focus !== false) {
        for (const t of tabs) t.focused = t === tab;
    }
    return Promise.resolve(tab.tabId);
});

export const focusTab = jest.fn((tabId: string) => {
    const tab = tabs.find((t) => t.tabId === tabId);
    if (!tab) return Promise.reject({ message: `No tab ${tabId}` });
    for (const t of tabs) t.focused = t === tab;
    return Promise.resolve(true);
});

export const getTabInfo = jest.fn((tabId: string) => {
    const tab = tabs.find((t) => t.tabId === tabId);
    return tab ? Promise.resolve(info(tab)) : Promise.reject({ message: `No tab ${tabId}` });
});

export const getAllTabInfo = jest.fn(() => Promise.resolve(tabs.map(info)));
export const getFocusedTabInfo = jest.fn(() => {
    const tab = tabs.find((t) => t.focused);
    return Promise.resolve(tab ? info(tab) : {});
});
export const closeTab = jest.fn((tabId: string) => {
    tabs = tabs.filter((t) => t.tabId !== tabId);
    publish(undefined, 'lightning__tabClosed', { tabId });
    return Promise.resolve(true);
});
export const openSubtab = jest.fn().mockResolvedValue('csubtab1');
export const refreshTab = jest.fn().mockResolvedValue(true);
export const setTabLabel = jest.fn().mockResolvedValue(true);
export const setTabIcon = jest.fn().mockResolvedValue(true);
export const setTabHighlighted = jest.fn().mockResolvedValue(true);
export const disableTabClose = jest.fn().mockResolvedValue(true);

export const workspaceMock = {
    /** The console's tabs, in the order they were opened. */
    tabs(): Array<ReturnType<typeof info>> {
        return tabs.map(info);
    },
    /** The agent saved the record-create form in `tabId`: the tab now shows the new record. */
    saveNewRecord(tabId: string, recordId: string, objectApiName: string): void {
        const tab = tabs.find((t) => t.tabId === tabId);
        if (!tab) throw new Error(`No tab ${tabId}`);
        tab.pageReference = {
            type: 'standard__recordPage',
            attributes: { recordId, objectApiName, actionName: 'view' }
        };
        tab.recordId = recordId;
        publish(undefined, 'lightning__tabReplaced', { tabId });
    },
    /** The next openTab calls reject with these errors, in order. */
    failNextOpen(...errors: unknown[]): void {
        failures.push(...errors);
    },
    reset(): void {
        tabs = [];
        nextTab = 1;
        failures = [];
        for (const fn of [openTab, focusTab, getTabInfo, getAllTabInfo, getFocusedTabInfo, closeTab]) fn.mockClear();
    }
};
