import { describe, expect, it } from 'vitest';
import { LANGUAGES, MESSAGES, translate } from './i18n';

const HANGUL = /[\uac00-\ud7a3]/;

describe('the interface languages', () => {
  it('gives each message in English and Korean', () => {
    expect(translate('en', 'accept')).toBe('Accept');
    expect(translate('ko', 'accept')).toBe('수락');
    expect(translate('ko', 'newDocument')).toBe('새 문서');
  });

  it('has every word in both languages, the Korean in Korean', () => {
    for (const [key, words] of Object.entries(MESSAGES)) {
      expect(Object.keys(words).sort(), key).toEqual([...LANGUAGES].sort());
      expect(words.en.trim(), key).not.toBe('');
      expect(words.ko, key).toMatch(HANGUL);
    }
  });
});
