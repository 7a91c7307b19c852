import { describe, expect, it } from 'vitest';
import { MAX_EDITOR_CHARS, pasteProblem } from './paste-limit';

describe('pasteProblem', () => {
  it('refuses a 1,000,000-character paste, naming both lengths', () => {
    expect(pasteProblem('', 0, 0, '가'.repeat(1_000_000))).toMatch(/^Not pasted: the text would have 1,000,000 characters; the editor takes up to 200,000\./);
  });

  it('counts the selection the paste replaces', () => {
    const text = '가'.repeat(MAX_EDITOR_CHARS);
    expect(pasteProblem(text, 0, 10, '나'.repeat(10))).toBeNull();
    expect(pasteProblem(text, 0, 10, '나'.repeat(11))).toMatch(/200,001 characters/);
  });
});
