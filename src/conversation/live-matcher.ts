import type { Connection } from 'mongoose';
import { createMatcher, matcherFromModel, type Content, type Matcher, type MatchResult, type TrainingExample } from '../content/index.ts';
import type { Logger } from '../core/log.ts';
import { loadTrainingExamples, trainingSignature } from '../domain/review/training-examples.ts';
import { textKey } from '../domain/review/text-key.ts';
import { trainInWorker } from './train-in-worker.ts';

/**
 * The understanding as the bot uses it: the content's matcher plus the examples staff attached in
 * the console (src/domain/review/training-examples.ts), kept up to date while the service runs.
 *
 * - At construction a matcher on the content alone is built on this thread (as createBot always
 *   did), so the bot can answer from the first moment and has something to fall back on.
 * - `start()` reads the staff examples; if there are any it trains a model with them in a worker
 *   thread (train-in-worker.ts) and waits for it, so a started service knows them.
 * - `examplesChanged()` (the admin routes call it) and a poll every `pollMs` of a cheap fingerprint
 *   (count + latest change) start a new training in a worker. Turns keep using the current matcher
 *   meanwhile, and the new model (served on this thread, well under a millisecond a message)
 *   replaces it when ready: no turn ever waits for training.
 */
export interface LiveMatcher extends Matcher {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Staff added, changed or removed an example in this process: retrain now, in the background. */
  examplesChanged(): void;
  /** Resolves when no training is running or waiting (for tests and the console's wait). */
  idle(): Promise<void>;
  /** How many staff examples the matcher in use was trained with. */
  readonly examples: number;
}

export interface LiveMatcherOptions {
  conn: Connection;
  content: Content;
  log: Logger;
  /** How often other copies' changes are looked for (TRAINING_POLL_SECONDS). */
  pollMs: number;
  /** The content-only matcher (default: built now). */
  baseline?: Matcher;
}

/** The matcher in use, the fingerprint of the staff examples it knows, and how many there were. */
interface Trained {
  matcher: Matcher;
  signature: string;
  examples: number;
}

/**
 * A matcher for the staff examples now in the database, trained in a worker thread; undefined
 * when nothing changed since `current` or when the service stopped meanwhile (the model would be
 * thrown away). Examples already in content/training are left out: they are taught once.
 */
async function trainFromDatabase(options: LiveMatcherOptions, baseline: Matcher, inContent: Set<string>, current: Trained, signal: AbortSignal): Promise<Trained | undefined> {
  const { conn, content, log } = options;
  const signature = await trainingSignature(conn);
  if (signature === current.signature) return undefined;
  const examples: TrainingExample[] = (await loadTrainingExamples(conn)).filter((e) => !inContent.has(`${e.faqId}|${textKey(e.text)}`));
  if (examples.length === 0) return { matcher: baseline, signature, examples: 0 };
  const started = Date.now();
  const model = await trainInWorker(content, examples, { signal });
  if (signal.aborted) return undefined;
  log.info({ examples: examples.length, ms: Date.now() - started }, 'matcher retrained with staff examples');
  return { matcher: matcherFromModel(content, model), signature, examples: examples.length };
}

export function createLiveMatcher(options: LiveMatcherOptions): LiveMatcher {
  const { content, log } = options;
  const baseline = options.baseline ?? createMatcher(content);
  // Examples already in content/training (e.g. exported earlier) are not taught twice.
  const inContent = new Set(content.training.map((l) => `${l.faq}|${textKey(l.text)}`));
  // An empty signature matches no fingerprint: the next training always looks at the database.
  const contentOnly = (): Trained => ({ matcher: baseline, signature: '', examples: 0 });
  let current: Trained = contentOnly();
  let abort = new AbortController();
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  /** Starts a training, or asks for one more after the running one (its data may be stale). */
  function retrain(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const trained = await trainFromDatabase(options, baseline, inContent, current, abort.signal);
          if (trained) current = trained;
        } catch (err) {
          log.warn({ err }, 'could not retrain the matcher; the current one stays');
        }
      } while (again && !stopped);
      running = undefined;
    })();
    return running;
  }

  return {
    get examples() {
      return current.examples;
    },
    match(text: string): MatchResult {
      try {
        return current.matcher.match(text);
      } catch (err) {
        log.error({ err }, 'matcher failed: answering from the content alone');
        return baseline.match(text);
      }
    },
    async start() {
      stopped = false;
      abort = new AbortController();
      await retrain();
      timer = setInterval(() => void retrain(), options.pollMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      abort.abort();
      await running;
      current = contentOnly();
    },
    examplesChanged() {
      void retrain();
    },
    async idle() {
      while (running) await running;
    },
  };
}
