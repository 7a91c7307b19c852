/**
 * End-to-end tests in Debian's Chromium against `vite preview` (the built app, served
 * cross-origin isolated). Flags: ../shared/FIELD-NOTES.md. Tests tagged @webgpu run in a
 * second project whose browser has WebGPU (a SwiftShader software adapter).
 */
import { defineConfig } from '@playwright/test';

// E2E_PORT: a second checkout or engineer on the same machine can run the suite beside this one.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  // Generous: the model loads slowly when the CPUs are busy (a training job shares them).
  timeout: 180_000,
  expect: { timeout: 30_000 },
  // .ci/run reads the JSON report for its `N passed, N failed` line.
  reporter: [['list'], ['json', { outputFile: 'test-reports/playwright.json' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    // Playwright gives each context a fresh profile (its own --user-data-dir).
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS },
    // No traces: their DOM snapshots of a 100,000-character page take the runner minutes.
    trace: 'off',
  },
  projects: [
    { name: 'chromium', grepInvert: /@webgpu/ },
    {
      name: 'chromium-webgpu',
      grep: /@webgpu/,
      use: { launchOptions: { executablePath: '/usr/bin/chromium', args: [...CHROMIUM_FLAGS, '--enable-unsafe-webgpu'] } },
    },
  ],
  webServer: {
    command: `npx vite build && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
