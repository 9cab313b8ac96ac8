/**
 * Where the panel opens records (B7, B8, B13, B15–B17, B29). In a Lightning console app each page
 * opens in a focused workspace tab (lightning/platformWorkspaceApi `openTab`); anywhere else the
 * container's NavigationMixin navigates to it (lightning/navigation). The console also tells when
 * a record-create tab was saved: `lightning__tabReplaced` (through lightning/messageService)
 * names the tab, and `getTabInfo` then shows the new record in it.
 *
 * The whole list of platform calls the CRM part makes lives here and in the container; the local
 * console implements exactly these (docs/crm.md).
 */
import { getTabInfo, openTab } from 'lightning/platformWorkspaceApi';
import { encodeDefaultFieldValues } from 'lightning/pageReferenceUtils';
import { APPLICATION_SCOPE, subscribe, unsubscribe } from 'lightning/messageService';
import type { MessageContextValue, MessageSubscription } from 'lightning/messageService';
import TAB_REPLACED_CHANNEL from '@salesforce/messageChannel/lightning__tabReplaced';
import TAB_CLOSED_CHANNEL from '@salesforce/messageChannel/lightning__tabClosed';

export interface PageReference {
    type: string;
    attributes: Record<string, unknown>;
    state?: Record<string, unknown>;
}

/** How the container opens a page: in a console app through tabs, elsewhere by navigating. */
export interface Opener {
    console: boolean;
    navigate(pageReference: PageReference): void;
}

/** A record's view page. */
export function recordPage(recordId: string, objectApiName?: string): PageReference {
    const attributes: Record<string, unknown> = { recordId, actionName: 'view' };
    if (objectApiName) attributes.objectApiName = objectApiName;
    return { type: 'standard__recordPage', attributes };
}

/** The standard New action of an object, with default field values (the standard create form). */
export function newRecordPage(objectApiName: string, defaults: Record<string, string>): PageReference {
    return {
        type: 'standard__objectPage',
        attributes: { objectApiName, actionName: 'new' },
        state: { defaultFieldValues: encodeDefaultFieldValues(defaults) }
    };
}

/**
 * Opens a page: a focused workspace tab in a console app (resolves to its tab Id; a page already
 * open in a tab is focused), otherwise a navigation (resolves to null). Rejects with the
 * platform's error when the console cannot open it.
 */
export async function openPage(pageReference: PageReference, opener: Opener): Promise<string | null> {
    if (opener.console) {
        return openTab({ pageReference, focus: true });
    }
    opener.navigate(pageReference);
    return null;
}

/** The record a console tab shows now, or null (still a form, or not a record page). */
export async function recordInTab(tabId: string): Promise<string | null> {
    const info = await getTabInfo(tabId);
    if (!info || info.pageReference?.type !== 'standard__recordPage') return null;
    const id = info.recordId ?? info.pageReference.attributes?.recordId;
    return typeof id === 'string' && id.length > 0 ? id : null;
}

export interface TabWatcher {
    /** A tab's content was replaced, e.g. a create form by the record just saved. */
    replaced(tabId: string): void;
    closed(tabId: string): void;
}

/**
 * Follows the console's tab events (application scope: the utility panel hears them while closed).
 * Returns the function that stops following them. Outside a console app nothing is published.
 */
export function watchTabs(context: MessageContextValue | undefined, watcher: TabWatcher): () => void {
    const subscriptions: MessageSubscription[] = [
        subscribe<{ tabId?: string }>(
            context,
            TAB_REPLACED_CHANNEL,
            (message) => {
                if (message?.tabId) watcher.replaced(message.tabId);
            },
            { scope: APPLICATION_SCOPE }
        ),
        subscribe<{ tabId?: string }>(
            context,
            TAB_CLOSED_CHANNEL,
            (message) => {
                if (message?.tabId) watcher.closed(message.tabId);
            },
            { scope: APPLICATION_SCOPE }
        )
    ];
    return () => {
        for (const subscription of subscriptions) unsubscribe(subscription);
    };
}
