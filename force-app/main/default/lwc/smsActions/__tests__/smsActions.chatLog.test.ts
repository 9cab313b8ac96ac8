import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { ActionInputError, createChatLog, refusalMessage, storeChatLogId, updateChatLog } from 'c/smsActions';
import createdTask from './data/createdTask.json';
import validationError from '../../smsCrm/__tests__/data/validationError.json';

const TASK = '00T000000000001AAA';
const INTERACTION = 'a02000000000001AAA';

describe('c/smsActions chat log and links', () => {
    beforeEach(() => {
        jest.mocked(createRecord).mockReset();
        jest.mocked(updateRecord).mockReset();
    });

    it('creates the chat log as a Task with the agent’s own access and gives its Id', async () => {
        jest.mocked(createRecord).mockResolvedValue(createdTask as never);
        const fields = { Subject: 'SMS with Sam Smith', Status: 'Completed' };
        await expect(createChatLog(fields)).resolves.toBe(TASK);
        expect(createRecord).toHaveBeenCalledWith({ apiName: 'Task', fields });
    });

    it('passes the platform’s error on when the Task is refused', async () => {
        jest.mocked(createRecord).mockRejectedValue(validationError);
        await expect(createChatLog({ Subject: 'x' })).rejects.toBe(validationError);
    });

    it('stores the Task Id in the one interaction field the agent may edit', async () => {
        jest.mocked(updateRecord).mockResolvedValue({} as never);
        await storeChatLogId(INTERACTION, TASK);
        expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: INTERACTION, Chat_Log_Task_Id__c: TASK } });
    });

    it('updates the chat log', async () => {
        jest.mocked(updateRecord).mockResolvedValue({} as never);
        await updateChatLog(TASK, { Subject: 'SMS with Sam Smith – Resolved' });
        expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: TASK, Subject: 'SMS with Sam Smith – Resolved' } });
    });

    it('refuses to write without the Ids', async () => {
        await expect(storeChatLogId('', TASK)).rejects.toBeInstanceOf(ActionInputError);
        await expect(updateChatLog('', {})).rejects.toBeInstanceOf(ActionInputError);
        expect(updateRecord).not.toHaveBeenCalled();
    });

    it('says in words why the service refused a link', () => {
        expect(refusalMessage('INVALID_RECORD')).toBe(
            'Only a contact, lead, account or case can be linked to the conversation.'
        );
    });
});
