import { describe, expect, it } from 'vitest';
import { parseMaskSettings } from './mask-settings';

describe('parseMaskSettings', () => {
  it('reads a stored style and list of types', () => {
    const settings = parseMaskSettings('numbered', '["PER","PHONE"]');
    expect(settings.style).toBe('numbered');
    expect([...settings.types]).toEqual(['PER', 'PHONE']);
  });

  it('falls back to tags and the default types when nothing or something broken is stored', () => {
    for (const [style, types] of [[null, null], ['blur', '{not json'], ['tag', '[1, 2]']] as const) {
      const settings = parseMaskSettings(style, types);
      expect(settings.style).toBe('tag');
      expect([...settings.types]).toEqual(['PER', 'LOC', 'ORG', 'PS', 'LC', 'OG', 'RRN', 'FRN', 'CARD', 'PHONE', 'ACCOUNT', 'PASSPORT', 'PLATE', 'EMAIL', 'URL', 'IP']);
    }
  });

  it('masks each KLUE-NER type whose KMOU counterpart a list stored before KLUE-NER masks, and takes a newer list as it is', () => {
    expect([...parseMaskSettings('tag', '["PER","DAT","PHONE"]', null).types]).toEqual(['PER', 'DAT', 'PHONE', 'PS', 'DT']);
    expect([...parseMaskSettings('tag', '["PER","DAT","PHONE"]', '2').types]).toEqual(['PER', 'DAT', 'PHONE']);
  });

  it('keeps an empty choice (nothing masked) as empty', () => {
    expect(parseMaskSettings('star', '[]').types.size).toBe(0);
  });
});
