/**
 * Layer 2 of the isolation (DESIGN.md): once Pyodide has booted, the worker's global scope loses every way to reach
 * the network or persistent storage. Python's `js` module already sees an empty object (jsglobals), and the worker's
 * CSP forbids eval, so a JS proxy's constructor.constructor cannot rebuild these from strings. Package loading is the
 * one legitimate network use: `withNetwork` lends `fetch` back only while Pyodide downloads wheels, between runs, when
 * no user code is executing (runs are synchronous, so no Python can interleave).
 */
const NETWORK_AND_STORAGE_GLOBALS = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'EventSource',
  'WebTransport',
  'importScripts',
  'indexedDB',
  'caches',
  'BroadcastChannel',
  'Worker',
  'SharedWorker',
  'RTCPeerConnection',
] as const;

type Scope = Record<string, unknown>;

export interface Lockdown {
  /** Names removed from the global scope. */
  removed: string[];
  withNetwork<T>(task: () => Promise<T>): Promise<T>;
}

export function lockDownGlobals(scope: Scope = globalThis as unknown as Scope): Lockdown {
  const savedFetch = scope.fetch;
  const removed: string[] = [];
  for (const name of NETWORK_AND_STORAGE_GLOBALS) {
    if (name in scope && deleteGlobal(scope, name)) removed.push(name);
  }
  return {
    removed,
    async withNetwork(task) {
      // Defined, not assigned: in a real worker fetch lives on the prototype, so lockdown shadowed it with a
      // read-only own property, and assigning to that throws in module (strict) code.
      Object.defineProperty(scope, 'fetch', { value: savedFetch, configurable: true, writable: true });
      try {
        return await task();
      } finally {
        deleteGlobal(scope, 'fetch');
      }
    },
  };
}

/**
 * Deletes a global from the scope and from every prototype it inherits from: in a real worker `fetch`,
 * `importScripts`, `indexedDB` and `caches` live on WorkerGlobalScope.prototype, and deleting them only on the
 * instance would leave `Object.getPrototypeOf(self).fetch` for escaped code. What cannot be deleted is shadowed.
 * Defence in depth only: the boundary is the kernel's opaque-origin frame and its CSP.
 */
function deleteGlobal(scope: Scope, name: string): boolean {
  try {
    for (let owner: object | null = scope; owner; owner = Object.getPrototypeOf(owner)) {
      if (Object.hasOwn(owner, name)) Reflect.deleteProperty(owner, name);
    }
    if (name in scope && scope[name] !== undefined) {
      Object.defineProperty(scope, name, { value: undefined, configurable: true, writable: false });
    }
    return scope[name] === undefined;
  } catch {
    return false;
  }
}
