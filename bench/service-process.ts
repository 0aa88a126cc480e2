import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { freePort, status, waitFor } from '../test/helpers/http.ts';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

export interface ServiceProcess {
  base: string;
  pid: number;
  /** True once the process has exited (crashed or stopped). */
  exited(): boolean;
  /** Peak resident set size of the service process so far (kernel's high-water mark), MB. */
  peakRssMb(): number;
  rssMb(): number;
  /** User + system CPU time the service process has used so far, ms. */
  cpuMs(): number;
  output(): string;
  /** SIGTERM and wait (a CPU profile is written on a clean exit); SIGKILL after 12 s. */
  stop(): Promise<void>;
  /** kill -9, as a crash would. */
  kill(): Promise<void>;
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux). */
function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

interface ServiceOptions {
  mongoUri: string;
  env?: Record<string, string>;
  port?: number;
  /** Write a `--cpu-prof` profile here on a clean exit. */
  cpuProfDir?: string;
}

function serviceEnv(options: ServiceOptions, port: number): Record<string, string> {
  return {
    PORT: String(port),
    MONGODB_URI: options.mongoUri,
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
}

/**
 * Runs `src/main.ts` as a child process, exactly as `npm start` does, so its memory is its own and
 * it can be killed like a real crash. Resolves once /readyz answers 200. Used by the bench and by
 * the fault drills.
 */
export async function startService(options: ServiceOptions): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  // Spawned here rather than with test/helpers' startServiceProcess: --cpu-prof is refused in NODE_OPTIONS.
  const nodeArgs = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...serviceEnv(options, port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Only the tail is kept: a long run must not grow the bench's own memory.
  let tail = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const output = () => tail;
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
    exited: () => gone,
    peakRssMb: () => procStatusMb(pid, 'VmHWM'),
    rssMb: () => procStatusMb(pid, 'VmRSS'),
    cpuMs: () => procCpuMs(pid),
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
