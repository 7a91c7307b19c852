import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CUT_NONE, CUT_SENTENCE, CUT_SPACE, cutQualities, mergeWindowTags, planWindows, type WindowTags } from './windows';

const LABELS = ['O', 'B-PER', 'I-PER'];

describe('planWindows', () => {
  it('covers every token with windows no longer than the maximum, overlapping unless cut at a sentence end', () => {
    const plans = fc.record({
      numTokens: fc.integer({ min: 0, max: 400 }),
      maxContentTokens: fc.integer({ min: 2, max: 60 }),
      seed: fc.array(fc.constantFrom(CUT_NONE, CUT_SPACE, CUT_SENTENCE), { minLength: 401, maxLength: 401 }),
    });
    fc.assert(fc.property(plans, ({ numTokens, maxContentTokens, seed }) => {
      const qualities = Uint8Array.from(seed.slice(0, numTokens + 1));
      const windows = planWindows(numTokens, maxContentTokens, qualities);
      if (numTokens === 0) {
        expect(windows).toEqual([]);
        return;
      }
      expect(windows[0].tokenStart).toBe(0);
      expect(windows.at(-1)!.tokenEnd).toBe(numTokens);
      windows.forEach((window, index) => {
        expect(window.tokenEnd - window.tokenStart).toBeGreaterThan(0);
        expect(window.tokenEnd - window.tokenStart).toBeLessThanOrEqual(maxContentTokens);
        if (index > 0) {
          const previous = windows[index - 1];
          expect(window.tokenStart).toBeGreaterThan(previous.tokenStart);
          if (qualities[previous.tokenEnd] === CUT_SENTENCE) expect(window.tokenStart).toBe(previous.tokenEnd);
          else expect(window.tokenStart).toBeLessThan(previous.tokenEnd);
        }
      });
    }), { numRuns: 300 });
  });

  it('cuts at a sentence end rather than at a space, and at a space rather than inside a word', () => {
    const qualities = new Uint8Array(41);
    qualities[0] = qualities[40] = CUT_SENTENCE;
    qualities[17] = CUT_SENTENCE;
    qualities[19] = CUT_SPACE;
    expect(planWindows(40, 20, qualities)[0]).toEqual({ tokenStart: 0, tokenEnd: 17 });
    qualities[17] = CUT_NONE;
    expect(planWindows(40, 20, qualities)[0]).toEqual({ tokenStart: 0, tokenEnd: 19 });
  });

  it('spends little model work on overlap and padding: windows of about equal length', () => {
    for (const numTokens of [600, 1000, 5000, 100_000]) {
      const windows = planWindows(numTokens, 510, new Uint8Array(numTokens + 1));
      const lengths = windows.map((window) => window.tokenEnd - window.tokenStart);
      const total = lengths.reduce((sum, length) => sum + length, 0);
      // a batch pads every window to its longest one
      const padded = Math.max(...lengths) * windows.length;
      expect(total / numTokens, `${numTokens} tokens`).toBeLessThan(1.2);
      expect(padded / numTokens, `${numTokens} tokens`).toBeLessThan(1.25);
    }
  });

  it('starts the next window at a sentence end, with no overlap, and keeps the rest about equal', () => {
    // 300 tokens, windows of 126: sentence ends every 50 tokens
    const qualities = new Uint8Array(301);
    for (let position = 0; position <= 300; position += 50) qualities[position] = CUT_SENTENCE;
    const windows = planWindows(300, 126, qualities);
    expect(windows).toEqual([{ tokenStart: 0, tokenEnd: 100 }, { tokenStart: 100, tokenEnd: 200 }, { tokenStart: 200, tokenEnd: 300 }]);
  });

  it('cuts inside a sentence only when that one sentence is longer than a window', () => {
    const plans = fc.record({
      numTokens: fc.integer({ min: 1, max: 400 }),
      maxContentTokens: fc.integer({ min: 2, max: 60 }),
      seed: fc.array(fc.constantFrom(CUT_NONE, CUT_NONE, CUT_SPACE, CUT_SENTENCE), { minLength: 401, maxLength: 401 }),
    });
    fc.assert(fc.property(plans, ({ numTokens, maxContentTokens, seed }) => {
      const qualities = Uint8Array.from(seed.slice(0, numTokens + 1));
      for (const window of planWindows(numTokens, maxContentTokens, qualities).slice(0, -1)) {
        if (qualities[window.tokenEnd] === CUT_SENTENCE) continue;
        // the sentence around this cut: from the sentence end before it to the one after it
        let before = window.tokenEnd;
        while (before > 0 && qualities[before] !== CUT_SENTENCE) before--;
        let after = window.tokenEnd;
        while (after < numTokens && qualities[after] !== CUT_SENTENCE) after++;
        expect(after - before).toBeGreaterThan(maxContentTokens);
      }
    }), { numRuns: 300 });
  });

  it('packs whole sentences where an even split would cut one: no overlap, fewer positions', () => {
    // a group of four sentences (55, 80, 50 and 37 tokens) in windows of 126: an even split (two
    // windows of about 123, as planned before) falls inside the second sentence and computes its
    // 15 overlapping tokens twice
    const qualities = new Uint8Array(223);
    for (const end of [0, 55, 135, 185, 222]) qualities[end] = CUT_SENTENCE;
    const windows = planWindows(222, 126, qualities);
    expect(windows).toEqual([{ tokenStart: 0, tokenEnd: 55 }, { tokenStart: 55, tokenEnd: 135 }, { tokenStart: 135, tokenEnd: 222 }]);
  });

  it('keeps a text that fits in one window whole', () => {
    expect(planWindows(10, 10, new Uint8Array(11))).toEqual([{ tokenStart: 0, tokenEnd: 10 }]);
  });

  it('says what it expected for a window too small to hold tokens', () => {
    expect(() => planWindows(10, 1, new Uint8Array(11))).toThrow('expected at least 2 content tokens per window, got 1');
  });
});

describe('cutQualities', () => {
  it('rates sentence ends, newlines and spaces between tokens', () => {
    const text = '가다. 나\n다 라';
    // tokens 가 다 . 나 다 라 (the space and newline are between tokens)
    const qualities = cutQualities(text, Int32Array.of(0, 1, 2, 4, 6, 8), Int32Array.of(1, 2, 3, 5, 7, 9));
    expect(Array.from(qualities)).toEqual([CUT_SENTENCE, CUT_NONE, CUT_NONE, CUT_SENTENCE, CUT_SENTENCE, CUT_SPACE, CUT_SENTENCE]);
  });

  it('rates a cut next to a space token as a space', () => {
    const qualities = cutQualities('가 나', Int32Array.of(0, 1, 2), Int32Array.of(1, 2, 3));
    expect(Array.from(qualities)).toEqual([CUT_SENTENCE, CUT_SPACE, CUT_SPACE, CUT_SENTENCE]);
  });
});

function windowTags(tokenStart: number, labels: string[]): WindowTags {
  return {
    window: { tokenStart, tokenEnd: tokenStart + labels.length },
    tags: Int32Array.from(labels, (label) => LABELS.indexOf(label)),
    tagProbabilities: Float32Array.from(labels, (_, index) => tokenStart + index / 100),
  };
}

/** Entities as [firstToken, lastToken] from merged tags. */
function entityTokenRanges(tags: Int32Array) {
  const ranges: [number, number][] = [];
  tags.forEach((tag, tokenIndex) => {
    if (LABELS[tag] === 'B-PER') ranges.push([tokenIndex, tokenIndex]);
    if (LABELS[tag] === 'I-PER') ranges.at(-1)![1] = tokenIndex;
  });
  return ranges;
}

describe('mergeWindowTags', () => {
  it('takes each token from the window where it lies furthest from an edge', () => {
    const left = windowTags(0, ['O', 'O', 'O', 'O', 'O', 'O', 'O', 'O']);
    const right = windowTags(4, ['O', 'O', 'O', 'O', 'O', 'O', 'O', 'O']);
    const { tagProbabilities } = mergeWindowTags(12, LABELS, [left, right]);
    // overlap is tokens 4..7, its middle 6: tokens 0..5 from the left window, 6.. from the right
    expect(Array.from(tagProbabilities, (p) => Math.floor(p))).toEqual([0, 0, 0, 0, 0, 0, 4, 4, 4, 4, 4, 4]);
  });

  it('moves the seam so that an entity across it comes whole from one window, never doubled', () => {
    // both windows see an entity over tokens 5..7 but with different extents
    const left = windowTags(0, ['O', 'O', 'O', 'O', 'O', 'B-PER', 'I-PER', 'I-PER']);
    const right = windowTags(4, ['O', 'O', 'B-PER', 'I-PER', 'O', 'O', 'O', 'O']);
    const { tags } = mergeWindowTags(12, LABELS, [left, right]);
    expect(entityTokenRanges(tags)).toHaveLength(1);
  });

  it('keeps an entity that only one window sees near its own edge', () => {
    const left = windowTags(0, ['O', 'O', 'O', 'O', 'O', 'O', 'B-PER', 'I-PER']);
    const right = windowTags(4, ['O', 'O', 'B-PER', 'I-PER', 'O', 'O', 'O', 'O']);
    const { tags } = mergeWindowTags(12, LABELS, [left, right]);
    expect(entityTokenRanges(tags)).toEqual([[6, 7]]);
  });

  it('says so when windows leave a gap', () => {
    expect(() => mergeWindowTags(6, LABELS, [windowTags(0, ['O', 'O']), windowTags(3, ['O', 'O', 'O'])]))
      .toThrow('expected overlapping windows, got a gap from 2 to 3');
  });
});
