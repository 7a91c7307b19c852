import { describe, expect, it } from 'vitest';
import { exportDoccano, importDoccano } from './doccano';
import { createDocuments } from './formats';

describe('doccano JSONL', () => {
  it('writes offsets in code points, so an emoji before an entity counts once', () => {
    const [doc] = createDocuments([{ name: 'n', text: '😀 김철수', entities: [{ start: 3, end: 6, label: 'PER', source: 'human' }] }]);
    expect(JSON.parse(exportDoccano([doc]).content)).toEqual({ text: '😀 김철수', label: [[2, 5, 'PER']], name: 'n' });
  });

  it('writes pending proposals only with includePending, and rejected ones never', () => {
    const [doc] = createDocuments([
      {
        name: 'n',
        text: '😀 김철수는 서울',
        entities: [
          { start: 3, end: 6, label: 'PER', source: 'model', status: 'pending', score: 0.7 },
          { start: 8, end: 10, label: 'LOC', source: 'model', status: 'rejected' },
        ],
      },
    ]);
    expect(JSON.parse(exportDoccano([doc]).content).label).toEqual([]);
    expect(JSON.parse(exportDoccano([doc], { includePending: true }).content).label).toEqual([[2, 5, 'PER']]);
  });

  it('reads both the label triples and the newer entities objects', () => {
    const drafts = importDoccano(
      '{"text": "김철수는 서울에", "label": [[0, 3, "PER"]]}\n{"text": "서울", "entities": [{"id": 1, "start_offset": 0, "end_offset": 2, "label": "LOC"}]}\n',
      'set.jsonl',
    );
    expect(drafts.map((d) => [d.name, d.entities.map((e) => [e.start, e.end, e.label, e.source])])).toEqual([
      ['set 1', [[0, 3, 'PER', 'human']]],
      ['set 2', [[0, 2, 'LOC', 'human']]],
    ]);
  });

  it.each([
    ['{"text": "가나"}\n{"text": "가나", "label": [[0, "1", "PER"]]}', /line 2, field "label\[0\]\[1\]": expected a non-negative integer, got the string "1"/],
    ['{"text": "가나", "label": [[0, 5, "PER"]]}', /line 1, field "label\[0\]": expected offsets within the text's 2 characters/],
    ['{"text": 3}', /line 1, field "text": expected a string/],
    ['{"text": "가나"}\n{"text": ', /line 2: expected valid JSON/],
    ['{"text": "가나다", "label": [[0, 2, "PER"], [1, 3, "LOC"]]}', /line 1, field "label\[1\]": expected entities that do not overlap/],
    ['{"text": "가나", "label": [[0, 2, "has space"]]}', /line 1, field "label\[0\]": expected a label/],
  ])('names the line and field of a broken file: %s', (content, message) => {
    expect(() => importDoccano(content, 'x.jsonl')).toThrow(message);
  });
});
