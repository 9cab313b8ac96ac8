import { describeEachDb, type TestDatabase } from '../../test/databases';
import { migrate, numberPlaceholders, forUpdate } from '.';

describe('numberPlaceholders', () => {
    it('numbers ? outside quotes only', () => {
        expect(numberPlaceholders('SELECT \'?\' AS q, "a?" FROM t WHERE a = ? AND b = ?')).toBe(
            'SELECT \'?\' AS q, "a?" FROM t WHERE a = $1 AND b = $2'
        );
    });
});

describeEachDb('db', (open, kind) => {
    let t: TestDatabase;
    beforeEach(async () => {
        t = await open();
        await migrate(t.db, [
            {
                id: '0001_items',
                up: ['CREATE TABLE items (id TEXT PRIMARY KEY, n BIGINT NOT NULL, flag INTEGER NOT NULL DEFAULT 0)']
            }
        ]);
    });
    afterEach(async () => {
        await t?.drop();
    });

    it('reads and writes with ? placeholders, booleans as 0/1 and BIGINT as numbers', async () => {
        await t.db.run('INSERT INTO items (id, n, flag) VALUES (?, ?, ?)', ['a', 1732550000000, true]);
        expect(await t.db.get('SELECT id, n, flag FROM items WHERE id = ?', ['a'])).toEqual({
            id: 'a',
            n: 1732550000000,
            flag: 1
        });
        expect((await t.db.run('UPDATE items SET n = n + 1 WHERE id = ?', ['a'])).changes).toBe(1);
        expect((await t.db.run('UPDATE items SET n = n + 1 WHERE id = ?', ['zzz'])).changes).toBe(0);
    });

    it('rolls a failed transaction back whole', async () => {
        await expect(
            t.db.tx(async (q) => {
                await q.run('INSERT INTO items (id, n) VALUES (?, ?)', ['b', 1]);
                await q.run('INSERT INTO items (id, n) VALUES (?, ?)', ['b', 2]);
            })
            // Not toThrow(): better-sqlite3 registers its error class once per process, from the
            // first test file that loads it, so in later files its errors come from another realm.
        ).rejects.toMatchObject({ code: expect.stringMatching(/^(SQLITE_CONSTRAINT|23505)/) });
        expect(await t.db.all('SELECT * FROM items')).toEqual([]);
    });

    it('never loses an increment under concurrent transactions from two connections', async () => {
        await t.db.run('INSERT INTO items (id, n) VALUES (?, ?)', ['c', 0]);
        const other = await t.reopen();
        const bump = (db: typeof t.db) =>
            db.tx(async (q) => {
                const row = await q.get<{ n: number }>(`SELECT n FROM items WHERE id = ?${forUpdate(q.dialect)}`, [
                    'c'
                ]);
                await q.run('UPDATE items SET n = ? WHERE id = ?', [row!.n + 1, 'c']);
            });
        await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? t.db : other)));
        expect(await t.db.get('SELECT n FROM items WHERE id = ?', ['c'])).toEqual({ n: 40 });
    });

    it('applies each migration once, also when two instances migrate at once', async () => {
        const other = await t.reopen();
        const more = [{ id: '0002_more', up: ['CREATE TABLE more_items (id TEXT PRIMARY KEY)'] }];
        const [a, b] = await Promise.all([migrate(t.db, more), migrate(other, more)]);
        expect([...a, ...b]).toEqual(['0002_more']);
        expect(await migrate(t.db, more)).toEqual([]);
        expect(kind === 'sqlite' || kind === 'postgres').toBe(true);
    });
});
