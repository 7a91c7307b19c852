/**
 * One adaptation from a loaded base bundle to the new files of the adapted bundle, the same in
 * Node (`npm run adapt`, cli/adapt-node.ts) and in the page's NER worker: checks on the documents,
 * the features (the caller's `runFeatures` runs the base's ONNX session), the fit, and the files
 * that a copy of the base bundle gets (adapted-bundle.ts). Writes nothing: where the files go (a
 * folder, the model store) is the caller's, so a cancelled or failed run leaves nothing behind.
 */
import type { BundleFiles } from '../bundle/bundle';
import { parseCrf } from '../bundle/bundle';
import { parseBioLabel } from '../labels/bio';
import type { TextTokenizer } from '../tokenize/text-tokenizer';
import { adaptableProblem, adaptedBundleFiles, type AdaptationSummary } from './adapted-bundle';
import { baseAgreement, fitAdaptation, warmStartTypes, type FitOptions, type FitResult, type SpanScore } from './fit';
import { labelClashes, renameLabels } from './labels';
import { trainingSequences, type RunFeatures, type SequenceOptions } from './sequences';
import { adaptedLabels, tooFewProblem, typeCounts, type TrainingDocument } from './training-data';

/** What a caller may choose of an adaptation (the CLI's flags). */
export interface AdaptSettings {
  readonly documents: readonly TrainingDocument[];
  readonly renames?: ReadonlyMap<string, string>;
  /** Take a type named as one of the base model's as that type even where the base disagrees with the documents. */
  readonly sameLabels?: boolean;
  readonly name?: string;
  readonly fit?: FitOptions;
  /** Base type -> adapted type, for the base model's held-out score only (e.g. PER -> PS). */
  readonly baseLabelMap?: ReadonlyMap<string, string | null>;
  /** Entities a new type needs (default MIN_NEW_TYPE_ENTITIES; the learning curve's smallest sizes take 1). */
  readonly minNewTypeEntities?: number;
  /** Start a new type from the base type whose predictions fall on it (warmStartTypes; default true). Off: from nothing (measurements). */
  readonly warmStart?: boolean;
  readonly log?: (line: string) => void;
}

export interface AdaptInput extends AdaptSettings {
  /** The base bundle as read (its raw config.json, crf, tokenizer files). */
  readonly bundle: BundleFiles;
  readonly tokenizer: TextTokenizer;
  /** The base model's hidden states and logits (runtime/head-session.ts featureRunner). */
  readonly runFeatures: RunFeatures;
  /** The new model's id without the base's (the id is `<base id>-adapted-<idSuffix>`). */
  readonly idSuffix: string;
  /** Feature progress (windows done of all); may throw to stop. */
  readonly onFeatures?: SequenceOptions['onProgress'];
}

export interface AdaptOutput {
  /** The files the adapted bundle adds to (or replaces in) a copy of the base's: config.json, the head, the CRF. */
  readonly files: Map<string, Uint8Array>;
  readonly summary: AdaptationSummary;
  readonly fit: FitResult;
  readonly labels: readonly string[];
  readonly seconds: { readonly features: number; readonly fit: number; readonly total: number };
}

/** A type the base model has is fitted, not kept, when it agrees with the documents' spans of it this little (strict F1) ... */
export const KEEP_MIN_AGREEMENT = 0.5;
/** ... on at least this many of their entities of it. */
export const KEEP_MIN_SUPPORT = 10;

/**
 * The base types an adaptation keeps as they are (fit.ts FitOptions.keepBaseTypes) by default: when
 * the documents bring a new type beside types the base model has, those types, but for any the base
 * model plainly does not find in them (agreement under KEEP_MIN_AGREEMENT on KEEP_MIN_SUPPORT or more
 * entities: the documents teach it something else). Measured on KMOU with POH learnt as a new type
 * (docs/adaptation.md): fitting everything cost the old types up to 3 points. Documents of new types
 * only (KLUE's labels on a KMOU model) or of base types only keep nothing: everything is fitted.
 */
export function keptBaseTypes(types: readonly string[], baseLabels: readonly string[], agreement: ReadonlyMap<string, SpanScore>): string[] {
  const baseTypes = new Set(baseLabels.map(parseBioLabel).flatMap((tag) => (tag.kind === 'other' ? [] : [tag.type])));
  if (!types.some((type) => !baseTypes.has(type))) return [];
  return types.filter((type) => {
    if (!baseTypes.has(type)) return false;
    const score = agreement.get(type);
    return !(score && score.support >= KEEP_MIN_SUPPORT && score.f1 < KEEP_MIN_AGREEMENT);
  });
}

/** Adapts; throws (in words: too few examples of which type, a label clash, a base that cannot be adapted) before any file exists. */
export async function adaptBundle(input: AdaptInput): Promise<AdaptOutput> {
  const started = performance.now();
  const log = input.log ?? (() => {});
  const { bundle } = input;
  const problem = adaptableProblem(bundle.config);
  if (problem) throw new Error(problem);
  const { modelConfig } = bundle;
  const documents = renameLabels(input.documents, input.renames ?? new Map());
  const tooFew = tooFewProblem(documents, modelConfig.labels, null);
  if (tooFew) throw new Error(tooFew);
  const counts = typeCounts(documents);
  const types = [...counts.keys()];
  const labels = adaptedLabels(types, modelConfig.labels);
  const baseTypes = new Set(modelConfig.labels.map(parseBioLabel).flatMap((tag) => (tag.kind === 'other' ? [] : [tag.type])));
  const newTypes = types.filter((type) => !baseTypes.has(type));
  const hiddenSize = Number((bundle.config as { hidden_size?: unknown }).hidden_size);
  if (!Number.isInteger(hiddenSize) || hiddenSize < 1) throw new Error('config.json: expected hidden_size to be a positive integer');
  const entities = [...counts.values()].reduce((sum, count) => sum + count.entities, 0);
  log(`adapt: ${documents.length} documents, ${entities} entities; tag set ${types.join(', ')}${newTypes.length > 0 ? ` (new: ${newTypes.join(', ')})` : ''}`);

  const sequences = await trainingSequences(documents, labels, modelConfig, input.tokenizer, input.runFeatures, hiddenSize, { onProgress: input.onFeatures });
  const featuresDone = performance.now();
  const baseSetup = { labels, hiddenSize, baseLabels: modelConfig.labels, baseCrf: parseCrf(bundle.crf, modelConfig.labels, modelConfig.crfPath), baseLabelMap: input.baseLabelMap };
  const agreement = baseAgreement(sequences, baseSetup);
  if (!input.sameLabels) {
    const clash = labelClashes(agreement);
    if (clash) throw new Error(clash);
  }
  const initialTypes = input.warmStart === false ? new Map<string, string>() : warmStartTypes(sequences, baseSetup);
  const tooFewOfType = tooFewProblem(documents, modelConfig.labels, new Set(initialTypes.keys()), input.minNewTypeEntities);
  if (tooFewOfType) throw new Error(tooFewOfType);
  const setup = { ...baseSetup, initialTypes };
  if (initialTypes.size > 0) log(`adapt: new types start from the base model's ${[...initialTypes].map(([type, from]) => `${from} (${type})`).join(', ')}`);
  log(`adapt: features of ${sequences.length} windows in ${((featuresDone - started) / 1000).toFixed(1)} s; fitting`);
  const keepBaseTypes = input.fit?.keepBaseTypes ?? keptBaseTypes(types, modelConfig.labels, agreement);
  if (keepBaseTypes.length > 0) log(`adapt: O and the base model's ${keepBaseTypes.join(', ')} keep their parameters; ${labels.length - 1 - 2 * keepBaseTypes.length} labels are fitted`);
  const fit = await fitAdaptation(sequences, setup, { ...input.fit, keepBaseTypes });
  const fitDone = performance.now();
  const summary: AdaptationSummary = {
    id: `${modelConfig.id}-adapted-${input.idSuffix.replace(/[^\w.-]+/gu, '-')}`,
    name: input.name ?? `${modelConfig.name}, adapted to ${documents.length} documents`,
    documents: documents.length,
    entities,
    trainDocuments: fit.trainDocuments,
    heldOutDocuments: fit.heldOutDocuments,
    heldOutF1: fit.heldOut?.adapted.f1 ?? null,
    baseHeldOutF1: fit.heldOut?.base.f1 ?? null,
    epochs: fit.epochs,
    seconds: (fitDone - started) / 1000,
    newTypes,
    createdAt: new Date().toISOString(),
    tagSetName: modelConfig.defaultTagSet,
  };
  const files = await adaptedBundleFiles(bundle.config, fit.head, fit.crf, summary);
  const total = (performance.now() - started) / 1000;
  return { files, summary, fit, labels, seconds: { features: (featuresDone - started) / 1000, fit: (fitDone - featuresDone) / 1000, total } };
}
