import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AnalysisStopped, createPipeline, type CharRange, type EmissionBatch, type Entity, type RunEmissions } from './pipeline';
import { configJson, KMOU_LABELS, zeroCrfJson } from './bundle/fixtures';
import { BERT_TOKENIZER_CONFIG, syllableTokenizerJson } from './tokenize/fixtures';

const tokenizerJson = syllableTokenizerJson();
const vocab = tokenizerJson.model.vocab;

/** Characters the fake model tags, by label. */
const FAKE_TAGS: Record<string, string> = { 김: 'B-PER', 철: 'I-PER', 수: 'I-PER', 서: 'B-LOC', 울: 'I-LOC', 삼: 'B-ORG', 성: 'I-ORG' };
const tagOfId = new Map(Object.entries(FAKE_TAGS).map(([character, label]) => [vocab[character], KMOU_LABELS.indexOf(label)]));

/**
 * A local emission model: each token's scores depend on its id alone (strongly its tag
 * from FAKE_TAGS, else O), except that, like a real encoder short of context, it is wrong
 * next to a window edge: the token after [CLS] and the one before [SEP] get B-DAT. Tokens
 * at the text's own edges are wrong in every run; tokens at an inner window edge must
 * never be used. Except at a sentence end, where windows are cut without overlap: like a
 * model trained on texts that start and end with sentences, it is right on a final "." before
 * [SEP] and on a space after [CLS].
 */
function fakeModel(calls: EmissionBatch[] = []): RunEmissions {
  return async (batch) => {
    calls.push(batch);
    const numTags = KMOU_LABELS.length;
    const logits = new Float32Array(batch.batchSize * batch.seqLen * numTags);
    for (let row = 0; row < batch.batchSize; row++) {
      const rowStart = row * batch.seqLen;
      let length = 0;
      while (length < batch.seqLen && batch.attentionMask[rowStart + length] === 1n) length++;
      for (let offset = 0; offset < batch.seqLen; offset++) {
        const position = rowStart + offset;
        const id = Number(batch.inputIds[position]);
        const nearEdge = (offset === 1 && id !== vocab[' ']) || (offset === length - 2 && id !== vocab['.']);
        const tag = nearEdge ? KMOU_LABELS.indexOf('B-DAT') : (tagOfId.get(id) ?? 0);
        logits[position * numTags + tag] = 5;
      }
    }
    return logits;
  };
}

function pipeline({ maxSeqLength = 512, runEmissions = fakeModel(), maxBatchSize = 8 } = {}) {
  return createPipeline({
    config: configJson({ maxSeqLength }),
    crf: zeroCrfJson(),
    tokenizerJson,
    tokenizerConfig: BERT_TOKENIZER_CONFIG,
    runEmissions,
    maxBatchSize,
  });
}

/** Rows of a call that hold the token of `character`. */
const rowsHolding = (batch: EmissionBatch, character: string) =>
  Array.from({ length: batch.batchSize }, (_, row) => batch.inputIds.subarray(row * batch.seqLen, (row + 1) * batch.seqLen)).filter((ids) => ids.includes(BigInt(vocab[character])))
    .length;
const windowsOf = (calls: readonly EmissionBatch[]) => calls.reduce((sum, batch) => sum + batch.batchSize, 0);

const spans = (entities: Entity[]) => entities.map(({ start, end, label, text }) => ({ start, end, label, text }));

describe('createPipeline', () => {
  it('finds entities at their offsets in the original text', async () => {
    const text = '김철수는  서울에 갔다.';
    const { entities, stats } = await pipeline().analyze(`에${text}에`);
    expect(spans(entities).slice(1, -1).map((entity) => ({ ...entity, start: entity.start - 1, end: entity.end - 1 }))).toEqual([
      { start: 0, end: 3, label: 'PER', text: '김철수' },
      { start: 6, end: 8, label: 'LOC', text: '서울' },
    ]);
    expect(stats).toMatchObject({ tokens: 14, windows: 1 });
    entities.forEach((entity) => expect(entity.score).toBeGreaterThan(0.9));
  });

  it('reports offsets in the original text under NFD Hangul, emoji and NFKC expansions', async () => {
    const text = `😀${'김철수'.normalize('NFD')} ㈜삼성 가`;
    const { entities } = await pipeline().analyze(text);
    expect(spans(entities)).toEqual([
      { start: 0, end: 2, label: 'DAT', text: '😀' },
      { start: 2, end: 10, label: 'PER', text: '김철수'.normalize('NFD') },
      { start: 12, end: 14, label: 'ORG', text: '삼성' },
      { start: 15, end: 16, label: 'DAT', text: '가' },
    ]);
  });

  it('returns no entities for an empty text, without calling the model', async () => {
    const calls: EmissionBatch[] = [];
    const result = await pipeline({ runEmissions: fakeModel(calls) }).analyze('');
    expect(result.entities).toEqual([]);
    expect(calls).toHaveLength(0);
  });

  it('sends [CLS] tokens [SEP] then padding, the windows of a group batched into one call', async () => {
    const calls: EmissionBatch[] = [];
    // one sentence, so one group (groups are analysed apart: windows/text-groups.ts)
    const text = '김철수는 서울에 갔고 '.repeat(6);
    const { stats } = await pipeline({ maxSeqLength: 24, runEmissions: fakeModel(calls) }).analyze(text);
    expect(stats.windows).toBeGreaterThan(1);
    expect(calls).toHaveLength(1);
    const [batch] = calls;
    expect(batch.batchSize).toBe(stats.windows);
    expect(batch.seqLen).toBeLessThanOrEqual(24);
    for (let row = 0; row < batch.batchSize; row++) {
      const ids = Array.from(batch.inputIds.subarray(row * batch.seqLen, (row + 1) * batch.seqLen), Number);
      const mask = Array.from(batch.attentionMask.subarray(row * batch.seqLen, (row + 1) * batch.seqLen), Number);
      const length = mask.filter((bit) => bit === 1).length;
      expect(ids[0]).toBe(vocab['[CLS]']);
      expect(ids[length - 1]).toBe(vocab['[SEP]']);
      expect(ids.slice(length).every((id) => id === vocab['[PAD]'])).toBe(true);
      expect(mask.slice(length).every((bit) => bit === 0)).toBe(true);
    }
    expect(batch.tokenTypeIds).toBeNull();
  });

  it('splits the windows of a long text over calls of at most maxBatchSize', async () => {
    const calls: EmissionBatch[] = [];
    await pipeline({ maxSeqLength: 16, maxBatchSize: 2, runEmissions: fakeModel(calls) }).analyze('김철수는 서울에 갔다. '.repeat(10));
    expect(calls.length).toBeGreaterThan(1);
    expect(Math.max(...calls.map((batch) => batch.batchSize))).toBe(2);
  });

  it('finds the same entities whatever the window size (no entity lost or doubled at a seam)', async () => {
    // few spaces, so that windows must often be cut inside words
    const words = fc.constantFrom('김철수', '서울', '㈜삼성', '는', '에', '이', '가', '갔다', '😀', ' ', '. ', '\n');
    const whole = pipeline();
    await fc.assert(fc.asyncProperty(fc.array(words, { minLength: 1, maxLength: 80 }), fc.integer({ min: 12, max: 40 }), async (parts, maxSeqLength) => {
      const text = parts.join('');
      const expected = spans((await whole.analyze(text)).entities);
      const windowed = await pipeline({ maxSeqLength }).analyze(text);
      expect(spans(windowed.entities)).toEqual(expected);
    }), { numRuns: 300 });
  });

  it('never throws and gives valid offsets for any text', async () => {
    /** Emissions from a hash of (id, position): many entities of every shape. */
    const noisyModel: RunEmissions = async (batch) => {
      const numTags = KMOU_LABELS.length;
      const logits = new Float32Array(batch.batchSize * batch.seqLen * numTags);
      for (let i = 0; i < logits.length; i++) logits[i] = (((i * 2654435761) ^ Number(batch.inputIds[Math.floor(i / numTags)])) % 97) / 10;
      return logits;
    };
    const fragments = fc.constantFrom('김', '서울', '㈜', 'ﬁ', '😀', '\ud83d', '\ude00', ' ', '\t', '\r\n', '\u200b', '\u0000', '\u0301',
      '한'.normalize('NFD'), 'ᄀ', 'ᅡ', 'ᆨ', 'Ａ', '.', '[SEP]', '[UNK]');
    const texts = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(fragments, { maxLength: 120 }).map((parts) => parts.join('')));
    const analyzer = pipeline({ maxSeqLength: 16, runEmissions: noisyModel });
    await fc.assert(fc.asyncProperty(texts, async (text) => {
      const { entities } = await analyzer.analyze(text);
      let previousEnd = 0;
      for (const entity of entities) {
        expect(0 <= entity.start && entity.start < entity.end && entity.end <= text.length).toBe(true);
        expect(entity.start).toBeGreaterThanOrEqual(previousEnd);
        expect(entity.text).toBe(text.slice(entity.start, entity.end));
        expect(entity.score >= 0 && entity.score <= 1).toBe(true);
        expect(isInsidePair(text, entity.start) || isInsidePair(text, entity.end)).toBe(false);
        previousEnd = entity.end;
      }
    }), { numRuns: 300 });
  });

  it('never lets tags on [CLS], [SEP] or padding become entities', async () => {
    const specialIds = new Set([vocab['[CLS]'], vocab['[SEP]'], vocab['[PAD]']]);
    const loudSpecials: RunEmissions = async (batch) => {
      const numTags = KMOU_LABELS.length;
      const logits = new Float32Array(batch.batchSize * batch.seqLen * numTags);
      for (let position = 0; position < batch.batchSize * batch.seqLen; position++) {
        const tag = specialIds.has(Number(batch.inputIds[position])) ? KMOU_LABELS.indexOf('B-PER') : 0;
        logits[position * numTags + tag] = 10;
      }
      return logits;
    };
    const analyzer = pipeline({ maxSeqLength: 12, runEmissions: loudSpecials });
    const { entities, stats } = await analyzer.analyze('가나다 라마바 사아자 차카타 파하');
    expect(stats.windows).toBeGreaterThan(1);
    expect(entities).toEqual([]);
  });

  it('says what logits it expected when the model returns the wrong size', async () => {
    const analyzer = pipeline({ runEmissions: async () => new Float32Array(5) });
    await expect(analyzer.analyze('김철수')).rejects.toThrow('expected logits of shape 1x5x21 = 105 floats, got 5');
  });

  it('runs the model again only for the groups of sentences an edit changed', async () => {
    const calls: EmissionBatch[] = [];
    const analyzer = pipeline({ maxSeqLength: 24, runEmissions: fakeModel(calls) });
    const sentences = Array.from({ length: 40 }, (_, index) => `김철수${'는가나다라'.slice(0, 1 + (index % 5))} 서울에 ${index}번 갔다. `);
    const text = sentences.join('');
    const first = await analyzer.analyze(text);
    expect(first.stats.windowsRun).toBe(first.stats.windows);
    const callsBefore = calls.length;
    const edited = `${text.slice(0, -2)}고 삼성에 갔다.`;
    const again = await analyzer.analyze(edited);
    expect(again.stats.windows).toBeGreaterThan(20);
    expect(again.stats.windowsRun).toBeGreaterThan(0);
    expect(again.stats.windowsRun).toBeLessThanOrEqual(4);
    expect(again.stats.modelTokens).toBe(calls.slice(callsBefore).reduce((sum, batch) => sum + batch.batchSize * batch.seqLen, 0));
    expect(again.entities).toEqual((await pipeline({ maxSeqLength: 24 }).analyze(edited)).entities);
    // the same text again: nothing to run
    expect((await analyzer.analyze(edited)).stats.windowsRun).toBe(0);
  });

  it('keeps nothing with keptGroups 0: every analysis runs the model on every window', async () => {
    const calls: EmissionBatch[] = [];
    const analyzer = createPipeline({ config: configJson({ maxSeqLength: 24 }), crf: zeroCrfJson(), tokenizerJson, tokenizerConfig: BERT_TOKENIZER_CONFIG, runEmissions: fakeModel(calls), keptGroups: 0 });
    const text = '김철수는 서울에 갔다. 삼성에 갔다.\n서울에 갔다.';
    const first = await analyzer.analyze(text);
    const again = await analyzer.analyze(text);
    expect(again.stats.windowsRun).toBe(first.stats.windows);
    expect(again.entities).toEqual(first.entities);
    expect(() => createPipeline({ config: configJson(), crf: zeroCrfJson(), tokenizerJson, tokenizerConfig: BERT_TOKENIZER_CONFIG, runEmissions: fakeModel(), keptGroups: -1 }))
      .toThrow('expected keptGroups to be a whole number, got -1');
  });

  it('stops before a model call once isStale says so, and keeps the groups it finished', async () => {
    const calls: EmissionBatch[] = [];
    const analyzer = pipeline({ maxSeqLength: 24, runEmissions: fakeModel(calls) });
    const text = [...Array(3).fill('김철수는 서울에 갔다.'), ...Array(3).fill('삼성에 갔다.')].join('\n');
    await expect(analyzer.analyze(text, { isStale: () => calls.length >= 2 })).rejects.toThrow(AnalysisStopped);
    expect(calls).toHaveLength(2);
    const { stats } = await analyzer.analyze(text);
    // "김철수는 서울에 갔다." and "\n김철수는 서울에 갔다." were finished; "\n삼성에 갔다." is left
    expect(stats.windowsRun).toBe(1);
  });

  it('reports progress before each model call: the parts finished (kept ones included) and every entity in them', async () => {
    const analyzer = pipeline({ maxSeqLength: 24 });
    const text = '김철수는 서울에 갔다.\n삼성에 갔다.\n김철수는 삼성에 갔다.';
    const final = await analyzer.analyze(text);
    const progress: { done: readonly CharRange[]; entities: Entity[] }[] = [];
    const edited = text.replace('삼성에 갔다.\n김', '삼성에 갔다.\n서울 김');
    const edits = await analyzer.analyze(edited, { onProgress: ({ done, entities }) => progress.push({ done, entities: entities() }) });
    expect(progress.length).toBeGreaterThan(0);
    for (const { done, entities } of progress) {
      expect(entities).toEqual(edits.entities.filter((entity) => done.some((range) => range.charStart <= entity.start && entity.end <= range.charEnd)));
      expect(entities.every((entity, index) => index === 0 || entity.start >= entities[index - 1].end)).toBe(true);
    }
    expect(spans(final.entities).slice(0, 2)).toEqual(spans(progress[0].entities).slice(0, 2));
  });

  it('runs the group holding focusChar first, then the rest in reading order, each window once', async () => {
    const calls: EmissionBatch[] = [];
    const analyzer = pipeline({ maxSeqLength: 24, runEmissions: fakeModel(calls) });
    const lines = Array.from({ length: 10 }, (_, index) => (index === 7 ? '삼성에 갔다.' : `김철수는 서울에 ${index}번 갔다.`));
    const text = lines.join('\n');
    const progress: { done: readonly CharRange[]; focusDone: boolean }[] = [];
    const focusChar = text.indexOf('삼성') + 1;
    const { entities, stats } = await analyzer.analyze(text, { focusChar, onProgress: ({ done, focusDone }) => progress.push({ done, focusDone }) });
    // the first call holds the focus line alone; the second starts at the text's start
    expect(rowsHolding(calls[0], '삼')).toBe(calls[0].batchSize);
    expect(rowsHolding(calls[0], '김')).toBe(0);
    expect(rowsHolding(calls[1], '김')).toBe(calls[1].batchSize);
    expect(stats.windowsRun).toBe(stats.windows);
    expect(entities).toEqual((await pipeline({ maxSeqLength: 24 }).analyze(text)).entities);
    // the first report: the focus group done, at once
    expect(progress[0].focusDone).toBe(true);
    expect(progress[0].done).toHaveLength(1);
    expect(text.slice(progress[0].done[0].charStart, progress[0].done[0].charEnd)).toBe('\n삼성에 갔다.');
    expect(progress.slice(1).every((report) => !report.focusDone)).toBe(true);
  });

  it('takes an edit during a long analysis first, and never runs a finished group again', async () => {
    const calls: EmissionBatch[] = [];
    const analyzer = pipeline({ maxSeqLength: 24, runEmissions: fakeModel(calls) });
    const text = Array.from({ length: 10 }, (_, index) => `김철수는 서울에 ${index}번 갔다.`).join('\n');
    await expect(analyzer.analyze(text, { isStale: () => calls.length >= 3 })).rejects.toThrow(AnalysisStopped);
    const firstRun = windowsOf(calls);
    // typed at the end while the rest was still to run
    const edited = `${text}\n삼성에 갔다.`;
    const before = calls.length;
    const { stats } = await analyzer.analyze(edited, { focusChar: text.length });
    expect(rowsHolding(calls[before], '삼')).toBe(calls[before].batchSize);
    expect(firstRun + stats.windowsRun).toBe(stats.windows);
  });

  it('keeps the groups of a stopped step whose every window was decoded', async () => {
    const calls: EmissionBatch[] = [];
    const analyzer = createPipeline({
      config: configJson({ maxSeqLength: 24 }),
      crf: zeroCrfJson(),
      tokenizerJson,
      tokenizerConfig: BERT_TOKENIZER_CONFIG,
      runEmissions: fakeModel(calls),
      maxBatchSize: 1,
      batchAcrossGroups: true,
    });
    const text = Array.from({ length: 10 }, (_, index) => `김철수는 서울에 ${index}번 갔다.`).join('\n');
    // the first step holds 8 windows or more, one call each; stopped after 3 calls
    await expect(analyzer.analyze(text, { isStale: () => calls.length >= 3 })).rejects.toThrow(AnalysisStopped);
    const { stats } = await analyzer.analyze(text);
    expect(stats.windowsRun).toBe(stats.windows - 3);
  });

  it('sends zero token_type_ids when the config lists them', async () => {
    const calls: EmissionBatch[] = [];
    const analyzer = createPipeline({
      config: configJson({ modelInputs: ['input_ids', 'attention_mask', 'token_type_ids'] }),
      crf: zeroCrfJson(),
      tokenizerJson,
      tokenizerConfig: BERT_TOKENIZER_CONFIG,
      runEmissions: fakeModel(calls),
    });
    await analyzer.analyze('김');
    expect(Array.from(calls[0].tokenTypeIds ?? [], Number)).toEqual([0, 0, 0]);
  });
});

function isInsidePair(text: string, index: number) {
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}
