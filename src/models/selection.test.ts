import { describe, expect, it } from 'vitest';
import { rememberModel, withRememberedModel } from './selection';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('the remembered model', () => {
  it('fills in a query string that names no model', () => {
    const storage = memoryStorage();
    rememberModel('installed:kobert-crf', storage);
    expect(new URLSearchParams(withRememberedModel('?backend=wasm', storage)).get('model')).toBe('installed:kobert-crf');
    expect(new URLSearchParams(withRememberedModel('?backend=wasm', storage)).get('backend')).toBe('wasm');
  });

  it('gives way to a model named in the address', () => {
    const storage = memoryStorage();
    rememberModel('installed:kobert-crf', storage);
    expect(withRememberedModel('?model=tiny-random', storage)).toBe('?model=tiny-random');
  });

  it('leaves the query string alone when nothing is remembered or storage throws', () => {
    expect(withRememberedModel('?x=1', memoryStorage())).toBe('?x=1');
    const broken = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(withRememberedModel('', broken)).toBe('');
    expect(() => rememberModel('default', broken)).not.toThrow();
  });
});
