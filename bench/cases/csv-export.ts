import { insertGeneratedLeads } from '../../src/domain/leads/generate.ts';
import { fmt, openCaseDb, type BenchCase } from '../harness.ts';
import { BENCH_ADMIN_TOKEN, startService } from '../service-process.ts';

/**
 * Staff export of every lead as CSV from the service (a child process, so its memory is its own):
 * the export must stream, so the service's peak RSS should not grow with the number of leads.
 */
export const csvExportCase: BenchCase = {
  name: 'csv_export',
  limitMs: (env) => (env.quick ? 40_000 : 400_000),
  async run(env) {
    const count = env.quick ? 3_000 : 100_000;
    const db = await openCaseDb(env, 'csv');
    try {
      await insertGeneratedLeads(db.conn, count);
      const service = await startService({ mongoUri: db.uri, cpuProfDir: env.cpuProfDir });
      try {
        const before = service.peakRssMb();
        const t0 = Date.now();
        const res = await fetch(`${service.base}/api/leads?format=csv`, { headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` } });
        if (res.status !== 200 || !res.body) throw new Error(`CSV export answered ${res.status}`);
        let lines = 0;
        let bytes = 0;
        try {
          for await (const chunk of res.body) {
            bytes += chunk.length;
            for (const b of chunk) if (b === 10) lines++;
          }
        } catch (err) {
          throw new Error(`CSV export cut after ${lines} lines: ${(err as Error).message}\n${service.output().slice(-3000)}`);
        }
        const seconds = (Date.now() - t0) / 1000;
        const peak = service.peakRssMb();
        if (lines < count) throw new Error(`CSV export gave ${lines} lines for ${count} leads`);
        return {
          figures: { csv_export_peak_rss_mb: Math.round(peak) },
          rows: [
            ['leads exported', fmt(count)],
            ['CSV lines / size', `${fmt(lines)} / ${fmt(Math.round(bytes / 1024 / 1024), 'MB')}`],
            ['export time', fmt(seconds, 's')],
            ['rows/s', fmt(Math.round(count / seconds))],
            ['service peak RSS before / after', `${Math.round(before)} / ${Math.round(peak)} MB`],
          ],
          servicePeakRssMb: peak,
        };
      } finally {
        await service.stop();
      }
    } finally {
      await db.drop();
    }
  },
};
