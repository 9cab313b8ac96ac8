/**
 * The local org's UI API GraphQL (what `lightning/graphql` reads in the local console): record
 * queries `uiapi { query { Object(where, orderBy, first, after, scope) { edges { node … } pageInfo
 * totalCount } } }`, run with a user's access. The schema is built from the local org's objects,
 * so graphql-js validates every query as the platform does (unknown objects, fields and operators,
 * variable types) and gives its errors in GraphQL's shape. Queries only: no mutations, no child
 * relationships, no relationship filters or relationship ordering, no aggregates.
 */
import {
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLError,
    GraphQLFloat,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    GraphQLUnionType,
    Kind,
    executeSync,
    parse,
    validate,
    type DocumentNode,
    type GraphQLFieldConfigMap,
    type GraphQLInputFieldConfigMap,
    type GraphQLInputType,
    type GraphQLOutputType,
    type GraphQLResolveInfo
} from 'graphql';
import { toId18 } from '../ids';
import type { FieldValue } from '../types';
import type { LocalOrg, Rec } from './localOrg';
import type { FieldDef, FieldType, ObjectDef } from './schema';
import { displayValue } from './uiApi';

export interface GraphQLResult {
    data: unknown;
    errors: { message: string }[];
}

interface Ctx {
    org: LocalOrg;
    asUser: string;
    variables: Record<string, unknown>;
    now: number;
}

/** A record as a GraphQL node. */
interface Node {
    def: ObjectDef;
    rec: Rec;
}

/** One field of a record: `{ value displayValue … }`. */
interface Cell {
    def: ObjectDef;
    field: FieldDef;
    value: FieldValue;
}

/** The platform's default page size, and the most one page holds. */
export const DEFAULT_FIRST = 10;
export const MAX_FIRST = 2000;

type Filter = Record<string, unknown>;
type Operators = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Values

/** `Name` of User, Contact, Lead (a compound of the first and last name on the platform). */
export function fieldValue(def: ObjectDef, rec: Rec, field: string): FieldValue {
    const value = rec[field] ?? null;
    if (field === 'Name' && value === null && def.fields.has('FirstName') && def.fields.has('LastName')) {
        const parts = [rec.FirstName, rec.LastName].filter((p) => typeof p === 'string' && p !== '');
        return parts.length > 0 ? parts.join(' ') : null;
    }
    return value;
}

/** The relationship name of a lookup: `Foo__c` → `Foo__r`, `AccountId` → `Account`. */
export function relationshipName(field: FieldDef): string | null {
    if (field.type !== 'Lookup' && field.type !== 'MasterDetail') return null;
    if (field.name.endsWith('__c')) return `${field.name.slice(0, -3)}__r`;
    if (field.name.endsWith('Id') && field.name.length > 2) return field.name.slice(0, -2);
    return null;
}

type Comparable = string | number | boolean | null;

/** A field's value in the form comparisons use: Ids as 18 characters, text lower-cased, times in ms. */
function comparable(type: FieldType, value: unknown): Comparable {
    if (value === null || value === undefined) return null;
    switch (type) {
        case 'Id':
        case 'Lookup':
        case 'MasterDetail':
            return toId18(String(value)) ?? String(value);
        case 'Number':
            return typeof value === 'number' ? value : Number(value);
        case 'Checkbox':
            return value === true;
        case 'DateTime':
            return Date.parse(String(value));
        case 'Date':
            return Date.parse(`${String(value).slice(0, 10)}T00:00:00Z`);
        default:
            return String(value).toLowerCase();
    }
}

function likeRegExp(pattern: string): RegExp {
    const body = pattern
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.');
    return new RegExp(`^${body}$`, 'is');
}

const DAY = 86_400_000;

/** The [start, end) of a date literal (UTC days). */
function literalRange(literal: string, now: number): [number, number] {
    const today = Math.floor(now / DAY) * DAY;
    const offset = literal === 'YESTERDAY' ? -1 : literal === 'TOMORROW' ? 1 : 0;
    return [today + offset * DAY, today + (offset + 1) * DAY];
}

/** One operator on one value. Like SOQL, `ne`/`nin` keep nulls and text compares case-insensitively. */
function test(field: FieldDef, actual: Comparable, op: string, operand: unknown, ctx: Ctx): boolean {
    const isTime = field.type === 'DateTime' || field.type === 'Date';
    if (isTime && operand && typeof operand === 'object' && !Array.isArray(operand)) {
        const input = operand as { value?: unknown; literal?: unknown };
        if (typeof input.literal === 'string') {
            const [start, end] = literalRange(input.literal, ctx.now);
            const inDay = actual !== null && (actual as number) >= start && (actual as number) < end;
            switch (op) {
                case 'eq':
                    return inDay;
                case 'ne':
                    return !inDay;
                case 'lt':
                    return actual !== null && (actual as number) < start;
                case 'lte':
                    return actual !== null && (actual as number) < end;
                case 'gt':
                    return actual !== null && (actual as number) >= end;
                case 'gte':
                    return actual !== null && (actual as number) >= start;
            }
        }
        return test(field, actual, op, input.value ?? null, ctx);
    }
    if (op === 'in' || op === 'nin') {
        const list = Array.isArray(operand) ? operand : [operand];
        const hit = list.some((v) => test(field, actual, 'eq', v, ctx));
        return op === 'in' ? hit : !hit;
    }
    const expected = comparable(field.type, operand);
    switch (op) {
        case 'eq':
            return actual === expected;
        case 'ne':
            return actual !== expected;
        case 'like':
            return typeof actual === 'string' && typeof operand === 'string' && likeRegExp(operand).test(actual);
        default: {
            if (actual === null || expected === null) return false;
            if (op === 'lt') return actual < expected;
            if (op === 'gt') return actual > expected;
            if (op === 'lte') return actual <= expected;
            return actual >= expected;
        }
    }
}

function matches(def: ObjectDef, rec: Rec, filter: Filter | null | undefined, ctx: Ctx): boolean {
    if (!filter) return true;
    for (const [key, condition] of Object.entries(filter)) {
        if (condition === undefined || condition === null) continue;
        if (key === 'and') {
            if (!(condition as Filter[]).every((f) => matches(def, rec, f, ctx))) return false;
        } else if (key === 'or') {
            const list = condition as Filter[];
            if (list.length > 0 && !list.some((f) => matches(def, rec, f, ctx))) return false;
        } else if (key === 'not') {
            if (matches(def, rec, condition as Filter, ctx)) return false;
        } else {
            const field = def.fields.get(key)!;
            const actual = comparable(field.type, fieldValue(def, rec, key));
            for (const [op, operand] of Object.entries(condition as Operators)) {
                if (operand === undefined) continue;
                if (!test(field, actual, op, operand, ctx)) return false;
            }
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Ordering and pages

interface OrderKey {
    field: FieldDef;
    descending: boolean;
    nullsFirst: boolean;
}

/** orderBy's keys in the order the query writes them (graphql-js reorders input objects). */
function orderKeys(
    def: ObjectDef,
    orderBy: Record<string, unknown> | null | undefined,
    info: GraphQLResolveInfo,
    ctx: Ctx
): OrderKey[] {
    if (!orderBy) return [];
    const arg = info.fieldNodes[0]?.arguments?.find((a) => a.name.value === 'orderBy')?.value;
    let names = Object.keys(orderBy);
    if (arg?.kind === Kind.OBJECT) names = arg.fields.map((f) => f.name.value);
    else if (arg?.kind === Kind.VARIABLE) {
        const raw = ctx.variables[arg.name.value];
        if (raw && typeof raw === 'object') names = Object.keys(raw);
    }
    return names
        .filter((n) => orderBy[n] !== undefined && orderBy[n] !== null)
        .map((n) => {
            const clause = orderBy[n] as { order?: string; nulls?: string };
            const descending = clause.order === 'DESC';
            // SOQL: nulls first ascending, last descending, unless told.
            const nullsFirst = clause.nulls ? clause.nulls === 'FIRST' : !descending;
            return { field: def.fields.get(n)!, descending, nullsFirst };
        });
}

function sortRecords(def: ObjectDef, rows: Rec[], keys: OrderKey[]): Rec[] {
    if (keys.length === 0) return rows;
    const indexed = rows.map((rec, index) => ({
        rec,
        index,
        values: keys.map((k) => comparable(k.field.type, fieldValue(def, rec, k.field.name)))
    }));
    indexed.sort((a, b) => {
        for (const [i, key] of keys.entries()) {
            const x = a.values[i];
            const y = b.values[i];
            if (x === y) continue;
            if (x === null) return key.nullsFirst ? -1 : 1;
            if (y === null) return key.nullsFirst ? 1 : -1;
            const c = x < y ? -1 : 1;
            return key.descending ? -c : c;
        }
        // Ties keep the order of creation, in the direction of the last key.
        return keys[keys.length - 1].descending ? b.index - a.index : a.index - b.index;
    });
    return indexed.map((r) => r.rec);
}

function cursor(index: number): string {
    return Buffer.from(`v1:${index}`).toString('base64');
}

function cursorIndex(value: string): number {
    const m = /^v1:(\d+)$/.exec(Buffer.from(value, 'base64').toString('utf8'));
    if (!m) throw new GraphQLError(`Invalid cursor: ${value}`);
    return Number(m[1]);
}

interface ConnectionArgs {
    where?: Filter | null;
    orderBy?: Record<string, unknown> | null;
    first?: number | null;
    after?: string | null;
    scope?: string | null;
}

function connection(def: ObjectDef, args: ConnectionArgs, ctx: Ctx, info: GraphQLResolveInfo): unknown {
    const first = args.first ?? DEFAULT_FIRST;
    if (first < 0 || first > MAX_FIRST) {
        throw new GraphQLError(`first must be between 0 and ${MAX_FIRST}, was ${first}`);
    }
    let rows = ctx.org.find(def.name, {}, ctx.asUser);
    if (args.scope === 'MINE') {
        if (!def.fields.has('OwnerId')) throw new GraphQLError(`${def.name} has no owner: scope MINE is not valid`);
        const me = toId18(ctx.asUser);
        rows = rows.filter((r) => r.OwnerId === me);
    }
    rows = rows.filter((r) => matches(def, r, args.where, ctx));
    rows = sortRecords(def, rows, orderKeys(def, args.orderBy, info, ctx));
    const offset = args.after ? cursorIndex(args.after) + 1 : 0;
    const page = rows.slice(offset, offset + first);
    const edges = page.map((rec, i) => ({ node: { def, rec } satisfies Node, cursor: cursor(offset + i) }));
    return {
        edges,
        pageInfo: {
            hasNextPage: offset + first < rows.length,
            hasPreviousPage: offset > 0,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges[edges.length - 1]?.cursor ?? null
        },
        totalCount: rows.length
    };
}

// ---------------------------------------------------------------------------------------------
// The schema

function stringScalar(name: string, valid: (s: string) => boolean): GraphQLScalarType {
    const check = (v: unknown): string => {
        if (typeof v !== 'string' || !valid(v)) throw new GraphQLError(`${name} cannot represent ${JSON.stringify(v)}`);
        return v;
    };
    return new GraphQLScalarType({
        name,
        serialize: (v) => v,
        parseValue: check,
        parseLiteral: (ast) => {
            if (ast.kind !== Kind.STRING) throw new GraphQLError(`${name} must be a string`);
            return check(ast.value);
        }
    });
}

function numberScalar(name: string): GraphQLScalarType {
    const check = (v: unknown): number => {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
            throw new GraphQLError(`${name} cannot represent ${JSON.stringify(v)}`);
        }
        return v;
    };
    return new GraphQLScalarType({
        name,
        serialize: (v) => v,
        parseValue: check,
        parseLiteral: (ast) => {
            if (ast.kind !== Kind.INT && ast.kind !== Kind.FLOAT) throw new GraphQLError(`${name} must be a number`);
            return check(Number(ast.value));
        }
    });
}

function buildSchema(org: LocalOrg): GraphQLSchema {
    const DateTime = stringScalar('DateTime', (s) => Number.isFinite(Date.parse(s)));
    const DateScalar = stringScalar('Date', (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && Number.isFinite(Date.parse(s)));
    const Long = numberScalar('Long');
    const Double = numberScalar('Double');

    const valueType = (name: string, scalar: GraphQLOutputType & GraphQLInputType, extra: 'label' | 'format' | null) =>
        new GraphQLObjectType<Cell, Ctx>({
            name,
            fields: {
                value: { type: scalar, resolve: (c) => c.value },
                displayValue: { type: GraphQLString, resolve: (c) => displayValue(c.def, c.field.name, c.value) },
                ...(extra === 'label'
                    ? {
                          label: {
                              type: GraphQLString,
                              resolve: (c: Cell) => displayValue(c.def, c.field.name, c.value)
                          }
                      }
                    : {}),
                ...(extra === 'format' ? { format: { type: GraphQLString, resolve: () => null } } : {})
            }
        });
    const values: Record<Exclude<FieldType, 'Id'>, GraphQLObjectType<Cell, Ctx>> = (() => {
        const StringValue = valueType('StringValue', GraphQLString, null);
        const IDValue = valueType('IDValue', GraphQLID, null);
        return {
            Text: StringValue,
            AutoNumber: StringValue,
            TextArea: valueType('TextAreaValue', GraphQLString, null),
            LongTextArea: valueType('LongTextAreaValue', GraphQLString, null),
            Phone: valueType('PhoneNumberValue', GraphQLString, null),
            Email: valueType('EmailValue', GraphQLString, null),
            Url: valueType('UrlValue', GraphQLString, null),
            Number: valueType('DoubleValue', GraphQLFloat, 'format'),
            Checkbox: valueType('BooleanValue', GraphQLBoolean, null),
            DateTime: valueType('DateTimeValue', DateTime, 'format'),
            Date: valueType('DateValue', DateScalar, 'format'),
            Picklist: valueType('PicklistValue', GraphQLString, 'label'),
            Lookup: IDValue,
            MasterDetail: IDValue
        };
    })();

    const operators = (name: string, scalar: GraphQLInputType, ops: string[]) =>
        new GraphQLInputObjectType({
            name,
            fields: Object.fromEntries(
                ops.map((op) => [op, { type: op === 'in' || op === 'nin' ? new GraphQLList(scalar) : scalar }])
            )
        });
    const ALL = ['eq', 'ne', 'like', 'lt', 'gt', 'lte', 'gte', 'in', 'nin'];
    const ORDERED = ['eq', 'ne', 'lt', 'gt', 'lte', 'gte', 'in', 'nin'];
    const DateLiteral = new GraphQLEnumType({
        name: 'DateLiteral',
        values: { TODAY: {}, YESTERDAY: {}, TOMORROW: {} }
    });
    const timeInput = (name: string, scalar: GraphQLInputType) =>
        new GraphQLInputObjectType({ name, fields: { value: { type: scalar }, literal: { type: DateLiteral } } });
    const StringOperators = operators('StringOperators', GraphQLString, ALL);
    const IDOperators = operators('IDOperators', GraphQLID, ALL);
    const filters: Record<FieldType, GraphQLInputObjectType | null> = {
        Id: IDOperators,
        Text: StringOperators,
        AutoNumber: StringOperators,
        TextArea: StringOperators,
        LongTextArea: null,
        Phone: StringOperators,
        Email: StringOperators,
        Url: StringOperators,
        Number: operators('DoubleOperators', GraphQLFloat, ORDERED),
        Checkbox: operators('BooleanOperators', GraphQLBoolean, ['eq', 'ne']),
        DateTime: operators('DateTimeOperators', timeInput('DateTimeInput', DateTime), ORDERED),
        Date: operators('DateOperators', timeInput('DateInput', DateScalar), ORDERED),
        Picklist: operators('PicklistOperators', GraphQLString, ALL),
        Lookup: IDOperators,
        MasterDetail: IDOperators
    };
    const OrderByClause = new GraphQLInputObjectType({
        name: 'OrderByClause',
        fields: {
            order: { type: new GraphQLEnumType({ name: 'ResultOrder', values: { ASC: {}, DESC: {} } }) },
            nulls: { type: new GraphQLEnumType({ name: 'NullOrder', values: { FIRST: {}, LAST: {} } }) }
        }
    });
    const PageInfo = new GraphQLObjectType({
        name: 'PageInfo',
        fields: {
            hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean) },
            hasPreviousPage: { type: new GraphQLNonNull(GraphQLBoolean) },
            startCursor: { type: GraphQLString },
            endCursor: { type: GraphQLString }
        }
    });
    const Scope = new GraphQLEnumType({ name: 'RecordScope', values: { MINE: {}, EVERYTHING: {} } });

    const defs = [...org.schema.objects.values()]
        .filter((d) => !d.isEvent)
        .sort((a, b) => a.name.localeCompare(b.name));
    const records = new Map<string, GraphQLObjectType<Node, Ctx>>();
    const unions = new Map<string, GraphQLUnionType>();

    const relatedType = (owner: ObjectDef, rel: string, targets: string[]): GraphQLOutputType => {
        if (targets.length === 1) return records.get(targets[0])!;
        const name = `${owner.name}_${rel}_Polymorphic`;
        let union = unions.get(name);
        if (!union) {
            union = new GraphQLUnionType({
                name,
                types: () => targets.map((t) => records.get(t)!),
                resolveType: (node: Node) => node.def.name
            });
            unions.set(name, union);
        }
        return union;
    };

    for (const def of defs) {
        records.set(
            def.name,
            new GraphQLObjectType<Node, Ctx>({
                name: def.name,
                fields: () => {
                    const fields: GraphQLFieldConfigMap<Node, Ctx> = {
                        Id: { type: new GraphQLNonNull(GraphQLID), resolve: (n) => n.rec.Id },
                        ApiName: { type: new GraphQLNonNull(GraphQLString), resolve: (n) => n.def.name },
                        WeakEtag: {
                            type: new GraphQLNonNull(Long),
                            resolve: (n) => Date.parse(String(n.rec.SystemModstamp ?? '')) || 0
                        },
                        DisplayValue: {
                            type: GraphQLString,
                            resolve: (n) => {
                                const v = fieldValue(n.def, n.rec, 'Name');
                                return v === null ? null : String(v);
                            }
                        }
                    };
                    for (const field of def.fields.values()) {
                        if (field.type === 'Id') continue;
                        fields[field.name] = {
                            type: values[field.type],
                            resolve: (n) => ({ def: n.def, field, value: fieldValue(n.def, n.rec, field.name) })
                        };
                    }
                    for (const field of def.fields.values()) {
                        const rel = relationshipName(field);
                        if (!rel || fields[rel]) continue;
                        const targets = (field.referenceTo ?? []).filter((t) => records.has(t));
                        if (targets.length === 0) continue;
                        fields[rel] = {
                            type: relatedType(def, rel, targets),
                            resolve: (n, _args, ctx) => {
                                const id = n.rec[field.name];
                                if (typeof id !== 'string') return null;
                                const rec = ctx.org.get(id, ctx.asUser);
                                const object = ctx.org.objectOf(id);
                                return rec && object ? ({ def: ctx.org.objectDef(object), rec } satisfies Node) : null;
                            }
                        };
                    }
                    return fields;
                }
            })
        );
    }

    const queryFields: GraphQLFieldConfigMap<unknown, Ctx> = {};
    for (const def of defs) {
        const filter: GraphQLInputObjectType = new GraphQLInputObjectType({
            name: `${def.name}_Filter`,
            fields: () => {
                const out: GraphQLInputFieldConfigMap = {
                    and: { type: new GraphQLList(filter) },
                    or: { type: new GraphQLList(filter) },
                    not: { type: filter }
                };
                for (const field of def.fields.values()) {
                    // Long text areas are not filterable, as in SOQL.
                    const ops = filters[field.type];
                    if (ops) out[field.name] = { type: ops };
                }
                return out;
            }
        });
        const orderBy = new GraphQLInputObjectType({
            name: `${def.name}_OrderBy`,
            fields: Object.fromEntries(
                [...def.fields.values()]
                    .filter((f) => f.type !== 'LongTextArea')
                    .map((f) => [f.name, { type: OrderByClause }])
            )
        });
        const node = records.get(def.name)!;
        const edge = new GraphQLObjectType({
            name: `${def.name}Edge`,
            fields: { node: { type: node }, cursor: { type: new GraphQLNonNull(GraphQLString) } }
        });
        const conn = new GraphQLObjectType({
            name: `${def.name}Connection`,
            fields: {
                edges: { type: new GraphQLList(edge) },
                pageInfo: { type: new GraphQLNonNull(PageInfo) },
                totalCount: { type: new GraphQLNonNull(GraphQLInt) }
            }
        });
        queryFields[def.name] = {
            type: conn,
            args: {
                where: { type: filter },
                orderBy: { type: orderBy },
                first: { type: GraphQLInt },
                after: { type: GraphQLString },
                scope: { type: Scope }
            },
            resolve: (_src, args: ConnectionArgs, ctx, info) => connection(def, args, ctx, info)
        };
    }
    const RecordQuery = new GraphQLObjectType<unknown, Ctx>({ name: 'RecordQuery', fields: queryFields });
    const UIAPI = new GraphQLObjectType({
        name: 'UIAPI',
        fields: { query: { type: new GraphQLNonNull(RecordQuery), resolve: () => ({}) } }
    });
    return new GraphQLSchema({
        query: new GraphQLObjectType({
            name: 'Query',
            fields: { uiapi: { type: new GraphQLNonNull(UIAPI), resolve: () => ({}) } }
        }),
        // Declarable as variable types even where no field uses them.
        types: [Long, Double, DateTime, DateScalar]
    });
}

const schemas = new WeakMap<LocalOrg, GraphQLSchema>();

/** Queries already parsed and validated, per schema. */
const validatedBySchema = new WeakMap<GraphQLSchema, Map<string, DocumentNode>>();
const VALIDATED_LIMIT = 200;

/** The GraphQL schema of the org's objects (built once per org). */
export function graphQLSchema(org: LocalOrg): GraphQLSchema {
    let schema = schemas.get(org);
    if (!schema) {
        schema = buildSchema(org);
        schemas.set(org, schema);
    }
    return schema;
}

function errorsOf(errors: readonly GraphQLError[]): { message: string }[] {
    return errors.map((e) => {
        const json = e.toJSON();
        return {
            message: json.message,
            ...(json.locations ? { locations: json.locations } : {}),
            ...(json.path ? { path: json.path } : {})
        };
    });
}

/**
 * Runs a UI API GraphQL query as `asUser`: only records the user can read, related records they
 * cannot read are null. A query that does not validate (unknown object, field, operator, a
 * variable of the wrong type or missing) answers `data: null` with the errors.
 */
export function runGraphQL(
    org: LocalOrg,
    query: string,
    variables: Record<string, unknown>,
    asUser: string,
    options: { operationName?: string; now?: number } = {}
): GraphQLResult {
    const schema = graphQLSchema(org);
    let validated = validatedBySchema.get(schema);
    if (!validated) {
        validated = new Map();
        validatedBySchema.set(schema, validated);
    }
    let document = validated.get(query);
    if (!document) {
        try {
            document = parse(query);
        } catch (error) {
            return { data: null, errors: errorsOf([error as GraphQLError]) };
        }
        const invalid = validate(schema, document);
        if (invalid.length > 0) return { data: null, errors: errorsOf(invalid) };
        // Components send the same few queries over and over: parse and validate each once.
        if (validated.size >= VALIDATED_LIMIT) validated.delete(validated.keys().next().value as string);
        validated.set(query, document);
    }
    const ctx: Ctx = { org, asUser, variables: variables ?? {}, now: options.now ?? Date.now() };
    const result = executeSync({
        schema,
        document,
        variableValues: ctx.variables,
        contextValue: ctx,
        operationName: options.operationName
    });
    return { data: result.data ?? null, errors: errorsOf(result.errors ?? []) };
}
