/**
 * Random and malformed Messenger webhook bodies for the fuzz drill. Seeded, so a failure can be
 * replayed: the same seed gives the same bodies.
 */

export function seededRandom(seed: number): () => number {
  // mulberry32: small, fast, good enough to pick cases.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzBody {
  kind: string;
  body: Buffer;
  /** false: sent without a signature header, or with a wrong one. */
  signed: boolean;
}

type Rand = () => number;

const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

function randomString(rand: Rand, max: number): string {
  const alphabet = ['a', 'Z', '0', ' ', 'ư', 'ầ', 'Đ', '"', '\\', '\u0000', '\u202e', '😀', '\n', '{', '}', '\ud800'];
  const n = Math.floor(rand() * max);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(rand, alphabet);
  return s;
}

function weirdValue(rand: Rand, depth = 0): unknown {
  const k = Math.floor(rand() * 10);
  switch (k) {
    case 0:
      return null;
    case 1:
      return Math.floor(rand() * 2 ** 53) * (rand() < 0.5 ? -1 : 1);
    case 2:
      return rand() < 0.5 ? 1e308 * 10 : -0;
    case 3:
      return rand() < 0.5;
    case 4:
      return randomString(rand, 40);
    case 5:
      return depth < 3 ? [weirdValue(rand, depth + 1), weirdValue(rand, depth + 1)] : [];
    case 6:
      return depth < 3 ? { [randomString(rand, 8)]: weirdValue(rand, depth + 1), $where: '1', 'a.b': 1 } : {};
    case 7:
      return 'x'.repeat(Math.floor(rand() * 20_000));
    case 8:
      return { $gt: '' };
    default:
      return '';
  }
}

/** A valid text event, the starting point that mutations break. */
export function validEnvelope(psid: string, mid: string, text: string, timestamp: number) {
  return {
    object: 'page',
    entry: [{ id: 'PAGE_1', time: timestamp, messaging: [{ sender: { id: psid }, recipient: { id: 'PAGE_1' }, timestamp, message: { mid, text } }] }],
  };
}

/** Replaces one randomly chosen value somewhere in the tree (or deletes it). */
function mutate(rand: Rand, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return weirdValue(rand);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return weirdValue(rand);
  const key = pick(rand, keys);
  const target = copy as Record<string, unknown>;
  const r = rand();
  if (r < 0.15) delete target[key];
  else if (r < 0.55) target[key] = mutate(rand, target[key]);
  else target[key] = weirdValue(rand);
  return copy;
}

function deepNesting(depth: number): string {
  return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
}

/** `count` bodies cycling through the kinds of damage a hostile or broken sender can do. */
export function* fuzzBodies(seed: number, count: number): Generator<FuzzBody> {
  const rand = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const now = 1_767_225_600_000 + i;
    // Message ids come from small pools: most valid events are repeats (as platform retries are), so
    // the drill measures the webhook, not a backlog of thousands of bot turns.
    const base = validEnvelope(`fuzz-${Math.floor(rand() * 50)}`, `m_fuzz_${seed}_${i % 64}`, randomString(rand, 30) || 'hi', now);
    const kind = i % 10;
    switch (kind) {
      case 0:
        yield { kind: 'random-bytes', body: Buffer.from(Array.from({ length: Math.floor(rand() * 2000) }, () => Math.floor(rand() * 256))), signed: true };
        break;
      case 1: {
        const text = JSON.stringify(base);
        yield { kind: 'truncated-json', body: Buffer.from(text.slice(0, Math.floor(rand() * text.length))), signed: true };
        break;
      }
      case 2:
        yield { kind: 'wrong-types', body: Buffer.from(JSON.stringify(mutate(rand, mutate(rand, base)))), signed: true };
        break;
      case 3:
        yield { kind: 'wrong-top-level', body: Buffer.from(JSON.stringify(weirdValue(rand))), signed: true };
        break;
      case 4: {
        // One in four fits under the webhook body limit (and is stored); the rest are refused as too large.
        const chars = rand() < 0.25 ? 2_000 + Math.floor(rand() * 30_000) : 90_000 + Math.floor(rand() * 110_000);
        const huge = validEnvelope('fuzz-huge', `m_fuzz_${seed}_huge_${i % 16}`, 'ầ'.repeat(chars), now);
        yield { kind: 'huge-string', body: Buffer.from(JSON.stringify(huge)), signed: true };
        break;
      }
      case 5: {
        // Invalid UTF-8 inside an otherwise well-formed envelope.
        const text = Buffer.from(JSON.stringify(validEnvelope('fuzz-utf8', `m_fuzz_${seed}_utf8_${i % 32}`, 'XX', now)));
        const at = text.indexOf('XX');
        text[at] = 0xc3;
        text[at + 1] = 0x28;
        yield { kind: 'invalid-utf8', body: text, signed: true };
        break;
      }
      case 6:
        yield { kind: 'deep-nesting', body: Buffer.from(deepNesting(50 + Math.floor(rand() * 5000))), signed: true };
        break;
      case 7:
        yield { kind: 'unsigned', body: Buffer.from(JSON.stringify(base)), signed: false };
        break;
      case 8: {
        const many = { ...base, entry: Array.from({ length: 1 + Math.floor(rand() * 40) }, () => mutate(rand, base.entry[0])) };
        yield { kind: 'many-entries', body: Buffer.from(JSON.stringify(many)), signed: true };
        break;
      }
      default:
        yield { kind: 'empty-or-blank', body: Buffer.from(pick(rand, ['', ' ', '\n', '{}', '[]', 'null', '""', '{"object":"page"}', '{"object":"page","entry":null}'])), signed: true };
    }
  }
}
