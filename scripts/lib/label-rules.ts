/**
 * Custom labels: every user-facing string of the components. Each is named
 * `SMS_<Component>_<Key>` (Component in PascalCase, Key in words joined by underscores or
 * PascalCase), carries a short description a translator understands, and has a value. A name is
 * defined once across all label files.
 */
import fs from 'fs';
import path from 'path';
import { childrenNamed, childText, listFiles, Problem, readXml, relative, xmlSyntaxError } from './xml';

export const LABEL_NAME = /^SMS_[A-Z][A-Za-z0-9]*_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$/;

export function checkLabels(labelsDir: string, root: string): Problem[] {
    const problems: Problem[] = [];
    const seen = new Map<string, string>();
    for (const file of listFiles(labelsDir, (f) => f.endsWith('.labels-meta.xml'))) {
        const rel = relative(root, file);
        if (xmlSyntaxError(fs.readFileSync(file, 'utf8'))) continue;
        for (const label of childrenNamed(readXml(file), 'labels')) {
            const name = childText(label, 'fullName') ?? '';
            const report = (message: string): void => {
                problems.push({ file: rel, message: `label ${name || '(no fullName)'}: ${message}` });
            };
            if (!LABEL_NAME.test(name)) report('name must follow SMS_<Component>_<Key>, for example SMS_Panel_Accept');
            if (!childText(label, 'shortDescription'))
                report('needs a shortDescription that says where the text appears');
            if (!childText(label, 'value')) report('needs a value');
            if (childText(label, 'language') !== 'en_US')
                report('language must be en_US (translations go in translation files)');
            const first = seen.get(name);
            if (first) report(`is also defined in ${first}`);
            seen.set(name, path.basename(file));
        }
    }
    return problems;
}
