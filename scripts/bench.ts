/**
 * npm run bench [-- --quick] [-- --only raw,webhook_ack] [-- --cpu-prof[=dir]]
 *
 * Runs each case of bench/cases against the real service (a child process running src/main.ts),
 * the fake platform servers and a real MongoDB-compatible server (MONGODB_URI, else the embedded
 * default, as `npm test` does). Prints one table per case, then ONE JSON line of figures.
 * Everything listens on 127.0.0.1; every case has a size and a time limit.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { allCases } from '../bench/cases/index.ts';
import { figureNames, fmt, printTable, withLimit, type BenchEnv, type Figures } from '../bench/harness.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { createLogger } from '../src/core/log.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
  allowPositionals: false,
});

const log = createLogger(process.env.BENCH_LOG_LEVEL ?? 'error');
const started = Date.now();
// Figures from a busy machine are not comparable: say how busy it was.
const load = () => os.loadavg()[0]!.toFixed(1);
const loadAtStart = load();

let embedded: EmbeddedDatabase | undefined;
let mongoUri = process.env.MONGODB_URI;
if (!mongoUri) {
  embedded = await startEmbeddedDatabase(log);
  mongoUri = embedded.uri;
}

let cpuProfDir: string | undefined;
if (values['cpu-prof'] !== undefined) {
  cpuProfDir = path.resolve(values['cpu-prof'] || 'bench-profiles');
  mkdirSync(cpuProfDir, { recursive: true });
}
const env: BenchEnv = { quick: values.quick, mongoUri, log, cpuProfDir };

const wanted = values.only?.split(',').map((s) => s.trim());
const cases = wanted ? allCases.filter((c) => wanted.includes(c.name)) : allCases;
const unknown = wanted?.filter((w) => !allCases.some((c) => c.name === w)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown case(s): ${unknown.join(', ')}; known: ${allCases.map((c) => c.name).join(', ')}`);
  process.exit(2);
}

const figures: Figures = {};
const failed: string[] = [];
let peakRss = 0;
for (const c of cases) {
  const t0 = Date.now();
  try {
    const r = await withLimit(c.run(env), c.limitMs(env), c.name);
    Object.assign(figures, r.figures);
    if (r.servicePeakRssMb !== undefined) peakRss = Math.max(peakRss, r.servicePeakRssMb);
    printTable(`${c.name} (${fmt((Date.now() - t0) / 1000, 's')})`, r.rows);
  } catch (err) {
    failed.push(c.name);
    printTable(`${c.name}: FAILED`, [['error', (err as Error).message.split('\n')[0]!.slice(0, 160)]]);
    console.error((err as Error).message.slice(0, 4000));
  }
}
if (peakRss > 0) figures.peak_rss_mb = Math.round(peakRss);

await embedded?.stop().catch(() => undefined);

process.stdout.write(
  `total ${fmt((Date.now() - started) / 1000, 's')}; ${os.cpus().length} cores, 1-min load average ${loadAtStart} at start, ${load()} at end` +
    `${failed.length ? `; failed: ${failed.join(', ')}` : ''}\n`,
);
// A figure that was not measured is null, never an invented number.
const line = Object.fromEntries(
  figureNames.filter((n) => !wanted || n in figures).map((n) => [n, figures[n] ?? null]),
);
process.stdout.write(`${JSON.stringify(line)}\n`);
process.exit(failed.length > 0 ? 1 : 0);
