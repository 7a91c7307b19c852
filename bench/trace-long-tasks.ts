/**
 * Where a long document's main-thread time goes: builds this checkout's app, pastes a bench text into it
 * (or types after it) under Chromium's tracing, and prints each main-thread task over 50 ms with its
 * breakdown (style recalculation, layout and how many layout objects, paint, script). The bench's
 * --long-documents measures how long things take; this says why.
 *
 *   npx tsx bench/trace-long-tasks.ts 50000                  # one paragraph of 50,000 characters
 *   npx tsx bench/trace-long-tasks.ts 50000 --paragraphs 4   # a line break after every 4 sentences
 *   TYPE=' 김민준은 서울에 갔다.' npx tsx bench/trace-long-tasks.ts 50000   # type at the end once it is analysed
 * Env: CSS (a style sheet added first, to try a change without a build), ALL=1 (every event kind), DATA (../shared/data),
 *   WARM=1 (trace the paste of a second text, after a first one is analysed: no first-analysis costs; not with TYPE),
 *   MIN_MS (the task length printed, default 50; e.g. MIN_MS=3 for a 1,000-character paste's whole timeline),
 *   WORKERS=1 (the worker threads' tasks too, each line naming its thread).
 * Texts: bench/texts.ts (KMOU dev and KLUE sentences, as `npm run bench` uses).
 */
import { resolve } from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_FLAGS, buildCurrentApp, openApp } from './app-bench';
import { serveBench } from './serve';
import { benchTexts } from './texts';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur: number;
  readonly args?: { name?: string; beginData?: { dirtyObjects?: number; totalObjects?: number } };
}

const size = Number(process.argv[2] ?? 10000);
const paragraphsAt = process.argv.indexOf('--paragraphs');
const paragraphs = paragraphsAt > 0 ? Number(process.argv[paragraphsAt + 1]) : 0;
const typed = process.env.TYPE ?? '';
// WARM=1: a first text is pasted and analysed untraced, and the trace is of a second, unseen one (as the bench's repeats)
const warm = process.env.WARM === '1' && !typed;
const joined = benchTexts(process.env.DATA ?? resolve('..', 'shared', 'data'), [warm ? 2 * size : size], paragraphs).get(warm ? 2 * size : size)!;
let text = joined.slice(0, size);
const second = joined.slice(size);

const build = buildCurrentApp((message) => console.error(message));
const server = await serveBench({ '/': build.dist });
// a browser of its own (not a persistent context): tracing is the browser's
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const page = await openApp(context, server.origin);
  if (process.env.CSS) {
    await page.evaluate((css) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }, process.env.CSS);
  }
  const analysed = (value: string) =>
    page.getByTestId('ner-output').and(page.locator(`[data-text-length="${value.length}"][data-state="done"]`)).waitFor({ timeout: 900_000 });
  await page.evaluate((clip) => navigator.clipboard.writeText(clip), text);
  await page.getByTestId('ner-input').focus();
  await page.keyboard.press('ControlOrMeta+A');
  if (typed || warm) {
    // untraced: the text to type after, or the first of two pastes
    await page.keyboard.press('ControlOrMeta+V');
    await analysed(text);
    if (typed) {
      await page.keyboard.press('ControlOrMeta+End');
      text += typed;
    } else {
      text = second;
      await page.evaluate((clip) => navigator.clipboard.writeText(clip), text);
      await page.keyboard.press('ControlOrMeta+A');
    }
  }
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] });
  const t0 = Date.now();
  if (typed) await page.keyboard.type(typed, { delay: 30 });
  else await page.keyboard.press('ControlOrMeta+V');
  await analysed(text);
  const done = Date.now() - t0;
  const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  report(events, done);
} finally {
  await browser.close();
  server.server.close();
}

function report(events: TraceEvent[], done: number): void {
  const threads = new Map<string, string | undefined>();
  for (const e of events) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name);
  const minUs = Number(process.env.MIN_MS ?? 50) * 1000;
  const shown = (thread: string | undefined) => thread === 'CrRendererMain' || (process.env.WORKERS === '1' && thread === 'DedicatedWorker thread');
  const all = events.filter((e) => shown(threads.get(`${e.pid}:${e.tid}`)) && e.ph === 'X');
  const main = all.filter((e) => threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
  const tasks = all.filter((e) => e.name === 'RunTask' && e.dur > minUs).sort((a, b) => a.ts - b.ts);
  const kinds = ['FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'MinorGC', 'MajorGC', 'RunMicrotasks'];
  const breakdown = (inside: TraceEvent[]) => {
    const by = new Map<string, number>();
    for (const e of inside) if (process.env.ALL || kinds.includes(e.name)) by.set(e.name, (by.get(e.name) ?? 0) + e.dur / 1000);
    return [...by].filter(([, ms]) => ms >= 1).sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(', ');
  };
  const what = `${size.toLocaleString('en')} characters${paragraphs ? ` in paragraphs of ${paragraphs} sentences` : ''}, ${typed ? 'typing at the end' : 'paste'}`;
  console.log(`${what} -> every mark drawn: ${done} ms; tasks over ${minUs / 1000} ms: ${tasks.length}, longest ${Math.round(Math.max(0, ...tasks.map((t) => t.dur)) / 1000)} ms`);
  console.log(`  main thread in all: ${breakdown(main.filter((e) => e.name !== 'RunTask'))}`);
  for (const task of tasks) {
    const inside = all.filter((e) => e !== task && e.tid === task.tid && e.pid === task.pid && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const layout = inside.filter((e) => e.name === 'Layout').map((e) => `${e.args?.beginData?.dirtyObjects}/${e.args?.beginData?.totalObjects}`);
    const thread = threads.get(`${task.pid}:${task.tid}`) === 'CrRendererMain' ? '' : `[worker ${task.tid}] `;
    console.log(`  ${thread}${Math.round(task.dur / 1000)} ms at +${Math.round((task.ts - tasks[0].ts) / 1000)} ms: ${breakdown(inside)}${layout.length ? ` (layout objects dirty/total ${layout.join(' ')})` : ''}`);
  }
}
