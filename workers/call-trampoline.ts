/**
 * Keeps CPython's C-call trampoline right when the kernel boots from the boot snapshot.
 *
 * CPython on Emscripten calls many C functions through a trampoline, because a WebAssembly call through a function
 * pointer of the wrong signature traps (Python/emscripten_trampoline.c). Where the engine has wasm-gc, the trampoline
 * is a small wasm function; elsewhere it falls back to JavaScript (one JS call and one table lookup per C call). The
 * choice is made in an Emscripten preRun hook and stored in linear memory (`_PyRuntime.emscripten_trampoline`). Pyodide
 * restores a memory snapshot after preRun, so the stored choice is the one of the runtime that *made* the snapshot:
 * Node 20 at build time, which has no wasm-gc, so every kernel booted from the snapshot called C through JavaScript —
 * about a third slower per run than a kernel that started Python itself (the warm round trip's regression of
 * 2026-12-03). This reads the choice the browser's own preRun made, before the snapshot overwrites it, and writes it
 * back once Pyodide has booted. The value is a slot in this runtime's function table, filled by this runtime's preRun
 * (the table is not part of the snapshot), so it is valid here whatever runtime made the snapshot.
 */

/** The parts of Pyodide's Emscripten module read here (pyodide.asm.mjs exports them on the module object). */
export interface EmscriptenModule {
  HEAP32: Int32Array;
  /** Address of `_PyRuntime`. */
  __PyRuntime?: unknown;
  /** Address of the constant holding the offset of `emscripten_trampoline` inside `_PyRuntime`. */
  __PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET?: unknown;
}

/** pyodide.asm.mjs's default export: instantiates the runtime (preRun included) from Pyodide's settings. */
export type PyodideModuleFactory = (settings: object) => Promise<EmscriptenModule>;

/** Which trampoline the interpreter calls C through ('unknown': this Pyodide build has no trampoline field). */
export type CallTrampolineKind = 'wasm' | 'javascript' | 'unknown';

/** The byte address of `_PyRuntime.emscripten_trampoline`, or null when the module does not expose it. */
function trampolineSlot(module: EmscriptenModule): number | null {
  const runtime = module.__PyRuntime;
  const offsetAddress = module.__PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET;
  if (typeof runtime !== 'number' || typeof offsetAddress !== 'number' || offsetAddress % 4 !== 0) return null;
  const offset = module.HEAP32[offsetAddress / 4];
  if (offset === undefined) return null;
  const slot = runtime + offset;
  return Number.isInteger(slot) && slot > 0 && slot % 4 === 0 && slot / 4 < module.HEAP32.length ? slot : null;
}

/** Records the trampoline chosen by this runtime's preRun and puts it back after a snapshot restore. */
export class CallTrampoline {
  private module: EmscriptenModule | null = null;
  /** The pointer this runtime chose (0: JavaScript), or null when unknown. */
  private chosen: number | null = null;

  /** Wraps pyodide.asm.mjs's factory: reads the choice when the runtime is instantiated, before any restore. */
  wrap(factory: PyodideModuleFactory): PyodideModuleFactory {
    return async (settings) => {
      const module = await factory(settings);
      this.module = module;
      const slot = trampolineSlot(module);
      this.chosen = slot === null ? null : (module.HEAP32[slot / 4] ?? null);
      return module;
    };
  }

  /** After loadPyodide from a snapshot: writes this runtime's choice back over the snapshot's. */
  restore(): void {
    const module = this.module;
    const slot = module ? trampolineSlot(module) : null;
    if (module && slot !== null && this.chosen !== null) module.HEAP32[slot / 4] = this.chosen;
  }

  /** The trampoline the interpreter uses now. */
  inUse(): CallTrampolineKind {
    const module = this.module;
    const slot = module ? trampolineSlot(module) : null;
    if (!module || slot === null) return 'unknown';
    return module.HEAP32[slot / 4] === 0 ? 'javascript' : 'wasm';
  }
}
