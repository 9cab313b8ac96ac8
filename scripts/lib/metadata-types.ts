/**
 * The Metadata API's types, read from `@salesforce/types` (generated from the Metadata WSDL) with
 * the TypeScript compiler API: for every type, the child elements it allows and what each holds
 * (text of a primitive type, one of an enumeration's values, or another complex type).
 */
import path from 'path';
import ts from 'typescript';

export type ValueKind =
    | { kind: 'string' }
    | { kind: 'number' }
    | { kind: 'boolean' }
    | { kind: 'date' }
    | { kind: 'enum'; name: string; values: readonly string[] }
    | { kind: 'complex'; name: string };

export interface ChildElement {
    name: string;
    value: ValueKind;
    repeated: boolean;
}

export interface ComplexType {
    name: string;
    children: ReadonlyMap<string, ChildElement>;
}

// The package exports no entry for its declaration files, so they are read from the install.
const METADATA_DTS = path.join(__dirname, '..', '..', 'node_modules', '@salesforce', 'types', 'lib', 'metadata.d.ts');

export class MetadataTypes {
    private readonly checker: ts.TypeChecker;
    private readonly aliases = new Map<string, ts.TypeAliasDeclaration>();
    private readonly cache = new Map<string, ComplexType | null>();

    constructor(dtsFile: string = METADATA_DTS) {
        // strictNullChecks off: an optional property's type stays T instead of T | undefined.
        const program = ts.createProgram([dtsFile], {
            noEmit: true,
            strict: false,
            skipLibCheck: true,
            types: [],
            lib: ['lib.es2020.d.ts']
        });
        this.checker = program.getTypeChecker();
        const source = program.getSourceFile(dtsFile);
        if (!source) {
            throw new Error(`Cannot read the Metadata API types from ${dtsFile}`);
        }
        for (const statement of source.statements) {
            if (ts.isTypeAliasDeclaration(statement)) {
                this.aliases.set(statement.name.text, statement);
            }
        }
        if (!this.aliases.has('CustomObject')) {
            throw new Error(`${dtsFile} does not declare the Metadata API types`);
        }
    }

    /** True when the name is a type of the Metadata API (complex or enumeration). */
    has(name: string): boolean {
        return this.aliases.has(name);
    }

    /** The complex type with this name, or undefined when there is none. */
    complex(name: string): ComplexType | undefined {
        if (this.cache.has(name)) {
            return this.cache.get(name) ?? undefined;
        }
        const alias = this.aliases.get(name);
        let result: ComplexType | null = null;
        if (alias) {
            const type = this.checker.getTypeAtLocation(alias.name);
            if (!this.isPrimitive(type) && !this.enumValues(type)) {
                const children = new Map<string, ChildElement>();
                for (const property of this.checker.getPropertiesOfType(type)) {
                    children.set(property.name, this.describe(property, alias));
                }
                result = { name, children };
            }
        }
        this.cache.set(name, result);
        return result ?? undefined;
    }

    private describe(property: ts.Symbol, context: ts.Node): ChildElement {
        let type = this.checker.getTypeOfSymbolAtLocation(property, context);
        let repeated = false;
        if (this.checker.isArrayType(type)) {
            repeated = true;
            type = this.checker.getTypeArguments(type as ts.TypeReference)[0];
        }
        return { name: property.name, value: this.valueKind(type), repeated };
    }

    private valueKind(type: ts.Type): ValueKind {
        if (type.flags & ts.TypeFlags.String) return { kind: 'string' };
        if (type.flags & ts.TypeFlags.Number) return { kind: 'number' };
        if (type.flags & ts.TypeFlags.Boolean || type.flags & ts.TypeFlags.BooleanLiteral) return { kind: 'boolean' };
        const aliasName = type.aliasSymbol?.name;
        const values = this.enumValues(type);
        if (values) {
            return { kind: 'enum', name: aliasName ?? values.join('|'), values };
        }
        const symbolName = type.getSymbol()?.name;
        if (symbolName === 'Date') return { kind: 'date' };
        const name = aliasName ?? symbolName;
        if (!name || !this.aliases.has(name)) {
            throw new Error(`Unsupported type in the Metadata API types: ${this.checker.typeToString(type)}`);
        }
        return { kind: 'complex', name };
    }

    private isPrimitive(type: ts.Type): boolean {
        return (type.flags & (ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.Boolean)) !== 0;
    }

    private enumValues(type: ts.Type): string[] | undefined {
        if (type.flags & ts.TypeFlags.StringLiteral) {
            return [(type as ts.StringLiteralType).value];
        }
        if (type.isUnion() && type.types.every((member) => member.flags & ts.TypeFlags.StringLiteral)) {
            return type.types.map((member) => (member as ts.StringLiteralType).value);
        }
        return undefined;
    }
}

let shared: MetadataTypes | undefined;

/** One model per process: building it type-checks a 19,000-line declaration file (about a second). */
export function metadataTypes(): MetadataTypes {
    shared ??= new MetadataTypes();
    return shared;
}
