import fs from 'fs';
import os from 'os';
import path from 'path';
import { checkEmittedJs, compileBundles, LWC_DIR } from './lwc-build';

const REPO = path.join(__dirname, '..', '..');

/** A throwaway copy of the package layout inside the repo (so `lwc` and types still resolve). */
function scratchProject(): string {
    const base = path.join(REPO, '.cache');
    fs.mkdirSync(base, { recursive: true });
    const root = fs.mkdtempSync(path.join(base, `lwc-build-${os.hostname()}-`));
    const lwc = path.join(root, 'force-app', 'main', 'default', 'lwc');
    fs.mkdirSync(path.join(lwc, 'probe'), { recursive: true });
    fs.cpSync(path.join(REPO, 'types'), path.join(root, 'types'), { recursive: true });
    const tsconfig = JSON.parse(fs.readFileSync(path.join(LWC_DIR, 'tsconfig.json'), 'utf8'));
    tsconfig.compilerOptions.paths = {};
    fs.writeFileSync(path.join(lwc, 'tsconfig.json'), JSON.stringify(tsconfig));
    fs.writeFileSync(
        path.join(lwc, 'probe', 'probe.ts'),
        [
            "import { LightningElement, api } from 'lwc';",
            'export default class Probe extends LightningElement {',
            "    @api label: string = 'x';",
            '}',
            ''
        ].join('\n')
    );
    fs.writeFileSync(path.join(lwc, 'probe', 'probe.html'), '<template><p>{label}</p></template>\n');
    return lwc;
}

describe('LWC build checks', () => {
    let lwc: string;
    beforeEach(() => {
        lwc = scratchProject();
    });
    afterEach(() => {
        fs.rmSync(path.dirname(path.dirname(path.dirname(lwc))), { recursive: true, force: true });
    });

    it('reports a missing .js, then accepts the emitted one, then reports it stale after an edit', () => {
        expect(checkEmittedJs(lwc).map((p) => p.message)).toEqual([expect.stringMatching(/^missing/)]);

        // Emit exactly as `npm run build` does.
        const ts = jest.requireActual('typescript') as typeof import('typescript');
        const config = ts.getParsedCommandLineOfConfigFile(
            path.join(lwc, 'tsconfig.json'),
            {},
            {
                ...ts.sys,
                onUnRecoverableConfigFileDiagnostic: () => undefined
            }
        );
        ts.createProgram(config!.fileNames, config!.options).emit();
        expect(checkEmittedJs(lwc)).toEqual([]);
        expect(compileBundles(lwc)).toEqual([]);

        fs.appendFileSync(path.join(lwc, 'probe', 'probe.ts'), 'export const later = 1;\n');
        expect(checkEmittedJs(lwc).map((p) => p.message)).toEqual([expect.stringMatching(/^stale/)]);
    });

    it('reports a type error instead of emitting', () => {
        fs.writeFileSync(path.join(lwc, 'probe', 'probe.ts'), 'const n: number = "text";\nexport default n;\n');
        expect(checkEmittedJs(lwc)[0].message).toMatch(/type error: Type 'string' is not assignable/);
    });

    it('lets the LWC compiler refuse decorators that were rewritten (the ES2022 target mistake)', () => {
        fs.writeFileSync(
            path.join(lwc, 'probe', 'probe.js'),
            [
                "import { LightningElement, api } from 'lwc';",
                'export default class Probe extends LightningElement {',
                "    label = 'x';",
                '}',
                "api(Probe.prototype, 'label');",
                ''
            ].join('\n')
        );
        const problems = compileBundles(lwc);
        expect(problems).toHaveLength(1);
        expect(problems[0].message).toMatch(/LWC compiler: .*api/);
    });

    it('reports an orphan .js that no TypeScript source emits', () => {
        fs.writeFileSync(path.join(lwc, 'probe', 'helper.js'), 'export const x = 1;\n');
        expect(checkEmittedJs(lwc).map((p) => p.message)).toEqual(
            expect.arrayContaining([expect.stringMatching(/^orphan/)])
        );
    });
});
