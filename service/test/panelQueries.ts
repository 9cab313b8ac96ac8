/**
 * The fields the panel reads, taken from its GraphQL queries (force-app/…/smsQueries): for each
 * object queried, the fields selected as `Field { value }` directly on its nodes. Relationship
 * fields (`Channel__r { … }`) are the parent's fields and are left out.
 */
import fs from 'fs';
import path from 'path';

const QUERIES = path.resolve(__dirname, '../../force-app/main/default/lwc/smsQueries/smsQueries.ts');

export function panelFields(file = QUERIES): Map<string, Set<string>> {
    const source = fs.readFileSync(file, 'utf8');
    const out = new Map<string, Set<string>>();
    for (const query of source.matchAll(/gql`([\s\S]*?)`/g)) {
        const tokens = query[1].match(/[A-Za-z_][A-Za-z0-9_]*|[{}()]/g) ?? [];
        // Walk braces; remember which object's `node { … }` we are in and how deep.
        const stack: string[] = [];
        let object: string | null = null;
        let nodeDepth = -1;
        let parens = 0;
        for (let i = 0; i < tokens.length; i++) {
            const t = tokens[i];
            if (t === '(') parens++;
            else if (t === ')') parens--;
            if (parens > 0) continue;
            if (t === '{') {
                const owner = tokens[i - 1] === ')' ? (findOpener(tokens, i - 1) ?? '') : (tokens[i - 1] ?? '');
                stack.push(owner);
                if (/^SMS_\w+__c$/.test(owner) && stack.length <= 4) object = owner;
                if (owner === 'node' && object) nodeDepth = stack.length;
                continue;
            }
            if (t === '}') {
                if (stack.length === nodeDepth) nodeDepth = -1;
                stack.pop();
                continue;
            }
            if (object && stack.length === nodeDepth && /^[A-Z]\w*$/.test(t)) {
                if (t.endsWith('__r')) continue;
                if (tokens[i + 1] === '{' && tokens[i + 2] === 'value') {
                    if (!out.has(object)) out.set(object, new Set());
                    out.get(object)!.add(t);
                } else if (t === 'Id') {
                    if (!out.has(object)) out.set(object, new Set());
                    out.get(object)!.add(t);
                }
            }
        }
    }
    return out;
}

/** The identifier before the `(` that the `)` at `close` closes. */
function findOpener(tokens: string[], close: number): string | null {
    let depth = 0;
    for (let i = close; i >= 0; i--) {
        if (tokens[i] === ')') depth++;
        else if (tokens[i] === '(') {
            depth--;
            if (depth === 0) return tokens[i - 1] ?? null;
        }
    }
    return null;
}
