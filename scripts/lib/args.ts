/** `--agents N --conversations M --messages K` style whole-number options, with clear errors. */
export interface CountArgs {
    agents: number;
    conversations: number;
    messages: number;
}

export class ArgumentError extends Error {}

export function parseCountArgs(argv: readonly string[], defaults: CountArgs): CountArgs {
    const out: CountArgs = { ...defaults };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const m = /^--(agents|conversations|messages)(?:=(.*))?$/.exec(flag);
        if (!m) throw new ArgumentError(`Unknown option ${flag}: use --agents N --conversations M --messages K`);
        const raw = m[2] ?? argv[++i];
        const value = Number(raw);
        if (raw === undefined || !Number.isInteger(value) || value < 0 || value > 10_000_000) {
            throw new ArgumentError(`--${m[1]} needs a whole number between 0 and 10,000,000, not ${raw ?? 'nothing'}`);
        }
        out[m[1] as keyof CountArgs] = value;
    }
    return out;
}
