/**
 * Shared helpers for the package's components: a bundle with no template that exports plain
 * functions.
 *
 * - `reduceErrors` turns every error shape that Lightning Data Service, the UI API, fetch,
 *   empApi and plain JavaScript produce into a list of human-readable messages.
 * - `formatLabel` fills `{0}`, `{1}`… placeholders in a custom label.
 */

/** Anything a catch block or an error callback can receive. */
export type ErrorLike = unknown;

interface UiApiErrorBody {
    message?: unknown;
    errorCode?: unknown;
    output?: {
        errors?: Array<{ message?: unknown; errorCode?: unknown }>;
        fieldErrors?: Record<string, Array<{ message?: unknown }>>;
    };
    pageErrors?: Array<{ message?: unknown }>;
    fieldErrors?: Record<string, Array<{ message?: unknown }>>;
    enhancedErrorType?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null;
}

function text(value: unknown): string | undefined {
    if (typeof value === 'string') {
        const trimmed = value.trim();
        return trimmed.length > 0 ? trimmed : undefined;
    }
    return undefined;
}

function messagesFromBody(body: unknown): string[] {
    if (Array.isArray(body)) {
        // REST API errors: [{ message, errorCode, fields }]
        return body.flatMap((entry) => messagesFromBody(entry));
    }
    if (!isObject(body)) {
        return text(body) ? [text(body) as string] : [];
    }
    const typed = body as UiApiErrorBody;
    const found: string[] = [];
    // UI API record write errors: output.errors and output.fieldErrors
    for (const err of typed.output?.errors ?? []) {
        const message = text(err.message);
        if (message) found.push(message);
    }
    for (const errs of Object.values(typed.output?.fieldErrors ?? {})) {
        for (const err of errs) {
            const message = text(err.message);
            if (message) found.push(message);
        }
    }
    // Apex-free but still possible: DML-style pageErrors / fieldErrors
    for (const err of typed.pageErrors ?? []) {
        const message = text(err.message);
        if (message) found.push(message);
    }
    for (const errs of Object.values(typed.fieldErrors ?? {})) {
        for (const err of errs) {
            const message = text(err.message);
            if (message) found.push(message);
        }
    }
    if (found.length === 0) {
        const message = text(typed.message);
        if (message) found.push(message);
    }
    return found;
}

function messagesFromError(error: unknown): string[] {
    if (error === null || error === undefined) {
        return [];
    }
    const direct = text(error);
    if (direct) {
        return [direct];
    }
    if (!isObject(error)) {
        return [String(error)];
    }
    // LDS / UI API: { body: {...} | [...], status, statusText }
    if ('body' in error && error.body !== undefined && error.body !== null) {
        const fromBody = messagesFromBody(error.body);
        if (fromBody.length > 0) {
            return fromBody;
        }
    }
    // GraphQL wire adapter: { errors: [{ message }] } or an array of those
    if (Array.isArray(error.errors)) {
        const fromErrors = error.errors.flatMap((entry: unknown) => messagesFromError(entry));
        if (fromErrors.length > 0) {
            return fromErrors;
        }
    }
    // JavaScript Error, empApi error objects ({ error, message }), anything with message
    const message = text(error.message);
    if (message) {
        return [message];
    }
    const nested = error.error;
    if (nested !== undefined && nested !== error) {
        const fromNested = messagesFromError(nested);
        if (fromNested.length > 0) {
            return fromNested;
        }
    }
    const statusText = text(error.statusText);
    if (statusText) {
        return [statusText];
    }
    return [];
}

/**
 * Reduces one or more errors into a list of distinct, non-empty messages, in the order met.
 */
export function reduceErrors(errors: ErrorLike | ErrorLike[]): string[] {
    const list = Array.isArray(errors) ? errors : [errors];
    const seen = new Set<string>();
    for (const error of list) {
        for (const message of messagesFromError(error)) {
            seen.add(message);
        }
    }
    return [...seen];
}

/**
 * Fills `{0}`, `{1}`… in a custom label with the given values. A placeholder with no value is
 * left as it is, so a missing argument is visible rather than silently empty.
 */
export function formatLabel(label: string, ...values: Array<string | number | null | undefined>): string {
    return label.replace(/\{(\d+)\}/g, (placeholder: string, index: string) => {
        const value = values[Number(index)];
        return value === undefined || value === null ? placeholder : String(value);
    });
}
