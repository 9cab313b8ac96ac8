// Small utilities shared by the component tests.

/** Lets pending promise callbacks and the re-render they cause run. */
export function flushPromises(rounds = 3): Promise<void> {
    let chain = Promise.resolve();
    for (let i = 0; i < rounds; i += 1) {
        chain = chain.then(() => undefined);
    }
    return chain;
}

/** Controls of sfdx-lwc-jest's LDS test wire adapters (getObjectInfo, getPicklistValues…). */
export interface LdsTestAdapter {
    emit(value: unknown, filter?: (config: Record<string, unknown>) => boolean): void;
    error(body?: unknown, status?: number, statusText?: string): void;
    getLastConfig(): Record<string, unknown> | null;
}

export function ldsAdapter(adapter: unknown): LdsTestAdapter {
    return adapter as LdsTestAdapter;
}

/** Removes every element the test appended to the document body. */
export function resetDom(): void {
    while (document.body.firstChild) {
        document.body.removeChild(document.body.firstChild);
    }
}

/**
 * The accessibility check (axe through @sa11y/jest) needs real timers; tests that run on fake
 * timers call this last.
 */
export async function expectAccessible(element: HTMLElement): Promise<void> {
    jest.useRealTimers();
    await expect(element).toBeAccessible();
}
