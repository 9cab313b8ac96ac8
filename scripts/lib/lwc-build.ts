/**
 * The LWC build contract, as functions the check script and its tests share:
 * - what `tsc -p force-app/main/default/lwc/tsconfig.json` would emit for every component .ts,
 *   compared with the .js on disk (a missing or stale .js is an error: the org deploys the .js);
 * - the LWC compiler over every emitted module, template and stylesheet, so that JavaScript the
 *   platform would refuse (rewritten decorators, unsupported syntax, bad templates) fails here.
 */
import fs from 'fs';
import path from 'path';
import ts from 'typescript';
import { transformSync } from '@lwc/compiler';

export const LWC_DIR = path.join(__dirname, '..', '..', 'force-app', 'main', 'default', 'lwc');

export interface Problem {
    file: string;
    message: string;
}

function loadConfig(tsconfigPath: string): ts.ParsedCommandLine {
    const read = ts.readConfigFile(tsconfigPath, (p) => ts.sys.readFile(p));
    if (read.error) {
        throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
    }
    return ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath));
}

/** Emits every component in memory and compares it with the .js beside each .ts. */
export function checkEmittedJs(lwcDir: string = LWC_DIR): Problem[] {
    const config = loadConfig(path.join(lwcDir, 'tsconfig.json'));
    const host = ts.createCompilerHost(config.options);
    const emitted = new Map<string, string>();
    host.writeFile = (fileName, text) => {
        emitted.set(path.resolve(fileName), text);
    };
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
    const problems: Problem[] = [];
    const diagnostics = ts.getPreEmitDiagnostics(program);
    for (const diagnostic of diagnostics) {
        problems.push({
            file: diagnostic.file ? path.relative(process.cwd(), diagnostic.file.fileName) : 'tsconfig',
            message: `type error: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`
        });
    }
    if (diagnostics.length > 0) {
        return problems;
    }
    program.emit();
    for (const [file, text] of emitted) {
        if (!file.endsWith('.js')) continue;
        const rel = path.relative(process.cwd(), file);
        if (!fs.existsSync(file)) {
            problems.push({ file: rel, message: 'missing: run `npm run build` to emit it from its .ts' });
        } else if (fs.readFileSync(file, 'utf8') !== text) {
            problems.push({ file: rel, message: 'stale: it differs from its .ts; run `npm run build`' });
        }
    }
    // A .js with no .ts beside it would deploy code that no test ever ran.
    for (const bundle of listBundles(lwcDir)) {
        for (const entry of fs.readdirSync(path.join(lwcDir, bundle))) {
            if (!entry.endsWith('.js')) continue;
            const js = path.resolve(lwcDir, bundle, entry);
            if (!emitted.has(js)) {
                problems.push({
                    file: path.relative(process.cwd(), js),
                    message: 'orphan: no TypeScript source emits it; components are written in .ts'
                });
            }
        }
    }
    return problems;
}

export function listBundles(lwcDir: string = LWC_DIR): string[] {
    return fs
        .readdirSync(lwcDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== '__tests__')
        .map((d) => d.name)
        .sort();
}

/** Runs the LWC compiler over every .js, .html and .css of every bundle. */
export function compileBundles(lwcDir: string = LWC_DIR): Problem[] {
    const problems: Problem[] = [];
    for (const bundle of listBundles(lwcDir)) {
        const dir = path.join(lwcDir, bundle);
        const files = fs.readdirSync(dir).filter((f) => /\.(js|html|css)$/.test(f));
        if (!files.includes(`${bundle}.js`)) {
            problems.push({
                file: path.relative(process.cwd(), dir),
                message: `no ${bundle}.js: run \`npm run build\``
            });
        }
        for (const file of files) {
            const full = path.join(dir, file);
            try {
                const result = transformSync(fs.readFileSync(full, 'utf8'), full, {
                    name: bundle,
                    namespace: 'c',
                    enableDynamicComponents: true
                });
                for (const warning of result.warnings ?? []) {
                    if (warning.level !== undefined && warning.level <= 1) {
                        problems.push({ file: path.relative(process.cwd(), full), message: warning.message });
                    }
                }
            } catch (error) {
                problems.push({
                    file: path.relative(process.cwd(), full),
                    message: `LWC compiler: ${(error as Error).message}`
                });
            }
        }
    }
    return problems;
}
