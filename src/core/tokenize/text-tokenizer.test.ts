import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Tokenizer } from '@huggingface/tokenizers';
import { createTextTokenizer } from './text-tokenizer';
import { BERT_SPECIAL_TOKENS, BERT_TOKENIZER_CONFIG, syllableTokenizerJson, unigramMetaspaceTokenizerJson } from './fixtures';
import { nfkcCollapseWhitespace } from '../text/normalized-text';

const syllable = createTextTokenizer(syllableTokenizerJson(), BERT_TOKENIZER_CONFIG, BERT_SPECIAL_TOKENS);
const unigram = createTextTokenizer(unigramMetaspaceTokenizerJson(), BERT_TOKENIZER_CONFIG, BERT_SPECIAL_TOKENS);

/** Each token with the original text its span covers. */
function tokenSources(tokenizer: typeof syllable, text: string) {
  const tokenized = tokenizer.tokenize(text);
  return tokenized.tokens.map((token, t) => [token, text.slice(tokenized.charStarts[t], tokenized.charEnds[t])]);
}

const unicodeText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.array(fc.constantFrom('김', '철수', '는 ', '서울', '㈜', 'ﬁ', '😀', '\ud83d', '  ', '\t\n', '\r\n', '\u200b', '\u0007',
    '한'.normalize('NFD'), 'ᆨ', '[CLS]', '[UNK]', '.', 'Ａ', '年', 'x', '▁', '##')).map((parts) => parts.join('')),
);

describe('the Split pre-tokenizer with Regex "."', () => {
  it('is compiled with the u flag, so an emoji is one piece and one [UNK] token', () => {
    const encoding = syllable.library.encode('a😀b', { add_special_tokens: false });
    expect(encoding.tokens).toEqual(['a', '😀', 'b']);
    expect(encoding.ids).toEqual([syllable.library.token_to_id('a'), 1, syllable.library.token_to_id('b')]);
  });

  it('gives an unknown code point its own text as the token string (the id is [UNK])', () => {
    expect(syllable.library.encode('★', { add_special_tokens: false }).tokens).toEqual(['★']);
  });

  it('gives undefined ids for unknown code points when tokenizer_config.json has no unk_token', () => {
    const withoutUnk = new Tokenizer(syllableTokenizerJson(), {});
    expect(withoutUnk.encode('★', { add_special_tokens: false }).ids).toEqual([undefined]);
    const tokenizer = createTextTokenizer(syllableTokenizerJson(), {}, BERT_SPECIAL_TOKENS);
    expect(() => tokenizer.tokenize('★')).toThrow(/expected an integer id for token "★", got undefined/);
  });
});

describe('createTextTokenizer', () => {
  it('gives exactly the library ids, [CLS] and [SEP] added, for any text (both tokenizers)', () => {
    fc.assert(fc.property(unicodeText, (text) => {
      for (const tokenizer of [syllable, unigram]) {
        const ours = [tokenizer.clsId, ...tokenizer.tokenize(text).ids, tokenizer.sepId];
        expect(ours).toEqual(tokenizer.library.encode(text).ids);
      }
    }), { numRuns: 300 });
  });

  it('maps syllable tokens to their characters, a whitespace run to one space token', () => {
    expect(tokenSources(syllable, '김 \t\n철수')).toEqual([['김', '김'], [' ', ' \t\n'], ['철', '철'], ['수', '수']]);
  });

  it('maps every token of an NFKC expansion to the original character', () => {
    expect(tokenSources(syllable, '㈜ﬁ')).toEqual([['(', '㈜'], ['주', '㈜'], [')', '㈜'], ['f', 'ﬁ'], ['i', 'ﬁ']]);
  });

  it('maps a syllable composed from NFD jamo to all its jamo', () => {
    const text = `${'한국'.normalize('NFD')}은`;
    expect(tokenSources(syllable, text)).toEqual([['한', '한'.normalize('NFD')], ['국', '국'.normalize('NFD')], ['은', '은']]);
  });

  it('keeps an emoji whole and zero-width and control characters as their own tokens', () => {
    expect(tokenSources(syllable, '김😀\u200b\u0007')).toEqual([['김', '김'], ['😀', '😀'], ['\u200b', '\u200b'], ['\u0007', '\u0007']]);
  });

  it('strips Metaspace markers: a piece covers its text without the space before it', () => {
    expect(tokenSources(unigram, '김철수는 서울에 갔다.')).toEqual([
      ['▁김철수', '김철수'], ['는', '는'], ['▁서울', '서울'], ['에', '에'], ['▁갔다', '갔다'], ['.', '.'],
    ]);
  });

  it('gives a lone "▁" the space it stands for, or nothing when it was prepended', () => {
    const tokenized = unigram.tokenize('  영희가');
    expect(tokenized.tokens).toEqual(['▁', '▁영희', '가']);
    expect([tokenized.charStarts[0], tokenized.charEnds[0]]).toEqual([0, 1]);
    expect([tokenized.charStarts[1], tokenized.charEnds[1]]).toEqual([2, 4]);
    const prepended = unigram.tokenize('😀');
    expect(prepended.tokens).toEqual(['▁', '😀']);
    expect([prepended.charStarts[0], prepended.charEnds[0]]).toEqual([0, 0]);
    expect([prepended.charStarts[1], prepended.charEnds[1]]).toEqual([0, 2]);
  });

  it('lets [UNK] tokens of WordPiece share the text between their neighbours', () => {
    const wordPiece = {
      ...syllableTokenizerJson(),
      pre_tokenizer: { type: 'Whitespace' },
      model: {
        type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100,
        vocab: { '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3, '[MASK]': 4, 김: 5, '##철수': 6, 서울: 7 },
      },
    };
    const tokenizer = createTextTokenizer(wordPiece, BERT_TOKENIZER_CONFIG, BERT_SPECIAL_TOKENS);
    expect(tokenSources(tokenizer, '김철수 ㅋㅋ 서울')).toEqual([['김', '김'], ['##철수', '철수'], ['[UNK]', 'ㅋㅋ'], ['서울', '서울']]);
  });

  it('gives monotone spans inside the text that never split a surrogate pair, for any text', () => {
    fc.assert(fc.property(unicodeText, (text) => {
      for (const tokenizer of [syllable, unigram]) {
        const { charStarts, charEnds, tokens } = tokenizer.tokenize(text);
        for (let t = 0; t < tokens.length; t++) {
          expect(0 <= charStarts[t] && charStarts[t] <= charEnds[t] && charEnds[t] <= text.length).toBe(true);
          if (t > 0) expect(charStarts[t]).toBeGreaterThanOrEqual(charStarts[t - 1]);
          expect(splitsSurrogatePair(text, charStarts[t]) || splitsSurrogatePair(text, charEnds[t])).toBe(false);
        }
      }
    }), { numRuns: 300 });
  });

  it('gives every known syllable token a span whose normalization contains it', () => {
    fc.assert(fc.property(unicodeText, (text) => {
      const tokenized = syllable.tokenize(text);
      tokenized.tokens.forEach((token, t) => {
        if (tokenized.ids[t] === 1 || token === ' ') return;
        expect(nfkcCollapseWhitespace(text.slice(tokenized.charStarts[t], tokenized.charEnds[t]))).toContain(token);
      });
    }), { numRuns: 300 });
  });

  it('names a special token missing from the vocabulary', () => {
    expect(() => createTextTokenizer(syllableTokenizerJson(), BERT_TOKENIZER_CONFIG, { ...BERT_SPECIAL_TOKENS, cls: '<s>' }))
      .toThrow('tokenizer.json: expected the cls token "<s>" in the vocabulary, got none');
  });
});

function splitsSurrogatePair(text: string, index: number) {
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}
