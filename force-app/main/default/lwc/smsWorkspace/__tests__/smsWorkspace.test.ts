import { getTabInfo, openTab, workspaceMock } from 'lightning/platformWorkspaceApi';
import { decodeDefaultFieldValues } from 'lightning/pageReferenceUtils';
import { APPLICATION_SCOPE, messageServiceMock } from 'lightning/messageService';
import { newRecordPage, openPage, recordInTab, recordPage, watchTabs } from 'c/smsWorkspace';

describe('c/smsWorkspace', () => {
    beforeEach(() => {
        workspaceMock.reset();
        messageServiceMock.reset();
    });

    it('builds the standard record page and the New action with encoded default values', () => {
        expect(recordPage('003000000000001AAA', 'Contact')).toEqual({
            type: 'standard__recordPage',
            attributes: { recordId: '003000000000001AAA', objectApiName: 'Contact', actionName: 'view' }
        });
        const page = newRecordPage('Case', {
            SuppliedPhone: '+14155550199',
            Description: 'SMS conversation SMS-1: a, b=c'
        });
        expect(page.type).toBe('standard__objectPage');
        expect(page.attributes).toEqual({ objectApiName: 'Case', actionName: 'new' });
        expect(page.state?.defaultFieldValues).toBe(
            'Description=SMS%20conversation%20SMS-1%3A%20a%2C%20b%3Dc,SuppliedPhone=%2B14155550199'
        );
        expect(decodeDefaultFieldValues(page.state?.defaultFieldValues as string)).toEqual({
            SuppliedPhone: '+14155550199',
            Description: 'SMS conversation SMS-1: a, b=c'
        });
    });

    it('opens a focused workspace tab in a console app and gives its Id', async () => {
        const navigate = jest.fn();
        const tabId = await openPage(recordPage('003000000000001AAA'), { console: true, navigate });
        expect(tabId).toBe('ctab1');
        expect(openTab).toHaveBeenCalledWith({ pageReference: recordPage('003000000000001AAA'), focus: true });
        expect(navigate).not.toHaveBeenCalled();
    });

    it('navigates outside a console app', async () => {
        const navigate = jest.fn();
        await expect(openPage(recordPage('003000000000001AAA'), { console: false, navigate })).resolves.toBeNull();
        expect(navigate).toHaveBeenCalledWith(recordPage('003000000000001AAA'));
        expect(openTab).not.toHaveBeenCalled();
    });

    it('passes the console’s refusal on', async () => {
        workspaceMock.failNextOpen({ message: 'Tab limit reached' });
        await expect(
            openPage(recordPage('003000000000001AAA'), { console: true, navigate: jest.fn() })
        ).rejects.toEqual({
            message: 'Tab limit reached'
        });
    });

    it('tells the record a saved create tab shows, and nothing while it is still a form', async () => {
        const tabId = (await openPage(newRecordPage('Case', {}), { console: true, navigate: jest.fn() })) as string;
        await expect(recordInTab(tabId)).resolves.toBeNull();
        workspaceMock.saveNewRecord(tabId, '500000000000001AAA', 'Case');
        await expect(recordInTab(tabId)).resolves.toBe('500000000000001AAA');
        expect(getTabInfo).toHaveBeenCalledWith(tabId);
    });

    it('follows replaced and closed tabs in application scope until stopped', async () => {
        const watcher = { replaced: jest.fn(), closed: jest.fn() };
        const stop = watchTabs(undefined, watcher);
        expect(messageServiceMock.subscribed()).toEqual([
            { channel: 'lightning__tabReplaced', scope: APPLICATION_SCOPE },
            { channel: 'lightning__tabClosed', scope: APPLICATION_SCOPE }
        ]);
        const tabId = (await openPage(newRecordPage('Case', {}), { console: true, navigate: jest.fn() })) as string;
        workspaceMock.saveNewRecord(tabId, '500000000000001AAA', 'Case');
        expect(watcher.replaced).toHaveBeenCalledWith(tabId);
        stop();
        expect(messageServiceMock.subscribed()).toEqual([]);
    });
});
