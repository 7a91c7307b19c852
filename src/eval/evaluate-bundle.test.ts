/**
 * The shipped model scored through the TypeScript pipeline (the code the browser runs) agrees
 * with the Python pipeline's figure in its config.json within 0.5 F1 points, on the whole KMOU
 * dev split. Needs ../shared/data (absent on a user's machine: then it says so and skips).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateBundle } from './evaluate-bundle';

const root = join(import.meta.dirname, '..', '..');
const corpus = join(root, '..', 'shared', 'data', 'kmou-ner', 'kmou_ner.jsonl');
const bundle = join(root, 'public', 'models', 'default');
const ready = existsSync(corpus) && existsSync(join(bundle, 'config.json'));

describe.skipIf(!ready)(`the default model on the KMOU dev split${ready ? '' : ' (../shared/data or the bundle is absent here: skipped)'}`, () => {
  it('scores within 0.5 F1 points of the Python pipeline, and at least 0.6 F1', { timeout: 600_000 }, async () => {
    const result = await evaluateBundle(bundle, corpus);
    expect(result.sentences).toBe(931);
    expect(result.scores.micro.support).toBe(3415);
    expect(result.pythonF1).not.toBeNull();
    expect(Math.abs(result.scores.micro.f1 - (result.pythonF1 ?? 0))).toBeLessThanOrEqual(0.005);
    expect(result.scores.micro.f1).toBeGreaterThanOrEqual(0.6);
  });
});
