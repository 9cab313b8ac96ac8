/**
 * `npm run plan:allocation -- --agents N --conversations M --messages K` — the expected 24-hour
 * platform event deliveries for an admin's own numbers, with and without the event economy's
 * measures, against each edition's allocation. See docs/event-economy.md for the model.
 */
import { estimateAllocation, formatEstimate } from '../service/src/connector/economy/allocation';
import { parseCountArgs } from './lib/args';

try {
    const input = parseCountArgs(process.argv.slice(2), { agents: 50, conversations: 1000, messages: 10 });
    console.log(formatEstimate(estimateAllocation(input)));
} catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
}
