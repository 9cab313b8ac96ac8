/**
 * Escaping every literal that goes into SOQL or SOSL. Nothing is pasted into a query unescaped.
 */

/** A SOQL string literal, quotes included: `'O\'Brien'`. */
export function soqlString(value: string): string {
    const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (c) => {
        switch (c) {
            case '\n':
                return '\\n';
            case '\r':
                return '\\r';
            case '\t':
                return '\\t';
            case '\b':
                return '\\b';
            case '\f':
                return '\\f';
            default:
                return `\\${c}`;
        }
    });
    return `'${escaped}'`;
}

/** A parenthesised list of SOQL string literals for `IN (…)`. */
export function soqlInList(values: readonly string[]): string {
    if (values.length === 0) throw new Error('An IN list needs at least one value');
    return `(${values.map(soqlString).join(', ')})`;
}

/** SOSL reserved characters, escaped with a backslash inside `FIND {…}`. */
const SOSL_RESERVED = /[?&|!{}[\]()^~*:\\"'+-]/g;

/** A SOSL search term for `FIND {…}`: reserved characters escaped. */
export function soslTerm(value: string): string {
    return value.replace(SOSL_RESERVED, (c) => `\\${c}`);
}
