import { describe, expect, it } from 'vitest';
import { translate } from './i18n';

describe('the interface languages', () => {
  it('gives each message in English and Korean', () => {
    expect(translate('en', 'accept')).toBe('Accept');
    expect(translate('ko', 'accept')).toBe('수락');
    expect(translate('ko', 'newDocument')).toBe('새 문서');
  });
});
