/** Compiles the console's browser bundle once before the browser tests (each then finds it cached). */
import { consoleBundle } from '../local/console';

export default async function globalSetup(): Promise<void> {
    await consoleBundle();
}
