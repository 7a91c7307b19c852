/**
 * `npm run ner -- [--model DIR] [--tag-set NAME] [--jobs N] [--shard K/N] [FILE ...]`: one JSON object per non-empty input line.
 *
 * `--tag-set NAME` decodes the model's tag set NAME (config ner.tag_sets, e.g. `klue`: KLUE-NER's PS LC OG
 * DT TI QT); without it, the bundle's default tag set (KMOU's ten types). A name the model does not have
 * is refused (exit 2) with the names it has.
 *
 * `--jobs N` analyses documents on N worker threads (ner-pool.ts; default one per core) and still
 * writes them in input order. `--shard K/N` takes documents K, K+N, K+2N, ... only (counted from 0
 * over the documents: non-empty lines, every line under --redact), so N processes or machines split
 * a corpus between them and their outputs, taken in turn, are the whole output.
 * A document is a line exactly as written, without its "\n" or "\r\n" (a lone "\r"
 * inside a line stays; a UTF-8 byte order mark at the start of a file is dropped).
 * Output, in input order: {"text": ..., "entities": [{"start", "end", "label", "text", "score"}]},
 * plus "identifiers": [{"start", "end", "label", "text"}] when the rules found any
 * (src/core/identifiers; they may overlap "entities", which stay the model's, unchanged).
 * A line that cannot be processed is reported on stderr with its line number and still gets its
 * output line, {"text", "entities": [], "error"}, so output line N always answers input document N.
 *
 * `--redact [--mask-style tag|numbered|partial|star] [--types T,...]`: every input line, empty
 * ones included, comes out masked (src/core/redact) with its own line ending, and nothing else
 * changes. A line that fails comes out empty (never unmasked), reported on stderr.
 */
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import type { Pipeline } from '../core/pipeline';
import { tagSetOf } from '../core/bundle/bundle';
import { findIdentifiers } from '../core/identifiers/identifiers';
import { MASK_STYLES, type MaskStyle, parseMaskStyle } from '../core/redact/mask';
import { DEFAULT_MASKED_TYPES, redactText } from '../core/redact/redact';
import { batchedAnalyze, MAX_BATCH_DOCUMENTS } from './doc-batches';
import type { Analyzer } from './ner-pool';

export const USAGE =
  `usage: npm run ner -- [--model DIR] [--tag-set NAME] [--jobs N] [--threads T] [--shard K/N] [--redact [--mask-style ${MASK_STYLES.join('|')}] [--types T,...]] [FILE ...]   (stdin when no FILE)\n` +
  `  --tag-set NAME: the model's tag set to decode (e.g. klue; default: the model's default, kmou)\n` +
  `  --jobs N: N worker threads (default: one per core); output stays in input order\n` +
  `  --threads T: ONNX Runtime threads per job (default: the cores shared out among the jobs)\n` +
  `  --shard K/N: only documents K, K+N, K+2N, ... (from 0): one of N processes or machines\n` +
  `  --redact: each line masked (default style tag; default types ${DEFAULT_MASKED_TYPES.join(',')})`;

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

export interface CliDependencies {
  /** threads: --threads T, ONNX Runtime's threads for the one job (undefined: one per core). */
  loadPipeline(folder: string, threads?: number): Promise<{ pipeline: Pipeline; release(): Promise<void> }>;
  /**
   * `--jobs N` with N > 1: N workers on the bundle (ner-pool.ts); without it, one pipeline takes the documents. threads: per worker
   * (undefined: the cores shared out). tagSet: --tag-set (a name the model lacks fails the load, naming the ones it has).
   */
  loadPool?(folder: string, jobs: number, threads?: number, tagSet?: string): Promise<Analyzer>;
  /** The default number of jobs (default: the machine's cores). */
  readonly cores?: number;
  /** Progress lines are written at most this often (ms). */
  readonly progressIntervalMs?: number;
}

/** Exit codes: 0 all lines done, 1 some lines failed, 2 bad usage or model. */
export async function runCli(argv: readonly string[], io: CliIo, dependencies: CliDependencies): Promise<number> {
  const parsed = parseArguments(argv);
  if ('error' in parsed) {
    io.stderr.write(`ner: ${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const modelFolder = parsed.model ?? defaultModelFolder();
  if (modelFolder === null) {
    io.stderr.write(`ner: no model bundle under ${MODELS_FOLDER}; pass --model DIR\n`);
    return 2;
  }
  const jobs = parsed.jobs ?? dependencies.cores ?? availableParallelism();
  let analyzer: Analyzer;
  try {
    if (jobs > 1 && dependencies.loadPool) {
      analyzer = await dependencies.loadPool(modelFolder, jobs, parsed.threads, parsed.tagSet);
    } else {
      const { pipeline, release } = await dependencies.loadPipeline(modelFolder, parsed.threads);
      const tagSet = (await checkedTagSet(pipeline, parsed.tagSet, release)).name;
      // the documents in flight are analysed in batches: their windows share model calls
      analyzer = { analyze: batchedAnalyze((texts) => pipeline.analyzeMany(texts, { tagSet })), release };
    }
  } catch (error) {
    io.stderr.write(`ner: cannot load the model in ${modelFolder}: ${(error as Error).message}\n`);
    return 2;
  }

  const progress = createProgress(io.stderr, dependencies.progressIntervalMs ?? 2000);
  let failedLines = 0;
  /** The masked line; an empty one (so nothing leaks) when it failed. */
  const redactLine = async ({ line, lineNumber, ending, problem }: InputLine, sourceName: string): Promise<Outcome> => {
    const { style, types } = parsed.redact!;
    try {
      if (problem !== undefined) throw new Error(problem);
      const entities = line.length === 0 ? [] : await analyzer.analyze(line);
      return { output: `${redactText(line, entities, { style, types }).text}${ending}`, failed: false };
    } catch (error) {
      io.stderr.write(`ner: ${sourceName}:${lineNumber}: ${(error as Error).message}\n`);
      return { output: ending, failed: true };
    }
  };
  const jsonLine = async ({ line, lineNumber, problem }: InputLine, sourceName: string): Promise<Outcome> => {
    try {
      if (problem !== undefined) throw new Error(problem);
      const entities = await analyzer.analyze(line);
      const identifiers = findIdentifiers(line);
      const output = {
        text: line,
        entities: entities.map(({ start, end, label, text, score }) => ({ start, end, label, text, score: roundScore(score) })),
        ...(identifiers.length > 0 ? { identifiers: identifiers.map(({ start, end, label, text }) => ({ start, end, label, text })) } : {}),
      };
      return { output: `${JSON.stringify(output)}\n`, failed: false };
    } catch (error) {
      const message = `${sourceName}:${lineNumber}: ${(error as Error).message}`;
      io.stderr.write(`ner: ${message}\n`);
      // keep the output aligned with the input: the failed document still gets its line
      return { output: `${JSON.stringify({ text: line, entities: [], error: message })}\n`, failed: true };
    }
  };

  // Documents in flight, in input order: each is written once it and all before it are done.
  const inFlight: { outcome: Promise<Outcome>; chars: number }[] = [];
  let charsInFlight = 0;
  // enough for each job's next batch to fill while one runs (doc-batches.ts)
  const maxInFlight = Math.max(1, jobs) * 2 * MAX_BATCH_DOCUMENTS;
  const writeFirst = async () => {
    const first = inFlight.shift()!;
    charsInFlight -= first.chars;
    const { output, failed } = await first.outcome;
    await write(io.stdout, output);
    if (failed) failedLines++;
    progress.documentDone();
  };
  let documentIndex = 0;
  try {
    const sources = parsed.files.length > 0 ? parsed.files.map((file) => ({ name: file, open: () => createReadStream(file) })) : [{ name: '<stdin>', open: () => io.stdin }];
    for (const source of sources) {
      try {
        for await (const input of readLines(source.open())) {
          // a document: every line under --redact (empty ones come out empty), else a non-empty one
          if (!parsed.redact && input.line.length === 0 && input.problem === undefined) continue;
          const index = documentIndex++;
          if (parsed.shard && index % parsed.shard.count !== parsed.shard.index) continue;
          inFlight.push({ outcome: parsed.redact ? redactLine(input, source.name) : jsonLine(input, source.name), chars: input.line.length });
          charsInFlight += input.line.length;
          // many documents in flight, but not many long ones (a line may hold 2,000,000 characters)
          while (inFlight.length >= maxInFlight || (charsInFlight > MAX_CHARS_IN_FLIGHT && inFlight.length > 1)) await writeFirst();
        }
      } catch (error) {
        while (inFlight.length > 0) await writeFirst();
        io.stderr.write(`ner: cannot read ${source.name}: ${(error as Error).message}\n`);
        failedLines++;
      }
    }
    while (inFlight.length > 0) await writeFirst();
  } finally {
    progress.finish();
    await analyzer.release();
  }
  return failedLines > 0 ? 1 : 0;
}

/** The pipeline's tag set named by --tag-set (its default without it); an unknown name releases the pipeline and throws, listing the ones it has. */
export async function checkedTagSet(pipeline: Pick<Pipeline, 'config'>, name: string | undefined, release: () => Promise<void>) {
  try {
    return tagSetOf(pipeline.config, name);
  } catch (error) {
    await release();
    throw error;
  }
}

/** One document's output text, and whether it failed. */
interface Outcome {
  readonly output: string;
  readonly failed: boolean;
}

interface ParsedArguments {
  readonly model: string | null;
  readonly files: string[];
  readonly help: boolean;
  /** Set by --redact: what to mask and how. */
  readonly redact?: { readonly style: MaskStyle; readonly types: ReadonlySet<string> };
  /** --jobs N; undefined: one per core. */
  readonly jobs?: number;
  /** --threads T: ONNX Runtime threads per job; undefined: the cores shared out. */
  readonly threads?: number;
  /** --shard K/N: only documents K, K+N, K+2N, ... (counted from 0). */
  readonly shard?: { readonly index: number; readonly count: number };
  /** --tag-set NAME; undefined: the model's default tag set. */
  readonly tagSet?: string;
}

/** "--name value" or "--name=value": the value, and how many arguments it took; null when `argument` is another option. */
function optionValue(argv: readonly string[], index: number, name: string): { value: string | undefined; used: number } | null {
  const argument = argv[index];
  if (argument === name) return { value: argv[index + 1], used: 2 };
  if (argument.startsWith(`${name}=`)) return { value: argument.slice(name.length + 1), used: 1 };
  return null;
}

export function parseArguments(argv: readonly string[]): ParsedArguments | { error: string } {
  let model: string | null = null;
  const files: string[] = [];
  let help = false;
  let redact = false;
  let style: MaskStyle | null = null;
  let types: string[] | null = null;
  let jobs: number | undefined;
  let threads: number | undefined;
  let shard: { index: number; count: number } | undefined;
  let tagSet: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const styleOption = optionValue(argv, index, '--mask-style');
    const typesOption = optionValue(argv, index, '--types');
    const jobsOption = optionValue(argv, index, '--jobs');
    const threadsOption = optionValue(argv, index, '--threads');
    const shardOption = optionValue(argv, index, '--shard');
    const tagSetOption = optionValue(argv, index, '--tag-set');
    if (tagSetOption) {
      if (!tagSetOption.value || tagSetOption.value.startsWith('-')) return { error: `expected a tag set name after --tag-set (e.g. klue), got ${JSON.stringify(tagSetOption.value ?? '')}` };
      tagSet = tagSetOption.value;
      index += tagSetOption.used - 1;
    } else if (jobsOption) {
      if (!/^[1-9][0-9]{0,3}$/.test(jobsOption.value ?? '')) return { error: `expected a number of jobs from 1 to 9999 after --jobs, got ${JSON.stringify(jobsOption.value ?? '')}` };
      jobs = Number(jobsOption.value);
      index += jobsOption.used - 1;
    } else if (threadsOption) {
      if (!/^[1-9][0-9]{0,2}$/.test(threadsOption.value ?? '') || Number(threadsOption.value) > 256) {
        return { error: `expected a number of threads from 1 to 256 after --threads, got ${JSON.stringify(threadsOption.value ?? '')}` };
      }
      threads = Number(threadsOption.value);
      index += threadsOption.used - 1;
    } else if (shardOption) {
      const match = /^([0-9]+)\/([1-9][0-9]*)$/.exec(shardOption.value ?? '');
      if (!match || Number(match[1]) >= Number(match[2])) {
        return { error: `expected --shard K/N with 0 <= K < N (e.g. 0/4 for the first of four shards), got ${JSON.stringify(shardOption.value ?? '')}` };
      }
      shard = { index: Number(match[1]), count: Number(match[2]) };
      index += shardOption.used - 1;
    } else if (argument === '--redact') {
      redact = true;
    } else if (styleOption) {
      if (styleOption.value === undefined) return { error: `expected a style after --mask-style (${MASK_STYLES.join(', ')}), got nothing` };
      try {
        style = parseMaskStyle(styleOption.value);
      } catch (error) {
        return { error: (error as Error).message };
      }
      index += styleOption.used - 1;
    } else if (typesOption) {
      types = (typesOption.value ?? '').split(',').map((type) => type.trim()).filter(Boolean);
      if (types.length === 0) return { error: 'expected types after --types (e.g. PER,LOC,PHONE), got nothing' };
      index += typesOption.used - 1;
    } else if (argument === '--model') {
      const value = argv[++index];
      if (value === undefined) return { error: 'expected a folder after --model, got nothing' };
      model = value;
    } else if (argument.startsWith('--model=')) {
      model = argument.slice('--model='.length);
    } else if (argument === '--help' || argument === '-h') {
      help = true;
    } else if (argument === '--') {
      files.push(...argv.slice(index + 1));
      break;
    } else if (argument.startsWith('-') && argument !== '-') {
      return { error: `unknown option ${argument}` };
    } else {
      files.push(argument);
    }
  }
  if (!redact && (style !== null || types !== null)) return { error: '--mask-style and --types go with --redact' };
  const redactChoice = redact ? { style: style ?? 'tag', types: new Set(types ?? DEFAULT_MASKED_TYPES) } : undefined;
  return { model, files, help, redact: redactChoice, jobs, threads, shard, tagSet };
}

const MODELS_FOLDER = resolve(fileURLToPath(new URL('../../public/models/', import.meta.url)));

/** public/models/default, else the first bundle folder under public/models (by name). */
export function defaultModelFolder(modelsFolder = MODELS_FOLDER): string | null {
  const preferred = join(modelsFolder, 'default');
  if (existsSync(join(preferred, 'config.json'))) return preferred;
  if (!existsSync(modelsFolder)) return null;
  const bundles = readdirSync(modelsFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(modelsFolder, entry.name, 'config.json')))
    .map((entry) => entry.name)
    .sort();
  return bundles.length > 0 ? join(modelsFolder, bundles[0]) : null;
}

/** Characters of the documents in flight at most (unless one document alone is longer). */
const MAX_CHARS_IN_FLIGHT = 4_000_000;

/** The longest line analysed (as the app's MAX_TEXT_LENGTH): a longer one gets an error line. */
export const MAX_LINE_CHARS = 2_000_000;

export interface InputLine {
  readonly line: string;
  readonly lineNumber: number;
  /** What ended the line in the input: "\n", "\r\n", or "" (or "\r") for a last line without "\n". */
  readonly ending: string;
  /** Why the line is not analysed (not UTF-8, a NUL, too long); its text is then a lenient decoding. */
  readonly problem?: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function decodeLine(bytes: Uint8Array, lineNumber: number, ending: string): InputLine {
  const body = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
  try {
    const line = strictUtf8.decode(body);
    if (line.includes('\u0000')) return { line, lineNumber, ending, problem: `contains a NUL character (column ${line.indexOf('\u0000') + 1}): a binary file, not text` };
    if (line.length > MAX_LINE_CHARS) return { line: '', lineNumber, ending, problem: `the line has ${line.length.toLocaleString('en')} characters; the limit is ${MAX_LINE_CHARS.toLocaleString('en')}` };
    return { line, lineNumber, ending };
  } catch {
    const line = lenientUtf8.decode(body);
    const bad = new TextEncoder().encode(line.slice(0, line.indexOf('\uFFFD'))).length;
    return { line, lineNumber, ending, problem: `not UTF-8 text (byte ${bad + 1} of the line is not UTF-8): a binary file, or text in another encoding (EUC-KR? convert it: iconv -f cp949 -t utf-8)` };
  }
}

/** Lines of a UTF-8 stream split at "\n", one trailing "\r" removed (kept in `ending`); numbered from 1. Each line is decoded on its own, so one bad line does not spoil the others. */
export async function* readLines(stream: Readable): AsyncGenerator<InputLine> {
  let pending: Uint8Array = new Uint8Array(0);
  let lineNumber = 0;
  let atStart = true;
  for await (const chunk of stream as AsyncIterable<string | Buffer>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    pending = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
    if (atStart && (pending.length >= 3 || pending.includes(0x0a))) {
      if (pending[0] === 0xef && pending[1] === 0xbb && pending[2] === 0xbf) pending = pending.subarray(3);
      atStart = false;
    }
    let from = 0;
    for (let newline = pending.indexOf(0x0a); newline >= 0; newline = pending.indexOf(0x0a, from)) {
      const crlf = newline > from && pending[newline - 1] === 0x0d;
      yield decodeLine(pending.subarray(from, newline), ++lineNumber, crlf ? '\r\n' : '\n');
      from = newline + 1;
    }
    pending = pending.subarray(from);
  }
  if (pending.length > 0) yield decodeLine(pending, ++lineNumber, pending[pending.length - 1] === 0x0d ? '\r' : '');
}

/** Four decimals are plenty for a confidence and keep the output readable. */
function roundScore(score: number): number {
  return Math.round(score * 1e4) / 1e4;
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolvePromise()));
  });
}

/** "ner: 12000 documents, 850/s" on stderr every interval, once the run is long enough. */
function createProgress(stderr: Writable, intervalMs: number) {
  const startedAt = Date.now();
  let lastReport = startedAt;
  let documents = 0;
  let reported = false;
  const report = () => {
    const seconds = (Date.now() - startedAt) / 1000;
    stderr.write(`ner: ${documents} documents, ${Math.round(documents / Math.max(seconds, 1e-3))}/s\n`);
    reported = true;
  };
  return {
    documentDone() {
      documents++;
      const now = Date.now();
      if (now - lastReport >= intervalMs) {
        lastReport = now;
        report();
      }
    },
    finish() {
      if (reported) report();
    },
  };
}
