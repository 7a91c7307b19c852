import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { defaultModelFolder, parseArguments, readLines, runCli, type CliDependencies } from './ner-cli';
import type { Pipeline } from '../core/pipeline';
import { parseModelConfig } from '../core/bundle/bundle';
import { configJson } from '../core/bundle/fixtures';

async function collectLines(chunks: (string | Buffer)[]) {
  const lines: [number, string][] = [];
  for await (const { line, lineNumber } of readLines(Readable.from(chunks))) lines.push([lineNumber, line]);
  return lines;
}

function captured() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  return { stream, text: () => text };
}

/** A pipeline whose only entity is the first character; it fails on texts containing "FAIL". */
function fakeDependencies(released: string[] = []): CliDependencies {
  const analyze = async (text: string) => {
    if (text.includes('FAIL')) throw new Error('model exploded');
    return { entities: [{ start: 0, end: 1, label: 'PER', text: text.slice(0, 1), score: 0.123456 }], stats: {} };
  };
  // a batch with a failing text fails whole, as the real pipeline's analyzeMany does
  const pipeline = { config: parseModelConfig(configJson()), analyze, analyzeMany: async (texts: string[]) => Promise.all(texts.map(async (text) => (await analyze(text)).entities)) } as unknown as Pipeline;
  return { loadPipeline: async (folder) => ({ pipeline, release: async () => void released.push(folder) }) };
}

async function run(argv: string[], input: string, dependencies = fakeDependencies()) {
  const stdout = captured();
  const stderr = captured();
  const exitCode = await runCli(argv, { stdin: Readable.from([input]), stdout: stdout.stream, stderr: stderr.stream }, dependencies);
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

describe('readLines', () => {
  it('splits at \\n and drops one \\r before it, keeping a lone \\r inside a line', async () => {
    expect(await collectLines(['a\r\nb\n\nc\rd\n', 'e'])).toEqual([[1, 'a'], [2, 'b'], [3, ''], [4, 'c\rd'], [5, 'e']]);
  });

  it('drops a byte order mark at the start and joins a character split across chunks', async () => {
    const bytes = Buffer.from('\ufeff김\n철수', 'utf8');
    expect(await collectLines([bytes.subarray(0, 5), bytes.subarray(5)])).toEqual([[1, '김'], [2, '철수']]);
  });
});

describe('readLines: hostile input', () => {
  it('names a line that is not UTF-8 and one with a NUL, and still reads the good lines around them', async () => {
    const bytes = Buffer.concat([Buffer.from('좋은 줄\r\n', 'utf8'), Buffer.from([0xb1, 0xe8, 0xff, 0x0a]), Buffer.from('널\u0000문자\n끝', 'utf8')]);
    const lines = [];
    for await (const line of readLines(Readable.from([bytes]))) lines.push(line);
    expect(lines).toEqual([
      { line: '좋은 줄', lineNumber: 1, ending: '\r\n' },
      { line: expect.any(String), lineNumber: 2, ending: '\n', problem: expect.stringMatching(/^not UTF-8 text \(byte 1 of the line is not UTF-8\): a binary file/) },
      { line: '널\u0000문자', lineNumber: 3, ending: '\n', problem: 'contains a NUL character (column 2): a binary file, not text' },
      { line: '끝', lineNumber: 4, ending: '' },
    ]);
  });
});

describe('parseArguments', () => {
  it('reads --model DIR, --model=DIR and files', () => {
    expect(parseArguments(['--model', 'm', 'a.txt', 'b.txt'])).toEqual({ model: 'm', files: ['a.txt', 'b.txt'], help: false });
    expect(parseArguments(['--model=m'])).toEqual({ model: 'm', files: [], help: false });
  });

  it('says what is wrong with the arguments', () => {
    expect(parseArguments(['--model'])).toEqual({ error: 'expected a folder after --model, got nothing' });
    expect(parseArguments(['--fast'])).toEqual({ error: 'unknown option --fast' });
  });
});

describe('runCli', () => {
  it('writes one JSON object per non-empty line, in order', async () => {
    const { exitCode, stdout } = await run(['--model', 'm'], '김철수\n\n서울\r\n');
    expect(exitCode).toBe(0);
    expect(stdout.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual([
      { text: '김철수', entities: [{ start: 0, end: 1, label: 'PER', text: '김', score: 0.1235 }] },
      { text: '서울', entities: [{ start: 0, end: 1, label: 'PER', text: '서', score: 0.1235 }] },
    ]);
  });

  it('reports a line that fails with its number, keeps its output line, and goes on with the rest', async () => {
    const { exitCode, stdout, stderr } = await run(['--model', 'm'], 'a\nFAIL here\nb\n');
    expect(exitCode).toBe(1);
    const documents = stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(documents.map((document) => document.text)).toEqual(['a', 'FAIL here', 'b']);
    expect(documents[1]).toEqual({ text: 'FAIL here', entities: [], error: '<stdin>:2: model exploded' });
    expect(documents[0].error).toBeUndefined();
    expect(stderr).toContain('ner: <stdin>:2: model exploded');
  });

  it('reads the files in order, each with its own line numbers', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ner-cli-'));
    writeFileSync(join(folder, 'one.txt'), 'a\nFAIL\n');
    writeFileSync(join(folder, 'two.txt'), 'FAIL\nb');
    const { stdout, stderr } = await run(['--model', 'm', join(folder, 'one.txt'), join(folder, 'two.txt')], '');
    expect(stdout.trimEnd().split('\n').map((line) => JSON.parse(line).text)).toEqual(['a', 'FAIL', 'FAIL', 'b']);
    expect(stderr).toContain(`${join(folder, 'one.txt')}:2: model exploded`);
    expect(stderr).toContain(`${join(folder, 'two.txt')}:1: model exploded`);
  });

  it('answers a binary file with an error per line and a 200,000-character line with its entities, never a crash', async () => {
    const long = '가'.repeat(200_000);
    const stdout = captured();
    const stderr = captured();
    const input = Readable.from([Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0x0a, 0x89, 0x50, 0x4e, 0x47, 0x0a]), Buffer.from(`${long}\n`, 'utf8')])]);
    const exitCode = await runCli([], { stdin: input, stdout: stdout.stream, stderr: stderr.stream }, fakeDependencies());
    expect(exitCode).toBe(1);
    const documents = stdout.text().trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(documents.map((d) => d.error ?? 'ok')).toEqual([expect.stringMatching(/^<stdin>:1: not UTF-8 text/), expect.stringMatching(/^<stdin>:2: not UTF-8 text/), 'ok']);
    expect(documents[2].text.length).toBe(200_000);
    expect(stderr.text()).toMatch(/ner: <stdin>:1: not UTF-8 text/);
  });

  it('exits with 2 and names the problem when the model cannot be loaded', async () => {
    const failing: CliDependencies = { loadPipeline: async () => { throw new Error('model bundle: missing file crf.json'); } };
    const { exitCode, stderr } = await run(['--model', 'broken'], 'a\n', failing);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('ner: cannot load the model in broken: model bundle: missing file crf.json');
  });

  it('exits with 2 on an unknown option', async () => {
    expect((await run(['--nope'], '')).exitCode).toBe(2);
  });

  it('releases the model at the end', async () => {
    const released: string[] = [];
    await run(['--model', 'm'], 'a\n', fakeDependencies(released));
    expect(released).toEqual(['m']);
  });
});

describe('runCli --redact', () => {
  // The fake model tags the first character as PER (fakeDependencies).
  it('writes each line masked, empty lines and line endings as they came, nothing else changed', async () => {
    const input = '김 씨 연락처 010-1234-5678\r\n\n이 씨 메일 lee@example.com\n박 씨';
    const { exitCode, stdout } = await run(['--model', 'm', '--redact'], input);
    expect(exitCode).toBe(0);
    expect(stdout).toBe('[PER] 씨 연락처 [PHONE]\r\n\n[PER] 씨 메일 [EMAIL]\n[PER] 씨');
  });

  it('takes a mask style and the types to mask', async () => {
    const input = '김 010-1234-5678 01012345678 hong@example.com\n';
    expect((await run(['--model', 'm', '--redact', '--mask-style', 'numbered', '--types=PHONE'], input)).stdout).toBe('김 [PHONE_1] [PHONE_1] hong@example.com\n');
    expect((await run(['--model', 'm', '--redact', '--mask-style=partial'], input)).stdout).toBe('* 010-****-5678 010****5678 h***@example.com\n');
    expect((await run(['--model', 'm', '--redact', '--mask-style', 'star', '--types', 'PER'], input)).stdout).toBe('* 010-1234-5678 01012345678 hong@example.com\n');
  });

  it('writes an empty line for a line that fails, so nothing unmasked gets out and the lines stay aligned', async () => {
    const { exitCode, stdout, stderr } = await run(['--model', 'm', '--redact'], 'a\nFAIL 010-1234-5678\nb\n');
    expect(exitCode).toBe(1);
    expect(stdout).toBe('[PER]\n\n[PER]\n');
    expect(stderr).toContain('ner: <stdin>:2: model exploded');
  });

  it('says what is wrong with a style, empty types, or masking options without --redact', () => {
    expect(parseArguments(['--redact', '--mask-style', 'blur'])).toEqual({ error: 'unknown mask style "blur"; expected one of tag, numbered, partial, star' });
    expect(parseArguments(['--redact', '--types='])).toEqual({ error: 'expected types after --types (e.g. PER,LOC,PHONE), got nothing' });
    expect(parseArguments(['--mask-style', 'tag'])).toEqual({ error: '--mask-style and --types go with --redact' });
  });
});

describe('runCli identifiers in the JSON output', () => {
  it('lists the identifiers the rules found beside the entities, which stay unchanged', async () => {
    const { stdout } = await run(['--model', 'm'], '김 010-1234-5678\n서울\n');
    expect(stdout.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual([
      { text: '김 010-1234-5678', entities: [{ start: 0, end: 1, label: 'PER', text: '김', score: 0.1235 }], identifiers: [{ start: 2, end: 15, label: 'PHONE', text: '010-1234-5678' }] },
      { text: '서울', entities: [{ start: 0, end: 1, label: 'PER', text: '서', score: 0.1235 }] },
    ]);
  });
});

describe('defaultModelFolder', () => {
  it('prefers public/models/default, else the first bundle by name', () => {
    const models = mkdtempSync(join(tmpdir(), 'models-'));
    for (const name of ['zeta', 'alpha', 'empty']) mkdirSync(join(models, name));
    writeFileSync(join(models, 'zeta', 'config.json'), '{}');
    writeFileSync(join(models, 'alpha', 'config.json'), '{}');
    expect(defaultModelFolder(models)).toBe(join(models, 'alpha'));
    mkdirSync(join(models, 'default'));
    writeFileSync(join(models, 'default', 'config.json'), '{}');
    expect(defaultModelFolder(models)).toBe(join(models, 'default'));
    expect(defaultModelFolder(join(models, 'missing'))).toBeNull();
  });
});

/** A pool of "workers" that answer after a random delay, so answers come back out of order. */
function slowPool(jobs: number[]): CliDependencies {
  return {
    ...fakeDependencies(),
    loadPool: async (_folder, jobCount) => {
      jobs.push(jobCount);
      return {
        analyze: (text) =>
          new Promise((resolve) => setTimeout(() => resolve([{ start: 0, end: 1, label: 'PER', text: text.slice(0, 1), score: 1 }]), Math.random() * 20)),
        release: async () => undefined,
      };
    },
  };
}

describe('runCli --jobs and --shard', () => {
  const input = Array.from({ length: 40 }, (_, index) => `문장 ${index}`).join('\n\n');

  it('writes the documents in input order however their answers come back', async () => {
    const jobs: number[] = [];
    const { exitCode, stdout } = await run(['--jobs', '3'], input, slowPool(jobs));
    expect(exitCode).toBe(0);
    expect(jobs).toEqual([3]);
    expect(stdout.trimEnd().split('\n').map((line) => JSON.parse(line).text)).toEqual(Array.from({ length: 40 }, (_, index) => `문장 ${index}`));
  });

  it('hands --threads T to the pool or to the one pipeline, and refuses a bad count', async () => {
    const asked: (number | undefined)[] = [];
    const dependencies: CliDependencies = {
      loadPipeline: async (folder, threads) => {
        asked.push(threads);
        return fakeDependencies().loadPipeline(folder);
      },
      loadPool: async (folder, jobCount, threads) => {
        asked.push(threads);
        return slowPool([]).loadPool!(folder, jobCount);
      },
    };
    expect((await run(['--jobs', '1', '--threads', '1'], 'a', dependencies)).exitCode).toBe(0);
    expect((await run(['--jobs=2', '--threads=3'], 'a', dependencies)).exitCode).toBe(0);
    expect((await run(['--jobs', '2'], 'a', dependencies)).exitCode).toBe(0);
    expect(asked).toEqual([1, 3, undefined]);
    for (const bad of ['0', '257', 'two', '']) {
      const { exitCode, stderr } = await run(['--threads', bad], 'a', dependencies);
      expect(exitCode).toBe(2);
      expect(stderr).toContain(`expected a number of threads from 1 to 256 after --threads, got ${JSON.stringify(bad)}`);
    }
  });

  it('takes one job per core by default, and one pipeline for one job', async () => {
    const jobs: number[] = [];
    await run([], 'a', { ...slowPool(jobs), cores: 4 });
    await run(['--jobs=1'], 'a', slowPool(jobs));
    expect(jobs).toEqual([4]);
  });

  it('splits the documents into shards that together are the whole output, each document once', async () => {
    const whole = (await run([], input)).stdout.trimEnd().split('\n');
    const shards = await Promise.all([0, 1, 2].map(async (index) => (await run(['--shard', `${index}/3`], input)).stdout.trimEnd().split('\n')));
    expect(shards.map((shard) => shard.length)).toEqual([14, 13, 13]);
    // taken in turn, the shards are the whole output
    const interleaved = whole.map((_, index) => shards[index % 3][Math.floor(index / 3)]);
    expect(interleaved).toEqual(whole);
  });

  it('counts every line as a document under --redact, empty ones too', async () => {
    const { stdout } = await run(['--redact', '--shard=1/2'], 'a\n\nb\n\n');
    expect(stdout).toBe('\n\n');
  });

  it('says what is wrong with --jobs and --shard', () => {
    expect(parseArguments(['--jobs', '0'])).toEqual({ error: 'expected a number of jobs from 1 to 9999 after --jobs, got "0"' });
    expect(parseArguments(['--jobs'])).toEqual({ error: 'expected a number of jobs from 1 to 9999 after --jobs, got ""' });
    expect(parseArguments(['--shard', '3/3'])).toEqual({ error: 'expected --shard K/N with 0 <= K < N (e.g. 0/4 for the first of four shards), got "3/3"' });
    expect(parseArguments(['--shard=a'])).toMatchObject({ error: expect.stringContaining('got "a"') });
    expect(parseArguments(['--jobs', '2', '--shard', '1/4'])).toMatchObject({ jobs: 2, shard: { index: 1, count: 4 } });
  });
});
