import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnnotatedDocument } from '../annotation/document';
import { type SaveState, createSaveQueue } from './save-queue';
import type { WriteResult } from './write-result';

const doc = (id: string, text: string): AnnotatedDocument => ({ id, name: id, text, entities: [], createdAt: 0, updatedAt: 0 });
const QUOTA: WriteResult = { ok: false, failure: { kind: 'quota', message: 'full' } };

/** A store in memory whose writes can be made to fail, standing in for the database (tested for real in e2e/storage.spec.ts). */
function memoryStore() {
  const saved = new Map<string, string>();
  let failing = false;
  return {
    saved,
    fail(on: boolean) {
      failing = on;
    },
    write: vi.fn(async (document: AnnotatedDocument): Promise<WriteResult> => {
      if (failing) return QUOTA;
      saved.set(document.id, document.text);
      return { ok: true };
    }),
  };
}

describe('createSaveQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes only the latest version, once, after the delay', async () => {
    const store = memoryStore();
    const states: SaveState['status'][] = [];
    const queue = createSaveQueue({ write: store.write, delayMs: 300, onState: (s) => states.push(s.status) });
    queue.schedule(doc('a', 'v1'));
    await vi.advanceTimersByTimeAsync(200);
    queue.schedule(doc('a', 'v2'));
    await vi.advanceTimersByTimeAsync(200);
    expect(store.write).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(store.write).toHaveBeenCalledTimes(1);
    expect(store.saved.get('a')).toBe('v2');
    expect(queue.state.status).toBe('saved');
    expect(states).toEqual(['pending', 'pending', 'saving', 'saved']);
  });

  it('keeps a document whose write failed, says so, and saves it on the next flush', async () => {
    const store = memoryStore();
    const queue = createSaveQueue({ write: store.write });
    store.fail(true);
    queue.schedule(doc('a', 'v1'));
    const failed = await queue.flush();
    expect(failed).toEqual({ status: 'error', failure: { kind: 'quota', message: 'full' }, unsavedIds: ['a'] });
    store.fail(false);
    expect((await queue.flush()).status).toBe('saved');
    expect(store.saved.get('a')).toBe('v1');
  });

  it('does not put back a failed version over a newer one queued meanwhile', async () => {
    const store = memoryStore();
    let release: (r: WriteResult) => void = () => {};
    const write = vi.fn((document: AnnotatedDocument) =>
      document.text === 'v1' ? new Promise<WriteResult>((resolve) => (release = resolve)) : store.write(document),
    );
    const queue = createSaveQueue({ write });
    queue.schedule(doc('a', 'v1'));
    const first = queue.flush();
    queue.schedule(doc('a', 'v2'));
    release(QUOTA);
    await first;
    await queue.flush();
    expect(store.saved.get('a')).toBe('v2');
    expect(queue.state.status).toBe('saved');
  });
});

describe('createSaveQueue: what is not stored yet', () => {
  it('counts a document as pending while queued and while being written, and lists its latest version', async () => {
    let finish: (result: WriteResult) => void = () => {};
    let writes = 0;
    // The first write waits for the test; later ones succeed at once.
    const write = () => (writes++ === 0 ? new Promise<WriteResult>((resolve) => (finish = resolve)) : Promise.resolve<WriteResult>({ ok: true }));
    const queue = createSaveQueue({ write, delayMs: 10_000 });
    queue.schedule(doc('a', '첫'));
    expect(queue.isPending('a')).toBe(true);
    const flushed = queue.flush();
    await Promise.resolve();
    await Promise.resolve();
    queue.schedule(doc('a', '둘째'));
    expect(queue.unsaved().map((d) => d.text)).toEqual(['둘째']);
    finish({ ok: true });
    await flushed;
    expect(queue.isPending('a')).toBe(false);
    expect(queue.unsaved()).toEqual([]);
  });
});
