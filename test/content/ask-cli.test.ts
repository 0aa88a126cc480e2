import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { intentSchema } from '../../src/content/index.ts';

const run = promisify(execFile);
const askLine = z.object({
  intent: intentSchema,
  faqId: z.string().nullable(),
  score: z.number().min(0).max(1),
  answer: z.string().min(1),
});

/** npm prints its own "> script" banner on stdout unless --silent; everything else must be ours. */
function ourLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('> '));
}

describe('npm run ask', () => {
  it('prints one JSON line with intent, faqId, score and a sourced answer', async () => {
    const { stdout } = await run('npm', ['run', 'ask', '--', '--json', 'vay von di han quoc duoc bao nhieu'], { timeout: 60_000 });
    const lines = ourLines(stdout);
    expect(lines).toHaveLength(1);
    const line = askLine.parse(JSON.parse(lines[0]!));
    expect(line.intent).toBe('loans.bank');
    expect(line.faqId).toMatch(/^loans\.bank\./);
    expect(line.answer.split('\n').at(-1)).toMatch(/^Nguồn: /);
  }, 60_000);

  it('with --silent prints nothing but the JSON line; unknown questions get faqId null and a "not sure" answer', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'ask', '--', '--json', 'thời tiết hôm nay thế nào'], { timeout: 60_000 });
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const line = askLine.parse(JSON.parse(lines[0]!));
    expect(line).toMatchObject({ intent: 'unknown', faqId: null });
    expect(line.answer).toMatch(/chưa chắc/);
  }, 60_000);

  it('reads one question per line from stdin and answers in order', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ask.ts', '--json'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end('xin chào\nđi đài loan hết bao nhiêu tiền\nabc xyz\nlam ho chieu o dau\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const intents = out
      .trimEnd()
      .split('\n')
      .map((l) => askLine.parse(JSON.parse(l)).intent);
    expect(intents).toEqual(['greeting', 'fees.costs', 'unknown', 'procedures.documents']);
  }, 60_000);

  it('answers in English with --lang en', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/ask.ts', '--json', '--lang', 'en', 'tien ky quy di dai loan bao nhieu'], { timeout: 60_000 });
    const line = askLine.parse(JSON.parse(stdout.trim()));
    expect(line.intent).toBe('fees.deposit');
    expect(line.answer).toMatch(/Taiwan 12 million VND/);
    expect(line.answer.split('\n').at(-1)).toMatch(/^Source: /);
  }, 60_000);
});
