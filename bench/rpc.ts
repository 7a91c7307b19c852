/**
 * The bench page drives its workers by request/response messages:
 * `{id, method, args}` in, `{id, result}` or `{id, error}` out.
 */
export type Handlers = Record<string, (args: any) => unknown>;

interface Request {
  readonly id: number;
  readonly method: string;
  readonly args: unknown;
}

/** Worker side: answers every request with its handler's result (or its error's message). */
export function serve(handlers: Handlers): void {
  self.onmessage = async (event: MessageEvent<Request>) => {
    const { id, method, args } = event.data;
    try {
      const handler = handlers[method];
      if (!handler) throw new Error(`unknown method "${method}", expected one of: ${Object.keys(handlers).join(', ')}`);
      self.postMessage({ id, result: await handler(args) });
    } catch (error) {
      self.postMessage({ id, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
    }
  };
}

export interface Client {
  call<T = any>(method: string, args?: unknown): Promise<T>;
  terminate(): void;
}

/** Page side. */
export function connect(worker: Worker): Client {
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  worker.onmessage = (event: MessageEvent<{ id: number; result?: unknown; error?: string }>) => {
    const entry = pending.get(event.data.id);
    if (!entry) return;
    pending.delete(event.data.id);
    if (event.data.error !== undefined) entry.reject(new Error(event.data.error));
    else entry.resolve(event.data.result);
  };
  worker.onerror = (event) => {
    for (const entry of pending.values()) entry.reject(new Error(`worker error: ${event.message}`));
    pending.clear();
  };
  return {
    call: (method, args) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, method, args });
      }),
    terminate: () => worker.terminate(),
  };
}
