/**
 * The one shape of a model's metadata the UI shows, built in one place from a bundle's
 * config.json: the model list (installed and built-in bundles, plus their size) and the running
 * model's card (plus the file in use and its text card) both extend it.
 */
import type { ModelConfig } from '../core/bundle/bundle';
import { entityTypesOf } from '../core/labels/bio';

export interface ModelInfo {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly labels: readonly string[];
  /** Entity types in label order (PER, ORG, ...), from the B-X/I-X labels. */
  readonly entityTypes: readonly string[];
  readonly metrics: Readonly<Record<string, unknown>>;
}

/** What the model list shows of a bundle (stored beside an installed bundle's files). */
export interface ModelCardInfo extends ModelInfo {
  /** Sum of the bundle's files' sizes (0: unknown). */
  readonly bytes: number;
}

export function modelInfoOf(config: ModelConfig): ModelInfo {
  const { id, name, version, license, labels, metrics } = config;
  return { id, name, version, license, labels, entityTypes: entityTypesOf(labels), metrics };
}
