import { describe, expect, it } from 'vitest';
import { createDocuments, exportDocuments } from './formats';
import { exportLabelStudio, importLabelStudio } from './label-studio';

describe('Label Studio JSON', () => {
  const [doc] = createDocuments([
    {
      name: '기사',
      text: '김철수는 서울에 갔다',
      entities: [
        { start: 0, end: 3, label: 'PER', source: 'human' },
        { start: 5, end: 7, label: 'LOC', source: 'model', status: 'pending', score: 0.8 },
        { start: 9, end: 11, label: 'DAT', source: 'model', status: 'rejected' },
      ],
    },
  ]);

  it("puts a person's entities in annotations and pending ones in predictions, in Label Studio's result shape", () => {
    const [task] = JSON.parse(exportLabelStudio([doc]).content);
    expect(task.data).toEqual({ text: doc.text, name: '기사' });
    expect(task.annotations[0].result).toEqual([
      { id: 'e0', from_name: 'label', to_name: 'text', type: 'labels', origin: 'manual', value: { start: 0, end: 3, text: '김철수', labels: ['PER'] } },
    ]);
    expect(task.predictions[0].result).toEqual([
      { id: 'e1', from_name: 'label', to_name: 'text', type: 'labels', origin: 'prediction', score: 0.8, value: { start: 5, end: 7, text: '서울', labels: ['LOC'] } },
    ]);
  });

  it('writes the same file with includePending: pending proposals are always its predictions', () => {
    expect(exportDocuments('label-studio', [doc], { includePending: true }).content).toBe(exportLabelStudio([doc]).content);
  });

  it('reads a task Label Studio exported, skipping cancelled annotations and items of other types', () => {
    const tasks = [
      {
        data: { text: '서울에 갔다' },
        annotations: [
          { was_cancelled: true, result: [] },
          { result: [{ type: 'choices', value: { choices: ['x'] } }, { type: 'labels', value: { start: 0, end: 2, text: '서울', labels: ['LOC'] } }] },
        ],
        predictions: [{ result: [{ type: 'labels', value: { start: 0, end: 3, labels: ['ORG'] } }, { type: 'labels', score: 0.3, value: { start: 4, end: 6, labels: ['DAT'] } }] }],
      },
    ];
    const [draft] = importLabelStudio(JSON.stringify(tasks), 'export.json');
    expect(draft.name).toBe('export 1');
    expect(draft.entities).toEqual([
      { start: 0, end: 2, label: 'LOC', source: 'human' },
      { start: 4, end: 6, label: 'DAT', source: 'model', status: 'pending', score: 0.3 },
    ]);
  });

  it('rejects a result whose text is not what its offsets point at (UTF-16 offsets from another tool)', () => {
    const tasks = [{ data: { text: '😀 서울 부산' }, annotations: [{ result: [{ type: 'labels', value: { start: 3, end: 5, text: '서울', labels: ['LOC'] } }] }] }];
    expect(() => importLabelStudio(JSON.stringify(tasks), 'x.json')).toThrow(/field "\[0\]\.annotations\[0\]\.result\[0\]": expected the text at \[3, 5\) to be "서울"/);
  });
});
