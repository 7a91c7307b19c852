/**
 * The app as a user meets it, in headless Chromium: edit latency (type one short sentence at
 * the end of a document, from the last keystroke to the first frame with that text's marks)
 * and cold start from the browser's cache (a second visit: navigation to ready). Runs on the
 * built app (`vite build`), served cross-origin isolated; with `baseline`, on a second build
 * (another commit) in the same run, taking turns, so the two are compared under the same load.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { serveBench } from './serve';

export interface AppBuild {
  readonly name: string;
  /** The built app (vite build's outDir). */
  readonly dist: string;
}

export interface AppBenchOptions {
  readonly builds: readonly AppBuild[];
  readonly texts: ReadonlyMap<number, string>;
  /** Typed sentences per size (each one a measurement). */
  readonly edits: number;
  /** Cold starts from the cache per build (the builds take turns). */
  readonly coldStarts: number;
  readonly log: (message: string) => void;
}

export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const APP_QUERY = '?model=default&backend=wasm';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Builds the app of commit `revision` (git archive, this checkout's node_modules) into a temporary folder. */
export function buildAppAt(revision: string, log: (message: string) => void): { build: AppBuild; cleanUp(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'bench-app-'));
  log(`building the app at ${revision} in ${folder}`);
  execFileSync('sh', ['-c', `git archive ${JSON.stringify(revision)} | tar -x -C ${JSON.stringify(folder)}`], { stdio: 'inherit' });
  symlinkSync(resolve('node_modules'), join(folder, 'node_modules'), 'dir');
  // the models are not in git's archive when they are large files: take this checkout's
  if (!existsSync(join(folder, 'public/models/default/onnx/model.onnx'))) execFileSync('cp', ['-r', 'public/models', join(folder, 'public/')]);
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: folder, stdio: 'inherit' });
  return { build: { name: revision, dist: join(folder, 'dist') }, cleanUp: () => rmSync(folder, { recursive: true, force: true }) };
}

/** The current checkout's app, built into bench/app-dist. */
export function buildCurrentApp(log: (message: string) => void): AppBuild {
  log('building the app (this checkout)');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', 'bench/app-dist'], { stdio: 'inherit' });
  return { name: 'this checkout', dist: resolve('bench/app-dist') };
}

export async function openApp(context: BrowserContext, origin: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/${APP_QUERY}`);
  await page.getByTestId('backend').filter({ hasText: /wasm/ }).waitFor({ timeout: 180_000 });
  // Measured unstyled, a page is another page (the text box 180 px wide in a 13 px monospace font):
  // a stylesheet served with the wrong type is refused without an error the page can see.
  const styled = await page.evaluate(() => [...document.styleSheets].some((sheet) => sheet.cssRules.length > 0));
  if (!styled) throw new Error(`the app at ${origin} has no stylesheet applied: is its CSS served as text/css?`);
  return page;
}

/** Sets the text (not typed) and waits until its marks are shown. */
async function setText(page: Page, text: string): Promise<void> {
  await page.getByTestId('ner-input').fill(text);
  await page.waitForFunction((length) => {
    const output = document.querySelector<HTMLElement>('[data-testid="ner-output"]');
    return output?.dataset.textLength === String(length) && output.dataset.state === 'done';
  }, text.length, { timeout: 300_000 });
}

/** Types `sentence` at the end; ms from its last keystroke to the first frame with the final text's marks. */
async function typeAtEnd(page: Page, sentence: string): Promise<number> {
  const input = page.getByTestId('ner-input');
  const finalLength = (await input.inputValue()).length + sentence.length;
  await page.evaluate((length) => {
    const output = document.querySelector<HTMLElement>('[data-testid="ner-output"]')!;
    const timing = { lastInput: 0, shown: 0 };
    (window as Window & { __edit?: typeof timing }).__edit = timing;
    document.addEventListener('input', () => (timing.lastInput = performance.now()), { capture: true });
    const observer = new MutationObserver(() => {
      if (output.dataset.state === 'done' && output.dataset.textLength === String(length)) {
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => (timing.shown = performance.now())));
      }
    });
    observer.observe(output, { attributes: true, childList: true, subtree: true });
  }, finalLength);
  await input.focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(sentence, { delay: 40 });
  await page.waitForFunction(() => (window as Window & { __edit?: { shown: number } }).__edit!.shown > 0, null, { timeout: 120_000 });
  const { lastInput, shown } = await page.evaluate(() => (window as Window & { __edit?: { lastInput: number; shown: number } }).__edit!);
  return shown - lastInput;
}

/**
 * Set on every page of a bench context: the times (performance.now(), from navigation start) the
 * backend indicator first names a backend (the model is ready) and the output first shows the marks
 * of the page's text (state done), seen by a MutationObserver in the page. A string, so the bench's
 * TypeScript transform adds nothing the page lacks.
 */
const READY_OBSERVER = `window.__readyAt = 0;
window.__marksAt = 0;
new MutationObserver(function () {
  if (!window.__readyAt && document.querySelector('[data-testid="backend"]:not([data-backend=""])')) window.__readyAt = performance.now();
  if (!window.__marksAt && document.querySelector('[data-testid="ner-output"][data-state="done"]')) window.__marksAt = performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true });`;

/**
 * Navigation start -> the model is ready, and -> the first marks, as the page saw them: reading the
 * clock after Playwright's wait added up to its polling interval (hundreds of ms). "Ready" alone could
 * be moved earlier by work deferred past it (a warm-up run after the signal): the first marks cannot.
 */
async function coldStart(context: BrowserContext, origin: string): Promise<{ ready: number; marks: number }> {
  const page = await openApp(context, origin);
  await page.waitForFunction(() => ((window as Window & { __marksAt?: number }).__marksAt ?? 0) > 0, null, { timeout: 120_000 });
  const [ready, marks] = await page.evaluate(() => {
    const clock = window as Window & { __readyAt?: number; __marksAt?: number };
    return [clock.__readyAt ?? 0, clock.__marksAt ?? 0];
  });
  await page.close();
  if (!(ready > 0)) throw new Error(`the page at ${origin} became ready but its observer saw no backend named`);
  return { ready, marks };
}

export async function benchApp(options: AppBenchOptions) {
  const { builds, texts, edits, coldStarts, log } = options;
  const servers = await Promise.all(builds.map((build) => serveBench({ '/': build.dist })));
  const contexts: BrowserContext[] = [];
  const folders: string[] = [];
  try {
    const pages: Page[] = [];
    const cold: number[][] = builds.map(() => []);
    const coldMarks: number[][] = builds.map(() => []);
    for (const [index, build] of builds.entries()) {
      const folder = mkdtempSync(join(tmpdir(), 'bench-app-chromium-'));
      folders.push(folder);
      const context = await chromium.launchPersistentContext(folder, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
      await context.addInitScript({ content: READY_OBSERVER });
      contexts.push(context);
      // the first visit fills the cache (and the service worker's precache)
      const first = await openApp(context, servers[index].origin);
      await first.close();
      log(`${build.name}: first visit done`);
    }
    // cold starts from the cache, taking turns
    for (let run = 0; run < coldStarts; run++) {
      for (const [index] of builds.entries()) {
        const { ready, marks } = await coldStart(contexts[index], servers[index].origin);
        cold[index].push(ready);
        coldMarks[index].push(marks);
      }
    }
    for (const [index] of builds.entries()) pages.push(await openApp(contexts[index], servers[index].origin));
    const editLatency: Record<number, number[]>[] = builds.map(() => ({}));
    for (const size of [...texts.keys()].sort((a, b) => a - b)) {
      for (const page of pages) await setText(page, texts.get(size)!);
      for (let edit = 0; edit < edits; edit++) {
        for (const [index, page] of pages.entries()) {
          (editLatency[index][size] ??= []).push(await typeAtEnd(page, ` 김민준은 서울에 갔다${edit}.`));
        }
      }
      log(`edit latency at ${size} chars: ${builds.map((build, index) => `${build.name} ${median(editLatency[index][size]).toFixed(0)} ms`).join(', ')}`);
    }
    return builds.map((build, index) => {
      const sizes = Object.fromEntries(Object.entries(editLatency[index]).map(([size, runs]) => [size, { msMedian: median(runs), runs: runs.map(Math.round) }]));
      return {
        build: build.name,
        coldStartFromCacheMs: { msMedian: median(cold[index]), runs: cold[index].map(Math.round) },
        coldStartToMarksFromCacheMs: { msMedian: median(coldMarks[index]), runs: coldMarks[index].map(Math.round) },
        editLatency: sizes,
      };
    });
  } finally {
    for (const context of contexts) await context.close();
    for (const { server } of servers) server.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Long documents as a person feels them, timed in the page (performance.now(), a MutationObserver on
 * the highlighted text): paste -> every mark drawn, type a sentence at the end -> every mark of the
 * new text, and type a sentence 0.5 s after a paste (while the pasted text is analysed) -> the mark of
 * the name its last key completes (only an analysis of the final text gives it). Every paste is of a text the page has not seen (the worker keeps what it analysed). The
 * builds take turns, measure by measure, so a change in the machine's load hits them alike.
 */
export interface LongDocumentOptions {
  readonly builds: readonly AppBuild[];
  readonly sizes: readonly number[];
  /** A long text to cut distinct pieces from: every (size, repeat) pastes characters of its own. */
  readonly corpus: string;
  readonly repeats: number;
  /** Ports to serve the builds on (one each); absent: any free port. */
  readonly ports?: readonly number[];
  readonly log: (message: string) => void;
}

/** The page's clock of one measure: when it started and ended, and the longest main-thread task meanwhile. */
interface InPageTiming {
  readonly ms: number;
  readonly longestTaskMs: number;
  /** Typed measures: from the first key to the last (what a person waited on the text box itself). */
  readonly typingMs: number;
}

/**
 * Installed before each measure: times from `start` (the paste event, or the last key's keydown) to the
 * first frame after `done(output)` holds; the longest task the page saw between them.
 */
async function armTiming(page: Page, start: 'paste' | 'lastInput', finalLength: number, markEnd: number | null): Promise<void> {
  await page.evaluate(
    ({ start, finalLength, markEnd }) => {
      const output = document.querySelector<HTMLElement>('[data-testid="ner-output"]')!;
      const timing = { started: 0, shown: 0, longestTaskMs: 0, firstKey: 0 };
      (window as Window & { __longDoc?: typeof timing }).__longDoc = timing;
      if (start === 'paste') document.addEventListener('paste', () => (timing.started = performance.now()), { capture: true, once: true });
      else {
        // from the last key's keydown (or its beforeinput: text typed without a key event), before the
        // text box inserts it: what the text box itself costs a key is part of what a person waits for
        let keydownAt: number | null = null;
        document.addEventListener('keydown', (event) => (keydownAt = event.timeStamp), { capture: true });
        document.addEventListener(
          'beforeinput',
          (event) => {
            timing.started = keydownAt ?? event.timeStamp;
            keydownAt = null;
            if (timing.firstKey === 0) timing.firstKey = timing.started;
          },
          { capture: true },
        );
      }
      const tasks = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (timing.shown === 0) timing.longestTaskMs = Math.max(timing.longestTaskMs, entry.duration);
      });
      tasks.observe({ type: 'longtask' });
      // (no named function here: the bench's TypeScript transform would wrap it in a helper the page lacks)
      const observer = new MutationObserver(() => {
        if (timing.started === 0 || output.dataset.textLength !== String(finalLength)) return;
        // markEnd: a mark ending there is drawn (the name the last key completed: only an analysis of the
        // final text marks it; the rest may still be analysed); else every mark of the final text
        if (markEnd === null ? output.dataset.state === 'done' : output.querySelector(`mark[data-end="${markEnd}"]`) !== null) {
          observer.disconnect();
          requestAnimationFrame(() =>
            setTimeout(() => {
              timing.shown = performance.now();
              tasks.disconnect();
            }),
          );
        }
      });
      observer.observe(output, { attributes: true, childList: true, subtree: true, characterData: true });
    },
    { start, finalLength, markEnd },
  );
}

async function readTiming(page: Page): Promise<InPageTiming> {
  await page.waitForFunction(() => ((window as Window & { __longDoc?: { shown: number } }).__longDoc?.shown ?? 0) > 0, null, { timeout: 600_000, polling: 50 });
  const { started, shown, longestTaskMs, firstKey } = await page.evaluate(
    () => (window as Window & { __longDoc?: { started: number; shown: number; longestTaskMs: number; firstKey: number } }).__longDoc!,
  );
  return { ms: shown - started, longestTaskMs, typingMs: firstKey === 0 ? 0 : started - firstKey };
}

async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((clip) => navigator.clipboard.writeText(clip), text);
  const input = page.getByTestId('ner-input');
  await input.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

/**
 * The pipeline's own time for the text on show (tokenize + model + CRF, as the status line gives them), and
 * the request's round trip (the status line's total: from posting the request to receiving its answer), in ms.
 */
async function statusLineTimes(page: Page): Promise<{ pipeline: number; roundTrip: number }> {
  const status = await page.getByTestId('status').innerText();
  const part = (name: string) => {
    const match = new RegExp(`${name} ([\\d,.]+) (ms|s)`).exec(status);
    if (!match) throw new Error(`bench: no "${name}" time in the status line "${status}"`);
    return Number(match[1].replace(/,/g, '')) * (match[2] === 's' ? 1000 : 1);
  };
  return { pipeline: part('tokenize') + part('model') + part('CRF'), roundTrip: part('total') };
}

/**
 * Sentences typed at the end, different each time (never a kept group). Typed during an analysis: it
 * ends with a name the model marks (0.998 in every context tried), which its last key completes. Typed
 * after one: it ends otherwise, so that the next text's name is never the end of the text before, whose
 * mark, moved with the edit, would stand on the new text's last characters before any analysis of it.
 */
const TYPED_AFTER = (n: number) => ` 서울에서 ${n}번째로 만난 사람은 김민준이다.`;
const TYPED_DURING = (n: number) => ` 서울에서 ${n}번째로 만난 사람은 김민준`;

export async function benchLongDocuments(options: LongDocumentOptions) {
  const { builds, sizes, corpus, repeats, log } = options;
  const servers = await Promise.all(builds.map((build, index) => serveBench({ '/': build.dist }, options.ports?.[index])));
  const contexts: BrowserContext[] = [];
  const folders: string[] = [];
  let cursor = 0;
  const nextText = (size: number) => {
    if (cursor + size > corpus.length) throw new Error(`bench: the corpus has ${corpus.length} characters, expected at least ${cursor + size}`);
    // from a word start, so each text starts as a pasted text would
    const start = corpus.indexOf(' ', cursor) + 1;
    cursor = start + size;
    return corpus.slice(start, start + size);
  };
  type Row = { pasteToAllMarks: InPageTiming[]; pipeline: number[]; roundTrip: number[]; typeAtEnd: InPageTiming[]; typeDuringAnalysis: InPageTiming[]; pasteToAllMarksWithTyping: number[] };
  const rows: Record<number, Row>[] = builds.map(() => ({}));
  try {
    const pages: Page[] = [];
    for (const [index, build] of builds.entries()) {
      const folder = mkdtempSync(join(tmpdir(), 'bench-app-chromium-'));
      folders.push(folder);
      const context = await chromium.launchPersistentContext(folder, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1400, height: 900 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: servers[index].origin });
      contexts.push(context);
      pages.push(await openApp(context, servers[index].origin));
      log(`${build.name}: ready`);
    }
    let typedCount = 0;
    for (const size of [...sizes].sort((a, b) => a - b)) {
      for (let repeat = 0; repeat < repeats; repeat++) {
        const pasted = nextText(size);
        const pastedWhileTyping = nextText(size);
        for (const [index, page] of pages.entries()) {
          const row = (rows[index][size] ??= { pasteToAllMarks: [], pipeline: [], roundTrip: [], typeAtEnd: [], typeDuringAnalysis: [], pasteToAllMarksWithTyping: [] });
          // paste -> every mark drawn
          await armTiming(page, 'paste', pasted.length, null);
          await paste(page, pasted);
          row.pasteToAllMarks.push(await readTiming(page));
          const { pipeline, roundTrip } = await statusLineTimes(page);
          row.pipeline.push(pipeline);
          row.roundTrip.push(roundTrip);
          // type a sentence at the end -> its text's marks (all of them)
          const sentence = TYPED_AFTER(typedCount++);
          await armTiming(page, 'lastInput', pasted.length + sentence.length, null);
          await page.keyboard.press('ControlOrMeta+End');
          await page.keyboard.type(sentence, { delay: 40 });
          row.typeAtEnd.push(await readTiming(page));
          // type 0.5 s after a paste, while it is analysed -> the typed sentence's marks
          const during = TYPED_DURING(typedCount++);
          const finalLength = pastedWhileTyping.length + during.length;
          await paste(page, pastedWhileTyping);
          const pastedAt = await page.evaluate(() => performance.now());
          await page.waitForTimeout(500);
          await armTiming(page, 'lastInput', finalLength, finalLength);
          await page.keyboard.press('ControlOrMeta+End');
          await page.keyboard.type(during, { delay: 40 });
          row.typeDuringAnalysis.push(await readTiming(page));
          // and the rest of that analysis: paste -> every mark of the final text
          await page.waitForFunction(
            (length) => {
              const output = document.querySelector<HTMLElement>('[data-testid="ner-output"]');
              return output?.dataset.textLength === String(length) && output.dataset.state === 'done';
            },
            finalLength,
            { timeout: 600_000, polling: 50 },
          );
          row.pasteToAllMarksWithTyping.push((await page.evaluate(() => performance.now())) - pastedAt);
        }
        const last = (index: number) => {
          const row = rows[index][size];
          const at = row.pasteToAllMarks.length - 1;
          return `${builds[index].name}: paste ${row.pasteToAllMarks[at].ms.toFixed(0)} ms (pipeline ${row.pipeline[at].toFixed(0)}, round trip ${row.roundTrip[at].toFixed(0)}), type ${row.typeAtEnd[at].ms.toFixed(0)} ms, during ${row.typeDuringAnalysis[at].ms.toFixed(0)} ms`;
        };
        log(`${size} chars, run ${repeat + 1}/${repeats}: ${builds.map((_, index) => last(index)).join('; ')}`);
      }
    }
    const summary = (timings: InPageTiming[]) => ({
      msMedian: median(timings.map((t) => t.ms)),
      runs: timings.map((t) => Math.round(t.ms)),
      longestTaskMs: Math.round(Math.max(...timings.map((t) => t.longestTaskMs))),
      typingMsMedian: Math.round(median(timings.map((t) => t.typingMs))),
    });
    return builds.map((build, index) => ({
      build: build.name,
      sizes: Object.fromEntries(
        Object.entries(rows[index]).map(([size, row]) => [
          size,
          {
            pasteToEveryMark: summary(row.pasteToAllMarks),
            pipelineInPage: { msMedian: median(row.pipeline), runs: row.pipeline.map(Math.round) },
            // request posted -> answer received (worker queue, pipeline, spans, messages): the rest of paste -> every mark is the page's
            requestRoundTrip: { msMedian: median(row.roundTrip), runs: row.roundTrip.map(Math.round) },
            pasteToEveryMarkOverPipeline: median(row.pasteToAllMarks.map((t, run) => t.ms / row.pipeline[run])),
            typeAtEndToMarks: summary(row.typeAtEnd),
            typeDuringAnalysisToItsMarks: summary(row.typeDuringAnalysis),
            pasteWithTypingToEveryMark: { msMedian: median(row.pasteToAllMarksWithTyping), runs: row.pasteToAllMarksWithTyping.map(Math.round) },
          },
        ]),
      ),
    }));
  } finally {
    for (const context of contexts) await context.close();
    for (const { server } of servers) server.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  }
}
