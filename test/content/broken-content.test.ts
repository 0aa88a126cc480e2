import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, defaultContentDir, loadContent } from '../../src/content/index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the real content folder with one file changed by `edit`. */
function brokenCopy(file: string, edit: (json: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'content-'));
  dirs.push(dir);
  cpSync(defaultContentDir, dir, { recursive: true });
  const target = path.join(dir, file);
  const json = JSON.parse(readFileSync(target, 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(target, JSON.stringify(json));
  return dir;
}

type Entry = Record<string, unknown>;
const entries = (json: Record<string, unknown>) => json.entries as Entry[];

function errorOf(dir: string): string {
  try {
    loadContent(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ContentError);
    return (err as Error).message;
  }
  throw new Error('loadContent accepted broken content');
}

describe('loadContent on broken content', () => {
  it('loads an unchanged copy', () => {
    const dir = brokenCopy('plan.json', () => undefined);
    expect(loadContent(dir).faq.length).toBeGreaterThan(50);
  });

  it('rejects a factual entry without sources, naming the file and the field', () => {
    const dir = brokenCopy('faq/loans.json', (j) => {
      entries(j)[0]!.sources = [];
    });
    const msg = errorOf(dir);
    expect(msg).toContain('faq/loans.json');
    expect(msg).toContain('entries[0].sources');
  });

  it('rejects an entry without reviewedAt or with a bad date', () => {
    expect(
      errorOf(
        brokenCopy('faq/fees.json', (j) => {
          delete entries(j)[2]!.reviewedAt;
        }),
      ),
    ).toMatch(/faq\/fees\.json: field entries\[2\]\.reviewedAt/);
    expect(
      errorOf(
        brokenCopy('faq/fees.json', (j) => {
          entries(j)[1]!.reviewedAt = '24/11/2026';
        }),
      ),
    ).toMatch(/faq\/fees\.json: field entries\[1\]\.reviewedAt/);
  });

  it('rejects a source with neither document number nor url', () => {
    const msg = errorOf(
      brokenCopy('faq/markets.json', (j) => {
        entries(j)[3]!.sources = [{ title: 'a leaflet' }];
      }),
    );
    expect(msg).toMatch(/faq\/markets\.json: field entries\[3\]\.sources\[0\]/);
  });

  it('rejects an unknown intent name', () => {
    const msg = errorOf(
      brokenCopy('faq/general.json', (j) => {
        entries(j)[0]!.intent = 'smalltalk';
      }),
    );
    expect(msg).toMatch(/faq\/general\.json: field entries\[0\]\.intent/);
  });

  it('rejects duplicate ids across files and links to missing entries', () => {
    expect(
      errorOf(
        brokenCopy('faq/safety-and-return.json', (j) => {
          entries(j)[0]!.id = 'loans.bank.amount';
        }),
      ),
    ).toMatch(/faq\/safety-and-return\.json: field entries\[0\]\.id: duplicate id "loans\.bank\.amount"/);
    expect(
      errorOf(
        brokenCopy('faq/fees.json', (j) => {
          entries(j)[0]!.related = ['no.such.entry'];
        }),
      ),
    ).toMatch(/faq\/fees\.json: field entries\[0\]\.related: unknown FAQ id "no\.such\.entry"/);
  });

  it('rejects an answer naming a hotline that operator.json does not have', () => {
    const msg = errorOf(
      brokenCopy('faq/rights-and-procedures.json', (j) => {
        const e = entries(j)[0]!;
        (e.answer as { vi: string }).vi += ' Gọi {hotline:nowhere}.';
      }),
    );
    expect(msg).toMatch(/faq\/rights-and-procedures\.json: field entries\[0\]\.answer\.vi: unknown hotline "nowhere"/);
  });

  it('rejects content that leaves a contract intent without an entry', () => {
    const msg = errorOf(
      brokenCopy('faq/general.json', (j) => {
        j.entries = entries(j).filter((e) => e.intent !== 'privacy.erase');
      }),
    );
    expect(msg).toMatch(/faq.*privacy\.erase/);
  });

  it('names the field in the other content files too', () => {
    expect(
      errorOf(
        brokenCopy('fees.json', (j) => {
          (j.depositCaps as Entry[])[1]!.value = 'twelve million';
        }),
      ),
    ).toMatch(/fees\.json: field depositCaps\[1\]\.value/);
    expect(
      errorOf(
        brokenCopy('communes.json', (j) => {
          (j.communes as Entry[])[2]!.id = 'Vũ Lăng';
        }),
      ),
    ).toMatch(/communes\.json: field communes\[2\]\.id/);
    expect(
      errorOf(
        brokenCopy('operator.json', (j) => {
          (j.hotlines as Entry[])[0]!.number = 'call us';
        }),
      ),
    ).toMatch(/operator\.json: field hotlines\[0\]\.number/);
  });

  it('reports a file that is not JSON', () => {
    const dir = brokenCopy('plan.json', () => undefined);
    writeFileSync(path.join(dir, 'plan.json'), '{ "title": ');
    expect(errorOf(dir)).toMatch(/plan\.json: not valid JSON/);
  });
});
