/**
 * What ships under public/models/: every bundle folder parses, names only files it has with the
 * sizes and digests its config.json records, states a license (non-commercial where the KMOU
 * corpus trained it), and all of them together fit the page's budget (issue 28: the int8 file at
 * most 15 MB, everything under public/models/ at most 40 MB).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onnxFilesOf, parseModelConfig } from '../core/bundle/bundle';

const MODELS = join(__dirname, '..', '..', 'public', 'models');
const MB = 1_000_000;

function sizeOf(path: string): number {
  const stat = statSync(path);
  return stat.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0) : stat.size;
}

const bundles = readdirSync(MODELS).filter((name) => existsSync(join(MODELS, name, 'config.json')));
const configOf = (name: string) => parseModelConfig(JSON.parse(readFileSync(join(MODELS, name, 'config.json'), 'utf8')));

describe('the bundles under public/models', () => {
  it('are there (the tests and the page need at least the random-weights one)', () => {
    expect(bundles).toContain('tiny-random');
  });

  it('fit the page budget: everything at most 40 MB, each int8 file at most 15 MB', () => {
    expect(sizeOf(MODELS) / MB).toBeLessThanOrEqual(40);
    for (const name of bundles) {
      const config = configOf(name);
      if (config.onnxQuantizedPath) expect(statSync(join(MODELS, name, config.onnxQuantizedPath)).size / MB, name).toBeLessThanOrEqual(15);
    }
  });

  it.each(bundles)('%s: its files are those config.json records, byte for byte', (name) => {
    const config = configOf(name);
    for (const path of onnxFilesOf(config)) expect(existsSync(join(MODELS, name, path)), `${name}/${path}`).toBe(true);
    for (const [path, digest] of config.files) {
      const bytes = readFileSync(join(MODELS, name, path));
      expect(bytes.byteLength, `${name}/${path}`).toBe(digest.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), `${name}/${path}`).toBe(digest.sha256);
    }
  });

  it.each(bundles)('%s: states its license, non-commercial where KMOU trained it, the same in its card', (name) => {
    const config = configOf(name);
    expect(config.license.length).toBeGreaterThan(5);
    const card = existsSync(join(MODELS, name, 'MODEL_CARD.md')) ? readFileSync(join(MODELS, name, 'MODEL_CARD.md'), 'utf8') : '';
    const trainedOnKmou = config.tagSets.some((tagSet) => tagSet.name === 'kmou') && !/random weights/i.test(config.license);
    if (trainedOnKmou) {
      expect(config.license).toMatch(/non-commercial/);
      expect(card).toMatch(/non-commercial/i);
    } else {
      expect(config.license).not.toMatch(/non-commercial/);
    }
    // the card says the same license as config.json (its name: what comes before any ":", "(" or ";")
    if (card && !/random weights/i.test(config.license)) expect(card).toContain(config.license.split(/[:(;]/)[0].trim());
  });
});
