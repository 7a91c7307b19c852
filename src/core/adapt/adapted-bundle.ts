/**
 * The files an adaptation adds to a copy of its base bundle (docs/bundle-format.md, "Adapted
 * bundles"): a new config.json (id, name, labels, the head, adapted_from, metrics, and ner.files
 * covering every file), the head and the CRF. The base's other files are copied unchanged by the
 * caller (Node: the folder; the page: the model store), so the base model is never changed.
 */
import { headToJson, type EmissionHead } from '../bundle/head';
import type { CrfParameters } from '../crf/crf';

export const ADAPTED_HEAD_FILE = 'head-adapted.json';
export const ADAPTED_CRF_FILE = 'crf-adapted.json';

export interface AdaptationSummary {
  readonly id: string;
  readonly name: string;
  readonly documents: number;
  readonly entities: number;
  readonly trainDocuments: number;
  readonly heldOutDocuments: number;
  /** Strict entity F1 on the held-out documents (token spans), adapted and base; null without a held-out share. */
  readonly heldOutF1: number | null;
  readonly baseHeldOutF1: number | null;
  readonly epochs: number;
  readonly seconds: number;
  /** Types the base model did not have. */
  readonly newTypes: readonly string[];
  readonly createdAt: string;
  /**
   * The adapted tag set's name (ner.tag_set_name): the base's default tag set's, so the documents it
   * learnt from (labelled in that tag set, new types added) stay in the tag set the model decodes.
   */
  readonly tagSetName?: string;
}

type JsonObject = Record<string, unknown>;

export function crfToJson(crf: CrfParameters, labels: readonly string[]): JsonObject {
  const round = (value: number) => Number(value.toPrecision(7));
  const T = crf.numTags;
  return {
    labels,
    start_transitions: Array.from(crf.startTransitions, round),
    end_transitions: Array.from(crf.endTransitions, round),
    transitions: Array.from({ length: T }, (_, from) => Array.from(crf.transitions.subarray(from * T, (from + 1) * T), round)),
  };
}

/** Why this base bundle cannot be adapted (in words), or null. */
export function adaptableProblem(baseConfig: unknown): string | null {
  const ner = (baseConfig as { ner?: JsonObject })?.ner;
  if (!ner) return 'config.json has no ner section';
  if (ner.head) return `model ${String(ner.id)} is itself an adapted model: adapt its base model (${String((ner.adapted_from as JsonObject | undefined)?.id ?? 'ner.adapted_from')}) instead`;
  if (typeof ner.hidden_output !== 'string') {
    return `model ${String(ner.id)} does not output the encoder's hidden states (config.json ner.hidden_output), so it cannot be adapted; export it with them (python3 -m kner.build ... --hidden-output)`;
  }
  return null;
}

/** SHA-256 in lower-case hex (Web Crypto: Node 20 and browsers in secure contexts). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The new files of the adapted bundle, as bytes by path: config.json, the head, the CRF.
 * ner.files keeps the base's entries (the files copied unchanged) and adds the new ones.
 */
export async function adaptedBundleFiles(baseConfig: unknown, head: EmissionHead, crf: CrfParameters, summary: AdaptationSummary): Promise<Map<string, Uint8Array>> {
  const problem = adaptableProblem(baseConfig);
  if (problem) throw new Error(problem);
  const config = structuredClone(baseConfig) as JsonObject & { ner: JsonObject };
  const base = (baseConfig as { ner: JsonObject }).ner;
  const labels = head.labels;
  const encoder = new TextEncoder();
  const files = new Map<string, Uint8Array>();
  files.set(ADAPTED_HEAD_FILE, encoder.encode(JSON.stringify(headToJson(head))));
  files.set(ADAPTED_CRF_FILE, encoder.encode(JSON.stringify(crfToJson(crf, labels))));
  const digests: JsonObject = { ...((base.files as JsonObject | undefined) ?? {}) };
  for (const [path, bytes] of files) digests[path] = { sha256: await sha256Hex(bytes), bytes: bytes.byteLength };
  config.id2label = Object.fromEntries(labels.map((label, index) => [String(index), label]));
  config.label2id = Object.fromEntries(labels.map((label, index) => [label, index]));
  const ner: JsonObject = { ...config.ner };
  // one tag set, described at the top level: the base's other tag sets do not carry over
  delete ner.tag_sets;
  delete ner.default_tag_set;
  Object.assign(ner, {
    id: summary.id,
    name: summary.name,
    version: '1.0.0',
    labels,
    crf: ADAPTED_CRF_FILE,
    ...(summary.tagSetName === undefined ? {} : { tag_set_name: summary.tagSetName }),
    head: { file: ADAPTED_HEAD_FILE, input: base.hidden_output, base_output: 'logits' },
    adapted_from: { id: base.id, name: base.name, version: base.version, labels: base.labels },
    adaptation: {
      documents: summary.documents,
      entities: summary.entities,
      train_documents: summary.trainDocuments,
      held_out_documents: summary.heldOutDocuments,
      new_types: summary.newTypes,
      epochs: summary.epochs,
      seconds: Number(summary.seconds.toFixed(1)),
      created_at: summary.createdAt,
    },
    metrics: {
      held_out_entity_f1: summary.heldOutF1,
      base_held_out_entity_f1: summary.baseHeldOutF1,
      held_out_documents: summary.heldOutDocuments,
      adapted_documents: summary.documents,
      adapted_entities: summary.entities,
      base_model: `${String(base.name)} (${String(base.id)} ${String(base.version)})`,
      evaluated_by: 'adaptation (token spans of the held-out documents)',
    },
    files: digests,
  });
  config.ner = ner;
  files.set('config.json', encoder.encode(`${JSON.stringify(config, null, 2)}\n`));
  return files;
}
