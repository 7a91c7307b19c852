/**
 * The tokenizer of a model bundle: token ids exactly as @huggingface/tokenizers (the
 * tokenizer of transformers.js) gives them, plus each token's span in the ORIGINAL text.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { normalizeWithOffsets, identityNormalize, type Normalize } from '../text/normalized-text';
import { alignTokens, type TokenMarkers } from './align-tokens';

export interface SpecialTokenNames {
  readonly cls: string;
  readonly sep: string;
  readonly pad: string;
  readonly unk: string;
}

/** The content tokens of a text (no [CLS]/[SEP]), with their original spans. */
export interface TokenizedText {
  /** shape: (numTokens,) */
  readonly ids: Int32Array;
  readonly tokens: readonly string[];
  /** shape: (numTokens,): original UTF-16 span [charStarts[t], charEnds[t]); may be empty. */
  readonly charStarts: Int32Array;
  readonly charEnds: Int32Array;
  /** False when offsets had to fall back to coarse (whole-text) spans. */
  readonly exactOffsets: boolean;
}

export interface TextTokenizer {
  tokenize(text: string): TokenizedText;
  readonly clsId: number;
  readonly sepId: number;
  readonly padId: number;
  /** The wrapped library tokenizer, for comparisons in tests. */
  readonly library: Tokenizer;
}

type JsonObject = Record<string, unknown>;

export function createTextTokenizer(
  tokenizerJson: unknown,
  tokenizerConfig: unknown,
  specialTokens: SpecialTokenNames,
): TextTokenizer {
  if (!isObject(tokenizerJson)) throw new Error(`tokenizer.json: expected an object, got ${describe(tokenizerJson)}`);
  if (!isObject(tokenizerConfig)) throw new Error(`tokenizer_config.json: expected an object, got ${describe(tokenizerConfig)}`);
  const library = new Tokenizer(tokenizerJson, tokenizerConfig);
  const idOf = (name: keyof SpecialTokenNames) => {
    const token = specialTokens[name];
    const id = library.token_to_id(token);
    if (id === undefined) throw new Error(`tokenizer.json: expected the ${name} token "${token}" in the vocabulary, got none`);
    return id;
  };
  const clsId = idOf('cls');
  const sepId = idOf('sep');
  const padId = idOf('pad');
  const normalize: Normalize = library.normalizer ? (text) => library.normalizer!(text) : identityNormalize;
  const markers = tokenMarkers(tokenizerJson);

  function tokenize(text: string): TokenizedText {
    if (text.length === 0) return emptyTokenizedText();
    const encoding = library.encode(text, { add_special_tokens: false });
    const ids = new Int32Array(encoding.ids.length);
    encoding.ids.forEach((id, tokenIndex) => {
      if (!Number.isInteger(id)) {
        throw new Error(
          `tokenizer: expected an integer id for token ${JSON.stringify(encoding.tokens[tokenIndex])}, got ${String(id)}` +
            ' (an unknown token without an unk_token in tokenizer_config.json?)',
        );
      }
      ids[tokenIndex] = id;
    });
    const normalizedText = normalizeWithOffsets(text, normalize);
    const spans = alignTokens(normalizedText, encoding.tokens, markers);
    return { ids, tokens: encoding.tokens, ...spans, exactOffsets: normalizedText.exact };
  }

  return { tokenize, clsId, sepId, padId, library };
}

/** Reads the markers token strings carry from the tokenizer.json model and pre-tokenizer. */
export function tokenMarkers(tokenizerJson: JsonObject): TokenMarkers {
  const model = isObject(tokenizerJson.model) ? tokenizerJson.model : {};
  const prefix = model.type === 'WordPiece' || model.type === undefined ? model.continuing_subword_prefix : undefined;
  return {
    continuingSubwordPrefix: typeof prefix === 'string' && prefix.length > 0 ? prefix : null,
    metaspace: findMetaspace(tokenizerJson.pre_tokenizer),
  };
}

function findMetaspace(preTokenizer: unknown): string | null {
  if (!isObject(preTokenizer)) return null;
  if (preTokenizer.type === 'Metaspace') return typeof preTokenizer.replacement === 'string' ? preTokenizer.replacement : '\u2581';
  if (preTokenizer.type === 'Sequence' && Array.isArray(preTokenizer.pretokenizers)) {
    for (const inner of preTokenizer.pretokenizers) {
      const found = findMetaspace(inner);
      if (found) return found;
    }
  }
  return null;
}

function emptyTokenizedText(): TokenizedText {
  return { ids: new Int32Array(0), tokens: [], charStarts: new Int32Array(0), charEnds: new Int32Array(0), exactOffsets: true };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
