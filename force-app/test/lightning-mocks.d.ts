// Types for the test controls that the shared mocks in jest-mocks/lightning add to the platform
// modules (jest.config.js maps each module to its mock). Only the tests see these declarations.

declare module 'lightning/empApi' {
    export const empApiMock: {
        reset(): void;
        setEnabled(value: boolean): void;
        failNextSubscribe(error: unknown, count?: number): void;
        fireError(error: unknown): void;
        fireMessage(channel: string, payloadOrMessage: Record<string, unknown>, replayId?: number): void;
        subscribedChannels(): string[];
    };
    export function platformEventMessage(channel: string, payload: Record<string, unknown>, replayId?: number): unknown;
}

declare module 'lightning/graphql' {
    export const graphqlMock: {
        emit(operationName: string, data: unknown, refresh?: () => Promise<unknown>): number;
        emitErrors(operationName: string, errors: unknown[], refresh?: () => Promise<unknown>): number;
        configOf(
            operationName: string
        ): { query?: unknown; variables?: Record<string, unknown>; operationName?: string } | undefined;
        reset(): void;
    };
}

declare module 'lightning/platformWorkspaceApi' {
    export const workspaceMock: {
        tabs(): TabInfo[];
        saveNewRecord(tabId: string, recordId: string, objectApiName: string): void;
        failNextOpen(...errors: unknown[]): void;
        reset(): void;
    };
}

declare module 'lightning/navigation' {
    export const navigationMock: {
        calls: Array<{ pageReference: PageReference; replace: boolean }>;
        reset(): void;
    };
}

declare module 'lightning/messageService' {
    export const messageServiceMock: {
        subscribed(): Array<{ channel: unknown; scope: symbol | undefined }>;
        reset(): void;
    };
}
