/**
 * The user's masking choices (style, and which types are masked), kept in localStorage so
 * they hold on the next visit. Stored as `korean-ner:mask-style` ("tag", ...) and
 * `korean-ner:masked-types` (a JSON array of labels); anything unreadable falls back to the
 * defaults: tag style; people, places, organisations and every identifier. A list stored before the
 * KLUE-NER tag set existed (no `korean-ner:masked-types-version` "2") gets each KLUE type masked when
 * its KMOU counterpart is (PS with PER, LC with LOC, ...), so switching tag set unmasks nobody.
 */
import { useCallback, useState } from 'react';
import { MASK_STYLES, type MaskStyle } from '../core/redact/mask';
import { DEFAULT_MASKED_TYPES, withKlueTypesFollowing } from '../core/redact/redact';

const STYLE_KEY = 'korean-ner:mask-style';
const TYPES_KEY = 'korean-ner:masked-types';
const TYPES_VERSION_KEY = 'korean-ner:masked-types-version';
/** Lists written with this version already hold the KLUE-NER types the user chose. */
const TYPES_VERSION = '2';

export interface MaskSettings {
  readonly style: MaskStyle;
  readonly types: ReadonlySet<string>;
}

export function parseMaskSettings(style: string | null, types: string | null, typesVersion: string | null = TYPES_VERSION): MaskSettings {
  const parsedStyle = (MASK_STYLES as readonly (string | null)[]).includes(style) ? (style as MaskStyle) : 'tag';
  let parsedTypes: ReadonlySet<string> = new Set(DEFAULT_MASKED_TYPES);
  try {
    const value: unknown = types === null ? null : JSON.parse(types);
    if (Array.isArray(value) && value.every((label) => typeof label === 'string')) {
      parsedTypes = typesVersion === TYPES_VERSION ? new Set(value) : withKlueTypesFollowing(value);
    }
  } catch {
    // A broken stored value: the defaults.
  }
  return { style: parsedStyle, types: parsedTypes };
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage blocked or full: the choice lasts as long as the page.
  }
}

export function useMaskSettings() {
  const [settings, setSettings] = useState(() => parseMaskSettings(read(STYLE_KEY), read(TYPES_KEY), read(TYPES_VERSION_KEY)));
  const setStyle = useCallback((style: MaskStyle) => {
    write(STYLE_KEY, style);
    setSettings((previous) => ({ ...previous, style }));
  }, []);
  const setTypeMasked = useCallback((label: string, masked: boolean) => {
    setSettings((previous) => {
      const types = new Set(previous.types);
      if (masked) types.add(label);
      else types.delete(label);
      write(TYPES_KEY, JSON.stringify([...types]));
      write(TYPES_VERSION_KEY, TYPES_VERSION);
      return { ...previous, types };
    });
  }, []);
  return { settings, setStyle, setTypeMasked };
}

export type MaskSettingsApi = ReturnType<typeof useMaskSettings>;
