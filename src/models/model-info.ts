/**
 * The one shape of a model's metadata the UI shows, built in one place from a bundle's
 * config.json: the model list (installed and built-in bundles, plus their size) and the running
 * model's card (plus the file in use and its text card) both extend it.
 */
import type { ModelConfig } from '../core/bundle/bundle';
import { entityTypesOf } from '../core/labels/bio';
import { KMOU_LABELS } from '../core/labels/tag-sets';

export interface ModelInfo {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly labels: readonly string[];
  /** Entity types in label order (PER, ORG, ...), from the B-X/I-X labels. */
  readonly entityTypes: readonly string[];
  readonly metrics: Readonly<Record<string, unknown>>;
  /** The tag sets the model decodes, the default first. Absent on cards stored before tag sets: one, from `labels`. */
  readonly tagSets?: readonly TagSetInfo[];
}

/** One tag set of a model as the UI shows it. */
export interface TagSetInfo {
  readonly name: string;
  readonly title: string;
  readonly license: string;
  readonly labels: readonly string[];
  readonly entityTypes: readonly string[];
}

/** What the model list shows of a bundle (stored beside an installed bundle's files). */
export interface ModelCardInfo extends ModelInfo {
  /** Sum of the bundle's files' sizes (0: unknown). */
  readonly bytes: number;
}

export function modelInfoOf(config: ModelConfig): ModelInfo {
  const { id, name, version, license, labels, metrics } = config;
  const ordered = [...config.tagSets].sort((a, b) => Number(b.name === config.defaultTagSet) - Number(a.name === config.defaultTagSet));
  const tagSets = ordered.map(({ name: tagSetName, title, license: tagSetLicense, labels: tagSetLabels }) => ({
    name: tagSetName,
    title,
    license: tagSetLicense,
    labels: tagSetLabels,
    entityTypes: entityTypesOf(tagSetLabels),
  }));
  return { id, name, version, license, labels, entityTypes: entityTypesOf(labels), metrics, tagSets };
}

/** A card's tag sets: those it lists, else (a card stored before tag sets) one named as the bundle reader names it. */
export function tagSetsOfInfo(info: ModelInfo): readonly TagSetInfo[] {
  if (info.tagSets && info.tagSets.length > 0) return info.tagSets;
  const name = info.labels.join(' ') === KMOU_LABELS.join(' ') ? 'kmou' : 'default';
  return [{ name, title: name, license: info.license, labels: info.labels, entityTypes: info.entityTypes }];
}
