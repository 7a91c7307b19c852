/** Shared steps of the end-to-end tests: open the app, set text, read the marks, ask Node. */
import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { loadNodePipeline, type NodePipeline } from '../src/runtime/ort-node';
import type { Entity } from '../src/core/pipeline';

/** The bundle the app picks by default (model-choice.ts): the trained one once it is there. */
export const TRAINED_MODEL_PRESENT = existsSync('public/models/default/config.json');
export const APP_DEFAULT_MODEL = TRAINED_MODEL_PRESENT ? 'default' : 'tiny-random';

export interface MarkInfo {
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly title: string;
}

export interface OpenOptions {
  readonly model?: string;
  readonly backend?: 'auto' | 'wasm' | 'webgpu';
  /** false: the bundle's fp32 file (`quantized=0`) */
  readonly quantized?: boolean;
}

/** Opens the app and waits until the model is ready (the backend indicator names one). */
export async function openApp(page: Page, options: OpenOptions = {}): Promise<void> {
  const params = new URLSearchParams();
  if (options.model) params.set('model', options.model);
  if (options.backend) params.set('backend', options.backend);
  if (options.quantized === false) params.set('quantized', '0');
  await page.goto(`/?${params}`);
  await expect(page.getByTestId('backend')).toHaveText(/webgpu|wasm/, { timeout: 120_000 });
}

/** Replaces the text and waits for the analysis of exactly that text. */
export async function analyzeText(page: Page, text: string, timeout = 60_000): Promise<MarkInfo[]> {
  // the text box is in Analyse (and Annotate): from another view, open Analyse first
  if (!(await page.getByTestId('ner-input').isVisible())) await gotoView(page, 'analyse');
  await page.getByTestId('ner-input').fill(text);
  await waitForAnalysis(page, text, timeout);
  return readMarks(page);
}

export async function waitForAnalysis(page: Page, text: string, timeout = 60_000): Promise<void> {
  // the highlighted text is drawn in Analyse and Annotate only: from another view, open Analyse
  if ((await page.getByTestId('ner-output').count()) === 0) await gotoView(page, 'analyse');
  const output = page.getByTestId('ner-output');
  await expect(output).toHaveAttribute('data-text-length', String(text.length), { timeout });
  await expect(output).toHaveAttribute('data-state', 'done', { timeout });
}

export function readMarks(page: Page): Promise<MarkInfo[]> {
  return page.getByTestId('ner-output').evaluate((output) =>
    [...output.querySelectorAll('mark')].map((mark) => ({
      label: mark.dataset.label ?? '',
      start: Number(mark.dataset.start),
      end: Number(mark.dataset.end),
      text: mark.textContent ?? '',
      title: mark.title,
    })),
  );
}

export interface StoredDocument {
  readonly text: string;
  readonly entities: { start: number; end: number; label: string; source: string; status?: string }[];
}

/** The documents as stored in the page's IndexedDB (src/storage/workspace-db.ts), read directly. */
export function storedDocuments(page: Page): Promise<StoredDocument[]> {
  return storedValues(page, 'documents') as Promise<StoredDocument[]>;
}

/**
 * Every value of one object store of the page's workspace database, read directly; a typed array comes
 * back as the string `Int32Array(length)` (what it is, not its contents).
 */
export function storedValues(page: Page, store: 'documents' | 'unsaved' | 'settings'): Promise<unknown[]> {
  return page.evaluate(
    (name) =>
      new Promise<unknown[]>((resolve, reject) => {
        const describe = (value: unknown): unknown => {
          if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length})`;
          if (Array.isArray(value)) return value.map(describe);
          if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)]));
          return value;
        };
        const open = indexedDB.open('korean-ner-workspace');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result.map(describe));
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

const nodePipelines = new Map<string, Promise<NodePipeline>>();

/** The same bundle's entities through onnxruntime-node (the CLI's runtime); quantized false: its fp32 file. */
export async function nodeEntities(modelId: string, text: string, quantized = true): Promise<Entity[]> {
  const key = `${modelId}:${quantized}`;
  let pipeline = nodePipelines.get(key);
  if (!pipeline) {
    pipeline = loadNodePipeline(`public/models/${modelId}`, { quantized });
    nodePipelines.set(key, pipeline);
  }
  return (await (await pipeline).pipeline.analyze(text)).entities;
}

/** Marks and entities as comparable rows: offsets, label and text. */
export function spansOf(items: readonly { start: number; end: number; label: string; text: string }[]) {
  return items.map(({ start, end, label, text }) => ({ start, end, label, text }));
}

/** Korean news-style text of at least `length` characters (sentences written for the tests). */
export function koreanText(length: number): string {
  const sentences = [
    '김민준 기자는 24일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다.',
    '한국은행은 올해 경제성장률 전망치를 2.1%로 낮추고 기준금리를 동결했다.',
    '부산시는 다음 달 1일부터 3개월 동안 해운대 해수욕장 주변 도로를 정비한다.',
    '이영희 교수 연구팀은 오후 2시 대전 카이스트에서 새 배터리 소재를 공개했다.',
    '현대자동차는 지난해 미국 시장에서 약 90만 대를 팔아 12조 원의 매출을 올렸다.',
  ];
  let text = '';
  for (let index = 0; text.length < length; index++) text += sentences[index % sentences.length] + (index % 4 === 3 ? '\n' : ' ');
  return text.slice(0, length);
}

export type ViewName = 'analyse' | 'annotate' | 'documents' | 'models';

/** Opens a view by its link in the header, as a person does (nothing when it is open already), and waits until it shows. */
export async function gotoView(page: Page, view: ViewName): Promise<void> {
  const link = page.getByTestId(`view-${view}`);
  if ((await link.getAttribute('aria-current')) !== 'page') await link.click();
  await expect(link).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId(`view-section-${view}`)).toBeVisible();
}

/** Analyse with its masked copy shown (shown false: its entity list), one toggle away. */
export async function showMasked(page: Page, shown = true): Promise<void> {
  await gotoView(page, 'analyse');
  const toggle = page.getByTestId(shown ? 'show-masked' : 'show-entities');
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await expect(page.getByTestId(shown ? 'masked-view' : 'entity-list')).toBeVisible();
}

/** axe-core's serious and critical violations on the page as it is now, as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}
