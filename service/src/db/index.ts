export * from './types';
export { SqliteDb, type SqliteOptions } from './sqlite';
export { PostgresDb, type PostgresOptions, numberPlaceholders } from './postgres';
export { migrate } from './migrate';
