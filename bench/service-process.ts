import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { freePort, startServiceProcess, status, waitFor } from '../test/helpers/http.ts';
import type { BenchEnv } from './harness.ts';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

export interface ServiceProcess {
  base: string;
  pid: number;
  /** Peak resident set size of the service process so far (kernel's high-water mark), MB. */
  peakRssMb(): number;
  rssMb(): number;
  output(): string;
  /** SIGTERM and wait (a CPU profile is written on a clean exit); SIGKILL after 12 s. */
  stop(): Promise<void>;
  /** kill -9, as a crash would. */
  kill(): Promise<void>;
}

function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Runs `src/main.ts` as a child process, exactly as `npm start` does, so its memory is its own.
 * Resolves once /readyz answers 200.
 */
export async function startService(
  env: BenchEnv,
  options: { mongoUri: string; env?: Record<string, string>; port?: number; profile?: boolean },
): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const profiling = options.profile !== false && env.cpuProfDir !== undefined;
  const { child, output } = startServiceProcess({
    PORT: String(port),
    MONGODB_URI: options.mongoUri,
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    ...(profiling ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${env.cpuProfDir}` } : {}),
    ...options.env,
  });
  const base = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  try {
    await Promise.race([
      waitFor(async () => (await status(`${base}/readyz`)) === 200, 90_000, 200),
      exited.then(() => {
        throw new Error(`service exited during start-up:\n${output().slice(-2000)}`);
      }),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const pid = child.pid!;
  let gone = false;
  void exited.then(() => (gone = true));
  return {
    base,
    pid,
    peakRssMb: () => procStatusMb(pid, 'VmHWM'),
    rssMb: () => procStatusMb(pid, 'VmRSS'),
    output,
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 12_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (gone) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
