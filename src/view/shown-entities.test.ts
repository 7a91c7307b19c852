import { describe, expect, it } from 'vitest';
import { findIdentifiers } from '../core/identifiers/identifiers';
import { type ViewEntity, withIdentifiers } from './shown-entities';

const TEXT = '김민수 고객의 번호는 010-1234-5678입니다.';

function entity(surface: string, label: string, source: 'model' | 'human', historyIndex: number): ViewEntity {
  const start = TEXT.indexOf(surface);
  return { start, end: start + surface.length, label, text: surface, score: 0.9, source, status: source === 'model' ? 'pending' : undefined, historyIndex };
}

describe('withIdentifiers', () => {
  it('shows a phone number found by the rules in place of the model entity inside it', () => {
    const shown = withIdentifiers([entity('김민수', 'PER', 'model', 0), entity('1234', 'NOH', 'model', 1)], findIdentifiers(TEXT));
    expect(shown.map((e) => [e.label, e.text, e.source, e.historyIndex])).toEqual([
      ['PER', '김민수', 'model', 0],
      ['PHONE', '010-1234-5678', 'rule', null],
    ]);
  });

  it("keeps a person's entity over an identifier", () => {
    const shown = withIdentifiers([entity('010-1234', 'POH', 'human', 0)], findIdentifiers(TEXT));
    expect(shown.map((e) => [e.label, e.source])).toEqual([['POH', 'human']]);
  });
});
