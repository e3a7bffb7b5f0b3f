// Virtual module generated at build time by scripts/prepare-assets.mjs: every workers/python/*.py, name → source.
declare module 'kernel-python-sources' {
  const sources: Record<string, string>;
  export default sources;
}

// Pyodide's runtime factory (the Emscripten module), which its package exports without types; only the parts
// workers/call-trampoline.ts reads are typed.
declare module 'pyodide/pyodide.asm.mjs' {
  const createPyodideModule: import('./call-trampoline').PyodideModuleFactory;
  export default createPyodideModule;
}
