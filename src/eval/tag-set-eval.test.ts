/**
 * `npm run eval -- --tag-set klue --jsonl FILE [--ids FILE]`: KLUE-style gold read with code-point offsets,
 * strict per-type and macro F1, on the real two-tag-set ONNX bundle (tiny-random-two) via onnxruntime-node.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { EntityScorer, macroF1 } from './entity-metrics';
import { evaluateSentences } from './evaluate-bundle';
import { readGoldJsonl, readIdList } from './gold-jsonl';
import { loadNodePipeline } from '../runtime/ort-node';
import type { Entity } from '../core/pipeline';

const repoRoot = resolve(import.meta.dirname, '../..');
const two = join(repoRoot, 'public/models/tiny-random-two');
const run = promisify(execFile);
const TEXTS = ['이순신 장군은 1592년 조선 수군을 이끌었다.', '김병현은 9회말 마운드에 올랐다.', '😀 서울특별시 종로구에서 오후 3시에 만났다.', '삼성전자는 3억 원을 투자했다.'];

function temporary(files: Record<string, string>): { folder: string; path: (name: string) => string } {
  const folder = mkdtempSync(join(tmpdir(), 'eval-klue-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return { folder, path: (name) => join(folder, name) };
}

describe('readGoldJsonl', () => {
  it('turns code-point offsets into UTF-16 ones, checks the surface, and keeps the listed ids in file order', () => {
    const { folder, path } = temporary({
      'gold.jsonl': [
        JSON.stringify({ id: 'a', text: '😀 서울에서', entities: [{ start: 2, end: 4, label: 'LC', surface: '서울' }] }),
        '',
        JSON.stringify({ id: 'b', text: '김철수', entities: [{ start: 0, end: 3, label: 'PS' }] }),
      ].join('\n'),
      'ids.txt': 'b\na\n',
      'ids.json': '["b"]',
      'bad.jsonl': JSON.stringify({ id: 'c', text: '😀 서울에서', entities: [{ start: 3, end: 5, label: 'LC', surface: '서울' }] }),
    });
    try {
      expect(readGoldJsonl(path('gold.jsonl'))).toEqual([
        { id: 'a', text: '😀 서울에서', entities: [{ start: 3, end: 5, label: 'LC' }] },
        { id: 'b', text: '김철수', entities: [{ start: 0, end: 3, label: 'PS' }] },
      ]);
      expect(readGoldJsonl(path('gold.jsonl'), readIdList(path('ids.txt'))).map((s) => s.id)).toEqual(['a', 'b']);
      expect(readGoldJsonl(path('gold.jsonl'), readIdList(path('ids.json'))).map((s) => s.id)).toEqual(['b']);
      expect(() => readGoldJsonl(path('gold.jsonl'), ['b', 'zz'])).toThrow('1 of the 2 listed ids are not in the file, e.g. "zz"');
      expect(() => readGoldJsonl(path('bad.jsonl'))).toThrow('bad.jsonl:1: entities[0]: expected the text at 3..5 to be its surface "서울", got "울에"');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('macroF1', () => {
  it('averages the F1 of the tag set\'s types that have gold or predicted entities', () => {
    const scorer = new EntityScorer();
    scorer.add([{ start: 0, end: 2, label: 'PS' }, { start: 5, end: 6, label: 'LC' }], [{ start: 0, end: 2, label: 'PS' }, { start: 3, end: 4, label: 'LC' }]);
    const scores = scorer.scores();
    expect(scores.micro.f1).toBeCloseTo(0.5);
    // PS 1, LC 0; OG..QT have no entity and are left out
    expect(macroF1(scores, ['PS', 'LC', 'OG', 'DT', 'TI', 'QT'])).toBeCloseTo(0.5);
    expect(macroF1(scores, ['OG'])).toBe(0);
  });
});

describe.runIf(existsSync(two))('evaluating the KLUE tag set of tiny-random-two', () => {
  it('scores 1 against its own KLUE output, less when a span is moved; the CLI prints the table and refuses an unknown tag set with exit 2', async () => {
    const { pipeline, release } = await loadNodePipeline(two);
    const predicted: Entity[][] = [];
    try {
      for (const text of TEXTS) predicted.push((await pipeline.analyze(text, { tagSet: 'klue' })).entities);
    } finally {
      await release();
    }
    expect(predicted.flat().length).toBeGreaterThan(1);
    const gold = TEXTS.map((text, index) => ({
      id: `s${index}`,
      text,
      // code-point offsets, as Python writes them
      entities: predicted[index].map(({ start, end, label, text: surface }) => ({ start: [...text.slice(0, start)].length, end: [...text.slice(0, end)].length, label, surface })),
    }));
    const { folder, path } = temporary({ 'gold.jsonl': gold.map((record) => JSON.stringify(record)).join('\n'), 'ids.txt': 's0\ns2\n' });
    try {
      const perfect = await evaluateSentences(two, readGoldJsonl(path('gold.jsonl')), { tagSet: 'klue' });
      expect(perfect.scores.micro.f1).toBe(1);
      expect(perfect.macroF1).toBe(1);
      expect(perfect.tagSetTypes).toEqual(['PS', 'LC', 'OG', 'DT', 'TI', 'QT']);
      const moved = readGoldJsonl(path('gold.jsonl'));
      const first = moved.find((sentence) => sentence.entities.length > 0)!;
      (first.entities as { start: number; end: number; label: string }[])[0] = { ...first.entities[0], end: first.entities[0].end + 1 };
      expect((await evaluateSentences(two, moved, { tagSet: 'klue' })).scores.micro.f1).toBeLessThan(1);
      await expect(evaluateSentences(two, moved)).rejects.toThrow(/^the gold labels .* are not types of tag set "kmou"/);

      const cli = async (...args: string[]) => {
        try {
          return { code: 0, ...(await run(process.execPath, ['--import', 'tsx', 'src/cli/eval.ts', '--model', two, ...args], { cwd: repoRoot })) };
        } catch (error) {
          return error as { code: number; stdout: string; stderr: string };
        }
      };
      const [table, unknown] = await Promise.all([cli('--tag-set', 'klue', '--jsonl', path('gold.jsonl'), '--ids', path('ids.txt')), cli('--tag-set', 'conll')]);
      expect(table.code).toBe(0);
      expect(table.stdout).toContain('tag set klue (KLUE-NER (6 types))');
      expect(table.stdout).toMatch(/\(the ids in .*ids\.txt\): 2 sentences/);
      expect(table.stdout).toMatch(/^micro\s+1\.0000\s+1\.0000\s+1\.0000/m);
      expect(table.stdout).toContain('entity macro F1 over PS LC OG DT TI QT: 1.0000');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('eval: model "tiny-random-two" has no tag set "conll"; it has 2: "kmou", "klue"');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
