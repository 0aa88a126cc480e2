import { openCaseDb, type BenchCase } from '../harness.ts';
import { loadRows, runLoad } from '../load.ts';
import { messengerEnv, SAMPLE_QUESTIONS, signedHeaders, startGraph, textEventBody } from '../messenger.ts';
import { startService } from '../service-process.ts';

/** People writing at once: events of one person are processed in order, of different people in parallel. */
const PEOPLE = 1000;

export const webhookAckCase: BenchCase = {
  name: 'webhook_ack',
  limitMs: (env) => (env.quick ? 45_000 : 120_000),
  async run(env) {
    const db = await openCaseDb(env, 'ack');
    const graph = await startGraph();
    const service = await startService({ mongoUri: db.uri, env: messengerEnv(graph), cpuProfDir: env.cpuProfDir });
    try {
      let n = 0;
      const run = Date.now().toString(36);
      const f = await runLoad({
        url: `${service.base}/webhooks/messenger`,
        method: 'POST',
        connections: 20,
        duration: env.quick ? 3 : 15,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              const i = n++;
              const body = textEventBody(`ack-${i % PEOPLE}`, `m_ack_${run}_${i}`, SAMPLE_QUESTIONS[i % SAMPLE_QUESTIONS.length]!);
              return { ...req, body, headers: signedHeaders(body) };
            },
          },
        ],
      });
      const peak = service.peakRssMb();
      return {
        figures: { webhook_ack_eps: Math.round(f.rps), webhook_ack_p99_ms: f.p99Ms },
        rows: [...loadRows('ack', f, 'events/s'), ['replies sent meanwhile', String(graph.sent.length)], ['service peak RSS', `${Math.round(peak)} MB`]],
        servicePeakRssMb: peak,
      };
    } finally {
      await service.stop();
      await graph.close();
      await db.drop();
    }
  },
};
