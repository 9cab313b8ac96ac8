/**
 * What the local console's platform modules share in the browser: the signed-in session, calls
 * to the local org's UI API, the console's tabs, the Lightning message bus, toasts and the
 * utility bar. Only the local lightning/* modules and the console shell use it; the package's
 * components never import it.
 */

export interface ConsoleSession {
    userId: string;
    name: string;
    username: string;
    role: 'agent' | 'supervisor';
    customPermissions: string[];
    timeZone: string;
    locale: string;
    phoneUrl: string;
}

declare global {
    interface Window {
        __localSession: ConsoleSession;
    }
}

export const session: ConsoleSession = window.__localSession;

/** A failed UI API call, in the shape Lightning Data Service hands to components. */
export interface FetchError {
    status: number;
    statusText: string;
    body: unknown;
    ok: false;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
        response = await fetch(path, {
            method,
            headers: {
                'x-local-user': session.userId,
                ...(body !== undefined ? { 'content-type': 'application/json' } : {})
            },
            body: body !== undefined ? JSON.stringify(body) : undefined
        });
    } catch {
        const failure: FetchError = {
            status: 0,
            statusText: 'Network error',
            body: { message: 'The local org could not be reached.' },
            ok: false
        };
        throw failure;
    }
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
        const failure: FetchError = {
            status: response.status,
            statusText: response.statusText,
            body: parsed,
            ok: false
        };
        throw failure;
    }
    return parsed as T;
}

// --- a tiny publish/subscribe ---------------------------------------------------------------

export class Topic<T> {
    private listeners = new Set<(value: T) => void>();

    subscribe(listener: (value: T) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    publish(value: T): void {
        for (const listener of [...this.listeners]) listener(value);
    }
}

/** Record Ids this browser tab created or changed: record wires that hold them read again. */
export const recordsChanged = new Topic<string[]>();

/**
 * A data wire of the local lightning/* modules: reads on connect and on a config change, hands
 * `{ data, error }` to the component (only the latest read's answer), and reads again when a
 * record it names (`ids()`) was created or changed in this browser tab.
 */
export abstract class ReadWire<C> {
    protected config: C | undefined;
    private connected = false;
    private sequence = 0;
    private stop: (() => void) | null = null;

    constructor(private readonly callback: (value: unknown) => void) {}

    update(config: C): void {
        this.config = config;
        if (this.connected) this.read();
    }

    connect(): void {
        this.connected = true;
        this.stop = recordsChanged.subscribe((ids) => {
            if (ids.some((id) => this.ids().includes(id))) this.read();
        });
        this.read();
    }

    disconnect(): void {
        this.connected = false;
        this.stop?.();
        this.stop = null;
    }

    /** The records whose change here means a new read. */
    protected ids(): string[] {
        return [];
    }

    /** The read for the current config, or null when the config is not complete yet. */
    protected abstract load(): Promise<unknown> | null;

    private read(): void {
        const pending = this.config ? this.load() : null;
        if (!pending) return;
        const mine = ++this.sequence;
        pending.then(
            (data) => {
                if (mine === this.sequence && this.connected) this.callback({ data, error: undefined });
            },
            (error) => {
                if (mine === this.sequence && this.connected) this.callback({ data: undefined, error });
            }
        );
    }
}

// --- the Lightning message service ------------------------------------------------------------

export const messageBus = new Topic<{ channel: unknown; message: unknown }>();

// --- the console's tabs --------------------------------------------------------------------------

export interface PageReference {
    type: string;
    attributes?: Record<string, unknown>;
    state?: Record<string, unknown>;
}

export interface ConsoleTab {
    tabId: string;
    pageReference: PageReference;
    recordId?: string;
    label: string;
    focused: boolean;
}

function keyOf(pageReference: PageReference): string {
    return JSON.stringify([pageReference.type, pageReference.attributes ?? {}, pageReference.state ?? {}]);
}

function recordIdOf(pageReference: PageReference): string | undefined {
    if (pageReference.type !== 'standard__recordPage') return undefined;
    const id = pageReference.attributes?.recordId;
    return typeof id === 'string' ? id : undefined;
}

class Workspace {
    tabs: ConsoleTab[] = [];
    readonly changed = new Topic<ConsoleTab[]>();
    private next = 1;

    open(pageReference: PageReference, focus = true, label = ''): ConsoleTab {
        const recordId = recordIdOf(pageReference);
        let tab = this.tabs.find((t) =>
            recordId ? t.recordId === recordId : keyOf(t.pageReference) === keyOf(pageReference)
        );
        if (!tab) {
            tab = { tabId: `ctab${this.next++}`, pageReference, recordId, label, focused: false };
            this.tabs = [...this.tabs, tab];
        }
        if (focus || this.tabs.length === 1) this.focusTab(tab.tabId);
        else this.emit();
        return tab;
    }

    focusTab(tabId: string | null): void {
        this.tabs = this.tabs.map((t) => ({ ...t, focused: t.tabId === tabId }));
        this.emit();
    }

    close(tabId: string): boolean {
        const index = this.tabs.findIndex((t) => t.tabId === tabId);
        if (index < 0) return false;
        const wasFocused = this.tabs[index].focused;
        this.tabs = this.tabs.filter((t) => t.tabId !== tabId);
        if (wasFocused && this.tabs.length > 0) this.focusTab(this.tabs[Math.max(0, index - 1)].tabId);
        else this.emit();
        messageBus.publish({ channel: 'lightning__tabClosed', message: { tabId } });
        return true;
    }

    /** A New record tab whose record was saved becomes that record's tab. */
    replace(tabId: string, recordId: string, objectApiName: string, label: string): void {
        this.tabs = this.tabs.map((t) =>
            t.tabId === tabId
                ? {
                      ...t,
                      pageReference: {
                          type: 'standard__recordPage',
                          attributes: { recordId, objectApiName, actionName: 'view' }
                      },
                      recordId,
                      label
                  }
                : t
        );
        this.emit();
        messageBus.publish({ channel: 'lightning__tabReplaced', message: { tabId } });
    }

    setLabel(tabId: string, label: string): void {
        this.tabs = this.tabs.map((t) => (t.tabId === tabId ? { ...t, label } : t));
        this.emit();
    }

    find(tabId: string): ConsoleTab | undefined {
        return this.tabs.find((t) => t.tabId === tabId);
    }

    info(tab: ConsoleTab): Record<string, unknown> {
        return {
            tabId: tab.tabId,
            url: tab.recordId ? `/lightning/r/${tab.recordId}/view` : '/lightning/o/new',
            pageReference: tab.pageReference,
            recordId: tab.recordId,
            title: tab.label,
            focused: tab.focused,
            closeable: true,
            isSubtab: false,
            parentTabId: null,
            subtabs: []
        };
    }

    private emit(): void {
        this.changed.publish(this.tabs);
    }
}

export const workspace = new Workspace();

// --- toasts and the utility bar ------------------------------------------------------------------

export interface Toast {
    title?: string;
    message?: string;
    variant?: string;
    mode?: string;
}

export const toasts = new Topic<Toast>();

export interface UtilityState {
    open: boolean;
    label: string;
    highlighted: boolean;
    icon: string;
}

class UtilityBar {
    state: UtilityState = { open: false, label: 'SMS', highlighted: false, icon: 'utility:sms' };
    readonly changed = new Topic<UtilityState>();

    set(patch: Partial<UtilityState>): void {
        this.state = { ...this.state, ...patch };
        this.changed.publish(this.state);
    }
}

export const utilityBar = new UtilityBar();

/** A wire adapter that hands one constant value to every component that wires it. */
export function constantAdapter(value: unknown): new (callback: (value: unknown) => void) => {
    connect(): void;
    disconnect(): void;
    update(): void;
} {
    return class {
        constructor(private readonly callback: (value: unknown) => void) {}
        connect(): void {
            this.callback(value);
        }
        disconnect(): void {}
        update(): void {
            this.callback(value);
        }
    };
}
