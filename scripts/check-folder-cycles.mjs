// `npm run lint`, second half: fails when the step folders of lib/ depend on each other in a circle.
// Biome's noImportCycles sees file cycles only; a folder cycle (lib/ask → lib/answer → lib/ask through different
// files) is the layering problem issue 14 is about, so every lib/<step>/** is one node here. Production code only:
// tests (*.test.ts) and their helpers (test-support/, testing/) may reach across steps without creating a layer.
// Type-only imports count: a folder that names another's types depends on it, even if nothing ships at runtime.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;
const TEST_ONLY = /(\.test\.[a-z]+$|\.d\.m?ts$|(^|\/)(test-support|testing)\/)/;

// Static imports and re-exports (`import … from '…'`, `export … from '…'`, also over several lines), side-effect
// imports (`import '…'`) and dynamic import('…'). Anchoring the static forms at a line start keeps doc comments
// (` * import …`) out; `[^;'"]` keeps `export const x = '…'` out.
const FROM = /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*(['"])([^'"\n]+)\1/gm;
const SIDE_EFFECT = /^\s*import\s*(['"])([^'"\n]+)\1/gm;
const DYNAMIC = /\bimport\(\s*(['"])([^'"\n]+)\1\s*\)/g;

/** Every module specifier a source file names: static imports and re-exports, then side-effect, then dynamic ones. */
export function importSpecifiers(source) {
  const found = [];
  for (const pattern of [FROM, SIDE_EFFECT, DYNAMIC]) {
    for (const match of source.matchAll(pattern)) found.push(match[2]);
  }
  return found;
}

/**
 * The lib/ step folder a specifier reaches from `fromFile` (repo-relative, `/`-separated), or null when it leaves
 * lib/ (a package, app/, workers/). `@/` is the repo root (tsconfig paths).
 */
export function targetStep(fromFile, specifier) {
  let target;
  if (specifier.startsWith('@/')) target = specifier.slice(2);
  else if (specifier.startsWith('.')) target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  else return null;
  const parts = target.split('/');
  return parts[0] === 'lib' && parts.length > 2 ? parts[1] : null;
}

/** The step of a repo-relative file under lib/ (`lib/ask/server/prompts.ts` → `ask`), or null for a file at lib/'s top. */
export function stepOf(file) {
  const parts = file.split('/');
  return parts[0] === 'lib' && parts.length > 2 ? parts[1] : null;
}

/**
 * Folder graph from `{ file: source }`: step → Map(step it imports → the first `file → specifier` seen, as evidence).
 */
export function folderGraph(sources) {
  const graph = new Map();
  for (const [file, source] of Object.entries(sources)) {
    const from = stepOf(file);
    if (!from || TEST_ONLY.test(file)) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    for (const specifier of importSpecifiers(source)) {
      const to = targetStep(file, specifier);
      if (!to || to === from) continue;
      const edges = graph.get(from);
      if (!edges.has(to)) edges.set(to, `${file} → ${specifier}`);
    }
  }
  return graph;
}

/**
 * The strongly connected groups of folders (Tarjan): folders that all reach each other, each group sorted, groups in
 * order of their first folder. Empty when the graph has no cycle.
 */
export function cycleGroups(graph) {
  const nodes = new Set(graph.keys());
  for (const edges of graph.values()) for (const to of edges.keys()) nodes.add(to);
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  let counter = 0;
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group);
    }
  };
  for (const node of [...nodes].sort()) if (!index.has(node)) visit(node);
  return groups.map((group) => [...group].sort()).sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * One shortest cycle through each group (see cycleGroups), as [a, b, …, a] starting at the group's first folder. A
 * group with several cycles reports one; breaking it and re-running shows the next.
 */
export function findCycles(graph) {
  return cycleGroups(graph).map((group) => shortestCycle(graph, group));
}

function shortestCycle(graph, members) {
  const group = new Set(members);
  const start = members[0];
  // Breadth-first from start back to start, inside the group only.
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!group.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

function listSources(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files.push(...listSources(full));
    else if (SOURCE.test(name)) files.push(full);
  }
  return files;
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const sources = {};
  for (const full of listSources(path.join(root, 'lib'))) {
    sources[path.relative(root, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
  }
  const graph = folderGraph(sources);
  const groups = cycleGroups(graph);
  if (groups.length === 0) {
    console.log(`folder cycles: none among ${graph.size} lib/ step folders`);
    return 0;
  }
  console.error(`folder cycles: ${groups.length} group(s) of lib/ step folders that import each other (lib/<step>/** is one node)`);
  for (const [index, cycle] of findCycles(graph).entries()) {
    console.error(`\n  group: ${groups[index].map((step) => `lib/${step}`).join(', ')}`);
    console.error(`  cycle: ${cycle.map((step) => `lib/${step}`).join(' → ')}`);
    for (let i = 0; i + 1 < cycle.length; i += 1) console.error(`    ${graph.get(cycle[i]).get(cycle[i + 1])}`);
  }
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
