import type { FeatureBag } from './features.ts';

/**
 * Multinomial logistic regression over sparse features, trained by AdaGrad with L2 shrinkage.
 * Small on purpose: a few thousand examples and about a hundred labels train in well under a
 * second, and a prediction is one pass over the message's features. Deterministic: the examples
 * are shuffled by a seeded generator, so the same content always gives the same model.
 */
export type LabelledBag = { features: FeatureBag; label: string };

export type TrainOptions = { epochs?: number; learningRate?: number; l2?: number; seed?: number };

/**
 * A trained model as plain data (structured-cloneable): what a worker thread that trained it hands
 * back, and what `classifierOf` serves. `weights` holds a row per feature, then the bias row.
 */
export type ClassifierModel = { labels: string[]; features: string[]; weights: Float32Array };

export type Classifier = {
  labels: readonly string[];
  /** Probability of each label (same order as `labels`), summing to 1. */
  probabilities(features: FeatureBag): Float64Array;
  /** How many of the message's features the model knows (0: it has never seen any of its words). */
  knownFeatures(features: FeatureBag): number;
};

/** mulberry32: a tiny seeded generator, enough for shuffling (and for eval's retyped views). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Sparse = { index: Int32Array; value: Float32Array; label: number };

function softmaxInto(scores: Float64Array): void {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) sum += scores[k] = Math.exp(scores[k]! - max);
  for (let k = 0; k < scores.length; k++) scores[k]! /= sum;
}

export function trainModel(examples: readonly LabelledBag[], options: TrainOptions = {}): ClassifierModel {
  const { epochs = 6, learningRate = 0.3, l2 = 1e-4, seed = 7 } = options;
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const vocabulary = new Map<string, number>();
  const data: Sparse[] = examples.map((e) => {
    const index = new Int32Array(e.features.size);
    const value = new Float32Array(e.features.size);
    let i = 0;
    for (const [f, v] of e.features) {
      let id = vocabulary.get(f);
      if (id === undefined) vocabulary.set(f, (id = vocabulary.size));
      index[i] = id;
      value[i++] = v;
    }
    return { index, value, label: labelIndex.get(e.label)! };
  });

  const K = labels.length;
  // One extra row for the bias, which every example has with value 1.
  const bias = vocabulary.size;
  const weights = new Float32Array((vocabulary.size + 1) * K);
  const squares = new Float32Array(weights.length).fill(1e-6);
  const scores = new Float64Array(K);
  const random = seeded(seed);
  const order = data.map((_, i) => i);

  const scoreInto = (rowOf: (j: number) => number, valueOf: (j: number) => number, n: number) => {
    for (let k = 0; k < K; k++) scores[k] = weights[bias * K + k]!;
    for (let j = 0; j < n; j++) {
      const base = rowOf(j) * K;
      const v = valueOf(j);
      for (let k = 0; k < K; k++) scores[k]! += weights[base + k]! * v;
    }
    softmaxInto(scores);
  };

  // Classes whose error is this small get no update: after a few epochs that is most of them.
  const minError = 1e-4;
  const active = new Int32Array(K);
  const errors = new Float64Array(K);
  /** AdaGrad step on one feature's row for the active classes (row-wise: the weights sit together). */
  const updateRow = (row: number, v: number, count: number) => {
    const base = row * K;
    for (let a = 0; a < count; a++) {
      const k = active[a]!;
      const at = base + k;
      const g = errors[k]! * v + l2 * weights[at]!;
      squares[at]! += g * g;
      weights[at]! -= (learningRate * g) / Math.sqrt(squares[at]!);
    }
  };

  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const ex = data[i]!;
      scoreInto((j) => ex.index[j]!, (j) => ex.value[j]!, ex.index.length);
      let count = 0;
      for (let k = 0; k < K; k++) {
        errors[k] = scores[k]! - (k === ex.label ? 1 : 0);
        if (Math.abs(errors[k]!) >= minError) active[count++] = k;
      }
      for (let j = 0; j < ex.index.length; j++) updateRow(ex.index[j]!, ex.value[j]!, count);
      updateRow(bias, 1, count);
    }
  }

  return { labels, features: [...vocabulary.keys()], weights };
}

/** Serves a trained model: one pass over the message's known features per prediction. */
export function classifierOf(model: ClassifierModel): Classifier {
  const { labels, weights } = model;
  const K = labels.length;
  const vocabulary = new Map(model.features.map((f, i) => [f, i]));
  const bias = model.features.length;
  return {
    labels,
    probabilities(features) {
      const scores = new Float64Array(K);
      for (let k = 0; k < K; k++) scores[k] = weights[bias * K + k]!;
      for (const [f, v] of features) {
        const id = vocabulary.get(f);
        if (id === undefined) continue;
        const base = id * K;
        for (let k = 0; k < K; k++) scores[k]! += weights[base + k]! * v;
      }
      softmaxInto(scores);
      return scores;
    },
    knownFeatures(features) {
      let n = 0;
      for (const f of features.keys()) if (!f.startsWith('c:') && vocabulary.has(f)) n++;
      return n;
    },
  };
}
