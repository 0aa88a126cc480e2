import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Content, MatcherModel, TrainingExample } from '../content/index.ts';

export interface TrainInWorkerOptions {
  /** How long training may take (default 120 s). */
  timeoutMs?: number;
  /** Aborting stops a training still running (the service is stopping). */
  signal?: AbortSignal;
}

/** Runs our TypeScript source in the worker when the service itself runs from source (tsx, vitest). */
function spawn(workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./training-worker.js', here), { workerData });
  const entry = new URL('./training-worker.ts', here).href;
  const cjs = createRequire(here).resolve('tsx/esm/api');
  const api = existsSync(cjs.replace(/\.cjs$/, '.mjs')) ? cjs.replace(/\.cjs$/, '.mjs') : cjs;
  // A loader given in execArgv does not reach a worker's entry file on Node 20; registering first does.
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, workerData });
}

type WorkerReply = { type: 'model'; model: MatcherModel } | { type: 'failed'; message: string };

/**
 * Trains the understanding in a worker thread and resolves with the plain model (src/content/
 * matcher.ts `trainMatcherModel`). Training takes seconds with a few thousand examples; on the
 * service's own thread that would stall every webhook and turn meanwhile. Rejects if training
 * fails, the thread dies, it takes longer than `timeoutMs`, or `signal` aborts.
 */
export function trainInWorker(content: Content, examples: readonly TrainingExample[], options: TrainInWorkerOptions = {}): Promise<MatcherModel> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const worker = spawn({ content, examples: [...examples] });
    // Never the reason the process stays up.
    worker.unref();
    const timer = setTimeout(() => settle(new Error(`training took longer than ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    let settled = false;
    const onAbort = () => settle(new Error('training stopped'));
    function settle(result: Error | MatcherModel) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (result instanceof Error) reject(result);
      else resolve(result);
    }
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: WorkerReply) => settle(msg.type === 'model' ? msg.model : new Error(`training failed: ${msg.message}`)));
    worker.on('error', (err) => settle(err));
    worker.on('exit', (code) => settle(new Error(`training thread exited (${code}) without a model`)));
  });
}
