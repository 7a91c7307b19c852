/**
 * Hostile files against every importer (issue 13, item 5), fuzzed with fast-check: whatever
 * the bytes, an import either gives documents that pass the data model's checks (offsets in
 * range and between characters, no overlaps, valid labels) or throws a FormatError with a
 * message. Never another exception, never a hang, never a document that storage would refuse.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entitiesProblem } from '../annotation/document';
import { FormatError } from './common';
import { EXPORT_FORMATS, IMPORT_FORMATS, type ImportFormat, exportDocuments, importBytes, importFile } from './formats';
import { arbitraryDocument } from '../annotation/test-documents';

const NAMES: Record<ImportFormat, string> = {
  txt: 'a.txt',
  doccano: 'a.jsonl',
  conll: 'a.conll',
  kmou: 'a.txt',
  markup: 'a.txt',
  'label-studio': 'a.json',
  spacy: 'a.json',
};

/** The outcome of importing `content`: 'ok' with valid documents, or 'refused' with a FormatError. Anything else fails the test. */
function outcome(format: ImportFormat | undefined, content: string): 'ok' | 'refused' {
  let drafts;
  try {
    drafts = importFile(format ? NAMES[format] : 'a.json', content, { format }).drafts;
  } catch (error) {
    if (error instanceof FormatError && error.message.length > 0) return 'refused';
    throw error;
  }
  for (const draft of drafts) {
    expect(typeof draft.name).toBe('string');
    expect(typeof draft.text).toBe('string');
    expect(entitiesProblem(draft.text, draft.entities)).toBeNull();
  }
  return 'ok';
}

/** Characters that break parsers: quotes, brackets, escapes, tabs, line breaks, lone and paired surrogates, NUL, markup. */
const NASTY = ['"', '\\', '[', ']', '{', '}', ',', ':', '<', '>', '\t', '\n', '\r\n', '\uD83D', '\uDE00', '😀', '\u0000', '##', ' ', 'B-PER', 'I-LOC', 'O', '0', '-1', '1e9', 'null', '__proto__', 'constructor', '김', '"label"', '"text"'];
const nastyText = fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 4 })), { maxLength: 40 }).map((parts) => parts.join(''));

describe('hostile input: every importer answers with documents or a FormatError', () => {
  it.each([...IMPORT_FORMATS, 'the detected format'])('random text through %s', (format) => {
    const chosen = format === 'the detected format' ? undefined : (format as ImportFormat);
    fc.assert(fc.property(nastyText, (content) => void outcome(chosen, content)), { numRuns: 400 });
  });

  it.each(EXPORT_FORMATS)('every truncation of a valid %s export', (format) => {
    fc.assert(
      fc.property(fc.array(arbitraryDocument, { minLength: 1, maxLength: 3 }), fc.double({ min: 0, max: 1, noNaN: true }), (documents, where) => {
        const { content } = exportDocuments(format, documents);
        outcome(format, content.slice(0, Math.floor(content.length * where)));
      }),
      { numRuns: 150 },
    );
  });

  // JSON of the right outline with wrong types and wild numbers: offsets out of range, negative, fractional, huge, inside a surrogate pair.
  // Mostly plausible values (so spans often pass the earlier checks and meet the overlap and surrogate ones), sometimes wild.
  const wildNumber = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 7 }), weight: 8 },
    { arbitrary: fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constantFrom(1.5, 1e300, -0, Number.MAX_SAFE_INTEGER), fc.string({ maxLength: 2 }), fc.constant(null)), weight: 2 },
  );
  const wildLabel = fc.oneof(
    { arbitrary: fc.constantFrom('PER', 'LOC'), weight: 6 },
    { arbitrary: fc.oneof(fc.constantFrom('', ' PER', 'a b', '__proto__', 'x'.repeat(40)), fc.integer(), fc.constant(null)), weight: 2 },
  );
  const wildText = fc.oneof({ arbitrary: fc.constant('김철수😀서울'), weight: 6 }, { arbitrary: fc.constantFrom('😀😀', '', 'abc', '\u0000'), weight: 2 });

  it('doccano records with wild offsets, labels and types', () => {
    const record = fc.record({ text: fc.oneof(wildText, fc.integer()), label: fc.oneof(fc.array(fc.tuple(wildNumber, wildNumber, wildLabel), { maxLength: 4 }), fc.string()) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.array(record, { minLength: 1, maxLength: 3 }), (records) => void outcome('doccano', records.map((r) => JSON.stringify(r)).join('\n'))), { numRuns: 400 });
  });

  it('Label Studio tasks with wild offsets, labels and types', () => {
    const item = fc.record({ type: fc.constantFrom('labels', 'choices', 3), value: fc.record({ start: wildNumber, end: wildNumber, labels: fc.oneof(fc.array(wildLabel, { maxLength: 2 }), wildLabel) }, { requiredKeys: [] }) }, { requiredKeys: [] });
    const task = fc.record({ data: fc.oneof(fc.record({ text: fc.oneof(wildText, fc.integer()) }), fc.string()), annotations: fc.array(fc.record({ result: fc.array(item, { maxLength: 3 }) }), { maxLength: 2 }), predictions: fc.array(fc.record({ result: fc.array(item, { maxLength: 3 }) }), { maxLength: 2 }) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.array(task, { minLength: 1, maxLength: 3 }), (tasks) => void outcome('label-studio', JSON.stringify(tasks))), { numRuns: 400 });
  });

  it('spaCy documents with wild offsets, labels and types', () => {
    const ent = fc.record({ start: wildNumber, end: wildNumber, label: wildLabel }, { requiredKeys: [] });
    const document = fc.record({ text: fc.oneof(wildText, fc.integer()), ents: fc.oneof(fc.array(ent, { maxLength: 4 }), fc.string()) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.array(document, { minLength: 1, maxLength: 3 }), (documents) => void outcome('spacy', JSON.stringify(documents))), { numRuns: 400 });
  });

  it('any JSON value at all, through each JSON importer', () => {
    for (const format of ['doccano', 'label-studio', 'spacy'] as const) {
      fc.assert(fc.property(fc.jsonValue(), (value) => void outcome(format, JSON.stringify(value))), { numRuns: 300 });
    }
  });
});

describe('hostile input: named cases', () => {
  it('refuses an entity that ends inside a surrogate pair (doccano counts code points, so it must be the emoji itself)', () => {
    // Code points: "😀" is 1, so [0, 1] is the whole emoji; UTF-16 offsets inside the pair cannot be expressed and are refused elsewhere.
    expect(importFile('a.jsonl', '{"text": "😀a", "label": [[0, 1, "PER"]]}').drafts[0].entities).toEqual([{ start: 0, end: 2, label: 'PER', source: 'human' }]);
    expect(() => importFile('a.jsonl', '{"text": "😀a", "label": [[0, 3, "PER"]]}')).toThrow(FormatError);
  });

  it('refuses overlapping spans, naming the line and both spans', () => {
    expect(() => importFile('a.jsonl', '{"text": "김철수는 서울에", "label": [[0, 3, "PER"], [2, 4, "LOC"]]}')).toThrow(/line 1.*overlapping/);
  });

  it('reads "__proto__" keys as plain data and leaves Object.prototype alone', () => {
    const content = '{"text": "김철수", "__proto__": {"label": [[0, 3, "PER"]], "polluted": 1}, "label": []}';
    expect(importFile('a.jsonl', content).drafts[0].entities).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const tasks = '[{"data": {"text": "김철수", "__proto__": {"text": "x"}}, "__proto__": {"annotations": [{"result": []}]}}]';
    expect(importFile('a.json', tasks).drafts[0].text).toBe('김철수');
    expect(({} as Record<string, unknown>).annotations).toBeUndefined();
  });

  it('refuses truncated and wrong-typed JSON with the line or field', () => {
    expect(() => importFile('a.jsonl', '{"text": "김철수", "label": [[0, 3')).toThrow(/line 1: expected valid JSON/);
    expect(() => importFile('a.jsonl', '{"text": 5, "label": []}')).toThrow(/field "text": expected a string, got number 5/);
    expect(() => importFile('a.json', '[{"data": {"text": "김"}, "annotations": {}}]')).toThrow(/expected an array/);
  });

  it('refuses a NUL character in a file, whatever the format', () => {
    for (const content of ['김철수\u0000', '{"text": "김\\u0000"}', '김\tB-PER\n\u0000\tO']) {
      expect(() => importBytes('a.txt', new TextEncoder().encode(content))).toThrow(/NUL/);
    }
  });
});
