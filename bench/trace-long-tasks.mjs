/**
 * Where a long document's main-thread time goes: pastes a text into the built app (or types after it)
 * under Chromium's tracing, and prints each main-thread task over 50 ms with its breakdown (style
 * recalculation, layout and how many layout objects, paint, script). The bench's --long-documents
 * measures how long things take; this says why.
 *
 *   npx vite build && npx vite preview --port 4300 &
 *   node bench/trace-long-tasks.mjs 50000            # one paragraph of 50,000 characters
 *   node bench/trace-long-tasks.mjs 50000 lines      # a sentence per line
 *   TYPE=' 김민준은 서울에 갔다.' node bench/trace-long-tasks.mjs 50000   # type at the end once it is analysed
 * Env: PORT (4300), CSS (a style sheet added first, to try a change without a build), ALL=1 (every event kind).
 */
import { chromium } from 'playwright';

const size = Number(process.argv[2] ?? 10000);
const lines = process.argv[3] === 'lines';
const sentences = [
  '김민준 기자는 %일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다.',
  '한국은행은 올해 %번째 회의에서 경제성장률 전망치를 낮추고 기준금리를 동결했다.',
  '부산시는 다음 달 %일부터 해운대 해수욕장 주변 도로를 정비한다.',
  '이영희 교수 연구팀은 오후 %시 대전 카이스트에서 새 배터리 소재를 공개했다.',
  '현대자동차는 지난해 미국 시장에서 약 %만 대를 팔아 매출을 올렸다.',
];
let text = '';
for (let i = 0; text.length < size; i++) text += sentences[i % 5].replace('%', String(i + 1)) + (lines ? '\n' : ' ');
text = text.slice(0, size);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
await context.grantPermissions(['clipboard-read', 'clipboard-write']);
const page = await context.newPage();
await page.goto(`http://localhost:${process.env.PORT ?? 4300}/?model=default&backend=wasm`);
await page.getByTestId('backend').filter({ hasText: /wasm/ }).waitFor({ timeout: 120_000 });
if (process.env.CSS) {
  await page.evaluate((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, process.env.CSS);
}
const analysed = (value) => page.getByTestId('ner-output').and(page.locator(`[data-text-length="${value.length}"][data-state="done"]`)).waitFor({ timeout: 900_000 });
await page.evaluate((clip) => navigator.clipboard.writeText(clip), text);
await page.getByTestId('ner-input').focus();
await page.keyboard.press('ControlOrMeta+A');
if (process.env.TYPE) {
  await page.keyboard.press('ControlOrMeta+V');
  await analysed(text);
  await page.keyboard.press('ControlOrMeta+End');
  text += process.env.TYPE;
}
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] });
const t0 = Date.now();
if (process.env.TYPE) await page.keyboard.type(process.env.TYPE, { delay: 30 });
else await page.keyboard.press('ControlOrMeta+V');
await analysed(text);
const done = Date.now() - t0;
const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
await browser.close();

const threads = new Map();
for (const e of events) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
const main = events.filter((e) => threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && e.ph === 'X');
const tasks = main.filter((e) => e.name === 'RunTask' && e.dur > 50_000).sort((a, b) => a.ts - b.ts);
const kinds = ['FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'MinorGC', 'MajorGC', 'RunMicrotasks'];
console.log(`${size.toLocaleString('en')} characters${lines ? ' in lines' : ''}, ${process.env.TYPE ? 'typing at the end' : 'paste'} -> every mark drawn: ${done} ms; main-thread tasks over 50 ms: ${tasks.length}, longest ${Math.round(Math.max(0, ...tasks.map((t) => t.dur)) / 1000)} ms`);
for (const task of tasks) {
  const inside = main.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
  const by = new Map();
  for (const e of inside) if (process.env.ALL || kinds.includes(e.name)) by.set(e.name, (by.get(e.name) ?? 0) + e.dur / 1000);
  const layout = inside.filter((e) => e.name === 'Layout').map((e) => `${e.args?.beginData?.dirtyObjects}/${e.args?.beginData?.totalObjects}`);
  const parts = [...by].filter(([, ms]) => ms >= 1).sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${ms.toFixed(0)}`);
  console.log(`  ${Math.round(task.dur / 1000)} ms at +${Math.round((task.ts - tasks[0].ts) / 1000)} ms: ${parts.join(', ')}${layout.length ? ` (layout objects dirty/total ${layout.join(' ')})` : ''}`);
}
