/**
 * Throwaway copies of the project's package for the checks' negative tests: each test breaks its
 * own copy in a temporary folder and expects the check to say exactly what is wrong.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

export const REPO = path.join(__dirname, '..', '..');

export interface ProjectCopy {
    root: string;
    /** Path of a file inside the copy, from a repository-relative path. */
    file(rel: string): string;
    read(rel: string): string;
    write(rel: string, text: string): void;
    /** Replaces `from` (which must occur) with `to` in a file of the copy. */
    replace(rel: string, from: string | RegExp, to: string): void;
    remove(rel: string): void;
    dispose(): void;
}

export function copyProject(options: { forceignore?: boolean } = {}): ProjectCopy {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-package-'));
    fs.copyFileSync(path.join(REPO, 'sfdx-project.json'), path.join(root, 'sfdx-project.json'));
    if (options.forceignore !== false)
        fs.copyFileSync(path.join(REPO, '.forceignore'), path.join(root, '.forceignore'));
    fs.cpSync(path.join(REPO, 'force-app'), path.join(root, 'force-app'), { recursive: true });
    const file = (rel: string): string => path.join(root, rel);
    return {
        root,
        file,
        read: (rel) => fs.readFileSync(file(rel), 'utf8'),
        write: (rel, text) => {
            fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
            fs.writeFileSync(file(rel), text);
        },
        replace: (rel, from, to) => {
            const before = fs.readFileSync(file(rel), 'utf8');
            const after = before.replace(from, to);
            if (after === before) throw new Error(`${rel} does not contain ${String(from)}`);
            fs.writeFileSync(file(rel), after);
        },
        remove: (rel) => fs.rmSync(file(rel), { recursive: true, force: true }),
        dispose: () => fs.rmSync(root, { recursive: true, force: true })
    };
}

export const SOURCE = 'force-app/main/default';
