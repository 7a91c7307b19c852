import { describe, expect, it } from 'vitest';
import { type Message, formatMessage } from '../view/messages';
import { MAX_EDITOR_CHARS, pasteProblem } from './paste-limit';

const english = (problem: Message | null) => (problem ? formatMessage('en', problem) : problem);

describe('pasteProblem', () => {
  it('refuses a 1,000,000-character paste, naming both lengths', () => {
    expect(english(pasteProblem('', 0, 0, '가'.repeat(1_000_000)))).toMatch(/^Not pasted: the text would have 1,000,000 characters; the editor takes up to 200,000\./);
  });

  it('counts the selection the paste replaces', () => {
    const text = '가'.repeat(MAX_EDITOR_CHARS);
    expect(pasteProblem(text, 0, 10, '나'.repeat(10))).toBeNull();
    expect(english(pasteProblem(text, 0, 10, '나'.repeat(11)))).toMatch(/200,001 characters/);
  });
});
