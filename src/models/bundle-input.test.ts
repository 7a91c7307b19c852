import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bundleFilesFrom, checkBundle, installIdOf, readerOf, unzipEntries, type InputFile } from './bundle-input';

const TINY = resolve(import.meta.dirname, '../../public/models/tiny-random');

/** The tiny-random bundle's files, with paths inside the bundle (onnx/model.onnx, ...). */
function tinyFiles(prefix = ''): InputFile[] {
  const files: InputFile[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push({ path: prefix + relative(TINY, path), bytes: new Uint8Array(readFileSync(path)) });
    }
  };
  walk(TINY);
  return files;
}

function zipOf(files: readonly InputFile[]): Uint8Array {
  return zipSync(Object.fromEntries(files.map((file) => [file.path, file.bytes])));
}

function edited(files: readonly InputFile[], path: string, edit: (json: Record<string, unknown>) => void): InputFile[] {
  return files.map((file) => {
    if (file.path !== path) return file;
    const json = JSON.parse(new TextDecoder().decode(file.bytes)) as Record<string, unknown>;
    edit(json);
    return { path, bytes: strToU8(JSON.stringify(json)) };
  });
}

const check = (files: readonly InputFile[]) => checkBundle(readerOf(bundleFilesFrom(files)));

describe('bundleFilesFrom', () => {
  it('takes a picked folder: the paths lose the folder name', () => {
    const files = bundleFilesFrom(tinyFiles('tiny-random/'));
    expect([...files.keys()].sort()).toEqual(tinyFiles().map((file) => file.path).sort());
  });

  it('opens a .zip whose files sit in a top folder, leaving archiver junk out', () => {
    const zip = zipOf([...tinyFiles('my-model/'), { path: '__MACOSX/my-model/._config.json', bytes: strToU8('junk') }]);
    const files = bundleFilesFrom([{ path: 'my-model.zip', bytes: zip }]);
    expect(files.get('onnx/model.onnx')).toEqual(new Uint8Array(readFileSync(join(TINY, 'onnx/model.onnx'))));
    expect([...files.keys()].some((path) => path.includes('MACOSX'))).toBe(false);
  });

  it('roots the bundle at the shallowest config.json', () => {
    const files = bundleFilesFrom([...tinyFiles('a/'), { path: 'a/extra/config.json', bytes: strToU8('{}') }]);
    expect(new TextDecoder().decode(files.get('config.json'))).toContain('"format_version"');
  });

  it('names what it got when no config.json is among the files', () => {
    const zip = zipOf(tinyFiles().filter((file) => file.path !== 'config.json'));
    expect(() => bundleFilesFrom([{ path: 'bundle.zip', bytes: zip }])).toThrow(/^model bundle: missing file config\.json \(got /);
  });

  it('says a garbage .zip is not a zip, and an empty choice gave no files', () => {
    expect(() => bundleFilesFrom([{ path: 'model.zip', bytes: strToU8('this is not a zip archive') }])).toThrow('model.zip: not a .zip file (it does not start with "PK")');
    const truncated = zipOf(tinyFiles()).slice(0, 200);
    expect(() => bundleFilesFrom([{ path: 'cut.zip', bytes: truncated }])).toThrow(/^cut\.zip: not a readable \.zip file/);
    expect(() => bundleFilesFrom([])).toThrow('model bundle: no files were given');
  });

  it('refuses a .zip mixed with other files', () => {
    expect(() => bundleFilesFrom([{ path: 'a.zip', bytes: zipOf(tinyFiles()) }, ...tinyFiles()])).toThrow(/give one \.zip on its own/);
  });
});

describe('unzipEntries', () => {
  it('gives back the files zipped, byte for byte', () => {
    const files = tinyFiles();
    const back = unzipEntries(zipOf(files), 'x.zip');
    expect(back.map((file) => file.path).sort()).toEqual(files.map((file) => file.path).sort());
    for (const file of files) expect(back.find((entry) => entry.path === file.path)?.bytes).toEqual(file.bytes);
  });
});

describe('checkBundle', () => {
  it('accepts the tiny-random bundle and gives its card', async () => {
    const config = JSON.parse(readFileSync(join(TINY, 'config.json'), 'utf8'));
    const { card, files } = await check(tinyFiles());
    expect(card.name).toBe(config.ner.name);
    expect(card.labels).toEqual(config.ner.labels);
    expect(card.entityTypes).toContain('PER');
    expect(card.bytes).toBe(tinyFiles().reduce((sum, file) => sum + file.bytes.byteLength, 0));
    expect([...files.keys()].sort()).toEqual(['MODEL_CARD.md', 'config.json', 'crf.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
  });

  it('refuses files of two versions: a valid crf.json that is not the one config.json names (ner.files)', async () => {
    const mixed = edited(tinyFiles(), 'crf.json', (crf) => {
      (crf.transitions as number[][])[0][0] += 1;
    });
    await expect(check(mixed)).rejects.toThrow(/^crf\.json: does not match config\.json \(/);
  });

  it('finds onnx/model.onnx among loose files picked without their folder', async () => {
    const loose = tinyFiles().map((file) => ({ ...file, path: file.path.split('/').pop()! }));
    const { files } = await check(loose);
    expect(files.get('onnx/model.onnx')?.byteLength).toBe(statSync(join(TINY, 'onnx/model.onnx')).size);
  });

  it.each(['crf.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'])('names the missing file %s', async (missing) => {
    await expect(check(tinyFiles().filter((file) => file.path !== missing))).rejects.toThrow(`model bundle: missing file ${missing}`);
  });

  it('names a CRF whose size does not fit the labels', async () => {
    const files = edited(tinyFiles(), 'crf.json', (crf) => {
      crf.transitions = (crf.transitions as number[][]).map((row) => row.slice(1));
    });
    await expect(check(files)).rejects.toThrow('crf.json: expected transitions to be 21x21, got 21x20');
  });

  it('names a quantized file that config.json promises but the bundle lacks', async () => {
    const files = edited(tinyFiles(), 'config.json', (config) => {
      (config.ner as Record<string, unknown>).onnx_quantized = 'onnx/model_quantized.onnx';
    });
    await expect(check(files)).rejects.toThrow('model bundle: missing file onnx/model_quantized.onnx (named in config.json ner.onnx_quantized)');
  });

  it('names a file that is not JSON, or not text, and an empty ONNX file', async () => {
    const swap = (path: string, bytes: Uint8Array) => tinyFiles().map((file) => (file.path === path ? { path, bytes } : file));
    await expect(check(swap('config.json', strToU8('{"ner": ')))).rejects.toThrow(/^config\.json: expected valid JSON, got /);
    await expect(check(swap('crf.json', new Uint8Array([0xff, 0xfe, 0x00])))).rejects.toThrow('crf.json: expected UTF-8 text, got bytes that are not');
    await expect(check(swap('onnx/model.onnx', new Uint8Array()))).rejects.toThrow('onnx/model.onnx: the file is empty');
  });
});

describe('installIdOf', () => {
  it('keeps an id of ASCII word characters, dots and dashes (the address alphabet) and makes one of anything else', () => {
    expect(installIdOf('kobert-crf')).toBe('kobert-crf');
    expect(installIdOf('model v2.1')).toBe('model-v2.1');
    expect(installIdOf('한국어 모델/v2')).toBe('v2');
    expect(installIdOf('../../etc')).toBe('etc');
    expect(installIdOf('///')).toBe('model');
  });
});

describe('hostile bundles', () => {
  /** A .zip whose central directory declares each entry at `size` bytes unpacked, as a .zip bomb's does (its sizes are honest). */
  function declaring(zip: Uint8Array, size: number): Uint8Array {
    const bomb = zip.slice();
    const view = new DataView(bomb.buffer);
    for (let offset = 0; offset + 46 <= bomb.length; offset++) {
      // Central directory header "PK\1\2": the uncompressed size is at +24.
      if (view.getUint32(offset, true) === 0x02014b50) view.setUint32(offset + 24, size, true);
    }
    return bomb;
  }

  it('refuses a .zip bomb before inflating it, naming the limit', () => {
    const bomb = declaring(zipOf(tinyFiles()), 0xfffffff0);
    expect(() => bundleFilesFrom([{ path: 'bomb.zip', bytes: bomb }])).toThrow(/^bomb\.zip: its entries unpack to more than 1024 MB \(a \.zip bomb\?\): refused/);
  });

  it.each(['../config.json', 'model/../../evil.json', '/etc/passwd', 'C:/Windows/x.json'])('refuses a .zip entry named %s', (name) => {
    const zip = zipOf([...tinyFiles(), { path: name, bytes: strToU8('{}') }]);
    expect(() => bundleFilesFrom([{ path: 'evil.zip', bytes: zip }])).toThrow(/^evil\.zip: entry ".*" (climbs out of its folder|is an absolute path)/);
  });

  it('refuses a picked file whose path climbs out of the bundle', () => {
    expect(() => bundleFilesFrom([...tinyFiles(), { path: 'a/../../x.json', bytes: strToU8('{}') }])).toThrow(/climbs out of its folder/);
  });

  it.each([
    ['a max_seq_length of a billion', (ner: Record<string, unknown>) => (ner.max_seq_length = 1e9), /expected ner\.max_seq_length to be an integer from 4 to 8192, got 1000000000/],
    ['100,000 labels', (ner: Record<string, unknown>) => (ner.labels = Array.from({ length: 100_000 }, (_, i) => `B-X${i}`)), /expected at most 1000 ner\.labels, got 100000/],
    ['an ONNX path out of the bundle', (ner: Record<string, unknown>) => (ner.onnx = '../../other/model.onnx'), /expected ner\.onnx to be a path inside the bundle/],
    ['a CRF path that is a URL', (ner: Record<string, unknown>) => (ner.crf = 'https://example.com/crf.json'), /expected ner\.crf to be a path inside the bundle/],
  ])('names a config.json with %s', async (_what, edit, message) => {
    await expect(check(edited(tinyFiles(), 'config.json', (json) => edit(json.ner as Record<string, unknown>)))).rejects.toThrow(message);
  });
});
