/**
 * `npm start`: the local console. One process: the service (SQLite file under var/local), the
 * local org seeded from data/, the SMS provider simulator with the customer phone, and the
 * console, on 127.0.0.1. Ctrl-C stops everything; the next start resumes with the same data.
 *
 * Environment: PORT (console and service, default 3000), SIMULATOR_PORT (customer phone, default
 * 3001), SMS_DATA_DIR (default var/local), LOG_LEVEL (default warn).
 */
import path from 'path';
import { createLogger } from '../service/src/log';
import { startConsole } from './console';

function port(name: string, fallback: number): number {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
        console.error(`${name} must be a port number (0-65535), not "${raw}".`);
        process.exit(2);
    }
    return value;
}

async function main(): Promise<void> {
    const dataDir = path.resolve(process.env.SMS_DATA_DIR ?? path.join(__dirname, '..', 'var', 'local'));
    const started = await startConsole(
        {
            dataDir,
            port: port('PORT', 3000),
            simulatorPort: port('SIMULATOR_PORT', 3001),
            logger: createLogger({ level: process.env.LOG_LEVEL ?? 'warn' })
        },
        (line) => console.log(line)
    );
    const users = started.service.users();
    console.log('');
    console.log('SMS Agent Console (local) is running.');
    console.log(`  Console (sign in):  ${started.url}/`);
    for (const agent of users.agents)
        console.log(`    ${agent.name.padEnd(16)} ${started.url}/console?as=${agent.userId}`);
    if (users.supervisor)
        console.log(`    ${users.supervisor.name.padEnd(16)} ${started.url}/console?as=${users.supervisor.userId}`);
    console.log(`  Customer phone:     ${started.phoneUrl}/`);
    console.log(`  Service health:     ${started.url}/readyz  metrics: ${started.url}/metrics`);
    console.log(`  Data:               ${dataDir}`);
    console.log('Press Ctrl-C to stop.');

    let stopping = false;
    const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${signal}: stopping…`);
        started.close().then(
            () => {
                console.log('Stopped. The next npm start resumes with the same data.');
                process.exit(0);
            },
            (error: unknown) => {
                console.error('Stopping failed:', (error as Error).message);
                process.exit(1);
            }
        );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
    console.error(`The local console could not start: ${(error as Error).message}`);
    process.exit(1);
});
