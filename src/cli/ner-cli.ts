/**
 * `npm run ner -- [--model DIR] [FILE ...]`: one JSON object per non-empty input line.
 *
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
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import type { Pipeline } from '../core/pipeline';
import { findIdentifiers } from '../core/identifiers/identifiers';
import { MASK_STYLES, type MaskStyle, parseMaskStyle } from '../core/redact/mask';
import { DEFAULT_MASKED_TYPES, redactText } from '../core/redact/redact';

export const USAGE =
  `usage: npm run ner -- [--model DIR] [--redact [--mask-style ${MASK_STYLES.join('|')}] [--types T,...]] [FILE ...]   (stdin when no FILE)\n` +
  `  --redact: each line masked (default style tag; default types ${DEFAULT_MASKED_TYPES.join(',')})`;

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

export interface CliDependencies {
  loadPipeline(folder: string): Promise<{ pipeline: Pipeline; release(): Promise<void> }>;
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
  let loaded: Awaited<ReturnType<CliDependencies['loadPipeline']>>;
  try {
    loaded = await dependencies.loadPipeline(modelFolder);
  } catch (error) {
    io.stderr.write(`ner: cannot load the model in ${modelFolder}: ${(error as Error).message}\n`);
    return 2;
  }

  const progress = createProgress(io.stderr, dependencies.progressIntervalMs ?? 2000);
  let failedLines = 0;
  /** Writes the masked line; false (and an empty line, so nothing leaks) when it failed. */
  const redactLine = async (line: string, lineNumber: number, ending: string, sourceName: string): Promise<boolean> => {
    const { style, types } = parsed.redact!;
    try {
      const entities = line.length === 0 ? [] : (await loaded.pipeline.analyze(line)).entities;
      await write(io.stdout, `${redactText(line, entities, { style, types }).text}${ending}`);
      return true;
    } catch (error) {
      io.stderr.write(`ner: ${sourceName}:${lineNumber}: ${(error as Error).message}\n`);
      await write(io.stdout, ending);
      return false;
    }
  };
  try {
    const sources = parsed.files.length > 0 ? parsed.files.map((file) => ({ name: file, open: () => createReadStream(file) })) : [{ name: '<stdin>', open: () => io.stdin }];
    for (const source of sources) {
      let stream: Readable;
      try {
        stream = source.open();
        for await (const { line, lineNumber, ending } of readLines(stream)) {
          if (parsed.redact) {
            if (!(await redactLine(line, lineNumber, ending, source.name))) failedLines++;
            progress.documentDone();
            continue;
          }
          if (line.length === 0) continue;
          try {
            const { entities } = await loaded.pipeline.analyze(line);
            const identifiers = findIdentifiers(line);
            const output = {
              text: line,
              entities: entities.map(({ start, end, label, text, score }) => ({ start, end, label, text, score: roundScore(score) })),
              ...(identifiers.length > 0 ? { identifiers: identifiers.map(({ start, end, label, text }) => ({ start, end, label, text })) } : {}),
            };
            await write(io.stdout, `${JSON.stringify(output)}\n`);
          } catch (error) {
            failedLines++;
            const message = `${source.name}:${lineNumber}: ${(error as Error).message}`;
            io.stderr.write(`ner: ${message}\n`);
            // keep the output aligned with the input: the failed document still gets its line
            await write(io.stdout, `${JSON.stringify({ text: line, entities: [], error: message })}\n`);
          }
          progress.documentDone();
        }
      } catch (error) {
        io.stderr.write(`ner: cannot read ${source.name}: ${(error as Error).message}\n`);
        failedLines++;
      }
    }
  } finally {
    progress.finish();
    await loaded.release();
  }
  return failedLines > 0 ? 1 : 0;
}

interface ParsedArguments {
  readonly model: string | null;
  readonly files: string[];
  readonly help: boolean;
  /** Set by --redact: what to mask and how. */
  readonly redact?: { readonly style: MaskStyle; readonly types: ReadonlySet<string> };
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
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const styleOption = optionValue(argv, index, '--mask-style');
    const typesOption = optionValue(argv, index, '--types');
    if (argument === '--redact') {
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
  return { model, files, help, redact: redactChoice };
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

/**
 * Lines of a UTF-8 stream split at "\n", one trailing "\r" removed; numbered from 1. `ending` is
 * what ended the line ("\n", "\r\n", or "" for a last line without one).
 */
export async function* readLines(stream: Readable): AsyncGenerator<{ line: string; lineNumber: number; ending: string }> {
  stream.setEncoding('utf8');
  let pending = '';
  let lineNumber = 0;
  let atStart = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    pending += atStart && chunk.startsWith('\ufeff') ? chunk.slice(1) : chunk;
    atStart = false;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const raw = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      const crlf = raw.endsWith('\r');
      yield { line: crlf ? raw.slice(0, -1) : raw, lineNumber: ++lineNumber, ending: crlf ? '\r\n' : '\n' };
      newline = pending.indexOf('\n');
    }
  }
  if (pending.length > 0) yield { line: pending.endsWith('\r') ? pending.slice(0, -1) : pending, lineNumber: ++lineNumber, ending: pending.endsWith('\r') ? '\r' : '' };
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
