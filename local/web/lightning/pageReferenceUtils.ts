/** lightning/pageReferenceUtils in the local console (the platform's default-value encoding). */
type Value = string | number | boolean | null | undefined;

export function encodeDefaultFieldValues(values: Record<string, Value>): string {
    if (typeof values !== 'object' || values === null) {
        throw new TypeError('The encodeDefaultFieldValues input must be a non-null object.');
    }
    return Object.keys(values)
        .map((key) => {
            const value = values[key];
            return `${key}=${encodeURIComponent(value === null || value === undefined ? '' : String(value))}`;
        })
        .join(',');
}

export function decodeDefaultFieldValues(encoded: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const pair of String(encoded ?? '').split(',')) {
        const at = pair.indexOf('=');
        if (at > 0) out[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1));
    }
    return out;
}
