import { createElement } from 'lwc';
import SmsSupervisor, { refreshIntervalSeconds } from 'c/smsSupervisor';
import { graphqlMock } from 'lightning/graphql';
import { empApiMock } from 'lightning/empApi';
import { SUPERVISOR_QUERY } from 'c/smsQueries';
import { supervisorData } from '../../../../../test/supervisorFixtures';
import { flushPromises, resetDom } from '../../../../../test/test-utils';

const OPERATION = 'smsSupervisor';
// 10:00:00 in America/Los_Angeles, the time zone of the jest transformer's @salesforce/i18n.
const NOW = Date.parse('2026-03-02T18:00:00.000Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

function data(options: { breached?: number } = {}) {
    const breached = options.breached ?? 1;
    return supervisorData({
        queues: [
            { id: 'Q2', name: 'Support', slaTarget: 120 },
            { id: 'Q1', name: 'Billing', slaTarget: 300, active: false }
        ],
        interactions: [
            { id: 'I1', queue: 'Q2', status: 'Queued', initiatedAt: ago(30), breached: breached >= 2 },
            { id: 'I2', queue: 'Q2', status: 'Queued', initiatedAt: ago(100), breached: breached >= 1 },
            { id: 'I3', queue: 'Q2', status: 'Active', initiatedAt: ago(900), agent: 'A1', breached: breached >= 3 },
            { id: 'I4', queue: 'Q1', status: 'Post-processing', initiatedAt: ago(50), agent: 'A2' }
        ],
        members: [{ queue: 'Q1', agent: 'A2' }],
        agents: [
            { id: 'A3', name: 'Bob', status: 'Offline', open: 0, max: 3 },
            { id: 'A1', name: 'Zoe', status: 'Available', open: 1, max: 2 },
            { id: 'A2', name: 'Ann', status: 'Post-processing', open: 3, stopNew: true }
        ]
    });
}

let hidden = false;
Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });

function setHidden(value: boolean): void {
    hidden = value;
    document.dispatchEvent(new CustomEvent('visibilitychange'));
}

async function settle(): Promise<void> {
    await flushPromises(6);
}

async function mount(props: Record<string, unknown> = {}) {
    const element = createElement('c-sms-supervisor', { is: SmsSupervisor });
    Object.assign(element, props);
    document.body.appendChild(element);
    const refresh = jest.fn(() => Promise.resolve());
    await settle();
    const $ = (selector: string) => element.shadowRoot!.querySelector(selector) as HTMLElement | null;
    const $$ = (selector: string) => Array.from(element.shadowRoot!.querySelectorAll(selector)) as HTMLElement[];
    const emit = async (value = data()) => {
        graphqlMock.emit(OPERATION, value, refresh);
        await settle();
    };
    const cells = (row: HTMLElement) =>
        Array.from(row.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim());
    return { element, refresh, $, $$, emit, cells };
}

describe('c-sms-supervisor (X13)', () => {
    beforeEach(() => {
        jest.useFakeTimers({ now: NOW });
        hidden = false;
    });

    afterEach(() => {
        resetDom();
        graphqlMock.reset();
        empApiMock.reset();
        jest.useRealTimers();
    });

    it('reads queues, open interactions and agents in one GraphQL query and subscribes to no events', async () => {
        await mount();
        const config = graphqlMock.configOf(OPERATION)!;
        expect(config.query).toBe(SUPERVISOR_QUERY);
        expect(String(config.query)).toContain('Status__c: { in: ["Queued", "Offered", "Active", "Post-processing"] }');
        expect(empApiMock.subscribedChannels()).toEqual([]);
    });

    it('shows a spinner until the first answer, then the time of the read', async () => {
        const { $, emit } = await mount();
        expect($('lightning-spinner')).not.toBeNull();
        expect($('.sms-supervisor__updated')).toBeNull();
        await emit();
        expect($('lightning-spinner')).toBeNull();
        expect($('.sms-supervisor__updated')!.textContent!.trim()).toBe('Updated 10:00:00');
    });

    it('shows each queue with waiting, oldest wait, past SLA and the other counts, sorted by name', async () => {
        const { $, $$, emit, cells } = await mount();
        await emit();
        expect($('.sms-supervisor__queues caption')!.textContent!.trim()).toBe('Queues');
        expect($$('.sms-supervisor__queues thead th').every((th) => th.getAttribute('scope') === 'col')).toBe(true);
        const rows = $$('.sms-supervisor__queue');
        expect(rows.map(cells)).toEqual([
            ['Billing (inactive)', '0', 'None', '0', '0', '0', '1', '5:00'],
            ['Support', '2', '1:40', '1', '0', '1', '0', '2:00']
        ]);
        expect(rows[1].querySelector('th')!.getAttribute('scope')).toBe('row');
        expect($('.sms-supervisor__summary')!.textContent).toBe('2 waiting, 1 past SLA');
    });

    it('ages the oldest wait every second without reading again, and marks it once past the SLA target', async () => {
        const { $$, emit, cells, refresh } = await mount();
        await emit();
        jest.advanceTimersByTime(21_000);
        await settle();
        expect(cells($$('.sms-supervisor__queue')[1])[2]).toBe('2:01 (over target)');
        expect($$('.sms-supervisor__queue')[1].querySelector('.sms-supervisor__oldest')!.className).toContain(
            'slds-text-color_error'
        );
        // 21 s is more than one interval of 15 s: one read, and only one.
        expect(refresh).toHaveBeenCalledTimes(1);
    });

    it('shows each agent with status, load and Stop new, sorted by status then name', async () => {
        const { $, $$, emit, cells } = await mount();
        await emit();
        expect($('.sms-supervisor__agents caption')!.textContent!.trim()).toBe('Agents');
        expect($$('.sms-supervisor__agent').map(cells)).toEqual([
            ['Zoe', 'Available', '1 of 2 (50%)', 'No'],
            ['Ann', 'Post-processing', '3 of 3 (100%)', 'Yes'],
            ['Bob', 'Offline', '0 of 3 (0%)', 'No']
        ]);
    });

    it('re-reads every refreshSeconds while the page is visible and pauses while it is hidden', async () => {
        const { emit, refresh } = await mount({ refreshSeconds: 10 });
        await emit();
        jest.advanceTimersByTime(10_000);
        expect(refresh).toHaveBeenCalledTimes(1);
        await settle();
        jest.advanceTimersByTime(10_000);
        expect(refresh).toHaveBeenCalledTimes(2);
        await settle();

        setHidden(true);
        jest.advanceTimersByTime(60_000);
        expect(refresh).toHaveBeenCalledTimes(2);

        // Back in view with figures older than an interval: read at once, then on the interval again.
        setHidden(false);
        expect(refresh).toHaveBeenCalledTimes(3);
        await settle();
        jest.advanceTimersByTime(10_000);
        expect(refresh).toHaveBeenCalledTimes(4);
    });

    it('refreshes every 15 seconds by default and never more often than every 5', async () => {
        expect(refreshIntervalSeconds(undefined)).toBe(15);
        expect(refreshIntervalSeconds('abc')).toBe(15);
        expect(refreshIntervalSeconds(0)).toBe(15);
        expect(refreshIntervalSeconds(1)).toBe(5);
        expect(refreshIntervalSeconds('30')).toBe(30);

        const { element, emit, refresh } = await mount({ refreshSeconds: 2 });
        await emit();
        expect((element as unknown as { refreshSeconds: number }).refreshSeconds).toBe(5);
        jest.advanceTimersByTime(4_999);
        expect(refresh).not.toHaveBeenCalled();
        jest.advanceTimersByTime(1);
        expect(refresh).toHaveBeenCalledTimes(1);
    });

    it('re-reads on Refresh, shows the new figures and their time', async () => {
        const { $, $$, emit, refresh, cells } = await mount();
        await emit();
        jest.setSystemTime(NOW + 7_000);
        $('.sms-supervisor__refresh')!.click();
        expect(refresh).toHaveBeenCalledTimes(1);
        await emit(
            supervisorData({
                queues: [{ id: 'Q2', name: 'Support', slaTarget: 120 }],
                agents: [{ id: 'A1', name: 'Zoe', status: 'On Break', open: 0, max: 2 }]
            })
        );
        expect($$('.sms-supervisor__queue').map(cells)).toEqual([['Support', '0', 'None', '0', '0', '0', '0', '2:00']]);
        expect($$('.sms-supervisor__agent').map(cells)).toEqual([['Zoe', 'On Break', '0 of 2 (0%)', 'No']]);
        expect($('.sms-supervisor__updated')!.textContent!.trim()).toBe('Updated 10:00:07');
    });

    it('counts a read whose answer did not change as an update', async () => {
        const { $, emit } = await mount();
        await emit();
        jest.advanceTimersByTime(15_000);
        await settle();
        expect($('.sms-supervisor__updated')!.textContent!.trim()).toBe('Updated 10:00:15');
    });

    it('does not start a second read while one runs', async () => {
        const { $, emit, refresh } = await mount();
        await emit();
        let finish: () => void = () => undefined;
        refresh.mockImplementationOnce(() => new Promise<void>((resolve) => (finish = resolve)));
        $('.sms-supervisor__refresh')!.click();
        await settle();
        expect(($('.sms-supervisor__refresh') as unknown as { disabled: boolean }).disabled).toBe(true);
        jest.advanceTimersByTime(15_000);
        expect(refresh).toHaveBeenCalledTimes(1);
        finish();
        await settle();
        expect(($('.sms-supervisor__refresh') as unknown as { disabled: boolean }).disabled).toBe(false);
    });

    it('announces the number past SLA politely, and only when it changes', async () => {
        const { $, emit } = await mount();
        const live = () => $('.sms-supervisor__live')!;
        expect(live().getAttribute('aria-live')).toBe('polite');
        await emit(data({ breached: 1 }));
        expect(live().textContent).toBe('');
        await emit(data({ breached: 1 }));
        expect(live().textContent).toBe('');
        await emit(data({ breached: 3 }));
        expect(live().textContent).toBe('3 interactions are past SLA.');
        await emit(data({ breached: 0 }));
        expect(live().textContent).toBe('No interaction is past SLA.');
        await emit(data({ breached: 1 }));
        expect(live().textContent).toBe('1 interaction is past SLA.');
    });

    it('shows a read error in an alert with the reduced messages, and keeps the last figures', async () => {
        const { $, $$, emit, refresh } = await mount();
        await emit();
        graphqlMock.emitErrors(OPERATION, [{ message: 'No such column Initiated_At__c' }], refresh);
        await settle();
        const notice = $('c-sms-notice.sms-supervisor__error') as HTMLElement & {
            heading: string;
            details: string[];
        };
        expect(notice.heading).toBe('Queues and agents could not be read');
        expect(notice.details).toEqual(['No such column Initiated_At__c']);
        expect($$('.sms-supervisor__queue')).toHaveLength(2);
        // The next answer clears it.
        await emit();
        expect($('c-sms-notice.sms-supervisor__error')).toBeNull();
    });

    it('shows a failed refresh as an error', async () => {
        const { $, emit, refresh } = await mount();
        await emit();
        refresh.mockImplementationOnce(() => Promise.reject({ body: { message: 'Session expired' }, status: 401 }));
        $('.sms-supervisor__refresh')!.click();
        await settle();
        const notice = $('c-sms-notice.sms-supervisor__error') as HTMLElement & { details: string[] };
        expect(notice.details).toEqual(['Session expired']);
    });

    it('says when there are no queues or agents', async () => {
        const { $, emit } = await mount();
        await emit(supervisorData());
        expect($('.sms-supervisor__queues')).toBeNull();
        expect($('.sms-supervisor__no-queues')!.textContent).toBe('No SMS queues are set up.');
        expect($('.sms-supervisor__no-agents')!.textContent).toBe('No SMS agents are set up.');
    });

    it('warns when more open interactions exist than one read returns', async () => {
        const { $, emit } = await mount();
        await emit(
            supervisorData({
                queues: [{ id: 'Q1', name: 'Support' }],
                interactions: [{ id: 'I1', queue: 'Q1', status: 'Queued', initiatedAt: ago(5) }],
                hasNextPage: true
            })
        );
        const notice = $('c-sms-notice.sms-supervisor__truncated') as HTMLElement & { heading: string };
        expect(notice.heading).toBe(
            'More open interactions exist than the view reads at once (1), so the counts are too low.'
        );
    });

    it('stops its timers when removed', async () => {
        const { element, emit, refresh } = await mount();
        await emit();
        document.body.removeChild(element);
        jest.advanceTimersByTime(60_000);
        setHidden(false);
        expect(refresh).not.toHaveBeenCalled();
    });

    it('is accessible', async () => {
        const { element, $, emit } = await mount();
        await emit();
        expect($('.sms-supervisor__agents')).not.toBeNull();
        // axe needs real timers.
        jest.useRealTimers();
        await expect(element).toBeAccessible();
    });
});
