/**
 * The package has no Apex: no class or trigger anywhere in the repository (a stray file in any
 * folder could be deployed or packaged by mistake), and no classes/ or triggers/ folder in the
 * package directory.
 */
import { listFiles, Problem, relative } from './xml';

const APEX_FILE = /\.(cls|trigger)(-meta\.xml)?$/;
const APEX_FOLDER = /^force-app\/(.+\/)?(classes|triggers)\//;

export function checkNoApex(root: string): Problem[] {
    return listFiles(root, (f) => APEX_FILE.test(f) || APEX_FOLDER.test(relative(root, f))).map((file) => ({
        file: relative(root, file),
        message: 'Apex is not allowed: the package is LWC, metadata and Flow only'
    }));
}
