/**
 * Custom channel filter expressions, as Salesforce documents them for PlatformEventChannelMember:
 * a SOQL-like subset — field expressions with =, !=, <, >, <=, >=, LIKE, IN, NOT IN, joined by
 * AND / OR with parentheses; text literals in single quotes compared case-insensitively.
 */
import { ConnectorError } from '../errors';
import type { FieldValue } from '../types';

type Literal = string | number | boolean | null;

type Node =
    | { kind: 'and' | 'or'; left: Node; right: Node }
    | { kind: 'cmp'; field: string; op: '=' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE'; value: Literal }
    | { kind: 'in'; field: string; negate: boolean; values: Literal[] };

type Token =
    | { t: 'word'; v: string }
    | { t: 'str'; v: string }
    | { t: 'num'; v: number }
    | { t: 'op'; v: string }
    | { t: 'punct'; v: string };

function fail(expression: string, why: string): never {
    throw new ConnectorError('FILTER_INVALID', `Filter expression is not valid (${why}): ${expression}`);
}

function tokenize(src: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < src.length) {
        const c = src[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === "'") {
            let v = '';
            i++;
            for (;;) {
                if (i >= src.length) fail(src, 'unterminated text literal');
                const d = src[i];
                if (d === '\\') {
                    const e = src[i + 1];
                    v += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
                    i += 2;
                } else if (d === "'") {
                    i++;
                    break;
                } else {
                    v += d;
                    i++;
                }
            }
            tokens.push({ t: 'str', v });
        } else if (/[0-9-]/.test(c) && /[0-9]/.test(src[i + (c === '-' ? 1 : 0)] ?? '')) {
            const rest = src.slice(i);
            const date = /^\d{4}-\d{2}-\d{2}(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?/.exec(rest);
            if (date) {
                // Date and Date/Time literals compare as epoch milliseconds.
                tokens.push({ t: 'num', v: Date.parse(date[0]) });
                i += date[0].length;
            } else {
                const m = /^-?\d+(?:\.\d+)?/.exec(rest);
                if (!m) fail(src, 'bad number');
                tokens.push({ t: 'num', v: Number(m[0]) });
                i += m[0].length;
            }
        } else if (/[A-Za-z_]/.test(c)) {
            const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
            tokens.push({ t: 'word', v: m![0] });
            i += m![0].length;
        } else if (c === '(' || c === ')' || c === ',') {
            tokens.push({ t: 'punct', v: c });
            i++;
        } else {
            const m = /^(<=|>=|!=|<>|=|<|>)/.exec(src.slice(i));
            if (!m) fail(src, `unexpected character ${JSON.stringify(c)}`);
            tokens.push({ t: 'op', v: m[0] === '<>' ? '!=' : m[0] });
            i += m[0].length;
        }
    }
    return tokens;
}

class Parser {
    private pos = 0;
    constructor(
        private readonly tokens: Token[],
        private readonly src: string
    ) {}

    parse(): Node {
        const node = this.or();
        if (this.pos !== this.tokens.length) fail(this.src, 'unexpected trailing input');
        return node;
    }

    private peekWord(word: string): boolean {
        const t = this.tokens[this.pos];
        return t !== undefined && t.t === 'word' && t.v.toUpperCase() === word;
    }

    private or(): Node {
        let left = this.and();
        while (this.peekWord('OR')) {
            this.pos++;
            left = { kind: 'or', left, right: this.and() };
        }
        return left;
    }

    private and(): Node {
        let left = this.primary();
        while (this.peekWord('AND')) {
            this.pos++;
            left = { kind: 'and', left, right: this.primary() };
        }
        return left;
    }

    private primary(): Node {
        const t = this.tokens[this.pos];
        if (!t) fail(this.src, 'expression ends too early');
        if (t.t === 'punct' && t.v === '(') {
            this.pos++;
            const inner = this.or();
            const close = this.tokens[this.pos++];
            if (!close || close.t !== 'punct' || close.v !== ')') fail(this.src, 'missing )');
            return inner;
        }
        if (t.t !== 'word') fail(this.src, 'a field name was expected');
        this.pos++;
        const field = t.v;
        if (this.peekWord('NOT')) {
            this.pos++;
            if (!this.peekWord('IN')) fail(this.src, 'NOT must be followed by IN');
            this.pos++;
            return { kind: 'in', field, negate: true, values: this.list() };
        }
        if (this.peekWord('IN')) {
            this.pos++;
            return { kind: 'in', field, negate: false, values: this.list() };
        }
        if (this.peekWord('LIKE')) {
            this.pos++;
            const value = this.literal();
            if (typeof value !== 'string') fail(this.src, 'LIKE needs a text literal');
            return { kind: 'cmp', field, op: 'LIKE', value };
        }
        const op = this.tokens[this.pos++];
        if (!op || op.t !== 'op') fail(this.src, `an operator was expected after ${field}`);
        return { kind: 'cmp', field, op: op.v as '=', value: this.literal() };
    }

    private list(): Literal[] {
        const open = this.tokens[this.pos++];
        if (!open || open.t !== 'punct' || open.v !== '(') fail(this.src, 'IN needs a parenthesised list');
        const values: Literal[] = [this.literal()];
        for (;;) {
            const t = this.tokens[this.pos++];
            if (t && t.t === 'punct' && t.v === ',') values.push(this.literal());
            else if (t && t.t === 'punct' && t.v === ')') return values;
            else fail(this.src, 'bad IN list');
        }
    }

    private literal(): Literal {
        const t = this.tokens[this.pos++];
        if (!t) fail(this.src, 'a value was expected');
        if (t.t === 'str' || t.t === 'num') return t.v;
        if (t.t === 'word') {
            const w = t.v.toLowerCase();
            if (w === 'true') return true;
            if (w === 'false') return false;
            if (w === 'null') return null;
        }
        return fail(this.src, `unexpected ${t.v}`);
    }
}

function likeToRegExp(pattern: string): RegExp {
    const body = pattern
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.');
    return new RegExp(`^${body}$`, 'is');
}

function normalise(value: FieldValue | undefined): Literal {
    if (value === undefined) return null;
    if (typeof value === 'string') {
        const t = value.trim();
        // Date/Time values compare as epoch milliseconds.
        if (/^\d{4}-\d{2}-\d{2}T/.test(t)) return Date.parse(t);
        return t.toLowerCase();
    }
    return value;
}

function compare(actual: FieldValue | undefined, op: string, expected: Literal): boolean {
    const a = normalise(actual);
    const b = typeof expected === 'string' ? expected.trim().toLowerCase() : expected;
    switch (op) {
        case '=':
            return a === b || (b === false && a === null) || (b === null && a === false);
        case '!=':
            return !compare(actual, '=', expected);
        case 'LIKE':
            return typeof a === 'string' && typeof expected === 'string' && likeToRegExp(expected).test(a);
        default: {
            if (a === null || b === null) return false;
            if (op === '<') return a < b;
            if (op === '>') return a > b;
            if (op === '<=') return a <= b;
            return a >= b;
        }
    }
}

function evaluate(node: Node, payload: Record<string, FieldValue>): boolean {
    switch (node.kind) {
        case 'and':
            return evaluate(node.left, payload) && evaluate(node.right, payload);
        case 'or':
            return evaluate(node.left, payload) || evaluate(node.right, payload);
        case 'in': {
            const hit = node.values.some((v) => compare(payload[node.field], '=', v));
            return node.negate ? !hit : hit;
        }
        case 'cmp':
            return compare(payload[node.field], node.op, node.value);
    }
}

function fieldsOf(node: Node, out: Set<string>): Set<string> {
    switch (node.kind) {
        case 'and':
        case 'or':
            fieldsOf(node.left, out);
            fieldsOf(node.right, out);
            break;
        default:
            out.add(node.field);
    }
    return out;
}

export type EventFilter = (payload: Record<string, FieldValue>) => boolean;

/**
 * Compiles a filter expression. `knownFields`, when given, refuses expressions on fields the
 * event does not have, as the org does when the channel member is saved.
 */
export function compileFilter(expression: string, knownFields?: ReadonlySet<string>): EventFilter {
    const node = new Parser(tokenize(expression), expression).parse();
    if (knownFields) {
        for (const field of fieldsOf(node, new Set())) {
            if (!knownFields.has(field)) fail(expression, `the event has no field ${field}`);
        }
    }
    return (payload) => evaluate(node, payload);
}
