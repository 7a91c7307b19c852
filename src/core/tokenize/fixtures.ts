/**
 * Small tokenizer.json objects built in code, for tests: the default bundle's syllable
 * WordLevel tokenizer (see docs/bundle-format.md) and a KoBERT-like SentencePiece Unigram
 * tokenizer with Metaspace pieces.
 */
import type { SpecialTokenNames } from './text-tokenizer';

export const BERT_SPECIAL_TOKENS: SpecialTokenNames = { cls: '[CLS]', sep: '[SEP]', pad: '[PAD]', unk: '[UNK]' };
const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

export const SYLLABLE_CHARACTERS = [...'김철수영희는서울에갔다한국삼성전자주식회사이가을를의年月日(),.!?0123456789abcfiAB'];

function addedTokens(ids: (token: string) => number) {
  return SPECIALS.map((content) => ({
    id: ids(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
  }));
}

function clsSepTemplate(clsId: number, sepId: number) {
  return {
    type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
    pair: [
      { SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
      { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } },
    ],
    special_tokens: {
      '[CLS]': { id: '[CLS]', ids: [clsId], tokens: ['[CLS]'] },
      '[SEP]': { id: '[SEP]', ids: [sepId], tokens: ['[SEP]'] },
    },
  };
}

/** [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4, " "=5, then the characters. */
export function syllableTokenizerJson(characters: readonly string[] = SYLLABLE_CHARACTERS) {
  const vocab: Record<string, number> = {};
  for (const token of [...SPECIALS, ' ', ...characters]) vocab[token] = Object.keys(vocab).length;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens((token) => vocab[token]),
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }] },
    pre_tokenizer: { type: 'Split', pattern: { Regex: '.' }, behavior: 'Isolated', invert: false },
    post_processor: clsSepTemplate(vocab['[CLS]'], vocab['[SEP]']),
    decoder: { type: 'Fuse' },
    model: { type: 'WordLevel', vocab, unk_token: '[UNK]' },
  };
}

export const BERT_TOKENIZER_CONFIG = {
  tokenizer_class: 'PreTrainedTokenizer',
  model_max_length: 512,
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  mask_token: '[MASK]',
  clean_up_tokenization_spaces: false,
};

/** KoBERT-like: [UNK]=0 [PAD]=1 [CLS]=2 [SEP]=3 [MASK]=4, then scored "▁" pieces. */
export function unigramMetaspaceTokenizerJson() {
  const pieces: [string, number][] = [
    ['▁', -2], ['▁김', -3], ['철수', -4], ['▁김철수', -5], ['는', -3], ['▁서울', -4], ['에', -3], ['▁갔다', -5],
    ['갔', -6], ['다', -4], ['.', -3], ['▁삼성', -4], ['전자', -4], ['(', -5], ['주', -5], [')', -5], ['▁(', -5],
    ['가', -5], ['▁가', -5], ['영', -6], ['희', -6], ['▁영희', -5], ['한', -6], ['국', -6], ['▁한국', -5],
  ];
  const vocab: [string, number][] = [['[UNK]', 0], ['[PAD]', 0], ['[CLS]', 0], ['[SEP]', 0], ['[MASK]', 0], ...pieces];
  const idOf = (token: string) => vocab.findIndex(([piece]) => piece === token);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens(idOf),
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }] },
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: false },
    post_processor: clsSepTemplate(idOf('[CLS]'), idOf('[SEP]')),
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: false },
    model: { type: 'Unigram', unk_id: 0, vocab, byte_fallback: false },
  };
}
