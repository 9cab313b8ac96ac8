/**
 * The local console's browser bundle: the package's real components (their TypeScript sources,
 * compiled exactly as `npm run build` compiles them) and lightning-base-components, through the
 * open-source LWC compiler, with local implementations of the platform modules the components
 * import (lightning/empApi, lightning/graphql, lightning/uiRecordApi … and the @salesforce/*
 * scoped modules). The component sources are the ones that deploy; nothing is forked.
 */
import fs from 'fs';
import path from 'path';
import ts from 'typescript';
import { rollup } from 'rollup';
import type { Plugin } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { nodeResolve } from '@rollup/plugin-node-resolve';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readLabels } = require('../../scripts/lib/labels') as { readLabels(): Record<string, string> };

const ROOT = path.resolve(__dirname, '..', '..');
export const COMPONENTS_DIR = path.join(ROOT, 'force-app', 'main', 'default', 'lwc');
export const WEB_DIR = path.join(ROOT, 'local', 'web');

/** Platform modules the console implements itself (local/web/lightning/<name>.ts). */
const LOCAL_LIGHTNING = new Set(
    fs
        .readdirSync(path.join(WEB_DIR, 'lightning'))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
        .map((f) => f.slice(0, -3))
);

const LWC_COMPILER_OPTIONS: ts.CompilerOptions = {
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    experimentalDecorators: false,
    useDefineForClassFields: true,
    isolatedModules: true,
    verbatimModuleSyntax: false
};

const VIRTUAL = '\0sf:';

function scopedModule(id: string): string | null {
    if (id.startsWith('@salesforce/label/c.')) {
        const name = id.slice('@salesforce/label/c.'.length);
        const labels = readLabels();
        if (!(name in labels)) throw new Error(`Unknown custom label ${name}`);
        return `export default ${JSON.stringify(labels[name])};`;
    }
    if (id.startsWith('@salesforce/schema/')) {
        const ref = id.slice('@salesforce/schema/'.length);
        const dot = ref.indexOf('.');
        const value =
            dot < 0 ? { objectApiName: ref } : { objectApiName: ref.slice(0, dot), fieldApiName: ref.slice(dot + 1) };
        return `export default ${JSON.stringify(value)};`;
    }
    if (id === '@salesforce/user/Id') return 'export default window.__localSession.userId;';
    if (id.startsWith('@salesforce/customPermission/')) {
        const name = JSON.stringify(id.slice('@salesforce/customPermission/'.length));
        return `export default window.__localSession.customPermissions.includes(${name}) ? true : undefined;`;
    }
    if (id.startsWith('@salesforce/messageChannel/')) {
        return `export default ${JSON.stringify(id.slice('@salesforce/messageChannel/'.length))};`;
    }
    if (id === '@salesforce/i18n/timeZone') return 'export default window.__localSession.timeZone;';
    if (id === '@salesforce/i18n/locale') return 'export default window.__localSession.locale;';
    // Open in the base components' own stubs; closed here, or lightning-combobox fails under synthetic shadow.
    if (id === '@salesforce/gate/bc.260.enableComboboxElementInternals')
        return 'export default { isOpen: () => false };';
    return null;
}

function fileIfExists(file: string): string | null {
    return fs.existsSync(file) ? file : null;
}

/** Resolves the console's own module names and turns TypeScript into the JavaScript the LWC compiler takes. */
function consoleModules(): Plugin {
    return {
        name: 'local-console-modules',
        resolveId(id) {
            if (id.startsWith('@salesforce/') && scopedModule(id) !== null) return VIRTUAL + id;
            const [ns, name, ...rest] = id.split('/');
            if (rest.length > 0 || !name) return null;
            if (ns === 'c') return fileIfExists(path.join(COMPONENTS_DIR, name, `${name}.ts`));
            if (ns === 'console') return fileIfExists(path.join(WEB_DIR, 'console', name, `${name}.ts`));
            if (ns === 'lightning' && LOCAL_LIGHTNING.has(name)) return path.join(WEB_DIR, 'lightning', `${name}.ts`);
            return null;
        },
        load(id) {
            if (id.startsWith(VIRTUAL)) return scopedModule(id.slice(VIRTUAL.length));
            return null;
        },
        transform(code, id) {
            if (!id.endsWith('.ts')) return null;
            const out = ts.transpileModule(code, { compilerOptions: LWC_COMPILER_OPTIONS, fileName: id });
            return { code: out.outputText, map: null };
        }
    };
}

export interface BuiltBundle {
    code: string;
    builtAt: number;
    ms: number;
}

/** Builds the console's single ES module (entry: local/web/main.ts). */
export async function buildConsoleBundle(): Promise<BuiltBundle> {
    const started = Date.now();
    const bundle = await rollup({
        input: path.join(WEB_DIR, 'main.ts'),
        plugins: [
            consoleModules(),
            replace({
                preventAssignment: true,
                values: { 'process.env.NODE_ENV': JSON.stringify('production'), 'import.meta.env.SSR': 'false' }
            }),
            lwc({
                rootDir: ROOT,
                modules: [{ npm: 'lightning-base-components' }],
                enableDynamicComponents: true,
                sourcemap: false
            }),
            nodeResolve()
        ],
        onwarn(warning, warn) {
            if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
            // The base components' own templates carry attributes the compiler only warns about.
            if (warning.plugin === 'rollup-plugin-lwc-compiler' && String(warning.id ?? '').includes('node_modules'))
                return;
            warn(warning);
        }
    });
    try {
        const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
        return { code: output[0].code, builtAt: Date.now(), ms: Date.now() - started };
    } finally {
        await bundle.close();
    }
}
