import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import koreanMetadata from './phone-metadata-kr.json' with { type: 'json' };

describe('the bundled phone metadata', () => {
  it("is Korea's part of the installed libphonenumber-js's full metadata (else run scripts/phone-metadata-kr.mjs)", () => {
    const full = createRequire(import.meta.url)('libphonenumber-js/metadata.max.json');
    expect(koreanMetadata.version).toBe(full.version);
    expect(koreanMetadata.country_calling_codes).toEqual({ 82: ['KR'] });
    expect(koreanMetadata.countries.KR).toEqual(full.countries.KR);
  });
});
