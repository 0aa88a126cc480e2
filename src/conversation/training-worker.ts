import { parentPort, workerData } from 'node:worker_threads';
import { trainMatcherModel, type Content, type TrainingExample } from '../content/index.ts';

/**
 * Worker thread of train-in-worker.ts: trains the understanding on the content and the staff
 * examples (seconds of CPU that would otherwise freeze every turn of the service), posts the plain
 * model back and ends. Serving the model is the main thread's job (`matcherFromModel`).
 */
const { content, examples } = workerData as { content: Content; examples: TrainingExample[] };
try {
  const model = trainMatcherModel(content, examples);
  // The weights are the bulk of the model: moved, not copied.
  parentPort!.postMessage({ type: 'model', model }, [model.classifier.weights.buffer as ArrayBuffer]);
} catch (err) {
  parentPort!.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
}
