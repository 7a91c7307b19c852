import { expect, test, type Page } from '@playwright/test';
import { analyzeText, APP_DEFAULT_MODEL, koreanText, nodeEntities, openApp, readMarks, spansOf, waitForAnalysis, type MarkInfo, gotoView } from './helpers';

const NEWS = '김민준 기자는 24일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다. 삼성전자는 올해 반도체 부문에 25조 원을 투자한다.';

function expectMarksMatchText(text: string, marks: readonly MarkInfo[]): void {
  let previousEnd = 0;
  for (const mark of marks) {
    expect(Number.isInteger(mark.start) && Number.isInteger(mark.end), JSON.stringify(mark)).toBe(true);
    expect(mark.start).toBeGreaterThanOrEqual(previousEnd);
    expect(mark.end).toBeGreaterThan(mark.start);
    expect(text.slice(mark.start, mark.end)).toBe(mark.text);
    previousEnd = mark.end;
  }
}

test('the page loads the default bundle and names the backend that runs', async ({ page }) => {
  await openApp(page);
  const threads = await page.evaluate(() => (crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency) : 1));
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('backend')).toHaveText(`wasm · ${threads} thread${threads === 1 ? '' : 's'}`);
  // No WebGPU in this browser: the reason is given.
  await expect(page.getByTestId('backend')).toHaveAttribute('title', /webgpu not used: /);
  const modelName = JSON.parse(await (await page.request.get(`/models/${APP_DEFAULT_MODEL}/config.json`)).text()).ner.name;
  await gotoView(page, 'models');
  await expect(page.getByTestId('model-card')).toContainText(modelName);
  // The model's ten types, each with its Korean and English name, then the rules' ten identifier types.
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('legend').locator('li[data-source="model"]')).toHaveCount(10);
  await expect(page.getByTestId('legend').locator('li[data-source="rule"]')).toHaveCount(10);
  await expect(page.getByTestId('legend')).toContainText('PER 인물 person');
});

test('no request leaves the app origin', async ({ page, baseURL }) => {
  const urls: string[] = [];
  page.context().on('request', (request) => urls.push(request.url()));
  await openApp(page);
  await analyzeText(page, NEWS);
  await page.getByRole('button', { name: '스포츠' }).click();
  await waitForAnalysis(page, await page.getByTestId('ner-input').inputValue());
  const origin = new URL(baseURL!).origin;
  expect(urls.length).toBeGreaterThan(5);
  const foreign = urls.filter((url) => !url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin);
  expect(foreign).toEqual([]);
  // The model and ONNX Runtime came from here.
  expect(urls.some((url) => url.includes('/models/') && url.endsWith('.onnx'))).toBe(true);
  expect(urls.some((url) => url.endsWith('.wasm'))).toBe(true);
  // On the WASM backend the page loads ONNX Runtime's plain build, not the 28 MB WebGPU (JSEP) one.
  await expect(page.getByTestId('backend')).toContainText('wasm');
  // (the service worker's precache asks for it too)
  expect(new Set(urls.filter((url) => /\/ort-wasm-simd-threaded-[^/.]+\.wasm$/.test(url))).size).toBe(1);
  expect(urls.filter((url) => url.includes('.jsep') && url.endsWith('.wasm'))).toEqual([]);
});

// Loading the model takes a while on a busy machine: these tests share one loaded page.
test.describe('on one loaded page', () => {
  let page: Page;
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    page = await browser.newPage();
    await openApp(page, { model: APP_DEFAULT_MODEL });
  });
  test.afterAll(() => page.close());

  test('pasted text gets marks at the offsets the same bundle gives through onnxruntime-node', async () => {
    const text = `${NEWS}\n\n손흥민은 2015년 8월 영국 런던으로 갔다.  탭\t과 공백이 섞인 줄.`;
    const marks = await analyzeText(page, text);
    expectMarksMatchText(text, marks);
    const expected = await nodeEntities(APP_DEFAULT_MODEL, text);
    expect(spansOf(marks)).toEqual(spansOf(expected));
    // The entity list shows each one with its confidence.
    const rows = page.getByTestId('entity-list').locator('tbody tr');
    // the first 50 rows; more come as the list scrolls (EntityList ROWS_PER_PAGE)
    await expect(rows).toHaveCount(Math.min(expected.length, 50));
    if (expected.length > 0) {
      await expect(rows.first()).toContainText(`${(expected[0].score * 100).toFixed(1)}%`);
      await expect(rows.first()).toContainText(`${expected[0].start}–${expected[0].end}`);
      expect(marks[0].title).toContain(`confidence ${(expected[0].score * 100).toFixed(1)}%`);
      await page.locator('mark').first().hover();
      await expect(page.getByTestId('entity-details')).toContainText(`characters ${expected[0].start}–${expected[0].end}`);
    }
  });

  test('pasted HTML shows as text and nothing in it runs', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const html = '<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script><b onmouseover="window.__pwned = 3">김민준</b>';
    await analyzeText(page, html);
    const output = page.getByTestId('ner-output');
    await expect(output).toHaveText(html);
    expect(await output.locator('img, script, b').count()).toBe(0);
    await output.hover();
    expect(await page.evaluate(() => (window as Window & { __pwned?: number }).__pwned)).toBeUndefined();
    expect(requests.filter((url) => new URL(url).pathname === '/x')).toEqual([]);
  });

  test('empty text, emoji, NFD Hangul and control characters give no error', async () => {
    const texts = [
      '',
      '😀👍🏽 김민준 👨‍👩‍👧 서울에서 🇰🇷 만났다 😀',
      '김민준은 서울에 갔다.'.normalize('NFD'),
      // (no \r: a textarea's value turns \r\n into \n)
    '\u0000\u0007제어\u200b문자\u202e와\ufeff 김민준\n\n\t서울\u0085끝',
      '   \n\n  ',
    ];
    for (const text of texts) {
      const marks = await analyzeText(page, text);
      expectMarksMatchText(text, marks);
      expect(spansOf(marks)).toEqual(spansOf(await nodeEntities(APP_DEFAULT_MODEL, text)));
      await expect(page.getByTestId('status')).not.toHaveClass(/error/);
    }
  });

  test('an answer for old text never shows over newer text', async () => {
    // A long text (a slow analysis) and, right after, a short one.
    const long = koreanText(20_000);
    const short = '김민준 기자는 서울에 갔다.';
    await page.getByTestId('ner-input').fill(long);
    await page.getByTestId('ner-output').evaluate((output) => {
      const seen: string[] = [];
      (window as Window & { __lengthsSeen?: string[] }).__lengthsSeen = seen;
      new MutationObserver(() => seen.push(`${output.dataset.textLength}:${output.dataset.state}`)).observe(output, { attributes: true });
    });
    await page.getByTestId('ner-input').fill(short);
    await waitForAnalysis(page, short);
    // Wait past the time the long analysis would have needed, then look again.
    await page.waitForTimeout(1_500);
    const seen = await page.evaluate(() => (window as Window & { __lengthsSeen?: string[] }).__lengthsSeen ?? []);
    const afterShort = seen.slice(seen.findIndex((entry) => entry.startsWith(`${short.length}:`)));
    expect(afterShort.every((entry) => entry.startsWith(`${short.length}:`)), afterShort.join(', ')).toBe(true);
    const marks = await readMarks(page);
    expectMarksMatchText(short, marks);
    expect(spansOf(marks)).toEqual(spansOf(await nodeEntities(APP_DEFAULT_MODEL, short)));
  });

  test('typing re-analyses the text after a pause', async () => {
    const input = page.getByTestId('ner-input');
    await input.fill('');
    await input.pressSequentially('김민준은 부산에 갔다', { delay: 20 });
    const text = await input.inputValue();
    await waitForAnalysis(page, text);
    expect(spansOf(await readMarks(page))).toEqual(spansOf(await nodeEntities(APP_DEFAULT_MODEL, text)));
  });

  test('a 100,000-character text completes', async () => {
    test.setTimeout(600_000);
    const text = koreanText(100_000);
    const marks = await analyzeText(page, text, 540_000);
    expectMarksMatchText(text, marks);
    await expect(page.getByTestId('status')).toContainText('100,000 characters');
    const last = marks.at(-1);
    // Entities are found to the very end, not just in the first window.
    if (APP_DEFAULT_MODEL === 'default') expect(last?.end ?? 0).toBeGreaterThan(95_000);
  });
});

test('a bundle that does not exist gives a message naming the missing file', async ({ page }) => {
  await page.goto('/?model=no-such-model');
  await expect(page.getByTestId('load-error')).toContainText('missing file config.json');
  await expect(page.getByTestId('backend')).toHaveText(/none/);
});

test('@webgpu the WebGPU path runs the fp32 file and gives the same entities as the WASM path on it', async ({ page }) => {
  test.setTimeout(300_000);
  const text = `${NEWS} 오후 3시께 부산에서 30분 동안 회의가 열렸다.`;
  await openApp(page, { model: APP_DEFAULT_MODEL, backend: 'webgpu' });
  await expect(page.getByTestId('backend')).toContainText('webgpu');
  // even with an int8 file in the bundle: int8 buys nothing on WebGPU (and its QDQ ops go wrong there)
  await gotoView(page, 'models');
  await expect(page.getByTestId('model-runs')).toHaveAttribute('data-onnx-file', 'onnx/model.onnx');
  const gpuMarks = await analyzeText(page, text, 240_000);
  await openApp(page, { model: APP_DEFAULT_MODEL, backend: 'wasm', quantized: false });
  await expect(page.getByTestId('backend')).toContainText('wasm');
  await gotoView(page, 'models');
  await expect(page.getByTestId('model-runs')).toHaveAttribute('data-onnx-file', 'onnx/model.onnx');
  const wasmMarks = await analyzeText(page, text);
  expectMarksMatchText(text, gpuMarks);
  expect(spansOf(gpuMarks)).toEqual(spansOf(wasmMarks));
  expect(spansOf(wasmMarks)).toEqual(spansOf(await nodeEntities(APP_DEFAULT_MODEL, text, false)));
});

test('@webgpu "auto" passes over a software WebGPU adapter and says why', async ({ page }) => {
  await openApp(page);
  type GpuNavigator = Navigator & { gpu?: { requestAdapter(): Promise<{ info?: { isFallbackAdapter?: boolean } } | null> } };
  const adapterIsFallback = await page.evaluate(async () => (await (navigator as GpuNavigator).gpu?.requestAdapter())?.info?.isFallbackAdapter);
  expect(adapterIsFallback).toBe(true);
  const backend = page.getByTestId('backend');
  await expect(backend).toContainText('wasm');
  await expect(backend).toHaveAttribute('title', /webgpu not used: the only adapter is a software fallback/);
});
