import { fmt, openCaseDb, percentile, sleep, type BenchCase } from '../harness.ts';
import { messengerEnv, SAMPLE_QUESTIONS, signedHeaders, startGraph, textEventBody, watchSent } from '../messenger.ts';
import { startService } from '../service-process.ts';

/**
 * Closed loop: CONCURRENCY people each send a question and wait for the first reply at the fake
 * platform before the next person writes. Every event comes from a new person, so all replies to a
 * PSID belong to that one event. Latency: POST sent → first reply received by the fake.
 */
const CONCURRENCY = 50;
const REPLY_TIMEOUT_MS = 15_000;

export const endToEndCase: BenchCase = {
  name: 'end_to_end',
  limitMs: (env) => (env.quick ? 45_000 : 150_000),
  async run(env) {
    const db = await openCaseDb(env, 'e2e');
    const graph = await startGraph();
    const service = await startService({ mongoUri: db.uri, env: messengerEnv(graph), cpuProfDir: env.cpuProfDir });
    const waiting = new Map<string, (at: number) => void>();
    const unwatch = watchSent(graph, (recipient, at) => {
      const done = waiting.get(recipient);
      if (done) {
        waiting.delete(recipient);
        done(at);
      }
    });
    const run = Date.now().toString(36);
    const answered: number[] = [];
    let timeouts = 0;
    let rejected = 0;
    let next = 0;
    const durationMs = env.quick ? 4_000 : 20_000;
    const maxEvents = env.quick ? 5_000 : 30_000;
    try {
      const started = Date.now();
      const cpuBefore = service.cpuMs();
      const deadline = started + durationMs;
      const person = async () => {
        while (Date.now() < deadline && next < maxEvents) {
          const i = next++;
          const psid = `e2e-${run}-${i}`;
          const body = textEventBody(psid, `m_e2e_${run}_${i}`, SAMPLE_QUESTIONS[i % SAMPLE_QUESTIONS.length]!);
          const replied = new Promise<number | null>((resolve) => {
            const timer = setTimeout(() => {
              waiting.delete(psid);
              resolve(null);
            }, REPLY_TIMEOUT_MS);
            waiting.set(psid, (at) => {
              clearTimeout(timer);
              resolve(at);
            });
          });
          const t0 = Date.now();
          const res = await fetch(`${service.base}/webhooks/messenger`, { method: 'POST', body, headers: signedHeaders(body) }).catch(() => undefined);
          await res?.arrayBuffer();
          if (res?.status !== 200) {
            rejected++;
            waiting.delete(psid);
            await sleep(50);
            continue;
          }
          const at = await replied;
          if (at === null) timeouts++;
          else answered.push(at - t0);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, person));
      // Replies still on their way are the service's work too: count them and their CPU.
      await sleep(1000);
      const cpuPerReply = (service.cpuMs() - cpuBefore) / Math.max(1, graph.sent.length);
      const seconds = (Date.now() - started - 1000) / 1000;
      const peak = service.peakRssMb();
      // An unanswered event counts at the timeout (a lower bound), so losses cannot flatter p99.
      const latencies = [...answered, ...Array<number>(timeouts).fill(REPLY_TIMEOUT_MS)].sort((a, b) => a - b);
      const mps = answered.length / seconds;
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);
      return {
        figures: answered.length > 0 ? { e2e_mps: Math.round(mps), e2e_p99_ms: Math.round(p99), service_cpu_ms_per_turn: Math.round(cpuPerReply * 10) / 10 } : {},
        rows: [
          ['answered events', fmt(answered.length)],
          ['replies/s (first reply per event)', fmt(mps, '/s')],
          ['POST → reply p50', fmt(p50, 'ms')],
          ['POST → reply p99', fmt(p99, 'ms')],
          ['messages at the fake (all replies)', fmt(graph.sent.length)],
          ['no reply within 15 s / POST not 200', `${timeouts} / ${rejected}`],
          ['service CPU (user + system) per reply', fmt(cpuPerReply, 'ms')],
          ['service peak RSS', `${Math.round(peak)} MB`],
        ],
        servicePeakRssMb: peak,
      };
    } finally {
      await service.stop();
      unwatch();
      await graph.close();
      await db.drop();
    }
  },
};
