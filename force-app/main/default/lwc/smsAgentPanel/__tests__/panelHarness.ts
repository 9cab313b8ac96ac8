// Mounts the panel with the platform modules' test doubles and drives it the way the platform
// does: GraphQL answers per operation, LDS wire data for the disposition picklist, empApi
// messages in their envelope, createRecord results.
import { createElement } from 'lwc';
import SmsAgentPanel from 'c/smsAgentPanel';
import { graphqlMock } from 'lightning/graphql';
import { empApiMock } from 'lightning/empApi';
import { createRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { EnclosingUtilityId } from 'lightning/platformUtilityBarApi';
import objectInfo from './data/interactionObjectInfo.json';
import picklist from './data/dispositionPicklist.json';
import agentEvent from './data/agentEvent.json';
import { IDS, configData, conversationData, stateData } from '../../../../../test/panelFixtures';
import type { GqlData } from '../../../../../test/panelFixtures';
import { flushPromises, ldsAdapter } from '../../../../../test/test-utils';

export const CHANNEL = '/event/SMS_Agent_Event__e';

export interface Harness {
    element: HTMLElement;
    refresh: { state: jest.Mock; config: jest.Mock; conversation: jest.Mock };
    toasts: Array<{ title: string; message: string; variant: string }>;
    events: Record<string, unknown[]>;
    emitState(data?: GqlData): Promise<void>;
    emitConversation(data?: GqlData): Promise<void>;
    fire(payload: Record<string, unknown>): Promise<void>;
    settle(): Promise<void>;
    $(selector: string): HTMLElement | null;
    $$(selector: string): HTMLElement[];
}

export async function settle(): Promise<void> {
    await flushPromises(6);
}

export async function mountPanel(
    options: { state?: GqlData; conversation?: GqlData | null; props?: Record<string, unknown> } = {}
): Promise<Harness> {
    const element = createElement('c-sms-agent-panel', { is: SmsAgentPanel });
    Object.assign(element, options.props ?? {});
    const toasts: Harness['toasts'] = [];
    const events: Harness['events'] = { interactionaccepted: [], interactionterminated: [] };
    element.addEventListener('lightning__showtoast', (event) => toasts.push((event as CustomEvent).detail));
    element.addEventListener('interactionaccepted', (event) =>
        events.interactionaccepted.push((event as CustomEvent).detail)
    );
    element.addEventListener('interactionterminated', (event) =>
        events.interactionterminated.push((event as CustomEvent).detail)
    );
    document.body.appendChild(element);
    const refresh = {
        state: jest.fn(() => Promise.resolve()),
        config: jest.fn(() => Promise.resolve()),
        conversation: jest.fn(() => Promise.resolve())
    };
    const harness: Harness = {
        element,
        refresh,
        toasts,
        events,
        async emitState(data = stateData()) {
            graphqlMock.emit('smsPanelState', data, refresh.state);
            await settle();
        },
        async emitConversation(data = conversationData()) {
            graphqlMock.emit('smsConversation', data, refresh.conversation);
            await settle();
        },
        async fire(payload) {
            empApiMock.fireMessage(CHANNEL, { ...agentEvent.data.payload, ...payload });
            await settle();
        },
        settle,
        $: (selector) => element.shadowRoot!.querySelector(selector),
        $$: (selector) => Array.from(element.shadowRoot!.querySelectorAll(selector))
    };
    (EnclosingUtilityId as unknown as { emit(value: string): void }).emit('utility-1');
    graphqlMock.emit('smsPanelConfig', configData(), refresh.config);
    ldsAdapter(getObjectInfo).emit(objectInfo);
    await settle();
    ldsAdapter(getPicklistValues).emit(picklist);
    await harness.emitState(options.state ?? stateData());
    if (options.conversation !== null) await harness.emitConversation(options.conversation ?? conversationData());
    return harness;
}

let nextId = 100;

/** createRecord resolves the way the UI API answers: the new record's representation. */
export function createRecordAnswers(): jest.Mock {
    const mocked = jest.mocked(createRecord);
    mocked.mockReset();
    mocked.mockImplementation((input) => {
        const prefix = input.apiName === 'SMS_Message__c' ? 'a06' : 'a05';
        const id = `${prefix}0000000000${String(nextId++).padStart(2, '0')}AAA`;
        return Promise.resolve({ apiName: input.apiName ?? '', id, fields: {} });
    });
    return mocked as unknown as jest.Mock;
}

export function resetPlatform(): void {
    empApiMock.reset();
    graphqlMock.reset();
    createRecordAnswers();
}

export { IDS };
