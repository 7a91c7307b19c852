/**
 * Label Studio JSON: a task list for a `<Labels name="label" toName="text">` +
 * `<Text name="text" value="$text">` labelling config (Label Studio's NER template):
 *
 *   [{"data": {"text", "name"},
 *     "annotations": [{"result": [ITEM, ...]}],   // a person's work
 *     "predictions": [{"model_version", "result": [ITEM, ...]}]}]   // pre-annotations to review
 *   ITEM = {"id", "from_name": "label", "to_name": "text", "type": "labels", "origin",
 *           "value": {"start", "end", "text", "labels": ["PER"]}, "score"?}
 *
 * Offsets are code points (Label Studio counts code points since it fixed emoji offsets).
 * Mapping: human entities -> annotations (origin "manual"); accepted model entities ->
 * annotations (origin "prediction"); pending model entities -> predictions (with score).
 * So this format carries who set each entity and its status, except rejected proposals (not
 * exported). `annotations` is written only when a person decided something in the document
 * (Label Studio counts a task with an annotation as labelled), `predictions` only when
 * something is pending. The export option `includePending` (document.ts) changes nothing here:
 * pending proposals are always written, as the predictions Label Studio has a person review.
 *
 * Import: the first annotation not marked `was_cancelled` and the first prediction; items of
 * other types (choices, ratings) are ignored; a prediction overlapping an annotation item is
 * dropped (the person's work supersedes it, as in Label Studio).
 */
import { type AnnotatedDocument, type AnnotatedEntity, type DocumentDraft } from '../annotation/document';
import { type ExportOutput, FormatError, fileStem } from './common';
import {
  type CodePointSpan,
  draftFromCodePointSpans,
  expectArray,
  expectInteger,
  expectObject,
  expectString,
  optionalString,
  jsonRecords,
  toCodePointSpans,
} from './json-input';

const MODEL_VERSION = 'korean-ner';

function resultItem(document: AnnotatedDocument, entity: AnnotatedEntity, span: { start: number; end: number }, id: number) {
  return {
    id: `e${id}`,
    from_name: 'label',
    to_name: 'text',
    type: 'labels',
    origin: entity.source === 'human' ? 'manual' : 'prediction',
    value: { start: span.start, end: span.end, text: document.text.slice(entity.start, entity.end), labels: [entity.label] },
    ...(entity.score !== undefined ? { score: entity.score } : {}),
  };
}

export function exportLabelStudio(documents: readonly AnnotatedDocument[]): ExportOutput {
  const tasks = documents.map((document) => {
    const spans = toCodePointSpans(document.text, document.entities);
    const items = document.entities.map((entity, i) => ({ entity, item: resultItem(document, entity, spans[i], i) }));
    items.sort((a, b) => a.entity.start - b.entity.start || a.entity.end - b.entity.end);
    const decided = items.filter(({ entity }) => entity.source === 'human' || entity.status === 'accepted');
    const pending = items.filter(({ entity }) => entity.source === 'model' && entity.status === 'pending');
    const personDecided = document.entities.some((entity) => entity.source === 'human' || entity.status !== 'pending');
    return {
      data: { text: document.text, name: document.name },
      ...(personDecided ? { annotations: [{ result: decided.map(({ item }) => item) }] } : {}),
      ...(pending.length > 0 ? { predictions: [{ model_version: MODEL_VERSION, result: pending.map(({ item }) => item) }] } : {}),
    };
  });
  return { content: `${JSON.stringify(tasks, null, 1)}\n`, skipped: [] };
}

function readResult(value: unknown, field: string, kind: 'annotation' | 'prediction'): CodePointSpan[] {
  const spans: CodePointSpan[] = [];
  expectArray(value, { field }).forEach((entry, i) => {
    const itemField = `${field}[${i}]`;
    const item = expectObject(entry, { field: itemField });
    if (item.type !== 'labels') return;
    const span = expectObject(item.value, { field: `${itemField}.value` });
    const labels = expectArray(span.labels, { field: `${itemField}.value.labels` });
    if (labels.length !== 1) throw new FormatError(`expected exactly one label, got ${labels.length}`, { field: `${itemField}.value.labels` });
    const score = typeof item.score === 'number' && item.score >= 0 && item.score <= 1 ? item.score : undefined;
    spans.push({
      start: expectInteger(span.start, { field: `${itemField}.value.start` }),
      end: expectInteger(span.end, { field: `${itemField}.value.end` }),
      label: expectString(labels[0], { field: `${itemField}.value.labels[0]` }),
      surface: optionalString(span.text, { field: `${itemField}.value.text` }),
      field: itemField,
      ...(kind === 'prediction'
        ? { source: 'model' as const, status: 'pending' as const, ...(score !== undefined ? { score } : {}) }
        : item.origin === 'prediction'
          ? { source: 'model' as const, status: 'accepted' as const, ...(score !== undefined ? { score } : {}) }
          : { source: 'human' as const }),
    });
  });
  return spans;
}

export function importLabelStudio(content: string, fileName: string): DocumentDraft[] {
  const stem = fileStem(fileName);
  return jsonRecords(content).map(({ record: task, at }, i) => {
    const data = expectObject(task.data, { field: `${at}.data` });
    const text = expectString(data.text, { field: `${at}.data.text` });
    const name = optionalString(data.name, { field: `${at}.data.name` }) ?? `${stem} ${i + 1}`;

    const annotations = task.annotations === undefined ? [] : expectArray(task.annotations, { field: `${at}.annotations` });
    const annotationIndex = annotations.findIndex((a) => expectObject(a, { field: `${at}.annotations` }).was_cancelled !== true);
    const decided =
      annotationIndex < 0
        ? []
        : readResult(expectObject(annotations[annotationIndex], {}).result ?? [], `${at}.annotations[${annotationIndex}].result`, 'annotation');

    const predictions = task.predictions === undefined ? [] : expectArray(task.predictions, { field: `${at}.predictions` });
    const proposed =
      predictions.length === 0
        ? []
        : readResult(expectObject(predictions[0], { field: `${at}.predictions[0]` }).result ?? [], `${at}.predictions[0].result`, 'prediction');
    const open = proposed.filter((p) => !decided.some((d) => p.start < d.end && d.start < p.end));
    return draftFromCodePointSpans(name, text, [...decided, ...open]);
  });
}

