/**
 * Runs a script's steps in order, printing each one as it starts and how long it took, and
 * stopping at the first that fails with what went wrong.
 */
import { spawn } from 'child_process';
import { REPO_ROOT } from './sf-cli';

export interface Step {
    title: string;
    run: () => Promise<void | string>;
}

export class StepError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'StepError';
    }
}

export type Printer = (line: string) => void;

export async function runSteps(steps: readonly Step[], print: Printer = (line) => console.log(line)): Promise<void> {
    for (const [index, step] of steps.entries()) {
        const started = Date.now();
        print(`\n[${index + 1}/${steps.length}] ${step.title}`);
        const note = await step.run();
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        print(`      done in ${seconds} s${note ? `: ${note}` : ''}`);
    }
}

/** Runs an npm script of this project with its output shown; rejects when it fails. */
export function npmRun(script: string, args: readonly string[] = []): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
            cwd: REPO_ROOT,
            stdio: 'inherit'
        });
        child.on('error', reject);
        child.on('close', (code) =>
            code === 0 ? resolve() : reject(new StepError(`npm run ${script} failed (exit code ${code})`))
        );
    });
}
