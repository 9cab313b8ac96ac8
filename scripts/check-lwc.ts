/**
 * `npm run check:lwc`: fails when an emitted component .js is missing, stale or orphaned, or when
 * the LWC compiler refuses any module, template or stylesheet of the package.
 */
import { checkEmittedJs, compileBundles, listBundles } from './lib/lwc-build';

const problems = [...checkEmittedJs(), ...compileBundles()];
if (problems.length > 0) {
    for (const problem of problems) {
        console.error(`✗ ${problem.file}: ${problem.message}`);
    }
    console.error(`check:lwc failed with ${problems.length} problem(s).`);
    process.exitCode = 1;
} else {
    console.log(`check:lwc: ${listBundles().length} bundle(s) emitted fresh and accepted by the LWC compiler.`);
}
