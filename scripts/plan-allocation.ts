/**
 * `npm run plan:allocation -- --agents N --conversations M --messages K` — the expected 24-hour
 * platform event deliveries for an admin's own numbers, with and without the event economy's
 * measures, against each edition's allocation. See docs/event-economy.md for the model.
 */
import { estimateAllocation, formatEstimate } from '../service/src/connector/economy/allocation';
import { parseCountArgs } from './lib/args';

/** The report `npm run plan:allocation` prints for these arguments. */
export function planAllocation(argv: readonly string[]): string {
    const input = parseCountArgs(argv, { agents: 50, conversations: 1000, messages: 10 });
    return formatEstimate(estimateAllocation(input));
}

if (require.main === module) {
    try {
        console.log(planAllocation(process.argv.slice(2)));
    } catch (error) {
        console.error(error instanceof Error ? error.message : String(error));
        process.exitCode = 1;
    }
}
