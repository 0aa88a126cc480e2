import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createMatcher, intentSchema, loadContent } from '../../src/content/index.ts';
import { fmt, percentile, type BenchCase } from '../harness.ts';

const labelledFile = new URL('../../test/fixtures/questions.json', import.meta.url);

/** In-process: the matcher is pure CPU over read-only content, so no service is needed. */
export const faqMatchCase: BenchCase = {
  name: 'faq_match',
  limitMs: (env) => (env.quick ? 15_000 : 60_000),
  async run(env) {
    const labelled = z.array(z.object({ q: z.string().min(1), intent: intentSchema })).parse(JSON.parse(readFileSync(labelledFile, 'utf8')));
    const { match } = createMatcher(loadContent());
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
      figures: { faq_match_us: Math.round(median * 10) / 10 },
      rows: [
        ['labelled questions', fmt(labelled.length)],
        ['rounds over the set', fmt(perRound.length)],
        ['µs per question (median round)', fmt(median, 'µs')],
        ['µs per question (slowest round)', fmt(perRound.at(-1)!, 'µs')],
        ['labelled intent matched', `${((100 * correct) / labelled.length).toFixed(1)} %`],
      ],
    };
  },
};
