import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createMatcher, intentSchema, loadContent } from '../../src/content/index.ts';
import { fmt, percentile, type BenchCase } from '../harness.ts';

const labelledFile = new URL('../../test/fixtures/questions.json', import.meta.url);
const devFile = new URL('../../test/fixtures/dev-questions.jsonl', import.meta.url);

/** The older labelled set and the dev set of realistic (often long) questions, as one list. */
function questions(): { q: string; intent: string }[] {
  const labelled = z.array(z.object({ q: z.string().min(1), intent: intentSchema })).parse(JSON.parse(readFileSync(labelledFile, 'utf8')));
  const dev = readFileSync(devFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => z.object({ text: z.string().min(1), intent: intentSchema }).parse(JSON.parse(l)));
  return [...labelled, ...dev.map((d) => ({ q: d.text, intent: d.intent }))];
}

/** In-process: the matcher is pure CPU over read-only content, so no service is needed. */
export const faqMatchCase: BenchCase = {
  name: 'faq_match',
  limitMs: (env) => (env.quick ? 15_000 : 60_000),
  async run(env) {
    const labelled = questions();
    const content = loadContent();
    global.gc?.();
    // Typed arrays (the weights) live outside the JS heap: count both.
    const kept = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const heapBefore = kept();
    const trainStart = process.hrtime.bigint();
    const { match } = createMatcher(content);
    const trainMs = Number(process.hrtime.bigint() - trainStart) / 1e6;
    global.gc?.();
    const modelMb = (kept() - heapBefore) / 1e6;
    // Warm-up so the JIT has compiled the matcher before timing.
    for (const { q } of labelled) match(q);
    const rounds = env.quick ? 20 : 200;
    const perRound: number[] = [];
    let correct = 0;
    const deadline = Date.now() + (env.quick ? 5_000 : 30_000);
    for (let r = 0; r < rounds && Date.now() < deadline; r++) {
      const t0 = process.hrtime.bigint();
      for (const { q, intent } of labelled) if (match(q).intent === intent && r === 0) correct++;
      perRound.push(Number(process.hrtime.bigint() - t0) / 1000 / labelled.length);
    }
    perRound.sort((a, b) => a - b);
    const median = percentile(perRound, 50);
    return {
      figures: { faq_match_us: Math.round(median * 10) / 10, faq_train_ms: Math.round(trainMs), faq_model_mb: Math.round(modelMb * 10) / 10 },
      rows: [
        ['training examples', fmt(content.training.length)],
        ['training at start-up', fmt(trainMs, 'ms')],
        ['memory kept by the model (heap + array buffers)', `${modelMb.toFixed(1)} MB${global.gc ? '' : ' (without --expose-gc: approximate)'}`],
        ['questions (older labelled set + dev set)', fmt(labelled.length)],
        ['rounds over the set', fmt(perRound.length)],
        ['µs per question (median round)', fmt(median, 'µs')],
        ['µs per question (slowest round)', fmt(perRound.at(-1)!, 'µs')],
        ['labelled intent matched', `${((100 * correct) / labelled.length).toFixed(1)} %`],
      ],
    };
  },
};
