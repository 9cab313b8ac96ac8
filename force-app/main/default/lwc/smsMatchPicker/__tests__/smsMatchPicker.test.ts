import { createElement } from 'lwc';
import SmsMatchPicker from 'c/smsMatchPicker';
import type { CustomerRecord } from 'c/smsCrm';
import { flushPromises, resetDom } from '../../../../../test/test-utils';

const RECORDS: CustomerRecord[] = [
    {
        id: '003000000000002AAA',
        objectApiName: 'Contact',
        name: 'Jane Doe',
        phone: '+1 415-555-0199',
        accountId: '001000000000001AAA',
        accountName: 'Acme Corporation'
    },
    {
        id: '00Q000000000001AAA',
        objectApiName: 'Lead',
        name: 'Lee Doe',
        phone: '4155550199',
        accountId: null,
        accountName: 'Doe Bakery'
    },
    {
        id: '001000000000002AAA',
        objectApiName: 'Account',
        name: 'Pat Person',
        phone: '(415) 555-0199',
        accountId: '001000000000002AAA',
        accountName: ''
    }
];

function render(props: Record<string, unknown> = {}) {
    const element = createElement('c-sms-match-picker', { is: SmsMatchPicker });
    Object.assign(element, {
        customerNumber: '+1 (415) 555-0199',
        records: RECORDS,
        selectedId: '003000000000002',
        ...props
    });
    document.body.appendChild(element);
    return element;
}

const rows = (el: HTMLElement) => Array.from(el.shadowRoot!.querySelectorAll('li.sms-picker__row')) as HTMLElement[];
const text = (row: HTMLElement, selector: string) => row.querySelector(selector)?.textContent ?? null;
type Button = HTMLElement & { label: string; title: string };

describe('c-sms-match-picker', () => {
    afterEach(resetDom);

    it('lists the matches with name, object, phone and account, the one in use marked (B17)', async () => {
        const element = render();
        await flushPromises();
        expect(element.shadowRoot!.querySelector('h3')!.textContent!.trim()).toBe(
            'Choose the customer for +1 (415) 555-0199'
        );
        const list = rows(element);
        expect(list.map((row) => (row.querySelector('.sms-picker__pick') as Button).label)).toEqual([
            'Jane Doe',
            'Lee Doe',
            'Pat Person'
        ]);
        expect(list.map((row) => text(row, '.sms-picker__object'))).toEqual(['Contact', 'Lead', 'Account']);
        expect(list.map((row) => text(row, '.sms-picker__phone'))).toEqual([
            '+1 415-555-0199',
            '4155550199',
            '(415) 555-0199'
        ]);
        expect(list.map((row) => text(row, '.sms-picker__account'))).toEqual(['Acme Corporation', 'Doe Bakery', '']);
        expect(list[1].textContent).toContain('Company');
        expect(list.map((row) => text(row, '.sms-picker__selected'))).toEqual(['In use', null, null]);
        expect((list[1].querySelector('.sms-picker__pick') as Button).title).toBe(
            'Use Lee Doe (Lead) for this conversation and open the record'
        );
        await expect(element).toBeAccessible();
    });

    it('moves the focus to itself when it opens', async () => {
        const element = render();
        await flushPromises();
        expect(element.shadowRoot!.activeElement).toBe(element.shadowRoot!.querySelector('h3'));
    });

    it('reports the record the agent picks', async () => {
        const element = render();
        const pick = jest.fn();
        element.addEventListener('pick', pick);
        await flushPromises();
        (rows(element)[1].querySelector('.sms-picker__pick') as HTMLElement).click();
        expect(pick.mock.calls[0][0].detail).toEqual({ recordId: '00Q000000000001AAA' });
    });

    it('shows a link being stored', async () => {
        const element = render({ pendingId: '00Q000000000001AAA' });
        await flushPromises();
        expect(rows(element).map((row) => text(row, '.sms-picker__pending'))).toEqual([null, 'Linking…', null]);
    });

    it('says when matches are hidden from the agent, and when none is left', async () => {
        const element = render({ records: [], hiddenCount: 2 });
        await flushPromises();
        expect(element.shadowRoot!.querySelector('.sms-picker__none')!.textContent).toBe(
            'No customer record you can open matches this number.'
        );
        expect(element.shadowRoot!.querySelector('.sms-picker__hidden')!.textContent).toBe(
            "2 more records match this number, but you don't have access to them."
        );
        Object.assign(element, { hiddenCount: 1 });
        await flushPromises();
        expect(element.shadowRoot!.querySelector('.sms-picker__hidden')!.textContent).toBe(
            "1 more record matches this number, but you don't have access to it."
        );
        await expect(element).toBeAccessible();
    });

    it('offers a new record of the admin’s object, and goes back on the button or Escape', async () => {
        const element = render({ newRecordObject: 'Lead' });
        const newRecord = jest.fn();
        const close = jest.fn();
        element.addEventListener('newrecord', newRecord);
        element.addEventListener('close', close);
        await flushPromises();
        const create = element.shadowRoot!.querySelector('.sms-picker__new') as Button;
        expect(create.label).toBe('New Lead');
        create.click();
        expect(newRecord).toHaveBeenCalledTimes(1);
        const back = element.shadowRoot!.querySelector('.sms-picker__back') as Button;
        expect(back.label).toBe('Back to the conversation');
        back.click();
        element
            .shadowRoot!.querySelector('section')!
            .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
        expect(close).toHaveBeenCalledTimes(2);
    });
});
