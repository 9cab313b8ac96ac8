/**
 * The local console's shell: a Lightning-console-like page with workspace tabs and a utility
 * bar whose one item holds the package's real smsAgentPanel (agents) — or the supervisor view
 * (supervisors) on the home tab.
 */
import { LightningElement } from 'lwc';
import { session, toasts, utilityBar, workspace } from 'console/runtime';
import type { ConsoleTab, Toast, UtilityState } from 'console/runtime';

interface TabView {
    tabId: string;
    label: string;
    title: string;
    focused: boolean;
    className: string;
    closeLabel: string;
}

interface ToastView extends Toast {
    key: number;
    className: string;
    iconName: string;
}

const TOAST_MS = 6000;

export default class App extends LightningElement {
    tabs: ConsoleTab[] = [];
    utility: UtilityState = utilityBar.state;
    toastList: ToastView[] = [];
    private stops: Array<() => void> = [];
    private toastKey = 0;

    readonly userName = session.name;
    readonly phoneUrl = session.phoneUrl;
    readonly isAgent = session.role === 'agent';
    readonly isSupervisor = session.role === 'supervisor';
    readonly roleLabel = session.role === 'agent' ? 'Agent' : 'Supervisor';
    readonly rejectNote =
        session.role === 'agent'
            ? session.customPermissions.includes('SMS_Reject_Offers')
                ? 'may reject offers'
                : 'cannot reject offers'
            : 'read-only';

    connectedCallback(): void {
        this.stops.push(workspace.changed.subscribe((tabs) => (this.tabs = tabs)));
        this.stops.push(utilityBar.changed.subscribe((state) => (this.utility = state)));
        this.stops.push(toasts.subscribe((toast) => this.showToast(toast)));
        this.template?.addEventListener('lightning__showtoast', (event: Event) => {
            this.showToast((event as CustomEvent<Toast>).detail);
        });
        document.title = `SMS Agent Console — ${session.name}`;
    }

    disconnectedCallback(): void {
        for (const stop of this.stops) stop();
    }

    get homeFocused(): boolean {
        return !this.tabs.some((t) => t.focused);
    }

    get homeClass(): string {
        return `slds-context-bar__item slds-tabs_default__item${this.homeFocused ? ' slds-is-active' : ''}`;
    }

    get tabViews(): TabView[] {
        return this.tabs.map((t) => {
            const label = t.label || (t.pageReference.type === 'standard__objectPage' ? 'New' : 'Loading…');
            return {
                tabId: t.tabId,
                label,
                title: label,
                focused: t.focused,
                className: `slds-context-bar__item slds-tabs_default__item${t.focused ? ' slds-is-active' : ''}`,
                closeLabel: `Close ${label}`
            };
        });
    }

    get focusedTab(): ConsoleTab | undefined {
        return this.tabs.find((t) => t.focused);
    }

    get focusedRecordId(): string | undefined {
        return this.focusedTab?.recordId;
    }

    get focusedIsNew(): boolean {
        const tab = this.focusedTab;
        return Boolean(tab && tab.pageReference.type === 'standard__objectPage');
    }

    get focusedPageReference(): unknown {
        return this.focusedTab?.pageReference;
    }

    get focusedTabId(): string | undefined {
        return this.focusedTab?.tabId;
    }

    get focusedIsOther(): boolean {
        const tab = this.focusedTab;
        return Boolean(tab && !tab.recordId && tab.pageReference.type !== 'standard__objectPage');
    }

    /** While the SMS panel is open, the workspace makes room for it (the record stays readable beside the chat). */
    get workspaceClass(): string {
        return `workspace slds-col${this.isAgent && this.utility.open ? ' with-panel' : ''}`;
    }

    get panelClass(): string {
        return `utility-panel slds-utility-panel slds-grid slds-grid_vertical${this.utility.open ? ' slds-is-open' : ' is-closed'}`;
    }

    get utilityButtonClass(): string {
        return `slds-button slds-utility-bar__action${this.utility.open ? ' slds-is-active' : ''}${
            this.utility.highlighted ? ' is-highlighted' : ''
        }`;
    }

    get utilityExpanded(): string {
        return String(this.utility.open);
    }

    handleHome(event: Event): void {
        event.preventDefault();
        workspace.focusTab(null);
    }

    handleTab(event: Event): void {
        event.preventDefault();
        workspace.focusTab((event.currentTarget as HTMLElement).dataset.tabId ?? null);
    }

    handleClose(event: Event): void {
        event.stopPropagation();
        const tabId = (event.currentTarget as HTMLElement).dataset.tabId;
        if (tabId) workspace.close(tabId);
    }

    handleLabel(event: CustomEvent<{ tabId: string; label: string }>): void {
        workspace.setLabel(event.detail.tabId, event.detail.label);
    }

    toggleUtility(): void {
        utilityBar.set({ open: !this.utility.open });
    }

    minimizeUtility(): void {
        utilityBar.set({ open: false });
    }

    dismissToast(event: Event): void {
        const key = Number((event.currentTarget as HTMLElement).dataset.key);
        this.toastList = this.toastList.filter((t) => t.key !== key);
    }

    private showToast(toast: Toast): void {
        const variant = ['success', 'error', 'warning', 'info'].includes(String(toast.variant))
            ? String(toast.variant)
            : 'info';
        const key = ++this.toastKey;
        this.toastList = [
            ...this.toastList,
            {
                ...toast,
                key,
                variant,
                className: `slds-notify slds-notify_toast slds-theme_${variant}`,
                iconName: `utility:${variant}`
            }
        ];
        if (toast.mode !== 'sticky') {
            setTimeout(() => (this.toastList = this.toastList.filter((t) => t.key !== key)), TOAST_MS);
        }
    }
}
