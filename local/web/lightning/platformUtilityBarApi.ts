/** lightning/platformUtilityBarApi in the local console: the one utility item that holds the SMS panel. */
import { constantAdapter, utilityBar } from 'console/runtime';

export const UTILITY_ID = 'utility-sms';
export const EnclosingUtilityId = constantAdapter(UTILITY_ID);

export function open(): Promise<boolean> {
    utilityBar.set({ open: true });
    return Promise.resolve(true);
}

export function minimize(): Promise<boolean> {
    utilityBar.set({ open: false });
    return Promise.resolve(true);
}

export function getInfo(): Promise<Record<string, unknown>> {
    const s = utilityBar.state;
    return Promise.resolve({
        id: UTILITY_ID,
        utilityLabel: s.label,
        utilityVisible: s.open,
        utilityHighlighted: s.highlighted,
        utilityIcon: s.icon
    });
}

export function getAllUtilityInfo(): Promise<Array<Record<string, unknown>>> {
    return getInfo().then((info) => [info]);
}

export function isUtilityPoppedOut(): Promise<boolean> {
    return Promise.resolve(false);
}

export function updateUtility(
    _utilityId: string,
    options: { label?: string; highlighted?: boolean; icon?: string } = {}
): Promise<boolean> {
    utilityBar.set({
        ...(options.label !== undefined ? { label: options.label } : {}),
        ...(options.highlighted !== undefined ? { highlighted: options.highlighted } : {}),
        ...(options.icon !== undefined ? { icon: options.icon } : {})
    });
    return Promise.resolve(true);
}

export function updatePanel(): Promise<boolean> {
    return Promise.resolve(true);
}

export function setUtilityLabel(_id: string, label: string): Promise<boolean> {
    utilityBar.set({ label });
    return Promise.resolve(true);
}

export function setUtilityHighlighted(_id: string, highlighted: boolean): Promise<boolean> {
    utilityBar.set({ highlighted });
    return Promise.resolve(true);
}
