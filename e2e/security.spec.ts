/**
 * Content-Security-Policy (vite.config.ts): only the app's origin and 'wasm-unsafe-eval'.
 * The app still runs the model under it; a script injected into the page does not run.
 * (Text that looks like HTML is shown as text: e2e/ner.spec.ts.)
 */
import { expect, test } from '@playwright/test';
import { analyzeText, openApp } from './helpers';

test('under the CSP the model runs, and neither an injected inline script nor an inline handler runs', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await openApp(page);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).not.toContain('unsafe-inline');
  // Connections go to the app's own origin only (a model from another site is loaded as files: src/models/model-url.ts).
  expect(policy?.split(';').map((directive) => directive.trim()).find((directive) => directive.startsWith('connect-src'))).toBe("connect-src 'self' blob: data:");
  // The app loaded its model and ONNX Runtime without breaking its own policy.
  const marks = await analyzeText(page, '김민준 기자는 24일 서울 종로구에서 열린 기자회견에 참석했다.');
  expect(marks.length).toBeGreaterThan(0);
  expect(violations).toEqual([]);

  const result = await page.evaluate(async () => {
    const reported: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) => reported.push(event.violatedDirective));
    const script = document.createElement('script');
    script.textContent = 'window.__injectedInlineRan = true;';
    document.body.append(script);
    const image = document.createElement('img');
    image.setAttribute('onerror', 'window.__injectedHandlerRan = true;');
    image.src = 'data:,not-an-image';
    document.body.append(image);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const flags = window as unknown as { __injectedInlineRan?: boolean; __injectedHandlerRan?: boolean };
    return { inline: flags.__injectedInlineRan ?? false, handler: flags.__injectedHandlerRan ?? false, reported };
  });
  expect(result.inline).toBe(false);
  expect(result.handler).toBe(false);
  expect(result.reported.some((directive) => directive.startsWith('script-src'))).toBe(true);
});

test('the policy also reaches the NER worker: its script is served with it (a <meta> policy does not apply in workers)', async ({ page }) => {
  const workerScripts: { url: string; policy: string | undefined }[] = [];
  page.on('response', (response) => {
    if (/ner\.worker[^/]*\.js$/.test(new URL(response.url()).pathname)) {
      workerScripts.push({ url: response.url(), policy: response.headers()['content-security-policy'] });
    }
  });
  await openApp(page);
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(workerScripts.length).toBeGreaterThan(0);
  for (const script of workerScripts) expect(script.policy, script.url).toBe(meta);
  // public/_headers, for static hosts, carries the same policy
  const headersFile = await (await page.request.get('/_headers')).text();
  expect(headersFile).toContain(`Content-Security-Policy: ${meta}`);
});
