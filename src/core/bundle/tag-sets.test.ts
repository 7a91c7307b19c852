/** config.json ner.tag_sets (docs/bundle-format.md, "Tag sets"): what a reader accepts and what it refuses, by name. */
import { describe, expect, it } from 'vitest';
import { parseModelConfig, readBundleFiles, tagSetOf, UnknownTagSetError } from './bundle';
import { configJson, KMOU_LABELS, zeroCrfJson } from './fixtures';
import { KLUE_LABELS } from '../labels/tag-sets';
import { BERT_TOKENIZER_CONFIG, syllableTokenizerJson } from '../tokenize/fixtures';

const KMOU = { name: 'kmou', title: 'KMOU (10 types)', labels: KMOU_LABELS, crf: 'crf.json', output: 'logits', license: 'non-commercial (KMOU corpus)' };
const KLUE = { name: 'klue', title: 'KLUE-NER (6 types)', labels: KLUE_LABELS, crf: 'crf-klue.json', output: 'logits_klue' };

function twoConfig(ner: Record<string, unknown> = {}) {
  const base = configJson();
  return { ...base, ner: { ...base.ner, tag_sets: [KMOU, KLUE], default_tag_set: 'kmou', ...ner } };
}

describe('a bundle without ner.tag_sets', () => {
  it('has one tag set: "kmou" for the KMOU labels, else "default", else ner.tag_set_name; output "logits"', () => {
    const kmou = parseModelConfig(configJson());
    expect(kmou.tagSets).toEqual([{ name: 'kmou', title: 'kmou', labels: KMOU_LABELS, crfPath: 'crf.json', output: 'logits', license: 'test' }]);
    expect(kmou.defaultTagSet).toBe('kmou');
    expect(parseModelConfig(configJson({ labels: ['O', 'B-X', 'I-X'] })).tagSets.map((t) => t.name)).toEqual(['default']);
    const named = configJson({ labels: ['O', 'B-X', 'I-X'] });
    expect(parseModelConfig({ ...named, ner: { ...named.ner, tag_set_name: 'mine' } }).defaultTagSet).toBe('mine');
  });

  it('asked for another tag set: an error listing the one it has', () => {
    const config = parseModelConfig(configJson());
    expect(() => tagSetOf(config, 'klue')).toThrow(UnknownTagSetError);
    expect(() => tagSetOf(config, 'klue')).toThrow('model "test" has no tag set "klue"; it has one: "kmou"');
  });
});

describe('ner.tag_sets', () => {
  it('reads each tag set (license: its own or the model\'s) and the default', () => {
    const config = parseModelConfig(twoConfig());
    expect(config.tagSets.map(({ name, output, crfPath, license }) => ({ name, output, crfPath, license }))).toEqual([
      { name: 'kmou', output: 'logits', crfPath: 'crf.json', license: 'non-commercial (KMOU corpus)' },
      { name: 'klue', output: 'logits_klue', crfPath: 'crf-klue.json', license: 'test' },
    ]);
    expect(tagSetOf(config).name).toBe('kmou');
    expect(tagSetOf(config, 'klue').labels).toEqual(KLUE_LABELS);
    expect(() => tagSetOf(config, 'conll')).toThrow('model "test" has no tag set "conll"; it has 2: "kmou", "klue"');
  });

  it('refuses what would mislead a reader, naming the field', () => {
    const bad = (ner: Record<string, unknown>) => () => parseModelConfig(twoConfig(ner));
    expect(bad({ tag_sets: [] })).toThrow('config.json: expected ner.tag_sets to be an array of 1 to 16 tag sets, got []');
    expect(bad({ tag_sets: [{ ...KMOU, output: 'emissions' }, KLUE] })).toThrow(`expected ner.tag_sets[0].output (the first tag set's) to be "logits", got "emissions"`);
    expect(bad({ tag_sets: [KMOU, { ...KLUE, output: undefined }] })).toThrow('config.json: expected ner.tag_sets[1].output to be a string, got nothing');
    expect(bad({ tag_sets: [KMOU, { ...KLUE, name: 'kmou' }] })).toThrow('expected each tag set of ner.tag_sets to have its own name, got "kmou" twice');
    expect(bad({ tag_sets: [KMOU, { ...KLUE, output: 'logits' }] })).toThrow('to have its own output, got "logits" twice');
    expect(bad({ tag_sets: [KMOU, { ...KLUE, crf: 'crf.json' }] })).toThrow('to have its own crf, got "crf.json" twice');
    expect(bad({ tag_sets: [KMOU, { ...KLUE, crf: '../crf.json' }] })).toThrow('expected ner.tag_sets[1].crf to be a path inside the bundle');
    expect(bad({ tag_sets: [KMOU, { ...KLUE, name: 'KLUE NER' }] })).toThrow('expected ner.tag_sets[1].name to be a short lower-case name');
    expect(bad({ default_tag_set: 'conll' })).toThrow('expected ner.default_tag_set to name one of ner.tag_sets ("kmou", "klue"), got "conll"');
    // ner.labels and ner.crf are what older readers use: they must be the default tag set's
    expect(bad({ default_tag_set: 'klue' })).toThrow('expected ner.labels to equal the labels of the default tag set "klue"');
    expect(bad({ crf: 'crf-klue.json', tag_sets: [KMOU, { ...KLUE, crf: 'crf-k.json' }] })).toThrow(`expected ner.crf to be the default tag set's crf "crf.json", got "crf-klue.json"`);
    expect(() => parseModelConfig({ ...configJson(), ner: { ...configJson().ner, default_tag_set: 'kmou' } })).toThrow('expected ner.default_tag_set only with ner.tag_sets');
  });

  it('reads every tag set\'s crf file, each checked against its own labels', async () => {
    const files: Record<string, unknown> = {
      'config.json': twoConfig(),
      'crf.json': zeroCrfJson(KMOU_LABELS),
      'crf-klue.json': zeroCrfJson(KLUE_LABELS),
      'tokenizer.json': syllableTokenizerJson(['가']),
      'tokenizer_config.json': BERT_TOKENIZER_CONFIG,
    };
    const read = async (path: string) => (path in files ? JSON.stringify(files[path]) : null);
    const bundle = await readBundleFiles(read);
    expect(Object.keys(bundle.crfs)).toEqual(['kmou', 'klue']);
    expect(bundle.crf).toBe(bundle.crfs.kmou);
    files['crf-klue.json'] = zeroCrfJson(KMOU_LABELS);
    await expect(readBundleFiles(read)).rejects.toThrow('crf-klue.json: expected labels to equal config.json ner.tag_sets[1].labels ("klue")');
    delete files['crf-klue.json'];
    await expect(readBundleFiles(read)).rejects.toThrow('model bundle: missing file crf-klue.json');
  });
});
