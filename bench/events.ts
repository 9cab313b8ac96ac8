/**
 * `npm run bench:events` — replays a reference day through the local org (50 agents online,
 * 1,000 conversations, 10 messages each) with and without the event economy's measures, and
 * prints the deliveries the org's 24-hour allocation would count. `--quick` runs a small day.
 * Options: --agents N --conversations M --messages K.
 */
import { estimateAllocation } from '../service/src/connector/economy/allocation';
import { runReferenceDay, type ReferenceDayResult } from '../service/src/connector/economy/referenceDay';
import { parseCountArgs } from '../scripts/lib/args';

const ENTERPRISE = 25_000;

/** Runs the bench and returns its report (printed by `npm run bench:events`). */
export async function benchEvents(argv: readonly string[]): Promise<string> {
    const lines: string[] = [];
    const print = (line: string) => lines.push(line);
    const quick = argv.includes('--quick');
    const input = parseCountArgs(
        argv.filter((a) => a !== '--quick'),
        quick ? { agents: 5, conversations: 40, messages: 10 } : { agents: 50, conversations: 1000, messages: 10 }
    );
    const n = (x: number) => x.toLocaleString('en-US');
    const started = Date.now();
    const without = await runReferenceDay(input, false);
    const withMeasures = await runReferenceDay(input, true);
    const model = estimateAllocation(input);
    const row = (label: string, r: ReferenceDayResult) =>
        `${label.padEnd(22)} ${n(r.published).padStart(9)} ${n(r.deliveriesToPanels).padStart(12)} ${n(r.deliveriesToService).padStart(11)} ${n(r.total).padStart(12)}`;
    print(
        `Reference day through the local org: ${input.agents} agents online, ${n(input.conversations)} conversations, ${input.messages} messages each`
    );
    print(
        `${''.padEnd(22)} ${'published'.padStart(9)} ${'to panels'.padStart(12)} ${'to service'.padStart(11)} ${'deliveries'.padStart(12)}`
    );
    print(row('without the measures', without));
    print(row('with the measures', withMeasures));
    print(`filtered out on the agents' channels (not counted): ${n(withMeasures.filteredOut)}`);
    print(`model (plan:allocation): without ${n(model.without.total)}, with ${n(model.with.total)}`);
    print(
        `goal ≤ ${n(ENTERPRISE)} (Enterprise): ${withMeasures.total <= ENTERPRISE ? 'met' : 'NOT met'} — ${n(withMeasures.total)} deliveries per day`
    );
    print(`replayed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return lines.join('\n');
}

if (require.main === module) {
    benchEvents(process.argv.slice(2)).then(
        (report) => console.log(report),
        (error: unknown) => {
            console.error(error instanceof Error ? error.message : error);
            process.exitCode = 1;
        }
    );
}
