import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequestGate, type RequestGate } from './request-gate';

/**
 * A text box and a model of fixed speed: each text change cancels the previous change's send and
 * schedules its own (as useLiveAnalysis's effect does); a sent request is answered `modelMs` later,
 * and its answer is delivered (shown, merged) only while its request is `current()`.
 */
function simulate(gate: RequestGate, modelMs: number) {
  const sent: { text: string; at: number }[] = [];
  const answered: { text: string; at: number }[] = [];
  const delivered: string[] = [];
  let maxInFlight = 0;
  let cancel = () => {};
  const change = (text: string, typing: boolean) => {
    cancel();
    cancel = gate.schedule((current) => {
      sent.push({ text, at: Date.now() });
      const settled = gate.started();
      maxInFlight = Math.max(maxInFlight, gate.inFlight);
      setTimeout(() => {
        answered.push({ text, at: Date.now() });
        settled();
        if (current()) delivered.push(text);
      }, modelMs);
    }, typing);
  };
  return { change, sent, answered, delivered, maxInFlight: () => maxInFlight };
}

describe('createRequestGate', () => {
  // A send that does not wait goes out in a microtask (request-gate.ts): the clock advances with
  // advanceTimersByTimeAsync, which lets microtasks run between timers, as a browser does.
  beforeEach(() => void vi.useFakeTimers({ now: 0 }));
  afterEach(() => void vi.useRealTimers());

  it('sends a typed key at once when nothing is in flight', async () => {
    const sim = simulate(createRequestGate(100), 30);
    sim.change('가', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(sim.sent).toEqual([{ text: '가', at: 0 }]);
  });

  it('keys typed faster than the model: one request in flight, the newest text sent when it lands, the last key analysed within two model calls', async () => {
    const modelMs = 35;
    const sim = simulate(createRequestGate(100), modelMs);
    const keys = ['김', '김민', '김민준', '김민준은', '김민준은 ', '김민준은 서', '김민준은 서울'];
    keys.forEach((text, index) => setTimeout(() => sim.change(text, true), index * 20));
    const lastKeyAt = (keys.length - 1) * 20;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sim.maxInFlight()).toBe(1);
    // the newest text at each send; the keys typed during a request are skipped, the last never
    expect(sim.sent.map((s) => s.text)).toEqual(['김', '김민', '김민준은', '김민준은 서', '김민준은 서울']);
    const last = sim.answered.at(-1)!;
    expect(last.text).toBe('김민준은 서울');
    expect(last.at - lastKeyAt).toBeLessThanOrEqual(2 * modelMs);
    // a request goes out the moment the one before it is answered
    for (const { at } of sim.sent.slice(1)) expect(sim.answered.some((a) => a.at === at)).toBe(true);
  });

  it('a key typed after a pause is analysed at once, not after a debounce', async () => {
    const sim = simulate(createRequestGate(100), 30);
    sim.change('가', true);
    await vi.advanceTimersByTimeAsync(500);
    sim.change('가나', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(sim.sent.at(-1)).toEqual({ text: '가나', at: 500 });
  });

  it('typing behind a long request (a paste) waits for a pause, not for the request', async () => {
    const sim = simulate(createRequestGate(100), 5_000);
    sim.change('붙여 넣은 긴 글', false);
    await vi.advanceTimersByTimeAsync(10);
    sim.change('붙여 넣은 긴 글.', true);
    await vi.advanceTimersByTimeAsync(50);
    sim.change('붙여 넣은 긴 글..', true);
    await vi.advanceTimersByTimeAsync(99);
    expect(sim.sent.map((s) => s.text)).toEqual(['붙여 넣은 긴 글']);
    await vi.advanceTimersByTimeAsync(1);
    expect(sim.sent.at(-1)).toEqual({ text: '붙여 넣은 긴 글..', at: 160 });
  });

  it('a change that is not typing goes out at once even while a request is in flight', async () => {
    const sim = simulate(createRequestGate(100), 1_000);
    sim.change('하나', true);
    await vi.advanceTimersByTimeAsync(10);
    sim.change('완전히 다른 글', false);
    await vi.advanceTimersByTimeAsync(0);
    expect(sim.sent.map((s) => s.text)).toEqual(['하나', '완전히 다른 글']);
  });

  it('changes made in one task send once, the last; and the send goes before the next task (the page’s render and paint)', async () => {
    const sim = simulate(createRequestGate(100), 30);
    let sentBeforeNextTask: string[] = [];
    // the next task, queued before the changes (as the frame that renders them comes before any timer they set)
    setTimeout(() => (sentBeforeNextTask = sim.sent.map((s) => s.text)), 0);
    sim.change('붙여넣은 글', false);
    sim.change('붙여넣은 글, 고친 것', false); // the same task: the first change's cleanup cancels its send
    await vi.advanceTimersByTimeAsync(0);
    expect(sentBeforeNextTask).toEqual(['붙여넣은 글, 고친 것']);
    expect(sim.sent.map((s) => s.text)).toEqual(['붙여넣은 글, 고친 것']);
  });

  it('a cancelled send is never made, not even when the flight lands', async () => {
    const gate = createRequestGate(100);
    const settled = gate.started();
    const send = vi.fn();
    const cancel = gate.schedule(send, true);
    cancel();
    settled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(send).not.toHaveBeenCalled();
    expect(gate.inFlight).toBe(0);
  });

  it('another document opened while the old one is analysed: the old answer, arriving after, is stale and dropped', async () => {
    const sim = simulate(createRequestGate(100), 1_000);
    sim.change('긴 문서의 글 '.repeat(1_000), false);
    await vi.advanceTimersByTimeAsync(10);
    sim.change('새 문서의 짧은 글', false); // the effect's cleanup cancels the first request
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sim.answered.map((a) => a.text.length)).toEqual([8_000, 10]); // both were analysed and answered
    expect(sim.delivered).toEqual(['새 문서의 짧은 글']);
  });

  it('an answer whose request was never cancelled is current when it lands', async () => {
    const gate = createRequestGate(100);
    let current: (() => boolean) | null = null;
    const cancel = gate.schedule((c) => void (current = c), false);
    await vi.advanceTimersByTimeAsync(0);
    expect(current!()).toBe(true);
    cancel();
    expect(current!()).toBe(false);
  });

  it('settling twice counts once', async () => {
    const gate = createRequestGate(100);
    const first = gate.started();
    gate.started();
    first();
    first();
    expect(gate.inFlight).toBe(1);
  });
});
