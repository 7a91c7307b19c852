import { describe, expect, it } from 'vitest';
import { checkModelUrl } from './model-url';

const PAGE = 'https://ner.example/app/index.html';

describe('checkModelUrl', () => {
  it('accepts paths and full URLs on the page\'s own site', () => {
    const accepted = (text: string) => {
      const check = checkModelUrl(text, PAGE);
      return check.ok ? check.url.href : check.message;
    };
    expect(accepted('/models/my-model/')).toBe('https://ner.example/models/my-model/');
    expect(accepted('models/my-model.zip')).toBe('https://ner.example/app/models/my-model.zip');
    expect(accepted('  https://ner.example/models/x/config.json ')).toBe('https://ner.example/models/x/config.json');
  });

  it('refuses another site before any fetch, saying why and what to do instead, without blaming its server', () => {
    for (const other of ['https://models.example/my-model/', 'http://ner.example/models/x/', 'https://ner.example:8443/models/x/', '//cdn.example/x.zip']) {
      const check = checkModelUrl(other, PAGE);
      expect(check.ok, other).toBe(false);
      const message = check.ok ? '' : check.message;
      expect(message).toContain(`${new URL(other, PAGE).href} is on another site.`);
      expect(message).toContain('only from its own site (https://ner.example)');
      expect(message).toContain('“Files or .zip…”');
      expect(message).not.toMatch(/CORS|Access-Control/i);
    }
  });

  it('refuses what is not an http(s) address', () => {
    expect(checkModelUrl('data:application/zip;base64,UEsF', PAGE)).toEqual({ ok: false, message: 'expected a path on this site or an http(s) URL of it, got a data: URL' });
    expect(checkModelUrl('http://[not a host/', PAGE)).toEqual({ ok: false, message: '"http://[not a host/" is not a URL or a path on this site' });
  });
});
