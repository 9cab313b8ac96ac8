import type { Db, Migration } from './types';

/**
 * Applies the migrations not yet applied, in id order, each in its own transaction, recording
 * them in `schema_migrations`. Safe when several service instances start at once on one
 * PostgreSQL: an advisory lock makes them take turns.
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<string[]> {
    const ids = migrations.map((m) => m.id);
    if (new Set(ids).size !== ids.length) {
        throw new Error(`Duplicate migration id in: ${ids.join(', ')}`);
    }
    const ordered = [...migrations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await db.run('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const applied: string[] = [];
    for (const migration of ordered) {
        const done = await db.tx(async (q) => {
            if (q.dialect === 'postgres') {
                // Serialises concurrent migrators for the rest of this transaction.
                await q.run('SELECT pg_advisory_xact_lock(7734221)');
            }
            const existing = await q.get('SELECT id FROM schema_migrations WHERE id = ?', [migration.id]);
            if (existing) return false;
            const statements = Array.isArray(migration.up) ? migration.up : migration.up[q.dialect];
            for (const statement of statements) {
                await q.run(statement);
            }
            await q.run('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', [migration.id, Date.now()]);
            return true;
        });
        if (done) applied.push(migration.id);
    }
    return applied;
}
