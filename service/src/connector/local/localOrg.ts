/**
 * The local org: an in-memory Salesforce with the package's objects, for `npm start` and tests.
 * Records with owner-based sharing, the Flows' behaviour (an inserted action or queued outbound
 * message publishes SMS_Agent_Action__e carrying its creator), SOSL-like phone search, the UI
 * API's record shape, and an event bus that counts deliveries. It implements the same
 * SalesforcePort as the real org.
 */
import { ConnectorError } from '../errors';
import { IdFactory, toId18 } from '../ids';
import {
    AGENT_ACTION_EVENT,
    AGENT_ACTION_TOPIC,
    AGENT_EVENT,
    OBJECTS,
    REJECT_PERMISSION,
    type ActionEventType
} from '../model';
import { phoneMatches } from '../phone';
import { AGENT_ACTION_SCHEMA, AGENT_EVENT_SCHEMA, schemaId } from '../schemas';
import type {
    ActionSubscription,
    ActionSubscriptionOptions,
    AgentActionEvent,
    AgentConfig,
    AgentEvent,
    ConnectorHealth,
    FieldValue,
    OrgCheckFinding,
    OrgConfiguration,
    PhoneMatch,
    RecordWrite,
    SalesforcePort,
    SObjectFields,
    WriteResult
} from '../types';
import { checkSchema, type DescribedObject } from '../orgCheck';
import { EventBus, type BusEventMessage, type BusState } from './eventBus';
import { loadSchema, repoRoot, type FieldDef, type ObjectDef, type Schema } from './schema';
import { toUiRecord, unqualify, type UiRecord } from './uiApi';

export type Rec = Record<string, FieldValue>;

export interface LocalOrgOptions {
    /** Repository root (force-app, docs). Default: this checkout. */
    rootDir?: string;
    now?: () => number;
    /** Batch size of the action subscription when the caller gives none. */
    actionBatchSize?: number;
    /** Goes on from a snapshot (`snapshot()`) instead of starting empty: the same records and Ids. */
    snapshot?: LocalOrgSnapshot;
}

/** Everything the local org holds, as JSON: what a restart of the local console resumes from. */
export interface LocalOrgSnapshot {
    format: 'sms-local-org';
    version: 1;
    /** Records by object. */
    records: Record<string, Rec[]>;
    /** Ids issued per object, so that new Ids never repeat old ones. */
    issued: Record<string, number>;
    autoNumbers: Record<string, number>;
    refs: Record<string, string>;
    /** Custom channels are not kept: whoever defines them defines them again at start. */
    bus: BusState;
}

/** Permission sets the package ships, and what they grant in the local org. */
const PERMISSION_SETS: Record<string, { viewAll: string[]; customPermissions: string[]; label: string }> = {
    SMS_Agent: { viewAll: [], customPermissions: [], label: 'SMS Agent' },
    SMS_Supervisor: { viewAll: [OBJECTS.interaction, OBJECTS.action], customPermissions: [], label: 'SMS Supervisor' },
    SMS_Integration_User: {
        viewAll: [OBJECTS.interaction, OBJECTS.action],
        customPermissions: [],
        label: 'SMS Integration User'
    },
    SMS_Reject_Offers: { viewAll: [], customPermissions: [REJECT_PERMISSION], label: 'SMS Reject Offers' }
};

const PHONE_OBJECTS: Array<PhoneMatch['type']> = ['Contact', 'Lead', 'Account'];

export class LocalOrg implements SalesforcePort {
    readonly kind = 'local' as const;
    readonly schema: Schema;
    readonly bus: EventBus;
    readonly integrationUserId: string;
    private readonly now: () => number;
    private readonly records = new Map<string, Map<string, Rec>>();
    private readonly objectOfId = new Map<string, string>();
    private readonly idFactories = new Map<string, IdFactory>();
    private readonly autoNumbers = new Map<string, number>();
    /** Named references (seed `referenceId`s and permission set names) to record Ids. */
    readonly refs = new Map<string, string>();
    private connected = false;
    private streamConnected = false;
    private readonly actionBatchSize: number;
    private readonly changeListeners = new Set<(object: string | null) => void>();

    constructor(options: LocalOrgOptions = {}) {
        this.now = options.now ?? Date.now;
        this.actionBatchSize = options.actionBatchSize ?? 50;
        this.schema = loadSchema(options.rootDir ?? repoRoot());
        for (const def of this.schema.objects.values()) {
            if (!def.isEvent) this.records.set(def.name, new Map());
        }
        this.bus = new EventBus(this.now);
        this.bus.defineEvent(AGENT_EVENT, this.eventFields(AGENT_EVENT), schemaId(AGENT_EVENT_SCHEMA));
        this.bus.defineEvent(AGENT_ACTION_EVENT, this.eventFields(AGENT_ACTION_EVENT), schemaId(AGENT_ACTION_SCHEMA));
        this.bus.onPublish = () => this.changed(null);
        if (options.snapshot) {
            this.integrationUserId = this.restore(options.snapshot);
            return;
        }
        this.integrationUserId = this.insert('User', {
            Username: 'integration@sms.local',
            FirstName: 'SMS',
            LastName: 'Integration',
            Email: 'integration@sms.local',
            Alias: 'smsint',
            IsActive: true
        });
        const self = this.records.get('User')!.get(this.integrationUserId)!;
        self.CreatedById = self.LastModifiedById = self.OwnerId = this.integrationUserId;
        this.refs.set('IntegrationUser', this.integrationUserId);
        for (const [name, ps] of Object.entries(PERMISSION_SETS)) {
            this.refs.set(name, this.insert('PermissionSet', { Name: name, Label: ps.label }));
        }
        this.assignPermissionSet(this.integrationUserId, 'SMS_Integration_User');
    }

    // -----------------------------------------------------------------------------------------
    // Persistence (the local console keeps its org across restarts)

    /** Called after every record write (with its object) and every published event (with null). */
    onChange(listener: (object: string | null) => void): () => void {
        this.changeListeners.add(listener);
        return () => this.changeListeners.delete(listener);
    }

    private changed(object: string | null): void {
        for (const listener of this.changeListeners) {
            try {
                listener(object);
            } catch {
                // A listener's failure never fails the write that caused it.
            }
        }
    }

    /** The whole org as JSON-able data (records, Id counters, references, the event bus). */
    snapshot(): LocalOrgSnapshot {
        const records: Record<string, Rec[]> = {};
        for (const [object, table] of this.records) {
            if (table.size > 0) records[object] = [...table.values()].map((r) => ({ ...r }));
        }
        return {
            format: 'sms-local-org',
            version: 1,
            records,
            issued: Object.fromEntries([...this.idFactories].map(([object, f]) => [object, f.issued])),
            autoNumbers: Object.fromEntries(this.autoNumbers),
            refs: Object.fromEntries(this.refs),
            bus: this.bus.exportState()
        };
    }

    /** Loads a snapshot into this (empty) org; returns the integration user's Id. */
    private restore(snapshot: LocalOrgSnapshot): string {
        if (snapshot?.format !== 'sms-local-org' || snapshot.version !== 1) {
            throw new ConnectorError('SEED_ERROR', 'Not a local org snapshot (format sms-local-org, version 1)');
        }
        for (const [object, rows] of Object.entries(snapshot.records)) {
            const def = this.objectDef(object);
            const table = this.records.get(def.name)!;
            for (const row of rows) {
                const id = String(row.Id);
                table.set(id, { ...row });
                this.objectOfId.set(id, def.name);
            }
        }
        for (const [object, issued] of Object.entries(snapshot.issued)) {
            this.idFactories.set(object, new IdFactory(this.objectDef(object).keyPrefix, undefined, issued));
        }
        for (const [object, n] of Object.entries(snapshot.autoNumbers)) this.autoNumbers.set(object, n);
        for (const [name, id] of Object.entries(snapshot.refs)) this.refs.set(name, id);
        this.bus.importState(snapshot.bus);
        const integration = this.refs.get('IntegrationUser');
        if (!integration || this.objectOf(integration) !== 'User') {
            throw new ConnectorError('SEED_ERROR', 'The snapshot has no integration user');
        }
        return integration;
    }

    private eventFields(name: string): string[] {
        const def = this.schema.objects.get(name);
        if (!def) throw new ConnectorError('FIELD_UNKNOWN', `The schema has no platform event ${name}`);
        return [...def.fields.keys()];
    }

    // -----------------------------------------------------------------------------------------
    // Records

    objectDef(object: string): ObjectDef {
        const def = this.schema.objects.get(object);
        if (!def || def.isEvent) throw new ConnectorError('FIELD_UNKNOWN', `No such object: ${object}`);
        return def;
    }

    private table(object: string): Map<string, Rec> {
        this.objectDef(object);
        return this.records.get(object)!;
    }

    private nextId(def: ObjectDef): string {
        let factory = this.idFactories.get(def.name);
        if (!factory) {
            factory = new IdFactory(def.keyPrefix);
            this.idFactories.set(def.name, factory);
        }
        return factory.next();
    }

    private autoNumber(def: ObjectDef): string {
        const n = (this.autoNumbers.get(def.name) ?? 0) + 1;
        this.autoNumbers.set(def.name, n);
        return (def.nameFormat ?? '{0}').replace(/\{(0+)\}/, (_m, zeros: string) =>
            String(n).padStart(zeros.length, '0')
        );
    }

    private coerce(def: ObjectDef, field: FieldDef, value: FieldValue): FieldValue {
        if (value === null || value === '') {
            if (field.type === 'Checkbox') return false;
            return null;
        }
        const bad = (why: string): never => {
            throw new ConnectorError('FIELD_INVALID', `${def.name}.${field.name}: ${why}`);
        };
        switch (field.type) {
            case 'Checkbox':
                if (typeof value !== 'boolean') bad('a checkbox takes true or false');
                return value;
            case 'Number':
                if (typeof value !== 'number' || !Number.isFinite(value)) bad('a number was expected');
                return value;
            case 'DateTime':
            case 'Date': {
                const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
                if (!Number.isFinite(ms)) bad('an ISO 8601 date/time was expected');
                const iso = new Date(ms).toISOString();
                return field.type === 'Date' ? iso.slice(0, 10) : iso;
            }
            case 'Picklist': {
                if (typeof value !== 'string') bad('a picklist value was expected');
                const allowed = field.globalValueSet
                    ? (this.schema.valueSets.get(field.globalValueSet) ?? [])
                    : (field.picklist ?? []);
                if (allowed.length > 0 && !allowed.includes(value as string)) bad('not one of the picklist values');
                return value;
            }
            case 'Lookup':
            case 'MasterDetail': {
                const id = typeof value === 'string' ? toId18(value) : null;
                if (!id) bad('a record Id was expected');
                const target = this.objectOfId.get(id!);
                if (
                    !target ||
                    (field.referenceTo && field.referenceTo.length > 0 && !field.referenceTo.includes(target))
                ) {
                    bad('no such record to look up');
                }
                return id;
            }
            default: {
                const s = typeof value === 'string' ? value : String(value);
                if (field.length && s.length > field.length) bad(`longer than ${field.length} characters`);
                return s;
            }
        }
    }

    private checkUnique(def: ObjectDef, fields: Rec, selfId: string | null): void {
        for (const field of def.fields.values()) {
            if (!(field.unique || field.externalId)) continue;
            const value = fields[field.name];
            if (value === null || value === undefined) continue;
            for (const rec of this.records.get(def.name)!.values()) {
                if (
                    rec.Id !== selfId &&
                    rec[field.name] !== null &&
                    String(rec[field.name]).toLowerCase() === String(value).toLowerCase()
                ) {
                    throw new ConnectorError('DUPLICATE_VALUE', `${def.name}.${field.name} already holds this value`);
                }
            }
        }
    }

    private writable(def: ObjectDef, fields: SObjectFields): Rec {
        const out: Rec = {};
        for (const [name, value] of Object.entries(fields)) {
            const field = def.fields.get(name);
            if (!field) throw new ConnectorError('FIELD_UNKNOWN', `${def.name} has no field ${name}`);
            if (field.system || field.type === 'AutoNumber') {
                throw new ConnectorError('FIELD_INVALID', `${def.name}.${name} is not writeable`);
            }
            out[name] = this.coerce(def, field, value);
        }
        return out;
    }

    /** Inserts as `asUser` (null: the integration user, system context). Runs the Flows. */
    insert(object: string, fields: SObjectFields, asUser: string | null = null): string {
        const def = this.objectDef(object);
        const actor = asUser ?? this.integrationUserId ?? null;
        const values = this.writable(def, fields);
        this.checkParentAccess(def, values, asUser);
        const rec: Rec = {};
        for (const field of def.fields.values()) {
            if (field.defaultValue !== undefined) rec[field.name] = field.defaultValue;
            else if (field.type === 'Checkbox') rec[field.name] = false;
            else rec[field.name] = null;
        }
        Object.assign(rec, values);
        this.beforeSave(def, rec);
        for (const field of def.fields.values()) {
            if (field.required && (rec[field.name] === null || rec[field.name] === undefined)) {
                throw new ConnectorError('FIELD_INVALID', `${def.name}.${field.name} is required`);
            }
        }
        this.checkUnique(def, rec, null);
        const id = this.nextId(def);
        const stamp = new Date(this.now()).toISOString();
        rec.Id = id;
        if (def.nameFormat) rec.Name = this.autoNumber(def);
        if (def.fields.has('OwnerId') && (rec.OwnerId === null || rec.OwnerId === undefined)) rec.OwnerId = actor;
        rec.CreatedById = actor;
        rec.LastModifiedById = actor;
        rec.CreatedDate = stamp;
        rec.LastModifiedDate = stamp;
        rec.SystemModstamp = stamp;
        this.records.get(def.name)!.set(id, rec);
        this.objectOfId.set(id, def.name);
        this.afterInsert(def, rec);
        this.changed(def.name);
        return id;
    }

    update(object: string, id: string, fields: SObjectFields, asUser: string | null = null): void {
        const def = this.objectDef(object);
        const key = toId18(id);
        const rec = key ? this.records.get(def.name)!.get(key) : undefined;
        if (!rec) throw new ConnectorError('RECORD_NOT_FOUND', `No ${object} record ${id}`);
        if (!this.canEdit(def, rec, asUser))
            throw new ConnectorError('INSUFFICIENT_ACCESS', `Cannot edit ${object} ${id}`);
        const values = this.writable(def, fields);
        const next = { ...rec, ...values };
        this.beforeSave(def, next);
        this.checkUnique(def, next, rec.Id as string);
        Object.assign(rec, next);
        const stamp = new Date(this.now()).toISOString();
        rec.LastModifiedById = asUser ?? this.integrationUserId;
        rec.LastModifiedDate = stamp;
        rec.SystemModstamp = stamp;
        this.changed(def.name);
    }

    upsert(
        object: string,
        externalIdField: string,
        externalId: string,
        fields: SObjectFields
    ): { id: string; created: boolean } {
        const def = this.objectDef(object);
        const field = def.fields.get(externalIdField);
        if (!field || !(field.externalId || externalIdField === 'Id')) {
            throw new ConnectorError('FIELD_INVALID', `${object}.${externalIdField} is not an external Id`);
        }
        const existing = [...this.records.get(def.name)!.values()].find(
            (r) => r[externalIdField] !== null && String(r[externalIdField]).toLowerCase() === externalId.toLowerCase()
        );
        const { [externalIdField]: _ignored, ...rest } = fields;
        if (existing) {
            this.update(object, existing.Id as string, rest);
            return { id: existing.Id as string, created: false };
        }
        return { id: this.insert(object, { ...rest, [externalIdField]: externalId }), created: true };
    }

    /** A record by Id as `asUser` sees it (null when absent or not visible). */
    get(id: string, asUser: string | null = null): Rec | null {
        const key = toId18(id);
        if (!key) return null;
        const object = this.objectOfId.get(key);
        if (!object) return null;
        const rec = this.records.get(object)!.get(key)!;
        return this.canRead(this.objectDef(object), rec, asUser) ? { ...rec } : null;
    }

    objectOf(id: string): string | null {
        const key = toId18(id);
        return key ? (this.objectOfId.get(key) ?? null) : null;
    }

    /** Records of an object matching `where` (field equality), as `asUser` sees them. */
    find(object: string, where: SObjectFields = {}, asUser: string | null = null): Rec[] {
        const def = this.objectDef(object);
        const out: Rec[] = [];
        for (const rec of this.table(object).values()) {
            if (
                !Object.entries(where).every(
                    ([k, v]) => rec[k] === v || (typeof v === 'string' && rec[k] === toId18(v))
                )
            )
                continue;
            if (this.canRead(def, rec, asUser)) out.push({ ...rec });
        }
        return out;
    }

    // -----------------------------------------------------------------------------------------
    // Users, permissions, sharing

    createUser(
        fields: { FirstName?: string; LastName: string; Username: string; Email?: string; Alias?: string },
        permissionSets: string[] = []
    ): string {
        const id = this.insert('User', { IsActive: true, ...fields });
        for (const ps of permissionSets) this.assignPermissionSet(id, ps);
        return id;
    }

    assignPermissionSet(userId: string, permissionSet: string): void {
        const psId = this.refs.get(permissionSet);
        if (!psId || this.objectOf(psId) !== 'PermissionSet') {
            throw new ConnectorError('RECORD_NOT_FOUND', `No permission set ${permissionSet}`);
        }
        if (this.find('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: psId }).length > 0) return;
        this.insert('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: psId });
    }

    permissionSetsOf(userId: string): string[] {
        const user = toId18(userId);
        const names: string[] = [];
        for (const a of this.records.get('PermissionSetAssignment')!.values()) {
            if (a.AssigneeId !== user) continue;
            const ps = this.records.get('PermissionSet')!.get(a.PermissionSetId as string);
            if (ps) names.push(String(ps.Name));
        }
        return names;
    }

    hasCustomPermission(userId: string, permission: string): boolean {
        return this.permissionSetsOf(userId).some((ps) => PERMISSION_SETS[ps]?.customPermissions.includes(permission));
    }

    private viewAll(userId: string, object: string): boolean {
        return this.permissionSetsOf(userId).some((ps) => PERMISSION_SETS[ps]?.viewAll.includes(object));
    }

    private parentOf(def: ObjectDef, rec: Rec): { def: ObjectDef; rec: Rec } | null {
        for (const field of def.fields.values()) {
            if (field.type !== 'MasterDetail') continue;
            const parentId = rec[field.name];
            if (typeof parentId !== 'string') return null;
            const object = this.objectOfId.get(parentId);
            if (!object) return null;
            return { def: this.objectDef(object), rec: this.records.get(object)!.get(parentId)! };
        }
        return null;
    }

    canRead(def: ObjectDef, rec: Rec, asUser: string | null): boolean {
        if (asUser === null || asUser === this.integrationUserId) return true;
        const user = toId18(asUser);
        if (def.sharing === 'ControlledByParent') {
            const parent = this.parentOf(def, rec);
            return parent ? this.canRead(parent.def, parent.rec, asUser) : false;
        }
        if (def.sharing === 'Private') return rec.OwnerId === user || this.viewAll(asUser, def.name);
        return true;
    }

    canEdit(def: ObjectDef, rec: Rec, asUser: string | null): boolean {
        if (asUser === null || asUser === this.integrationUserId) return true;
        const user = toId18(asUser);
        if (def.sharing === 'ControlledByParent') {
            const parent = this.parentOf(def, rec);
            return parent ? this.canEdit(parent.def, parent.rec, asUser) : false;
        }
        if (def.sharing === 'Private' || def.sharing === 'Read') return rec.OwnerId === user;
        return true;
    }

    private checkParentAccess(def: ObjectDef, values: Rec, asUser: string | null): void {
        if (def.sharing !== 'ControlledByParent') return;
        const parent = this.parentOf(def, values);
        if (parent && !this.canEdit(parent.def, parent.rec, asUser)) {
            throw new ConnectorError(
                'INSUFFICIENT_ACCESS',
                `Cannot add a ${def.name} to a ${parent.def.name} you cannot edit`
            );
        }
    }

    // -----------------------------------------------------------------------------------------
    // The Flows

    /** SMS_Agent_Set_User_Key (before save): User_Key__c follows User__c, one agent record per user. */
    private beforeSave(def: ObjectDef, rec: Rec): void {
        if (def.name === OBJECTS.agent && typeof rec.User__c === 'string') rec.User_Key__c = rec.User__c;
    }

    private afterInsert(def: ObjectDef, rec: Rec): void {
        let type: ActionEventType | null = null;
        if (def.name === OBJECTS.action) type = rec.Type__c as ActionEventType;
        else if (def.name === OBJECTS.message && rec.Direction__c === 'Outbound' && rec.Status__c === 'Queued')
            type = 'Send';
        if (!type) return;
        this.bus.publish(
            AGENT_ACTION_EVENT,
            {
                Record_Id__c: rec.Id,
                Object__c: def.name,
                Type__c: type,
                Acting_User_Id__c: rec.CreatedById
            },
            String(rec.CreatedById)
        );
    }

    // -----------------------------------------------------------------------------------------
    // UI API (what lightning/uiRecordApi gets in the local console)

    getRecordUi(id: string, fields: readonly string[], asUser: string): UiRecord {
        const rec = this.get(id, asUser);
        if (!rec) throw new ConnectorError('RECORD_NOT_FOUND', 'The requested resource does not exist');
        const def = this.objectDef(this.objectOf(id)!);
        const names = fields.map((f) => unqualify(def.name, f));
        for (const n of names) {
            if (!def.fields.has(n)) throw new ConnectorError('FIELD_UNKNOWN', `${def.name} has no field ${n}`);
        }
        return toUiRecord(def, rec, names);
    }

    createRecordUi(input: { apiName: string; fields: SObjectFields }, asUser: string): UiRecord {
        const id = this.insert(input.apiName, input.fields, asUser);
        return this.getRecordUi(id, Object.keys(input.fields), asUser);
    }

    updateRecordUi(input: { fields: SObjectFields }, asUser: string): UiRecord {
        const { Id, ...rest } = input.fields;
        if (typeof Id !== 'string') throw new ConnectorError('FIELD_INVALID', 'fields.Id is required');
        const object = this.objectOf(Id);
        if (!object || !this.get(Id, asUser))
            throw new ConnectorError('RECORD_NOT_FOUND', 'The requested resource does not exist');
        this.update(object, Id, rest, asUser);
        return this.getRecordUi(Id, Object.keys(rest), asUser);
    }

    // -----------------------------------------------------------------------------------------
    // SalesforcePort

    async connect(): Promise<void> {
        this.connected = true;
    }

    async close(): Promise<void> {
        this.connected = false;
        this.streamConnected = false;
    }

    health(): ConnectorHealth {
        return { org: this.connected, stream: this.streamConnected };
    }

    async publishAgentEvents(events: readonly AgentEvent[]): Promise<void> {
        for (const e of events) {
            this.bus.publish(
                AGENT_EVENT,
                {
                    Recipient_Id__c: e.recipientId,
                    Type__c: e.type,
                    Interaction_Id__c: e.interactionId,
                    Sequence__c: e.sequence
                },
                this.integrationUserId
            );
        }
    }

    async subscribeActions(options: ActionSubscriptionOptions): Promise<ActionSubscription> {
        const batchSize = options.batchSize ?? this.actionBatchSize;
        const queue: AgentActionEvent[] = [];
        let busy = false;
        let closed = false;
        let unsubscribe: () => void = () => undefined;
        const state = { connected: true };
        const pump = async (): Promise<void> => {
            if (busy || closed) return;
            busy = true;
            try {
                while (queue.length > 0 && !closed) {
                    const batch = queue.splice(0, batchSize);
                    try {
                        await options.onBatch(batch);
                    } catch {
                        // As the real stream does: drop what is buffered and resume after the
                        // last processed replay Id.
                        queue.length = 0;
                        unsubscribe();
                        await new Promise((resolve) => setTimeout(resolve, 100));
                        if (!closed) await start();
                        return;
                    }
                }
            } finally {
                busy = false;
            }
        };
        const start = async (): Promise<void> => {
            const replay = await options.loadReplayId();
            const from = replay === null ? -1 : Number(replay);
            unsubscribe = this.bus.subscribe('service', AGENT_ACTION_TOPIC, Number.isFinite(from) ? from : -1, (m) => {
                queue.push(toActionEvent(m));
                void pump();
            });
        };
        await start();
        this.streamConnected = true;
        return {
            close: async () => {
                closed = true;
                unsubscribe();
                this.streamConnected = false;
                state.connected = false;
            },
            get connected() {
                return state.connected;
            }
        };
    }

    async writeRecords(writes: readonly RecordWrite[]): Promise<WriteResult[]> {
        return writes.map((w) => {
            try {
                const fields: SObjectFields = { ...w.fields };
                for (const [field, ref] of Object.entries(w.refs ?? {})) {
                    const target = this.find(ref.object).find((r) => r[ref.externalIdField] === ref.value);
                    if (!target) {
                        throw new ConnectorError(
                            'RECORD_NOT_FOUND',
                            `No ${ref.object} with ${ref.externalIdField} for ${field}`
                        );
                    }
                    fields[field] = target.Id;
                }
                if (w.id) {
                    this.update(w.object, w.id, fields);
                    return { ok: true, id: toId18(w.id) ?? w.id, created: false };
                }
                if (w.externalIdField && w.externalId !== undefined) {
                    const r = this.upsert(w.object, w.externalIdField, w.externalId, fields);
                    return { ok: true, id: r.id, created: r.created };
                }
                return { ok: true, id: this.insert(w.object, fields), created: true };
            } catch (error) {
                const e = error as ConnectorError;
                return { ok: false, error: { code: e.code ?? 'UNKNOWN', message: e.message } };
            }
        });
    }

    async readRecords(
        object: string,
        ids: readonly string[],
        fields: readonly string[]
    ): Promise<Map<string, SObjectFields>> {
        const def = this.objectDef(object);
        const out = new Map<string, SObjectFields>();
        for (const id of ids) {
            const rec = this.get(id);
            if (!rec || this.objectOf(id) !== def.name) continue;
            const picked: SObjectFields = { Id: rec.Id };
            for (const f of fields) {
                if (!def.fields.has(f)) throw new ConnectorError('FIELD_UNKNOWN', `${object} has no field ${f}`);
                picked[f] = rec[f] ?? null;
            }
            out.set(String(rec.Id), picked);
        }
        return out;
    }

    async searchPhone(phone: string): Promise<PhoneMatch[]> {
        return this.searchPhoneIn(PHONE_OBJECTS, phone, false);
    }

    /** SOSL `IN PHONE FIELDS` over the given objects; converted leads only when asked for. */
    searchPhoneIn(types: readonly PhoneMatch['type'][], phone: string, includeConvertedLeads: boolean): PhoneMatch[] {
        const out: PhoneMatch[] = [];
        for (const type of types) {
            const def = this.objectDef(type);
            const phoneFields = [...def.fields.values()].filter((f) => f.type === 'Phone').map((f) => f.name);
            for (const rec of this.records.get(type)!.values()) {
                if (type === 'Lead' && rec.IsConverted === true && !includeConvertedLeads) continue;
                if (phoneFields.some((f) => typeof rec[f] === 'string' && phoneMatches(rec[f] as string, phone))) {
                    out.push({ id: String(rec.Id), type });
                }
            }
        }
        return out;
    }

    async loadConfiguration(): Promise<OrgConfiguration> {
        const agentsById = new Map<string, AgentConfig>();
        for (const a of this.find(OBJECTS.agent)) {
            agentsById.set(String(a.Id), {
                recordId: String(a.Id),
                userId: String(a.User__c),
                name: String(a.Name ?? ''),
                status: (a.Status__c as AgentConfig['status']) ?? null,
                stopNew: a.Stop_New__c === true,
                maxInteractions: typeof a.Max_Interactions__c === 'number' ? a.Max_Interactions__c : null,
                eventChannel: (a.Event_Channel__c as string | null) ?? null
            });
        }
        const rejecters = new Set<string>();
        for (const user of this.find('User')) {
            if (user.IsActive !== false && this.hasCustomPermission(String(user.Id), REJECT_PERMISSION))
                rejecters.add(String(user.Id));
        }
        return {
            queues: this.find(OBJECTS.queue).map((q) => ({
                id: String(q.Id),
                name: String(q.Name ?? ''),
                acceptanceIntervalSeconds: Number(q.Acceptance_Interval_Seconds__c ?? 30),
                postProcessingSeconds: Number(q.Post_Processing_Seconds__c ?? 120),
                slaTargetSeconds: Number(q.SLA_Target_Seconds__c ?? 300),
                maxInteractions: Number(q.Max_Interactions__c ?? 3),
                dispositionRequired: q.Disposition_Required__c === true,
                dedicatedAgentUserId: q.Dedicated_Agent__c
                    ? (agentsById.get(String(q.Dedicated_Agent__c))?.userId ?? null)
                    : null,
                businessHoursName: (q.Business_Hours_Name__c as string | null) ?? null,
                afterHoursReply: (q.After_Hours_Reply__c as string | null) ?? null,
                active: q.Active__c !== false
            })),
            channels: this.find(OBJECTS.channel).map((c) => ({
                id: String(c.Id),
                name: String(c.Name ?? ''),
                phoneNumber: String(c.Phone_Number__c ?? ''),
                queueId: String(c.Queue__c ?? ''),
                helpReply: (c.Help_Reply__c as string | null) ?? null,
                active: c.Active__c !== false
            })),
            agents: [...agentsById.values()],
            members: this.find(OBJECTS.member).flatMap((m) => {
                const agent = agentsById.get(String(m.Agent__c));
                return agent ? [{ queueId: String(m.Queue__c), agentUserId: agent.userId }] : [];
            }),
            rejectPermissionUserIds: [...rejecters],
            businessHours: this.find('BusinessHours', { IsActive: true }).map((b) =>
                Object.fromEntries(
                    Object.entries(b).filter(([k]) => k === 'Name' || k === 'TimeZoneSidKey' || /Time$/.test(k))
                )
            )
        };
    }

    async checkSetup(): Promise<OrgCheckFinding[]> {
        const described: DescribedObject[] = [...this.schema.objects.values()].map((d) => ({
            name: d.name,
            fields: [...d.fields.keys()]
        }));
        return checkSchema(described, {
            canPublish: true,
            canSubscribe: true,
            activeFlows: ['SMS_Publish_Agent_Action', 'SMS_Publish_Outbound_Message']
        });
    }
}

function toActionEvent(message: BusEventMessage): AgentActionEvent {
    const p = message.data.payload;
    return {
        eventUuid: message.data.event.EventUuid,
        replayId: String(message.data.event.replayId),
        recordId: String(p.Record_Id__c),
        object: p.Object__c === OBJECTS.message ? OBJECTS.message : OBJECTS.action,
        type: String(p.Type__c) as ActionEventType,
        actingUserId: String(p.Acting_User_Id__c),
        createdDate: Date.parse(String(p.CreatedDate))
    };
}
