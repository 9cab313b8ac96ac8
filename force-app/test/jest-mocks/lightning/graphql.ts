// A stand-in for lightning/graphql (the v2 module). Like sfdx-lwc-jest's stub it is a test wire
// adapter whose value has the platform's shape { data, errors, refresh }; in addition `gql`
// returns the query text, so tests can check which query a wire runs, and `graphqlMock` emits to
// the wires of one operation (matched on the config's operationName). A wire whose query is
// undefined (a delayed query) receives nothing, as on the platform.

interface GraphQLConfigLike {
    query?: unknown;
    variables?: Record<string, unknown>;
    operationName?: string;
}

const instances = new Set<graphql>();

export class graphql {
    private readonly callback: (value: unknown) => void;
    config: GraphQLConfigLike = {};

    constructor(callback: (value: unknown) => void) {
        this.callback = callback;
        instances.add(this);
        // The platform provisions { data: undefined, errors: undefined } before the first answer.
        callback({ data: undefined, errors: undefined });
    }

    update(config: GraphQLConfigLike): void {
        this.config = config;
    }

    connect(): void {
        instances.add(this);
    }

    disconnect(): void {
        instances.delete(this);
    }

    deliver(value: unknown): void {
        this.callback(value);
    }
}

export function gql(strings: TemplateStringsArray, ...values: unknown[]): string {
    return strings.raw.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ''), '');
}

function wiresOf(operationName: string): graphql[] {
    return [...instances].filter(
        (wire) => wire.config.operationName === operationName && wire.config.query !== undefined
    );
}

export const graphqlMock = {
    /** Emits `data` to every live wire running `operationName`; `refresh` becomes the result's refresh. */
    emit(operationName: string, data: unknown, refresh?: () => Promise<unknown>): number {
        const wires = wiresOf(operationName);
        for (const wire of wires) wire.deliver({ data, errors: undefined, ...(refresh ? { refresh } : {}) });
        return wires.length;
    },
    /** Emits GraphQL errors ({ message, locations, path, extensions }) to the operation's wires. */
    emitErrors(operationName: string, errors: unknown[], refresh?: () => Promise<unknown>): number {
        const wires = wiresOf(operationName);
        for (const wire of wires) wire.deliver({ data: undefined, errors, ...(refresh ? { refresh } : {}) });
        return wires.length;
    },
    /** The config of the live wire running `operationName` (undefined when none). */
    configOf(operationName: string): GraphQLConfigLike | undefined {
        return [...instances].reverse().find((wire) => wire.config.operationName === operationName)?.config;
    },
    reset(): void {
        instances.clear();
    }
};
