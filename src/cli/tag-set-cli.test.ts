/**
 * `npm run ner -- --tag-set NAME` on real ONNX bundles through onnxruntime-node: tiny-random-two (KMOU and
 * KLUE-NER heads over one encoder) and tiny-random (KMOU only), run as the command itself (npm run ner).
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseArguments } from './ner-cli';
import { KLUE_TYPES, KMOU_TYPES } from '../core/labels/tag-sets';

const repoRoot = resolve(import.meta.dirname, '../..');
const two = join(repoRoot, 'public/models/tiny-random-two');
const one = join(repoRoot, 'public/models/tiny-random');
const run = promisify(execFile);
const SENTENCES = ['김병현은 9회말 마운드에 올랐다.', '서울특별시 종로구에서 2024년 3월 1일에 만났다.', '삼성전자는 3억 원을 투자했고 주가는 2% 올랐다!', '이순신 장군은 조선 수군을 이끌었다?'];

async function cli(args: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/ner.ts', ...args, input], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | null; signal: string | null; stdout: string; stderr: string };
    // A child ended by a signal has no exit code: say which signal, so that a failure says why (seen once under heavy load).
    if (failed.code === null) throw new Error(`npm run ner ${args.join(' ')} ended by ${failed.signal}; stderr: ${failed.stderr.slice(-500)}`);
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const labelsOf = (stdout: string) => new Set(stdout.trimEnd().split('\n').flatMap((line) => (JSON.parse(line) as { entities: { label: string }[] }).entities.map((entity) => entity.label)));

describe('parseArguments --tag-set', () => {
  it('reads --tag-set NAME and --tag-set=NAME, and refuses a missing name', () => {
    expect(parseArguments(['--tag-set', 'klue'])).toMatchObject({ tagSet: 'klue' });
    expect(parseArguments(['--tag-set=klue', 'a.txt'])).toMatchObject({ tagSet: 'klue', files: ['a.txt'] });
    expect(parseArguments([])).toMatchObject({ tagSet: undefined });
    expect(parseArguments(['--tag-set'])).toEqual({ error: 'expected a tag set name after --tag-set (e.g. klue), got ""' });
    expect(parseArguments(['--tag-set', '--jobs', '2'])).toEqual({ error: 'expected a tag set name after --tag-set (e.g. klue), got "--jobs"' });
  });
});

describe.runIf(existsSync(two) && existsSync(one))('npm run ner -- --tag-set on the tiny ONNX bundles', () => {
  it('gives KLUE labels with --tag-set klue (one job and two), KMOU labels without it or with kmou; an unknown name exits 2 listing the tag sets', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ner-tag-set-'));
    try {
      const input = join(folder, 'input.txt');
      writeFileSync(input, Array.from({ length: 12 }, (_, index) => `${SENTENCES[index % 4]} ${index}`).join('\n'));
      const [klue, klueJobs, kmou, kmouNamed, unknown, unknownJobs, notInOne] = await Promise.all([
        cli(['--model', two, '--tag-set', 'klue', '--jobs', '1'], input),
        cli(['--model', two, '--tag-set=klue', '--jobs', '2'], input),
        cli(['--model', two, '--jobs', '1'], input),
        cli(['--model', two, '--tag-set', 'kmou', '--jobs', '1'], input),
        cli(['--model', two, '--tag-set', 'conll', '--jobs', '1'], input),
        cli(['--model', two, '--tag-set', 'conll', '--jobs', '2'], input),
        cli(['--model', one, '--tag-set', 'klue', '--jobs', '1'], input),
      ]);
      expect(klue.code).toBe(0);
      expect(klueJobs.stdout).toBe(klue.stdout);
      const klueLabels = labelsOf(klue.stdout);
      expect(klueLabels.size).toBeGreaterThan(0);
      for (const label of klueLabels) expect(KLUE_TYPES as readonly string[]).toContain(label);
      const kmouLabels = labelsOf(kmou.stdout);
      expect(kmouLabels.size).toBeGreaterThan(0);
      for (const label of kmouLabels) expect(KMOU_TYPES as readonly string[]).toContain(label);
      expect(kmouNamed.stdout).toBe(kmou.stdout);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('model "tiny-random-two" has no tag set "conll"; it has 2: "kmou", "klue"');
      expect(unknownJobs.code).toBe(2);
      expect(unknownJobs.stderr).toContain('has no tag set "conll"; it has 2: "kmou", "klue"');
      expect(notInOne.code).toBe(2);
      expect(notInOne.stderr).toContain('model "tiny-random" has no tag set "klue"; it has one: "kmou"');
      expect(notInOne.stdout).toBe('');
      // A pool whose workers fail to load exits 2 every time, never aborted by a worker stopped inside ONNX
      // Runtime's session creation (before the fix, 3 runs in 24 of this ended by SIGABRT, exit 134).
      const again = await Promise.all(Array.from({ length: 6 }, () => cli(['--model', two, '--tag-set', 'conll', '--jobs', '2'], input)));
      expect(again.map((result) => result.code)).toEqual([2, 2, 2, 2, 2, 2]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 180_000);
});
