/**
 * Salesforce record Ids: 15 case-sensitive characters (3-character key prefix, pod, counter)
 * plus the 3-character case-insensitive suffix that makes the 18-character form.
 */
const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** The 3-character checksum suffix of a 15-character Id. */
export function idSuffix(id15: string): string {
    let suffix = '';
    for (let block = 0; block < 3; block++) {
        let flags = 0;
        for (let i = 0; i < 5; i++) {
            const c = id15.charAt(block * 5 + i);
            if (c >= 'A' && c <= 'Z') flags += 1 << i;
        }
        suffix += SUFFIX_CHARS.charAt(flags);
    }
    return suffix;
}

/** The 18-character form of a 15- or 18-character Id, or null when it is not an Id. */
export function toId18(id: string): string | null {
    if (!ID_PATTERN.test(id)) return null;
    const id15 = id.slice(0, 15);
    const full = id15 + idSuffix(id15);
    if (id.length === 18 && id.slice(15).toUpperCase() !== full.slice(15)) return null;
    return full;
}

export function isSalesforceId(value: unknown): value is string {
    return typeof value === 'string' && toId18(value) !== null;
}

/** Two Ids name the same record (15 or 18 characters, either way round). */
export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
    if (!a || !b) return false;
    const x = toId18(a);
    return x !== null && x === toId18(b);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Makes 18-character Ids for one key prefix, the way an org numbers its records. */
export class IdFactory {
    private counter: number;
    constructor(
        private readonly keyPrefix: string,
        private readonly pod = '5g',
        /** Ids already issued (a factory resumed after a restart goes on from there). */
        issued = 0
    ) {
        if (!/^[a-zA-Z0-9]{3}$/.test(keyPrefix)) throw new Error(`Invalid key prefix: ${keyPrefix}`);
        this.counter = issued;
    }

    /** How many Ids this factory has issued. */
    get issued(): number {
        return this.counter;
    }

    next(): string {
        let n = ++this.counter;
        let digits = '';
        for (let i = 0; i < 10; i++) {
            digits = BASE62.charAt(n % 62) + digits;
            n = Math.floor(n / 62);
        }
        const id15 = `${this.keyPrefix}${this.pod}${digits}`;
        return id15 + idSuffix(id15);
    }
}
