import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort, status, waitFor } from '../../test/helpers/http.ts';
import type { BenchCase } from '../harness.ts';
import { loadRows, runLoad } from '../load.ts';

export const rawCase: BenchCase = {
  name: 'raw',
  limitMs: (env) => (env.quick ? 20_000 : 60_000),
  async run(env) {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/raw-server.ts'], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = once(child, 'exit');
    try {
      const url = `http://127.0.0.1:${port}/hello`;
      await waitFor(async () => (await status(url)) === 200, 30_000);
      const f = await runLoad({ url, connections: 50, duration: env.quick ? 3 : 10 });
      return { figures: { raw_rps: Math.round(f.rps) }, rows: loadRows('hello', f, 'req/s') };
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  },
};
