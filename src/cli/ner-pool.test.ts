/** The CLI on worker threads, on a real ONNX bundle (public/models/tiny-random) via onnxruntime-node. */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadWorkerPool } from './ner-pool';

const repoRoot = resolve(import.meta.dirname, '../..');
const bundleFolder = join(repoRoot, 'public/models/tiny-random');
const run = promisify(execFile);

const SENTENCES = ['김병현은 9회말 마운드에 올랐다.', '서울특별시 종로구에서 만났다.', '삼성전자는 3억 원을 투자했고 주가는 2% 올랐다!', '이순신 장군은 조선 수군을 이끌었다?'];

describe.runIf(existsSync(bundleFolder))('npm run ner -- --jobs on the tiny ONNX bundle', () => {
  it('writes the same output with 1 and 2 jobs, and shards that together are that output', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ner-jobs-'));
    try {
      const input = join(folder, 'input.txt');
      writeFileSync(input, Array.from({ length: 30 }, (_, index) => `${SENTENCES[index % 4]} ${index}`.repeat(1 + (index % 3))).join('\n'));
      const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli/ner.ts', '--model', bundleFolder, ...args, input], { cwd: repoRoot });
      const [one, two, first, second] = await Promise.all([cli('--jobs', '1'), cli('--jobs', '2'), cli('--jobs', '1', '--shard', '0/2'), cli('--jobs', '2', '--shard', '1/2')]);
      const lines = one.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(30);
      expect(two.stdout).toBe(one.stdout);
      const shards = [first, second].map(({ stdout }) => stdout.trimEnd().split('\n'));
      expect(shards.map((shard) => shard.length)).toEqual([15, 15]);
      expect(lines.map((_, index) => shards[index % 2][Math.floor(index / 2)])).toEqual(lines);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it('says why when a worker cannot load the bundle', async () => {
    await expect(loadWorkerPool(join(repoRoot, 'no-such-bundle'), 2, 2)).rejects.toThrow(/config\.json/);
  }, 60_000);
});
