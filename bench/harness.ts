import type { Connection } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { connectDatabase } from '../src/db/connection.ts';
import type { Logger } from '../src/core/log.ts';

/** The figures of the final JSON line, in the order the issue lists them. */
export const figureNames = [
  'raw_rps',
  'db_insert_rps',
  'webhook_ack_eps',
  'webhook_ack_p99_ms',
  'e2e_mps',
  'e2e_p99_ms',
  'service_cpu_ms_per_turn',
  'db_round_trips_per_turn',
  'broadcast_rate_fraction',
  'broadcast_duplicates',
  'scheduler_scan_ms',
  'faq_match_us',
  'faq_train_ms',
  'faq_model_mb',
  'csv_export_peak_rss_mb',
  'peak_rss_mb',
] as const;

export type FigureName = (typeof figureNames)[number];
export type Figures = Partial<Record<FigureName, number>>;

export interface BenchEnv {
  /** Smaller sizes and shorter runs: every case together in under a minute. */
  quick: boolean;
  /** The MongoDB-compatible server, without a database name. */
  mongoUri: string;
  log: Logger;
  /** Where service processes write `--cpu-prof` profiles; unset: no profiling. */
  cpuProfDir?: string;
}

export interface CaseResult {
  figures: Figures;
  /** The human table: one row per measurement. */
  rows: [string, string][];
  /** Peak RSS (MB) of a service process this case ran, if any. */
  servicePeakRssMb?: number;
}

export interface BenchCase {
  name: string;
  /** Upper bound for the whole case; the runner abandons it after this long. */
  limitMs(env: BenchEnv): number;
  run(env: BenchEnv): Promise<CaseResult>;
}

/** A database of its own for one case, dropped by `drop()`. */
export async function openCaseDb(env: BenchEnv, caseName: string): Promise<{ conn: Connection; uri: string; drop(): Promise<void> }> {
  const dbName = `bench_${caseName}_${randomBytes(3).toString('hex')}`;
  const conn = await connectDatabase(env.mongoUri, env.log, { dbName });
  return {
    conn,
    uri: withDbName(env.mongoUri, dbName),
    async drop() {
      await conn.dropDatabase().catch(() => undefined);
      await conn.close().catch(() => undefined);
    },
  };
}

/** `mongodb://host:port/?opts` + `name` → `mongodb://host:port/name?opts`. */
export function withDbName(uri: string, dbName: string): string {
  const url = new URL(uri);
  url.pathname = `/${dbName}`;
  return url.toString();
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function fmt(n: number, unit = ''): string {
  const s = Number.isInteger(n) ? n.toLocaleString('en-US') : round(n, n < 10 ? 2 : 1).toLocaleString('en-US');
  return unit ? `${s} ${unit}` : s;
}

export function printTable(title: string, rows: readonly [string, string][]): void {
  const w = Math.max(title.length, ...rows.map(([k]) => k.length));
  const v = Math.max(0, ...rows.map(([, val]) => val.length));
  const line = `+${'-'.repeat(w + 2)}+${'-'.repeat(v + 2)}+`;
  const out = [line, `| ${title.padEnd(w)} | ${''.padEnd(v)} |`, line, ...rows.map(([k, val]) => `| ${k.padEnd(w)} | ${val.padStart(v)} |`), line];
  process.stdout.write(`${out.join('\n')}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Rejects when `promise` takes longer than `ms`: every case stops by itself. */
export async function withLimit<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no result within ${Math.round(ms / 1000)} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
