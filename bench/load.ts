import autocannon, { type Options, type Result } from 'autocannon';
import { fmt } from './harness.ts';

export interface LoadFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  statusCounts: Record<string, number>;
}

/** Runs autocannon (bounded by its `duration` or `amount`) and reduces its result to our figures. */
export async function runLoad(options: Options): Promise<LoadFigures> {
  const result: Result = await autocannon({ timeout: 10, ...options });
  const ok = result['2xx'];
  const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  return {
    rps: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCounts,
  };
}

export function loadRows(prefix: string, f: LoadFigures, unit: string): [string, string][] {
  return [
    [`${prefix} rate`, fmt(f.rps, unit)],
    [`${prefix} p50`, fmt(f.p50Ms, 'ms')],
    [`${prefix} p99`, fmt(f.p99Ms, 'ms')],
    [`${prefix} requests`, fmt(f.total)],
    ['non-2xx / errors', `${fmt(f.non2xx)} / ${fmt(f.errors)}`],
  ];
}
