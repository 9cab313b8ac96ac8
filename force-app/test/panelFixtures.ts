// Fixture builders for the panel's tests: copies of the GraphQL responses in
// smsAgentPanel/__tests__/data with one field changed, so each test states only what differs.
import panelState from '../main/default/lwc/smsAgentPanel/__tests__/data/panelState.json';
import conversation from '../main/default/lwc/smsAgentPanel/__tests__/data/conversation.json';
import panelConfig from '../main/default/lwc/smsAgentPanel/__tests__/data/panelConfig.json';

export type GqlNode = { Id: string } & Record<string, unknown>;

interface GqlConnection {
    edges: Array<{ node: GqlNode }>;
    pageInfo?: { hasNextPage: boolean };
}

export interface GqlData {
    uiapi: { query: Record<string, GqlConnection> };
}

export const IDS = {
    user: '005000000000000000',
    agent: 'a01000000000001AAA',
    /** Active, accepted 14:40, awaiting the customer. */
    active: 'a02000000000001AAA',
    /** Active, accepted 14:30 (the oldest), 2 unread, past SLA, a failed delivery. */
    urgent: 'a02000000000002AAA',
    /** Offered, expires 15:00:30. */
    offer: 'a02000000000003AAA',
    channelUs: 'a03000000000001AAA',
    failedMessage: 'a06000000000003AAA'
} as const;

/** The tests' clock: the fixtures' offer was made at this instant. */
export const NOW = new Date('2026-11-25T15:00:00.000Z');

function copy<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}

export function stateData(): GqlData {
    return copy(panelState) as unknown as GqlData;
}

export function conversationData(): GqlData {
    return copy(conversation) as unknown as GqlData;
}

export function configData(): GqlData {
    return copy(panelConfig) as unknown as GqlData;
}

export function nodesOf(data: GqlData, object: string): GqlNode[] {
    return data.uiapi.query[object].edges.map((edge) => edge.node);
}

export function nodeOf(data: GqlData, object: string, id: string): GqlNode {
    const node = nodesOf(data, object).find((n) => n.Id === id);
    if (!node) throw new Error(`${object} ${id} is not in the fixture`);
    return node;
}

/** Sets `{ value }` fields on one record of the response. */
export function setFields(data: GqlData, object: string, id: string, values: Record<string, unknown>): GqlData {
    const node = nodeOf(data, object, id);
    for (const [field, value] of Object.entries(values)) node[field] = { value };
    return data;
}

export function removeNode(data: GqlData, object: string, id: string): GqlData {
    const connection = data.uiapi.query[object];
    connection.edges = connection.edges.filter((edge) => edge.node.Id !== id);
    return data;
}

export function addNode(data: GqlData, object: string, node: GqlNode, first = false): GqlData {
    const connection = data.uiapi.query[object];
    if (first) connection.edges.unshift({ node });
    else connection.edges.push({ node });
    return data;
}

/** A field map { Field: { value } } from plain values. */
export function fields(values: Record<string, unknown>): Record<string, { value: unknown }> {
    const out: Record<string, { value: unknown }> = {};
    for (const [field, value] of Object.entries(values)) out[field] = { value };
    return out;
}
