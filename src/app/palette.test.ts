/**
 * The highlight colours, read from app.css as the browser gets them: text on every type's fill
 * keeps a contrast of at least 4.5:1 (WCAG AA) in both themes, and the model's ten types' fills
 * stay apart (CIE76 ΔE ≥ 10) for normal vision and simulated protanopia, deuteranopia and
 * tritanopia (Machado, Oliveira & Fernandes 2009, severity 1, in linear RGB).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CSS = readFileSync(new URL('./app.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const MODEL_TYPES = ['PER', 'ORG', 'LOC', 'POH', 'DAT', 'TIM', 'DUR', 'MNY', 'PNT', 'NOH'];
/** KLUE-NER's types: the page shows one tag set at a time, so each set's fills must stay apart from each other. */
const KLUE_TYPES = ['PS', 'LC', 'OG', 'DT', 'TI', 'QT'];
const MIN_CONTRAST = 4.5;
const MIN_DELTA_E = 10;

type Rgb = readonly [number, number, number];

function hex(value: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value.trim());
  if (!match) throw new Error(`expected a #rrggbb colour, got ${JSON.stringify(value)}`);
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}

/** The custom properties of the rule whose selector is exactly `selector`. */
function properties(selector: string): Map<string, string> {
  const rules = [...CSS.matchAll(/([^{}]+)\{([^{}]*)\}/g)].filter(([, s]) => s.trim().split(/\s*,\s*/).includes(selector));
  if (rules.length === 0) throw new Error(`expected a rule for ${selector} in app.css, got none`);
  const found = new Map<string, string>();
  for (const [, , body] of rules) for (const [, name, value] of body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) found.set(name, value.trim());
  return found;
}

function fills(theme: 'light' | 'dark'): Map<string, Rgb> {
  const labels = [...new Set([...CSS.matchAll(/\[data-label='([A-Z]+)'\]/g)].map((m) => m[1]))];
  return new Map(labels.map((label) => [label, hex(properties(`[data-label='${label}']`).get(`--fill-${theme}`) ?? 'missing')]));
}

const textColour = (theme: 'light' | 'dark'): Rgb => hex(properties(theme === 'light' ? ':root' : ":root[data-theme='dark']").get('--text') ?? 'missing');

function linear(rgb: Rgb): Rgb {
  return rgb.map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)) as unknown as Rgb;
}

function luminance(rgb: Rgb): number {
  const [r, g, b] = linear(rgb);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

// shape: (3, 3), row-major; applied to linear RGB column vectors.
const DEFICIENCIES: Readonly<Record<string, readonly number[]>> = {
  normal: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
  tritanopia: [1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.3039],
};

/** CIE L*a*b* (D65) of a colour as seen with the deficiency. */
function labAs(rgb: Rgb, matrix: readonly number[]): Rgb {
  const l = linear(rgb);
  const seen = [0, 1, 2].map((row) => Math.min(1, Math.max(0, matrix[row * 3] * l[0] + matrix[row * 3 + 1] * l[1] + matrix[row * 3 + 2] * l[2])));
  const [r, g, b] = seen;
  const xyz = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883];
  const f = xyz.map((t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116));
  return [116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])];
}

function closestPair(colours: Map<string, Rgb>, matrix: readonly number[]): { pair: string; deltaE: number } {
  const entries = [...colours].map(([label, rgb]) => [label, labAs(rgb, matrix)] as const);
  let best = { pair: '', deltaE: Number.POSITIVE_INFINITY };
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const deltaE = Math.hypot(...entries[i][1].map((v, k) => v - entries[j][1][k]));
      if (deltaE < best.deltaE) best = { pair: `${entries[i][0]}/${entries[j][0]}`, deltaE };
    }
  }
  return best;
}

describe.each(['light', 'dark'] as const)('the %s theme', (theme) => {
  it('has a fill for every model type and identifier family', () => {
    const all = fills(theme);
    for (const type of [...MODEL_TYPES, ...KLUE_TYPES, 'PHONE', 'RRN', 'CARD']) expect(all.has(type), type).toBe(true);
  });

  it(`keeps text on every fill at a contrast of at least ${MIN_CONTRAST}:1 (the marks and their type tags)`, () => {
    const text = textColour(theme);
    const surface = hex(properties(theme === 'light' ? ':root' : ":root[data-theme='dark']").get('--surface') ?? 'missing');
    const low = [...fills(theme)].map(([label, fill]) => ({ label, ratio: contrast(text, fill) })).filter((x) => x.ratio < MIN_CONTRAST);
    expect(low).toEqual([]);
    // The tag after each mark: text on the surface colour.
    expect(contrast(text, surface)).toBeGreaterThanOrEqual(MIN_CONTRAST);
  });

  it.each(Object.keys(DEFICIENCIES))(`keeps the ten model types' fills apart (ΔE ≥ ${MIN_DELTA_E}) with %s`, (deficiency) => {
    const model = new Map([...fills(theme)].filter(([label]) => MODEL_TYPES.includes(label)));
    expect(model.size).toBe(MODEL_TYPES.length);
    const { pair, deltaE } = closestPair(model, DEFICIENCIES[deficiency]);
    expect(deltaE, `closest pair ${pair}`).toBeGreaterThanOrEqual(MIN_DELTA_E);
  });
});

describe.each(['light', 'dark'] as const)('KLUE-NER types in the %s theme', (theme) => {
  it.each(Object.keys(DEFICIENCIES))(`keeps the six KLUE-NER types' fills apart (ΔE ≥ ${MIN_DELTA_E}) with %s`, (deficiency) => {
    const klue = new Map([...fills(theme)].filter(([label]) => KLUE_TYPES.includes(label)));
    expect(klue.size).toBe(KLUE_TYPES.length);
    const { pair, deltaE } = closestPair(klue, DEFICIENCIES[deficiency]);
    expect(deltaE, `closest pair ${pair}`).toBeGreaterThanOrEqual(MIN_DELTA_E);
  });

  it('gives each KLUE-NER type a colour of its own, not a KMOU type\'s (ΔE ≥ 5 from every KMOU fill)', () => {
    const all = fills(theme);
    for (const klue of KLUE_TYPES) {
      for (const kmou of MODEL_TYPES) {
        const deltaE = Math.hypot(...labAs(all.get(klue)!, DEFICIENCIES.normal).map((v, k) => v - labAs(all.get(kmou)!, DEFICIENCIES.normal)[k]));
        expect(deltaE, `${klue}/${kmou}`).toBeGreaterThanOrEqual(5);
      }
    }
  });
});

describe('the check itself', () => {
  it('finds the issue’s old palette failing: ORG and NOH both blue, PER and PNT red/pink', () => {
    const old = new Map<string, Rgb>([
      ['PER', hex('#ffd9d6')],
      ['ORG', hex('#d6e6ff')],
      ['LOC', hex('#d5f2dc')],
      ['NOH', hex('#e0e4f7')],
      ['PNT', hex('#ffd9ee')],
    ]);
    expect(closestPair(old, DEFICIENCIES.normal).deltaE).toBeLessThan(MIN_DELTA_E);
    expect(closestPair(old, DEFICIENCIES.deuteranopia).deltaE).toBeLessThan(MIN_DELTA_E);
    expect(contrast(hex('#1d2330'), hex('#5f6b7a'))).toBeLessThan(MIN_CONTRAST);
  });
});
