import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnnotatedDocument, type AnnotatedEntity, type DocumentDraft, liveEntities } from '../annotation/document';
import { decidedEntities } from './common';
import { type ExportFormat, createDocuments, detectFormat, exportDocuments, importFile } from './formats';
import { arbitraryDocument } from '../annotation/test-documents';

const documentsArb = fc.array(arbitraryDocument, { maxLength: 5 });

function roundTrip(format: ExportFormat, documents: readonly AnnotatedDocument[]) {
  const file = exportDocuments(format, documents);
  return { file, drafts: importFile(file.fileName, file.content, { format }).drafts };
}

/** What a format without provenance gives back: each decided entity, as a person's. */
function asHuman(entities: readonly AnnotatedEntity[]) {
  return decidedEntities(entities).map(({ start, end, label }) => ({ start, end, label, source: 'human' }));
}

function sorted(draft: DocumentDraft) {
  return [...draft.entities].sort((a, b) => a.start - b.start);
}

describe('export then import', () => {
  it.each(['doccano', 'spacy'] as const)('%s gives back every text, name and decided entity', (format) => {
    fc.assert(
      fc.property(documentsArb, (documents) => {
        const { drafts } = roundTrip(format, documents);
        expect(drafts.map((d) => [d.name, d.text, sorted(d)])).toEqual(documents.map((d) => [d.name, d.text, asHuman(d.entities)]));
      }),
    );
  });

  it.each(['doccano', 'spacy', 'markup'] as const)('%s with includePending gives back every entity in force, pending ones as a person\'s', (format) => {
    fc.assert(
      fc.property(documentsArb, (documents) => {
        const file = exportDocuments(format, documents, { includePending: true });
        const { drafts } = importFile(file.fileName, file.content, { format });
        const carried = format === 'markup' ? documents.filter((d) => d.text.trim() !== '') : documents;
        const asHumanLive = (entities: readonly AnnotatedEntity[]) => liveEntities(entities).map(({ start, end, label }) => ({ start, end, label, source: 'human' }));
        expect(drafts.map((d) => [d.text, sorted(d)])).toEqual(carried.map((d) => [d.text, asHumanLive(d.entities)]));
      }),
    );
  });

  it('Label Studio JSON also gives back who set each entity, its status and score', () => {
    fc.assert(
      fc.property(documentsArb, (documents) => {
        const { drafts } = roundTrip('label-studio', documents);
        expect(drafts.map((d) => [d.name, d.text, sorted(d)])).toEqual(documents.map((d) => [d.name, d.text, liveEntities(d.entities)]));
      }),
    );
  });

  it('inline markup gives back every non-blank text and its decided entities, and reports the blank ones', () => {
    fc.assert(
      fc.property(documentsArb, (documents) => {
        const { file, drafts } = roundTrip('markup', documents);
        const carried = documents.filter((d) => d.text.trim() !== '');
        expect(drafts.map((d) => [d.text, sorted(d)])).toEqual(carried.map((d) => [d.text, asHuman(d.entities)]));
        expect(file.skipped.length).toBe(documents.length - carried.length);
      }),
    );
  });

  it('CoNLL keeps every text exactly and every entity (label and characters), and a second export is identical', () => {
    const squeeze = (s: string) => s.replace(/\s/g, '');
    fc.assert(
      fc.property(documentsArb, (documents) => {
        const { file, drafts } = roundTrip('conll', documents);
        const carried = documents.filter((d) => d.text.trim() !== '');
        expect(file.skipped.length).toBe(documents.length - carried.length);
        // The spacing column brings every text back exactly, whitespace included.
        expect(drafts.map((d) => d.text)).toEqual(carried.map((d) => d.text));
        const surfaces = (text: string, entities: readonly AnnotatedEntity[]) =>
          decidedEntities(entities)
            .map((e) => [e.label, squeeze(text.slice(e.start, e.end))])
            .filter(([, surface]) => surface !== '');
        expect(drafts.map((d) => surfaces(d.text, d.entities))).toEqual(carried.map((d) => surfaces(d.text, d.entities)));
        expect(exportDocuments('conll', createDocuments(drafts)).content).toBe(file.content);
      }),
    );
  });

  it('CoNLL gives a text of single-spaced tokens back unchanged', () => {
    const [doc] = createDocuments([{ name: 'd', text: '김철수 는 서울 에 갔다 .', entities: [{ start: 0, end: 3, label: 'PER', source: 'human' }, { start: 6, end: 8, label: 'LOC', source: 'human' }] }]);
    const { drafts } = roundTrip('conll', [doc]);
    expect(drafts[0].text).toBe(doc.text);
    expect(drafts[0].entities).toEqual(doc.entities);
  });
});

describe('detectFormat', () => {
  it('recognises each exported file from its name and content', () => {
    const documents = createDocuments([
      { name: 'a', text: '김철수는 서울에 갔다.', entities: [{ start: 0, end: 3, label: 'PER', source: 'human' }] },
    ]);
    const expected: Record<ExportFormat, string> = { doccano: 'doccano', conll: 'conll', 'label-studio': 'label-studio', spacy: 'spacy', markup: 'markup' };
    for (const format of Object.keys(expected) as ExportFormat[]) {
      const file = exportDocuments(format, documents);
      expect(detectFormat(file.fileName, file.content)).toBe(expected[format]);
      // Content alone decides when the name says nothing.
      expect(detectFormat('upload', file.content)).toBe(expected[format]);
    }
  });

  it('reads KMOU files, CoNLL under .txt, and plain text', () => {
    expect(detectFormat('x.txt', '## 1\n## 김철수\n## <김철수:PER>\n김철수\t김철수\tNNP\tB-PER\n')).toBe('kmou');
    expect(detectFormat('x.txt', '김철수 B-PER\n는 O\n')).toBe('conll');
    expect(detectFormat('x.txt', '그냥 글입니다.\n둘째 줄: <괄호>\n')).toBe('txt');
  });

  it('names what it expected when a .json file is neither Label Studio nor spaCy', () => {
    expect(() => detectFormat('x.json', '[{"foo": 1}]')).toThrow(/Label Studio tasks.*spaCy/);
  });
});

describe('importFile', () => {
  it('reads a .txt file whole or one document per non-blank line, as the user chooses', () => {
    const content = '첫 줄\r\n\r\n둘째 줄\n';
    expect(importFile('notes.txt', content, { txtMode: 'whole' }).drafts.map((d) => d.text)).toEqual([content]);
    expect(importFile('notes.txt', content, { txtMode: 'lines' }).drafts.map((d) => [d.name, d.text])).toEqual([
      ['notes 1', '첫 줄'],
      ['notes 2', '둘째 줄'],
    ]);
  });

  it('ignores a byte order mark', () => {
    expect(importFile('a.jsonl', '\uFEFF{"text": "가", "label": []}\n').drafts[0].text).toBe('가');
  });
});
