/**
 * When an analysis request goes out (useLiveAnalysis.ts): at once, except that typing while a
 * request is in flight waits until nothing is in flight, or for `maxWaitMs`, whichever comes first.
 * Each text change schedules its own send and cancels the one before (the newest text wins), so at
 * most one typing request is in flight, the keys typed during it are never analysed, and the last
 * key's marks come within about two model calls of it. The wait's upper bound keeps a long request
 * (a pasted text) from holding typing back: the newer request then replaces it in the worker.
 */
export interface RequestGate {
  /** Schedules `send` (now, or when the gate opens); returns a cancel for a send not yet made. */
  schedule(send: () => void, typing: boolean): () => void;
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
      let done = false;
      const cancel = () => {
        done = true;
        clearTimeout(timer);
        if (waiting === fire) waiting = null;
      };
      const fire = () => {
        if (done) return;
        cancel();
        send();
      };
      const wait = typing && inFlight > 0;
      // A macrotask even when not waiting: changes made in one task schedule once (the last wins).
      const timer = setTimeout(fire, wait ? maxWaitMs : 0);
      if (wait) waiting = fire;
      return cancel;
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
