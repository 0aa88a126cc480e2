import { fmt, openCaseDb, type BenchCase } from '../harness.ts';

const CLIENTS = 20;

/**
 * The database's own ceiling, measured in the same run as the service: bare single-document
 * inserts from CLIENTS concurrent clients into the same server. The service cases are read against
 * it (a turn costs db_round_trips_per_turn of these), so a slow database is not taken for a slow
 * service.
 */
export const dbInsertCase: BenchCase = {
  name: 'db_insert',
  limitMs: (env) => (env.quick ? 20_000 : 40_000),
  async run(env) {
    const db = await openCaseDb(env, 'insert');
    const collection = db.conn.db!.collection<{ _id: string; at: Date; n: number }>('bench_inserts');
    const durationMs = env.quick ? 3_000 : 10_000;
    let inserted = 0;
    let failed = 0;
    try {
      const started = Date.now();
      const client = async (c: number) => {
        for (let i = 0; Date.now() - started < durationMs; i++) {
          await collection.insertOne({ _id: `${c}:${i}`, at: new Date(), n: i }).then(
            () => inserted++,
            () => failed++,
          );
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
      const rps = inserted / ((Date.now() - started) / 1000);
      return {
        figures: { db_insert_rps: Math.round(rps) },
        rows: [
          ['clients', String(CLIENTS)],
          ['inserts/s', fmt(rps, '/s')],
          ['failed inserts', String(failed)],
        ],
      };
    } finally {
      await db.drop();
    }
  },
};
