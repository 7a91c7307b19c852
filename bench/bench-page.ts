/** The bench page's workers (bench/page.ts), driven from Node: start one, call its methods, stop it. */
import type { Page } from '@playwright/test';

export class Bench {
  constructor(private readonly page: Page) {}
  async start(kind: 'ours' | 'peer'): Promise<number> {
    return this.page.evaluate((workerKind) => (window as any).bench.start(workerKind), kind);
  }
  async call<T = any>(handle: number, method: string, args: unknown): Promise<{ result: T }> {
    return this.page.evaluate(([h, m, a]) => (window as any).bench.call(h, m, a), [handle, method, args] as const);
  }
  async stop(handle: number) {
    await this.page.evaluate((h) => (window as any).bench.stop(h), handle);
  }
  /** Bytes of the workers of one kind (performance.measureUserAgentSpecificMemory), null where unavailable. */
  async memory(kind: 'ours' | 'peer'): Promise<number | null> {
    return this.page.evaluate((k) => (window as any).bench.workerBytes(k), kind);
  }
}
