import { describe, expect, it } from 'vitest';
import { VIEWS, viewForKey, viewHref, viewOfSearch } from './views';

describe('views in the address', () => {
  it('reads each view, Analyse when none is named', () => {
    for (const view of VIEWS) expect(viewOfSearch(`?model=default&view=${view}`)).toEqual({ view, unknown: null });
    expect(viewOfSearch('')).toEqual({ view: 'analyse', unknown: null });
    expect(viewOfSearch('?view=')).toEqual({ view: 'analyse', unknown: null });
    expect(viewOfSearch('?view=Annotate').view).toBe('annotate');
  });
  it('opens Analyse for an unknown view and names it', () => {
    expect(viewOfSearch('?view=settings')).toEqual({ view: 'analyse', unknown: 'settings' });
    expect(viewOfSearch('?view=%3Cscript%3E')).toEqual({ view: 'analyse', unknown: '<script>' });
  });
  it('writes the view and keeps the other parameters', () => {
    expect(viewHref('http://x/app/?model=tiny-random&backend=wasm#t', 'documents')).toBe('/app/?model=tiny-random&backend=wasm&view=documents#t');
    expect(viewHref('http://x/?view=models', 'annotate')).toBe('/?view=annotate');
  });
  it('maps G then 1-4 to the views in order, nothing else', () => {
    expect(['Digit1', 'Digit2', 'Digit3', 'Digit4'].map(viewForKey)).toEqual([...VIEWS]);
    expect(viewForKey('Numpad2')).toBe('annotate');
    expect(viewForKey('Digit5')).toBeNull();
    expect(viewForKey('KeyA')).toBeNull();
  });
});
