// Types for the parts of avro-js (Apache Avro for JavaScript) the connector uses.
declare module 'avro-js' {
    namespace avro {
        interface Type {
            toBuffer(value: unknown): Buffer;
            fromBuffer(buffer: Buffer): unknown;
            isValid(value: unknown): boolean;
            getSchema(): string;
            getFingerprint(algorithm?: string): Buffer;
        }
    }
    const avro: {
        parse(schema: unknown, options?: Record<string, unknown>): avro.Type;
    };
    export = avro;
}
