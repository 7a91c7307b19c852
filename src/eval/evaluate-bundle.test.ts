/**
 * The shipped model scored through the TypeScript pipeline (the code the browser runs) agrees
 * with the Python pipeline's figure in its config.json within 0.5 F1 points, on the whole KMOU
 * dev split. Needs ../shared/data (absent on a user's machine: then it says so and skips).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateBundle } from './evaluate-bundle';
import { dataPath, missingData } from './third-party-data';

const root = join(import.meta.dirname, '..', '..');
const corpus = dataPath('kmou-ner/kmou_ner.jsonl');
const bundle = join(root, 'public', 'models', 'default');
const missing = missingData('kmou-ner/kmou_ner.jsonl') ?? (existsSync(join(bundle, 'config.json')) ? null : 'needs public/models/default (the trained model): absent here, skipped');
const ready = missing === null;

describe.skipIf(!ready)(`the default model on the KMOU dev split${missing ? ` (${missing})` : ''}`, () => {
  it('scores within 0.5 F1 points of the Python pipeline, and at least 0.6 F1', { timeout: 600_000 }, async () => {
    const result = await evaluateBundle(bundle, corpus);
    expect(result.sentences).toBe(931);
    expect(result.scores.micro.support).toBe(3415);
    expect(result.pythonF1).not.toBeNull();
    expect(Math.abs(result.scores.micro.f1 - (result.pythonF1 ?? 0))).toBeLessThanOrEqual(0.005);
    expect(result.scores.micro.f1).toBeGreaterThanOrEqual(0.6);
  });
});
