/**
 * `npm run ask -- [--json] [--lang en] "<question>"`: what the FAQ understanding makes of a question,
 * without a database. With --json and no question, reads one question per line from stdin and
 * prints one JSON line per question, in order. Prints nothing else on stdout.
 */
import { createInterface } from 'node:readline';
import { ContentError, createMatcher, findFaq, formatAnswer, loadContent, type Content, type Lang } from '../src/content/index.ts';

const NOT_SURE: Record<Lang, string> = {
  vi: 'Xin lỗi, tôi chưa chắc hiểu câu hỏi của bạn. Gõ "menu" để xem các mục, hoặc chọn "Gặp cán bộ" để hỏi cán bộ.',
  en: 'Sorry, I am not sure I understood. Type "menu" to see the topics, or choose "Talk to staff".',
};

function parseArgs(argv: string[]) {
  let json = false;
  let lang: Lang = 'vi';
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--lang') {
      const v = argv[++i];
      if (v !== 'vi' && v !== 'en') throw new Error('--lang must be vi or en');
      lang = v;
    } else words.push(a);
  }
  return { json, lang, question: words.join(' ').trim() };
}

function answerLine(content: Content, match: ReturnType<typeof createMatcher>['match'], question: string, lang: Lang) {
  const result = match(question);
  const entry = result.faqId ? findFaq(content, result.faqId) : undefined;
  const answer = entry ? formatAnswer(entry, lang) : NOT_SURE[lang];
  return { intent: result.intent, faqId: result.faqId, score: result.score, confident: result.confident, answer };
}

async function main() {
  const { json, lang, question } = parseArgs(process.argv.slice(2));
  let content: Content;
  try {
    content = loadContent();
  } catch (err) {
    if (err instanceof ContentError) {
      console.error(`Content error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const { match } = createMatcher(content);
  const print = (q: string) => {
    const line = answerLine(content, match, q, lang);
    if (json) process.stdout.write(`${JSON.stringify(line)}\n`);
    else {
      const sure = line.confident ? '' : lang === 'vi' ? ' (chưa chắc chắn)' : ' (not sure)';
      process.stdout.write(`${q}\n→ ${line.intent}${line.faqId ? ` / ${line.faqId}` : ''}, score ${line.score}${sure}\n\n${line.answer}\n\n`);
    }
  };

  if (question) {
    print(question);
    return;
  }
  if (!json && process.stdin.isTTY) {
    console.error('Usage: npm run ask -- [--json] [--lang en] "<question>"  (or pipe questions, one per line, with --json)');
    process.exit(2);
  }
  for await (const raw of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    print(raw.trim());
  }
}

await main();
