/**
 * Metrics in the Prometheus text exposition format (version 0.0.4): counters, gauges and
 * histograms with labels, and collectors that read gauges at scrape time (queue depth and
 * oldest wait per queue come from the router that way).
 */
type Labels = Record<string, string>;

interface Family {
    name: string;
    help: string;
    type: 'counter' | 'gauge' | 'histogram';
    values: Map<string, { labels: Labels; value: number }>;
    buckets?: number[];
    histograms?: Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>;
}

const key = (labels: Labels) =>
    Object.keys(labels)
        .sort()
        .map((k) => `${k}=${labels[k]}`)
        .join(',');

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function renderLabels(labels: Labels, extra?: [string, string]): string {
    const entries = Object.entries(labels);
    if (extra) entries.push(extra);
    return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

export class Metrics {
    private readonly families = new Map<string, Family>();
    private readonly collectors: Array<() => Promise<void> | void> = [];

    private family(name: string, help: string, type: Family['type'], buckets?: number[]): Family {
        let f = this.families.get(name);
        if (!f) {
            f = { name, help, type, values: new Map(), buckets, histograms: buckets ? new Map() : undefined };
            this.families.set(name, f);
        }
        return f;
    }

    /** Declares a metric so it is listed (at zero) before anything happens. */
    declare(name: string, help: string, type: 'counter' | 'gauge'): void {
        this.family(name, help, type);
    }

    inc(name: string, help: string, labels: Labels = {}, by = 1): void {
        const f = this.family(name, help, 'counter');
        const k = key(labels);
        const cur = f.values.get(k) ?? { labels, value: 0 };
        cur.value += by;
        f.values.set(k, cur);
    }

    set(name: string, help: string, labels: Labels, value: number): void {
        const f = this.family(name, help, 'gauge');
        f.values.set(key(labels), { labels, value });
    }

    /** Removes a gauge family's values (before a collector fills it afresh). */
    reset(name: string): void {
        this.families.get(name)?.values.clear();
    }

    observe(
        name: string,
        help: string,
        value: number,
        labels: Labels = {},
        buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    ): void {
        const f = this.family(name, help, 'histogram', buckets);
        const k = key(labels);
        const h = f.histograms!.get(k) ?? {
            labels,
            counts: new Array(f.buckets!.length).fill(0) as number[],
            sum: 0,
            count: 0
        };
        f.buckets!.forEach((b, i) => {
            if (value <= b) h.counts[i]++;
        });
        h.sum += value;
        h.count++;
        f.histograms!.set(k, h);
    }

    addCollector(collect: () => Promise<void> | void): void {
        this.collectors.push(collect);
    }

    async render(): Promise<string> {
        for (const c of this.collectors) {
            try {
                await c();
            } catch {
                // A failing collector leaves its last values; the scrape still answers.
            }
        }
        const out: string[] = [];
        for (const f of this.families.values()) {
            out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
            if (f.type === 'histogram') {
                for (const h of f.histograms!.values()) {
                    f.buckets!.forEach((b, i) =>
                        out.push(`${f.name}_bucket${renderLabels(h.labels, ['le', String(b)])} ${h.counts[i]}`)
                    );
                    out.push(`${f.name}_bucket${renderLabels(h.labels, ['le', '+Inf'])} ${h.count}`);
                    out.push(
                        `${f.name}_sum${renderLabels(h.labels)} ${h.sum}`,
                        `${f.name}_count${renderLabels(h.labels)} ${h.count}`
                    );
                }
            } else {
                if (f.values.size === 0 && f.type === 'counter') out.push(`${f.name} 0`);
                for (const v of f.values.values()) out.push(`${f.name}${renderLabels(v.labels)} ${v.value}`);
            }
        }
        return `${out.join('\n')}\n`;
    }
}
