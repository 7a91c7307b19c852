/**
 * A model bundle (docs/bundle-format.md): config.json + crf.json + tokenizer files,
 * checked on the way in. Errors name the file and field: "crf.json: expected
 * transitions to be 21x21, got 21x20". snake_case stays at this JSON boundary.
 */
import type { CrfParameters } from '../crf/crf';
import type { SpecialTokenNames } from '../tokenize/text-tokenizer';
import { KMOU_LABELS } from '../labels/tag-sets';
import { parseHead, type HeadSpec } from './head';

export const MODEL_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'] as const;
export type ModelInputName = (typeof MODEL_INPUTS)[number];

export interface ModelConfig {
  readonly formatVersion: 1;
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly license: string;
  /** Emission column order. */
  readonly labels: readonly string[];
  /** Tokens per window, [CLS] and [SEP] included. */
  readonly maxSeqLength: number;
  readonly specialTokens: SpecialTokenNames;
  readonly modelInputs: readonly ModelInputName[];
  /** Paths inside the bundle folder. */
  readonly onnxPath: string;
  readonly onnxQuantizedPath: string | null;
  /**
   * How the int8 file scales its activations (config ner.onnx_quantized_activations): "static" (constants
   * measured on calibration text, kner.calibrate: each row's logits depend on that row alone) or
   * "dynamic" (a scale per call, the default: a row's logits depend on the others of its call).
   */
  readonly onnxQuantizedActivations: 'static' | 'dynamic';
  readonly crfPath: string;
  readonly tokenizerPath: string;
  readonly metrics: Readonly<Record<string, unknown>>;
  /**
   * What config.json says each other file of the bundle holds (`ner.files`: SHA-256 and size), so
   * a reader can tell when files from two versions of a model meet (verifyBundleFiles). Empty
   * for bundles written without it.
   */
  readonly files: ReadonlyMap<string, BundleFileDigest>;
  /**
   * The tag sets the model decodes (config ner.tag_sets): one ONNX output and one CRF each, over the
   * one encoder. A bundle without ner.tag_sets has one, from ner.labels and ner.crf. Never empty.
   */
  readonly tagSets: readonly TagSet[];
  /** The name of the tag set used when none is asked for (ner.default_tag_set; its labels are ner.labels). */
  readonly defaultTagSet: string;
  /** The ONNX output of the encoder's last hidden states (ner.hidden_output), or null. */
  readonly hiddenOutput: string | null;
  /** An emission head computed in TypeScript (ner.head, a bundle made by adaptation: ./head.ts), or null. */
  readonly head: HeadSpec | null;
}

/** One tag set of a bundle: its labels, the ONNX output that scores them and the CRF that decodes them. */
export interface TagSet {
  /** Short name, e.g. "kmou", "klue": what `--tag-set` and the page's selector take. */
  readonly name: string;
  /** Shown to people, e.g. "KLUE-NER (6 types)". */
  readonly title: string;
  /** Emission column order of `output`. */
  readonly labels: readonly string[];
  readonly crfPath: string;
  /** The ONNX output name: "logits" for the first tag set. */
  readonly output: string;
  /** The license of this tag set's training data, when the bundle says; else the model's. */
  readonly license: string;
}

/** The output of a bundle's first (and of an older bundle's only) tag set. */
export const DEFAULT_OUTPUT = 'logits';
/** At most this many tag sets in one bundle. */
export const MAX_TAG_SETS = 16;

/**
 * The tag set named `name` (the default one when name is undefined). A name the bundle does not have
 * is an error that lists the ones it has.
 */
export function tagSetOf(config: Pick<ModelConfig, 'tagSets' | 'defaultTagSet' | 'id'>, name?: string): TagSet {
  const wanted = name ?? config.defaultTagSet;
  const found = config.tagSets.find((tagSet) => tagSet.name === wanted);
  if (!found) {
    const has = config.tagSets.map((tagSet) => `"${tagSet.name}"`).join(', ');
    throw new UnknownTagSetError(
      `model "${config.id}" has no tag set "${wanted}"; it has ${config.tagSets.length === 1 ? 'one' : config.tagSets.length}: ${has}`,
    );
  }
  return found;
}

/** A tag set was asked for that the model does not have (the message lists the ones it has). */
export class UnknownTagSetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownTagSetError';
  }
}

export interface BundleFileDigest {
  /** Lower-case hex. */
  readonly sha256: string;
  readonly bytes: number;
}

export const TOKENIZER_CONFIG_PATH = 'tokenizer_config.json';
/** The optional model card beside config.json (shown in the app). */
export const MODEL_CARD_PATH = 'MODEL_CARD.md';

/** The ONNX file a reader runs: the int8 file when the bundle has one and int8 is asked for, else fp32. */
export function onnxFileOf(config: ModelConfig, quantized: boolean): string {
  return quantized && config.onnxQuantizedPath ? config.onnxQuantizedPath : config.onnxPath;
}

/**
 * Whether a row's logits from this ONNX file depend on that row alone, whatever else shares its call, on
 * ONNX Runtime's CPU kernels (WASM, Node): true of the fp32 file and of a static-int8 one. The pipeline
 * then lets windows of different sentence groups share calls (PipelineOptions.batchAcrossGroups).
 */
export function rowsIndependent(config: ModelConfig, onnxPath: string): boolean {
  return onnxPath === config.onnxPath || (onnxPath === config.onnxQuantizedPath && config.onnxQuantizedActivations === 'static');
}

/** Every ONNX file the bundle names (fp32 first). */
export function onnxFilesOf(config: ModelConfig): string[] {
  return config.onnxQuantizedPath ? [config.onnxPath, config.onnxQuantizedPath] : [config.onnxPath];
}
/** Limits on what config.json may ask for: BERT-family position tables are 512 (some 4096-8192); tag sets are tens. */
export const MAX_SEQ_LENGTH = 8192;
export const MAX_LABELS = 1000;

type JsonObject = Record<string, unknown>;

export function parseModelConfig(json: unknown): ModelConfig {
  const file = 'config.json';
  const root = expectObject(json, file, 'the file');
  const ner = expectObject(root.ner, file, 'ner');
  const formatVersion = ner.format_version;
  if (formatVersion !== 1) throw new Error(`${file}: expected ner.format_version to be 1, got ${show(formatVersion)}`);
  const labels = expectStringArray(ner.labels, file, 'ner.labels');
  if (labels.length === 0) throw new Error(`${file}: expected ner.labels to be non-empty, got []`);
  if (labels.length > MAX_LABELS) throw new Error(`${file}: expected at most ${MAX_LABELS} ner.labels, got ${labels.length}`);
  if (root.id2label !== undefined) {
    const id2label = expectObject(root.id2label, file, 'id2label');
    labels.forEach((label, index) => {
      if (id2label[String(index)] !== label) {
        throw new Error(`${file}: expected id2label["${index}"] to be "${label}" (ner.labels), got ${show(id2label[String(index)])}`);
      }
    });
  }
  const maxSeqLength = ner.max_seq_length;
  // Buffers are sized by it (windows x positions x labels): an absurd value must not reach them.
  if (!Number.isInteger(maxSeqLength) || (maxSeqLength as number) < 4 || (maxSeqLength as number) > MAX_SEQ_LENGTH) {
    throw new Error(`${file}: expected ner.max_seq_length to be an integer from 4 to ${MAX_SEQ_LENGTH}, got ${show(maxSeqLength)}`);
  }
  const special = expectObject(ner.special_tokens, file, 'ner.special_tokens');
  const specialTokens: SpecialTokenNames = {
    cls: expectString(special.cls, file, 'ner.special_tokens.cls'),
    sep: expectString(special.sep, file, 'ner.special_tokens.sep'),
    pad: expectString(special.pad, file, 'ner.special_tokens.pad'),
    unk: expectString(special.unk, file, 'ner.special_tokens.unk'),
  };
  const modelInputs = expectStringArray(ner.model_inputs ?? ['input_ids', 'attention_mask'], file, 'ner.model_inputs');
  for (const input of modelInputs) {
    if (!(MODEL_INPUTS as readonly string[]).includes(input)) {
      throw new Error(`${file}: expected ner.model_inputs to hold only ${MODEL_INPUTS.map((name) => `"${name}"`).join(', ')}, got "${input}"`);
    }
  }
  if (!modelInputs.includes('input_ids')) throw new Error(`${file}: expected ner.model_inputs to include "input_ids", got ${show(modelInputs)}`);
  const crfPath = expectBundlePath(ner.crf ?? 'crf.json', file, 'ner.crf');
  const license = expectString(ner.license ?? 'unknown', file, 'ner.license');
  return {
    formatVersion: 1,
    id: expectString(ner.id, file, 'ner.id'),
    name: expectString(ner.name ?? ner.id, file, 'ner.name'),
    version: expectString(ner.version ?? '0.0.0', file, 'ner.version'),
    license,
    labels,
    maxSeqLength: maxSeqLength as number,
    specialTokens,
    modelInputs: modelInputs as ModelInputName[],
    onnxPath: expectBundlePath(ner.onnx ?? 'onnx/model.onnx', file, 'ner.onnx'),
    onnxQuantizedPath: ner.onnx_quantized === undefined || ner.onnx_quantized === null ? null : expectBundlePath(ner.onnx_quantized, file, 'ner.onnx_quantized'),
    onnxQuantizedActivations: parseActivations(ner.onnx_quantized_activations, file),
    crfPath,
    tokenizerPath: expectBundlePath(ner.tokenizer ?? 'tokenizer.json', file, 'ner.tokenizer'),
    metrics: ner.metrics === undefined ? {} : expectObject(ner.metrics, file, 'ner.metrics'),
    files: parseFileDigests(ner.files, file),
    ...parseTagSets(ner, labels, crfPath, license, file),
    hiddenOutput: ner.hidden_output === undefined || ner.hidden_output === null ? null : expectString(ner.hidden_output, file, 'ner.hidden_output'),
    head: parseHeadSpec(ner.head, file),
  };
}

function parseHeadSpec(value: unknown, file: string): HeadSpec | null {
  if (value === undefined || value === null) return null;
  const head = expectObject(value, file, 'ner.head');
  return {
    file: expectBundlePath(head.file, file, 'ner.head.file'),
    input: expectString(head.input ?? 'hidden', file, 'ner.head.input'),
    baseOutput: expectString(head.base_output ?? 'logits', file, 'ner.head.base_output'),
  };
}

const TAG_SET_NAME = /^[a-z0-9][a-z0-9_.-]{0,31}$/;

/**
 * ner.tag_sets and ner.default_tag_set, checked: unique names and outputs, the first output "logits",
 * the default tag set's labels and crf those of ner.labels and ner.crf (what older readers use).
 * Without ner.tag_sets: one tag set, named ner.tag_set_name, else "kmou" for the KMOU labels, else "default".
 */
function parseTagSets(ner: JsonObject, labels: readonly string[], crfPath: string, license: string, file: string): { tagSets: TagSet[]; defaultTagSet: string } {
  if (ner.tag_sets === undefined) {
    if (ner.default_tag_set !== undefined) throw new Error(`${file}: expected ner.default_tag_set only with ner.tag_sets, got ${show(ner.default_tag_set)} without`);
    const fallback = labels.join('\u0000') === KMOU_LABELS.join('\u0000') ? 'kmou' : 'default';
    const name = expectTagSetName(ner.tag_set_name ?? fallback, 'ner.tag_set_name', file);
    return { tagSets: [{ name, title: name, labels, crfPath, output: DEFAULT_OUTPUT, license }], defaultTagSet: name };
  }
  if (!Array.isArray(ner.tag_sets) || ner.tag_sets.length === 0 || ner.tag_sets.length > MAX_TAG_SETS) {
    throw new Error(`${file}: expected ner.tag_sets to be an array of 1 to ${MAX_TAG_SETS} tag sets, got ${show(ner.tag_sets)}`);
  }
  const tagSets = ner.tag_sets.map((value: unknown, index): TagSet => {
    const field = `ner.tag_sets[${index}]`;
    const entry = expectObject(value, file, field);
    const name = expectTagSetName(entry.name, `${field}.name`, file);
    const tagSetLabels = expectStringArray(entry.labels, file, `${field}.labels`);
    if (tagSetLabels.length === 0 || tagSetLabels.length > MAX_LABELS) throw new Error(`${file}: expected ${field}.labels to hold 1 to ${MAX_LABELS} labels, got ${tagSetLabels.length}`);
    const output = expectString(entry.output ?? (index === 0 ? DEFAULT_OUTPUT : undefined), file, `${field}.output`);
    if (index === 0 && output !== DEFAULT_OUTPUT) throw new Error(`${file}: expected ${field}.output (the first tag set's) to be "${DEFAULT_OUTPUT}", got ${show(output)}`);
    if (output === '') throw new Error(`${file}: expected ${field}.output to be an ONNX output name, got ""`);
    return {
      name,
      title: expectString(entry.title ?? name, file, `${field}.title`),
      labels: tagSetLabels,
      crfPath: expectBundlePath(entry.crf, file, `${field}.crf`),
      output,
      license: expectString(entry.license ?? license, file, `${field}.license`),
    };
  });
  for (const key of ['name', 'output', 'crfPath'] as const) {
    const seen = new Set<string>();
    for (const tagSet of tagSets) {
      if (seen.has(tagSet[key])) throw new Error(`${file}: expected each tag set of ner.tag_sets to have its own ${key === 'crfPath' ? 'crf' : key}, got "${tagSet[key]}" twice`);
      seen.add(tagSet[key]);
    }
  }
  const defaultTagSet = expectTagSetName(ner.default_tag_set ?? tagSets[0].name, 'ner.default_tag_set', file);
  const chosen = tagSets.find((tagSet) => tagSet.name === defaultTagSet);
  if (!chosen) throw new Error(`${file}: expected ner.default_tag_set to name one of ner.tag_sets (${tagSets.map((t) => `"${t.name}"`).join(', ')}), got "${defaultTagSet}"`);
  if (chosen.labels.join('\u0000') !== labels.join('\u0000')) {
    throw new Error(`${file}: expected ner.labels to equal the labels of the default tag set "${defaultTagSet}" ${show(chosen.labels)}, got ${show(labels)}`);
  }
  if (chosen.crfPath !== crfPath) throw new Error(`${file}: expected ner.crf to be the default tag set's crf "${chosen.crfPath}", got "${crfPath}"`);
  return { tagSets, defaultTagSet };
}

function expectTagSetName(value: unknown, field: string, file: string): string {
  const name = expectString(value, file, field);
  if (!TAG_SET_NAME.test(name)) throw new Error(`${file}: expected ${field} to be a short lower-case name (letters, digits, "_", "-", "."), got ${show(name)}`);
  return name;
}

function parseActivations(value: unknown, file: string): 'static' | 'dynamic' {
  if (value === undefined || value === null) return 'dynamic';
  if (value === 'static' || value === 'dynamic') return value;
  throw new Error(`${file}: expected ner.onnx_quantized_activations to be "static" or "dynamic", got ${show(value)}`);
}

function parseFileDigests(value: unknown, file: string): ReadonlyMap<string, BundleFileDigest> {
  const digests = new Map<string, BundleFileDigest>();
  if (value === undefined) return digests;
  const entries = Object.entries(expectObject(value, file, 'ner.files'));
  if (entries.length > MAX_LABELS) throw new Error(`${file}: expected at most ${MAX_LABELS} ner.files, got ${entries.length}`);
  for (const [path, entry] of entries) {
    const field = `ner.files[${show(path)}]`;
    expectBundlePath(path, file, `a key of ner.files`);
    const digest = expectObject(entry, file, field);
    const sha256 = expectString(digest.sha256, file, `${field}.sha256`);
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`${file}: expected ${field}.sha256 to be 64 lower-case hex digits, got ${show(sha256)}`);
    const bytes = digest.bytes;
    if (!Number.isSafeInteger(bytes) || (bytes as number) < 0) throw new Error(`${file}: expected ${field}.bytes to be a non-negative integer, got ${show(bytes)}`);
    digests.set(path, { sha256, bytes: bytes as number });
  }
  return digests;
}

/**
 * Checks the files read for a bundle against what its config.json says they hold (ner.files).
 * A mismatch means the files do not belong together: most likely a server or cache that
 * answered with files of two versions of the model (an update landing mid-download). Files the
 * config does not list are not checked. Uses Web Crypto (browsers in secure contexts, Node);
 * where it is absent the sizes are still checked and `digests: false` says so.
 */
export async function verifyBundleFiles(
  modelConfig: ModelConfig,
  files: ReadonlyMap<string, Uint8Array>,
): Promise<{ readonly checked: number; readonly digests: boolean }> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCryptoLike } }).crypto?.subtle;
  let checked = 0;
  for (const [path, bytes] of files) {
    const expected = modelConfig.files.get(path);
    if (!expected) continue;
    const mismatch = (what: string) =>
      new Error(
        `${path}: does not match config.json (${what}): the file is truncated or comes from another version of the model. ` +
          'Reload to fetch the files again; if it persists, the bundle folder holds a broken or mixed copy.',
      );
    if (bytes.byteLength !== expected.bytes) throw mismatch(`${bytes.byteLength.toLocaleString('en')} bytes, config.json says ${expected.bytes.toLocaleString('en')}`);
    if (subtle) {
      const actual = hex(new Uint8Array(await subtle.digest('SHA-256', bytes)));
      if (actual !== expected.sha256) throw mismatch(`SHA-256 ${actual.slice(0, 12)}…, config.json says ${expected.sha256.slice(0, 12)}…`);
    }
    checked += 1;
  }
  return { checked, digests: subtle !== undefined };
}

interface SubtleCryptoLike {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** crf.json -> CRF parameters, checked against the labels of config.json (of its tag set). */
export function parseCrf(json: unknown, labels: readonly string[], file = 'crf.json', labelsField = 'ner.labels'): CrfParameters {
  const root = expectObject(json, file, 'the file');
  const numTags = labels.length;
  if (root.labels !== undefined) {
    const crfLabels = expectStringArray(root.labels, file, 'labels');
    if (crfLabels.join('\u0000') !== labels.join('\u0000')) {
      throw new Error(`${file}: expected labels to equal config.json ${labelsField} ${show(labels)}, got ${show(crfLabels)}`);
    }
  }
  const startTransitions = expectVector(root.start_transitions, numTags, file, 'start_transitions');
  const endTransitions = expectVector(root.end_transitions, numTags, file, 'end_transitions');
  const rows = root.transitions;
  if (!Array.isArray(rows) || rows.length !== numTags || rows.some((row) => !Array.isArray(row) || row.length !== numTags)) {
    throw new Error(`${file}: expected transitions to be ${numTags}x${numTags}, got ${describeMatrix(rows)}`);
  }
  // shape: (numTags, numTags), row-major; transitions[from * numTags + to]
  const transitions = new Float32Array(numTags * numTags);
  rows.forEach((row: unknown[], from) => row.forEach((value, to) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${file}: expected transitions[${from}][${to}] to be a finite number, got ${show(value)}`);
    transitions[from * numTags + to] = value;
  }));
  return { numTags, startTransitions, endTransitions, transitions };
}

/** The JSON parts of a bundle, as read from its folder. */
export interface BundleFiles {
  readonly config: unknown;
  /** The default tag set's crf file. */
  readonly crf: unknown;
  /** Every tag set's crf file, by tag set name (the default one's is `crf`). */
  readonly crfs: Readonly<Record<string, unknown>>;
  readonly tokenizerJson: unknown;
  readonly tokenizerConfig: unknown;
  readonly modelConfig: ModelConfig;
  /** The head file's JSON when config.json names one (ner.head), checked. */
  readonly head?: unknown;
}

/** Reads a text file of the bundle by its relative path; null when it does not exist. */
export type ReadBundleText = (relativePath: string) => Promise<string | null>;

/** Reads and checks the JSON files of a bundle; the ONNX file is left to the runtime. */
export async function readBundleFiles(read: ReadBundleText): Promise<BundleFiles> {
  const readJson = async (relativePath: string) => {
    const text = await read(relativePath);
    if (text === null) throw new Error(`model bundle: missing file ${relativePath}`);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new Error(`${relativePath}: expected valid JSON, got ${(error as Error).message}`);
    }
  };
  const config = await readJson('config.json');
  const modelConfig = parseModelConfig(config);
  const [tokenizerJson, tokenizerConfig, ...crfList] = await Promise.all([
    readJson(modelConfig.tokenizerPath),
    readJson(TOKENIZER_CONFIG_PATH),
    ...modelConfig.tagSets.map((tagSet) => readJson(tagSet.crfPath)),
  ]);
  const crfs: Record<string, unknown> = {};
  modelConfig.tagSets.forEach((tagSet, index) => {
    parseCrf(crfList[index], tagSet.labels, tagSet.crfPath, tagSetLabelsField(modelConfig, tagSet));
    crfs[tagSet.name] = crfList[index];
  });
  const crf = crfs[modelConfig.defaultTagSet];
  if (modelConfig.head === null) return { config, crf, crfs, tokenizerJson, tokenizerConfig, modelConfig };
  const head = await readJson(modelConfig.head.file);
  parseHead(head, modelConfig.labels, modelConfig.head.file);
  return { config, crf, crfs, tokenizerJson, tokenizerConfig, modelConfig, head };
}

/** Where config.json gives a tag set's labels: ner.labels when there is one tag set (they are the same). */
export function tagSetLabelsField(config: ModelConfig, tagSet: TagSet): string {
  return config.tagSets.length === 1 ? 'ner.labels' : `ner.tag_sets[${config.tagSets.indexOf(tagSet)}].labels ("${tagSet.name}")`;
}

function expectObject(value: unknown, file: string, field: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${file}: expected ${field} to be an object, got ${show(value)}`);
  return value as JsonObject;
}

/** A path inside the bundle folder: relative, no `..`, no scheme (files are fetched and stored by it). */
function expectBundlePath(value: unknown, file: string, field: string): string {
  const path = expectString(value, file, field);
  if (path === '' || path.startsWith('/') || path.includes('\\') || /^[a-zA-Z][\w+.-]*:/.test(path) || path.split('/').includes('..')) {
    throw new Error(`${file}: expected ${field} to be a path inside the bundle (relative, without ".."), got ${show(path)}`);
  }
  return path;
}

function expectString(value: unknown, file: string, field: string): string {
  if (typeof value !== 'string') throw new Error(`${file}: expected ${field} to be a string, got ${show(value)}`);
  return value;
}

function expectStringArray(value: unknown, file: string, field: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new Error(`${file}: expected ${field} to be an array of strings, got ${show(value)}`);
  return value as string[];
}

function expectVector(value: unknown, length: number, file: string, field: string): Float32Array {
  if (!Array.isArray(value) || value.length !== length) {
    throw new Error(`${file}: expected ${field} to have ${length} numbers, got ${Array.isArray(value) ? value.length : show(value)}`);
  }
  value.forEach((item, index) => {
    if (typeof item !== 'number' || !Number.isFinite(item)) throw new Error(`${file}: expected ${field}[${index}] to be a finite number, got ${show(item)}`);
  });
  return Float32Array.from(value as number[]);
}

/** "21x20" for a rectangular array of arrays, else where it stops being one. */
function describeMatrix(rows: unknown): string {
  if (!Array.isArray(rows)) return show(rows);
  const rowLengths = rows.map((row) => (Array.isArray(row) ? row.length : -1));
  const badRow = rowLengths.findIndex((length) => length !== rowLengths[0]);
  if (rowLengths[0] === -1) return `${rows.length} rows, row 0 ${show(rows[0])}`;
  if (badRow < 0) return `${rows.length}x${rowLengths[0] ?? 0}`;
  return `${rows.length} rows, row ${badRow} of length ${rowLengths[badRow] === -1 ? show(rows[badRow]) : rowLengths[badRow]}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
