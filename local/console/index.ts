/**
 * The whole product on one machine: the service in local mode (SQLite file, the local org seeded
 * from data/, the provider simulator) and the console on the same HTTP server. `npm start` runs
 * it; the end-to-end tests and the console benchmark start it the same way on free ports.
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { createService, type LocalService } from '../../service/src/createService';
import type { Logger } from '../../service/src/log';
import { buildConsoleBundle, COMPONENTS_DIR, WEB_DIR } from './bundle';
import { registerConsole } from './server';

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = path.join(ROOT, '.cache', 'console');
const LABELS_DIR = path.join(ROOT, 'force-app', 'main', 'default', 'labels');

export interface ConsoleOptions {
    dataDir: string;
    host?: string;
    port?: number;
    simulatorPort?: number;
    /** Simulated network time of the provider (ms). */
    sendDelayMs?: number;
    deliverDelayMs?: number;
    logger?: Logger;
    eventDebounceMs?: number;
    eventMaxDelayMs?: number;
}

export interface LocalConsole {
    service: LocalService;
    url: string;
    phoneUrl: string;
    close(): Promise<void>;
}

function filesUnder(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === '__tests__' ? [] : filesUnder(full);
        return /\.(ts|html|css)$/.test(entry.name) || entry.name.endsWith('.labels-meta.xml') ? [full] : [];
    });
}

/** A fingerprint of every source of the bundle, so a start after no change reuses the last build. */
function sourcesFingerprint(): string {
    const hash = crypto.createHash('sha256');
    for (const file of [...filesUnder(COMPONENTS_DIR), ...filesUnder(WEB_DIR), ...filesUnder(LABELS_DIR)].sort()) {
        hash.update(file).update(fs.readFileSync(file));
    }
    hash.update(fs.readFileSync(path.join(__dirname, 'bundle.ts')));
    hash.update(fs.readFileSync(path.join(ROOT, 'package-lock.json')));
    return hash.digest('hex').slice(0, 16);
}

/** The bundle for these sources: from the cache, or built now (about half a minute) and cached. */
export async function consoleBundle(log?: (line: string) => void): Promise<string> {
    const file = path.join(CACHE_DIR, `app-${sourcesFingerprint()}.js`);
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
    log?.('Compiling the components for the browser (once per change of the sources)…');
    const built = await buildConsoleBundle();
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    for (const old of fs.readdirSync(CACHE_DIR)) if (old.startsWith('app-')) fs.rmSync(path.join(CACHE_DIR, old));
    fs.writeFileSync(file, built.code);
    log?.(`Compiled in ${(built.ms / 1000).toFixed(1)} s.`);
    return built.code;
}

export async function startConsole(options: ConsoleOptions, log?: (line: string) => void): Promise<LocalConsole> {
    const code = await consoleBundle(log);
    const service = await createService({
        mode: 'local',
        dataDir: options.dataDir,
        host: options.host ?? '127.0.0.1',
        port: options.port ?? 0,
        simulator: {
            host: options.host ?? '127.0.0.1',
            port: options.simulatorPort ?? 0,
            sendDelayMs: options.sendDelayMs,
            deliverDelayMs: options.deliverDelayMs
        },
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.eventDebounceMs !== undefined ? { eventDebounceMs: options.eventDebounceMs } : {}),
        ...(options.eventMaxDelayMs !== undefined ? { eventMaxDelayMs: options.eventMaxDelayMs } : {}),
        register: (app, handles) => registerConsole(app, handles as LocalService, { code: async () => code })
    });
    return {
        service,
        url: service.url,
        phoneUrl: service.simulator.url,
        close: () => service.close()
    };
}
