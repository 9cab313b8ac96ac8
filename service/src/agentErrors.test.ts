/**
 * The service's side of the one error vocabulary. Fails when a part (router, SMS edge, connector)
 * gains a code that is neither an agent-facing code nor deliberately mapped to one, and when the
 * panel's module (c/smsErrors) does not map every agent-facing code to a custom label that
 * exists. The panel's own test (smsErrors/__tests__) checks the same list from its side.
 */
import fs from 'fs';
import path from 'path';
import {
    AGENT_ERRORS,
    INTERNAL_CODES,
    PART_CODES,
    agentCodeOf,
    isAgentErrorCode,
    toAgentCode,
    type AgentErrorCode
} from './agentErrors';
import { UNCONFIRMED_CODE } from './provider';
import { RouterError } from './router';
import { ProviderError } from './provider/errors';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readLabels } = require('../../scripts/lib/labels') as { readLabels(): Record<string, string> };

const PANEL_MODULE = path.resolve(__dirname, '../../force-app/main/default/lwc/smsErrors/smsErrors.ts');

/** The panel module's code → label name, read from its source (its imports and its map). */
function panelMapping(): Map<string, string> {
    const source = fs.readFileSync(PANEL_MODULE, 'utf8');
    const imports = new Map<string, string>();
    for (const m of source.matchAll(/^import (\w+) from '@salesforce\/label\/c\.(\w+)';$/gm)) imports.set(m[1], m[2]);
    const body = /ERROR_LABELS = Object\.freeze\(\{([\s\S]*?)\}/.exec(source)?.[1] ?? '';
    const mapping = new Map<string, string>();
    for (const m of body.matchAll(/^\s*([A-Z_]+): (\w+),?$/gm)) {
        mapping.set(m[1], imports.get(m[2]) ?? `(no label import for ${m[2]})`);
    }
    return mapping;
}

describe('one error vocabulary', () => {
    test('every code of every part reaches the agent as one of the agent-facing codes', () => {
        const unaccounted: string[] = [];
        for (const [part, codes] of Object.entries(PART_CODES)) {
            for (const code of codes) {
                if (!isAgentErrorCode(code) && !(code in INTERNAL_CODES)) unaccounted.push(`${part}: ${code}`);
            }
        }
        expect(unaccounted).toEqual([]);
        // The SMS edge's own failure codes on a message it gave up on.
        expect(isAgentErrorCode(UNCONFIRMED_CODE)).toBe(true);
        expect(isAgentErrorCode('SEND_FAILED')).toBe(true);
        for (const target of Object.values(INTERNAL_CODES)) expect(isAgentErrorCode(target)).toBe(true);
        // Nothing is both: a code is either shown as it is or mapped.
        expect(Object.keys(INTERNAL_CODES).filter((c) => isAgentErrorCode(c))).toEqual([]);
    });

    test('codes fit the fields they are written to, and each has English text for the record', () => {
        for (const [code, text] of Object.entries(AGENT_ERRORS)) {
            expect(code).toMatch(/^[A-Z][A-Z_]*$/);
            expect(code.length).toBeLessThanOrEqual(40); // SMS_Message__c.Error_Code__c is Text(40)
            expect(text.length).toBeGreaterThan(10);
            expect(text.length).toBeLessThanOrEqual(255); // Error_Message__c is Text(255)
        }
    });

    test('the panel maps every agent-facing code to a custom label that exists, and nothing else', () => {
        const labels = readLabels();
        const mapping = panelMapping();
        const codes = Object.keys(AGENT_ERRORS).sort();
        expect([...mapping.keys()].sort()).toEqual(codes);
        for (const code of codes) {
            const label = mapping.get(code)!;
            expect({ code, label, exists: label in labels }).toEqual({ code, label, exists: true });
            expect(labels[label].trim()).not.toBe('');
        }
    });

    test('errors of the parts become codes an agent reads', () => {
        expect(agentCodeOf(new RouterError('CAPACITY_REACHED'))).toBe('CAPACITY_REACHED');
        expect(agentCodeOf(new RouterError('INVALID_ARGUMENT'))).toBe('INVALID_ACTION');
        expect(agentCodeOf(new ProviderError('OPTED_OUT'))).toBe('OPTED_OUT');
        expect(agentCodeOf(Object.assign(new Error('x'), { code: 'REST_SERVER_ERROR' }))).toBe('SERVICE_ERROR');
        expect(agentCodeOf(new Error('no code'))).toBeNull();
        const codes: AgentErrorCode[] = ['NOT_YOUR_INTERACTION', 'SERVICE_ERROR'];
        for (const code of codes) expect(toAgentCode(code)).toBe(code);
        expect(toAgentCode(undefined)).toBe('SERVICE_ERROR');
    });
});
