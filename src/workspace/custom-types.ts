/**
 * Entity types a person adds (issue 31, "New types"): a name, a colour and a key, per tag set, kept in
 * localStorage. The person labels examples of it like any type (the legend, the label picker, its key
 * on a selection in the highlighted view), then adapts the model (app/AdaptPanel), whose adapted
 * model proposes it beside the old ones. The model's own types keep their digit keys; an added type
 * takes a free letter (none of the letters the annotation keys use: label-keys.ts).
 */
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { labelKeys } from './label-keys';
import { LABEL_PATTERN } from '../annotation/document';

export interface CustomType {
  readonly name: string;
  /** "#rrggbb" */
  readonly colour: string;
  /** An upper-case letter (its KeyboardEvent.code is `Key<letter>`). */
  readonly key: string;
}

const STORAGE_KEY = 'korean-ner:custom-types';
/** Letters no annotation or page key uses (A accept, R reject, N/P next/previous document, Z/Y undo/redo). */
export const FREE_LETTERS: readonly string[] = [...'BCDEFGHIJKLMOQSTUVWX'];

type Stored = Readonly<Record<string, readonly CustomType[]>>;

/** Why this type cannot be added (in words), or null. `existing`: the tag set's types; `usedKeys`: letters taken. */
export function customTypeProblem(type: CustomType, existing: readonly string[], usedKeys: readonly string[]): string | null {
  if (!LABEL_PATTERN.test(type.name)) return `the name ${JSON.stringify(type.name)} must start with a letter and hold only letters, digits, "_" or "-" (at most 32)`;
  if (/^(O|B-.*|I-.*)$/u.test(type.name)) return `the name ${type.name} is reserved (O, B-X and I-X are tag names)`;
  if (existing.includes(type.name)) return `the type ${type.name} is already there`;
  if (!/^#[0-9a-f]{6}$/iu.test(type.colour)) return `the colour must be #rrggbb, got ${JSON.stringify(type.colour)}`;
  if (!FREE_LETTERS.includes(type.key)) return `the key must be one of ${FREE_LETTERS.join(' ')}, got ${JSON.stringify(type.key)}`;
  if (usedKeys.includes(type.key)) return `the key ${type.key} is taken`;
  return null;
}

function isCustomType(value: unknown): value is CustomType {
  const type = value as CustomType;
  return typeof type?.name === 'string' && typeof type.colour === 'string' && typeof type.key === 'string' && customTypeProblem(type, [], []) === null;
}

function read(): Stored {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([tagSet, list]) => [tagSet, Array.isArray(list) ? list.filter(isCustomType) : []]));
  } catch {
    return {};
  }
}

let snapshot: Stored | null = null;
const listeners = new Set<() => void>();

function current(): Stored {
  snapshot ??= read();
  return snapshot;
}

function write(next: Stored): void {
  snapshot = next;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // storage blocked: the types last as long as the page
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY) return;
    snapshot = read();
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

const NONE: readonly CustomType[] = [];

/** The types added to a tag set (null: none), and adding / removing one. */
export function useCustomTypes(tagSet: string | null) {
  const stored = useSyncExternalStore(subscribe, current);
  const types = tagSet === null ? NONE : (stored[tagSet] ?? NONE);
  return {
    types,
    add(type: CustomType) {
      if (tagSet === null) return;
      write({ ...current(), [tagSet]: [...(current()[tagSet] ?? []), type] });
    },
    remove(name: string) {
      if (tagSet === null) return;
      write({ ...current(), [tagSet]: (current()[tagSet] ?? []).filter((type) => type.name !== name) });
    },
  };
}

/** The tag set's types with the added ones after them (once each), and every type's key: digits for the model's, letters for the added. */
export function withCustomTypes(types: readonly string[], custom: readonly CustomType[], digitKeys: ReadonlyMap<string, string>): { types: string[]; keys: Map<string, string> } {
  const keys = new Map(digitKeys);
  const all = [...types];
  for (const type of custom) {
    if (!all.includes(type.name)) all.push(type.name);
    if (!keys.has(type.name)) keys.set(type.name, type.key);
  }
  return { types: all, keys };
}

/** The added types' colours, as a stylesheet the page adopts (CSSOM: the page's policy allows no inline <style>). */
export function applyCustomColours(custom: readonly CustomType[]): void {
  if (typeof document === 'undefined' || typeof CSSStyleSheet === 'undefined') return;
  const sheet = (applyCustomColours as { sheet?: CSSStyleSheet }).sheet ?? new CSSStyleSheet();
  if (!(applyCustomColours as { sheet?: CSSStyleSheet }).sheet) {
    (applyCustomColours as { sheet?: CSSStyleSheet }).sheet = sheet;
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  sheet.replaceSync(
    custom
      .map(({ name, colour }) => `[data-label="${CSS.escape(name)}"] { --fill-light: ${colour}; --edge-light: #333333; --fill-dark: ${colour}; --edge-dark: #dddddd; }`)
      .join('\n'),
  );
}

/** The page's types and keys: the model's tag set's types (digit keys) and those added to it (letter keys, colours applied). */
export function useTypesWithCustom(modelTypes: readonly string[], tagSet: string | null): { types: string[]; keys: Map<string, string> } {
  const { types: custom } = useCustomTypes(tagSet);
  useEffect(() => applyCustomColours(custom), [custom]);
  return useMemo(() => withCustomTypes(modelTypes, custom, labelKeys(modelTypes)), [modelTypes, custom]);
}
