/**
 * The user's masking choices (style, and which types are masked), kept in localStorage so
 * they hold on the next visit. Stored as `korean-ner:mask-style` ("tag", ...) and
 * `korean-ner:masked-types` (a JSON array of labels); anything unreadable falls back to the
 * defaults: tag style; people, places, organisations and every identifier.
 */
import { useCallback, useState } from 'react';
import { MASK_STYLES, type MaskStyle } from '../core/redact/mask';
import { DEFAULT_MASKED_TYPES } from '../core/redact/redact';

const STYLE_KEY = 'korean-ner:mask-style';
const TYPES_KEY = 'korean-ner:masked-types';

export interface MaskSettings {
  readonly style: MaskStyle;
  readonly types: ReadonlySet<string>;
}

export function parseMaskSettings(style: string | null, types: string | null): MaskSettings {
  const parsedStyle = (MASK_STYLES as readonly (string | null)[]).includes(style) ? (style as MaskStyle) : 'tag';
  let parsedTypes: ReadonlySet<string> = new Set(DEFAULT_MASKED_TYPES);
  try {
    const value: unknown = types === null ? null : JSON.parse(types);
    if (Array.isArray(value) && value.every((label) => typeof label === 'string')) parsedTypes = new Set(value);
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
  const [settings, setSettings] = useState(() => parseMaskSettings(read(STYLE_KEY), read(TYPES_KEY)));
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
      return { ...previous, types };
    });
  }, []);
  return { settings, setStyle, setTypeMasked };
}

export type MaskSettingsApi = ReturnType<typeof useMaskSettings>;
