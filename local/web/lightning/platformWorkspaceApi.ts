/** lightning/platformWorkspaceApi in the local console: the shell's tabs. */
import { constantAdapter, workspace } from 'console/runtime';
import type { PageReference } from 'console/runtime';

interface OpenTabOptions {
    pageReference?: PageReference;
    recordId?: string;
    url?: string;
    focus?: boolean;
    label?: string;
}

function pageOf(options: OpenTabOptions): PageReference {
    if (options.pageReference) return options.pageReference;
    if (options.recordId)
        return { type: 'standard__recordPage', attributes: { recordId: options.recordId, actionName: 'view' } };
    return { type: 'standard__webPage', attributes: { url: options.url } };
}

function noTab(tabId: string): Promise<never> {
    return Promise.reject({ message: `No tab ${tabId}` });
}

export const IsConsoleNavigation = constantAdapter(true);
export const EnclosingTabId = constantAdapter(null);

export function openTab(options: OpenTabOptions): Promise<string> {
    return Promise.resolve(workspace.open(pageOf(options), options.focus !== false, options.label ?? '').tabId);
}

export function openSubtab(_parentTabId: string, options: OpenTabOptions): Promise<string> {
    return openTab(options);
}

export function focusTab(tabId: string): Promise<boolean> {
    if (!workspace.find(tabId)) return noTab(tabId);
    workspace.focusTab(tabId);
    return Promise.resolve(true);
}

export function closeTab(tabId: string): Promise<boolean> {
    return workspace.close(tabId) ? Promise.resolve(true) : noTab(tabId);
}

export function getTabInfo(tabId: string): Promise<Record<string, unknown>> {
    const tab = workspace.find(tabId);
    return tab ? Promise.resolve(workspace.info(tab)) : noTab(tabId);
}

export function getAllTabInfo(): Promise<Array<Record<string, unknown>>> {
    return Promise.resolve(workspace.tabs.map((t) => workspace.info(t)));
}

export function getFocusedTabInfo(): Promise<Record<string, unknown>> {
    const tab = workspace.tabs.find((t) => t.focused);
    return Promise.resolve(tab ? workspace.info(tab) : {});
}

export function setTabLabel(tabId: string, label: string): Promise<boolean> {
    if (!workspace.find(tabId)) return noTab(tabId);
    workspace.setLabel(tabId, label);
    return Promise.resolve(true);
}

export function refreshTab(): Promise<boolean> {
    return Promise.resolve(true);
}
export function setTabIcon(): Promise<boolean> {
    return Promise.resolve(true);
}
export function setTabHighlighted(): Promise<boolean> {
    return Promise.resolve(true);
}
export function disableTabClose(): Promise<boolean> {
    return Promise.resolve(true);
}
export function isConsoleNavigation(): Promise<boolean> {
    return Promise.resolve(true);
}
