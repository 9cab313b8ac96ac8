/** lightning/graphql in the local console: the UI API GraphQL wire, answered by the local org. */
import { api } from 'console/runtime';

interface GraphQLConfig {
    query?: unknown;
    variables?: Record<string, unknown>;
    operationName?: string;
}

interface GraphQLAnswer {
    data: unknown;
    errors?: Array<{ message: string }>;
}

export function gql(strings: TemplateStringsArray, ...values: unknown[]): string {
    return strings.raw.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ''), '');
}

function ready(config: GraphQLConfig): boolean {
    if (typeof config.query !== 'string' || config.query.length === 0) return false;
    return Object.values(config.variables ?? {}).every((v) => v !== undefined);
}

export class graphql {
    private config: GraphQLConfig = {};
    private connected = false;
    private sequence = 0;

    constructor(private readonly callback: (value: unknown) => void) {}

    update(config: GraphQLConfig): void {
        this.config = config;
        if (this.connected) void this.fetch();
    }

    connect(): void {
        this.connected = true;
        void this.fetch();
    }

    disconnect(): void {
        this.connected = false;
    }

    private fetch(): Promise<unknown> {
        const config = this.config;
        if (!ready(config)) return Promise.resolve(undefined);
        const mine = ++this.sequence;
        const refresh = (): Promise<unknown> => this.fetch();
        return api<GraphQLAnswer>('POST', '/api/ui/graphql', {
            query: config.query,
            variables: config.variables ?? {},
            operationName: config.operationName
        }).then(
            (answer) => {
                if (mine !== this.sequence || !this.connected) return undefined;
                const errors = answer.errors && answer.errors.length > 0 ? answer.errors : undefined;
                const value = errors
                    ? { data: undefined, errors, refresh }
                    : { data: answer.data, errors: undefined, refresh };
                this.callback(value);
                return value;
            },
            (failure: { body?: unknown }) => {
                if (mine !== this.sequence || !this.connected) return undefined;
                const body = failure?.body;
                const errors = Array.isArray(body) ? body : [body ?? { message: 'The query failed.' }];
                this.callback({ data: undefined, errors, refresh });
                return undefined;
            }
        );
    }
}

export function refreshGraphQL(result: { refresh?: () => Promise<unknown> } | undefined): Promise<unknown> {
    return result?.refresh ? result.refresh() : Promise.resolve(undefined);
}
