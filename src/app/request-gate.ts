/**
 * When an analysis request goes out (useLiveAnalysis.ts): at once, except that typing while a
 * request is in flight waits until nothing is in flight, or for `maxWaitMs`, whichever comes first.
 * Each text change schedules its own send and cancels the one before (the newest text wins), so at
 * most one typing request is in flight, the keys typed during it are never analysed, and the last
 * key's marks come within about two model calls of it. The wait's upper bound keeps a long request
 * (a pasted text) from holding typing back: the newer request then replaces it in the worker.
 *
 * A request sent and then cancelled (its text changed, another document opened, the model
 * changed) is stale: `send`'s `current()` says false from then on, and its answer, whenever it
 * comes, is dropped (the workspace checks the text again: model-answer.ts).
 */
export interface RequestGate {
  /**
   * Schedules `send` (now, or when the gate opens); returns the cancel: the send is not made, or,
   * made, its answer is stale (`current()` false from then on).
   */
  schedule(send: (current: () => boolean) => void, typing: boolean): () => void;
  /** Call when a request goes out; call the returned function once when it is answered or fails. */
  started(): () => void;
  /** Requests sent and not yet answered. */
  readonly inFlight: number;
}

export function createRequestGate(maxWaitMs: number): RequestGate {
  let inFlight = 0;
  /** The waiting send, made when the last request in flight is answered. */
  let waiting: (() => void) | null = null;
  return {
    schedule(send, typing) {
      let sent = false;
      let stale = false;
      const stop = () => {
        clearTimeout(timer);
        if (waiting === fire) waiting = null;
      };
      const fire = () => {
        if (sent || stale) return;
        sent = true;
        stop();
        send(() => !stale);
      };
      const wait = typing && inFlight > 0;
      // Not waiting: a microtask, so that changes made in one task still schedule once (the last
      // wins: an earlier one's cleanup runs before the microtask), yet the request goes out before
      // the page renders and paints the change. A macrotask (setTimeout 0), as before, ran after that
      // frame: a paste's request left 10-20 ms late, while the worker sat idle.
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (wait) {
        timer = setTimeout(fire, maxWaitMs);
        waiting = fire;
      } else queueMicrotask(fire);
      return () => {
        stale = true;
        stop();
      };
    },
    started() {
      inFlight++;
      let settled = false;
      return () => {
        if (settled) return;
        settled = true;
        inFlight--;
        if (inFlight === 0) waiting?.();
      };
    },
    get inFlight() {
      return inFlight;
    },
  };
}
