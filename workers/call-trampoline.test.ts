// The boot keeps the C-call trampoline the runtime chose in its preRun, over the value a memory snapshot brings.
import { describe, expect, it } from 'vitest';
import { CallTrampoline, type EmscriptenModule } from './call-trampoline';

const RUNTIME = 1024; // address of _PyRuntime
const OFFSET_CONSTANT = 64; // address of the constant holding the field's offset
const FIELD_OFFSET = 40;
const FIELD = (RUNTIME + FIELD_OFFSET) / 4;

/** A runtime whose preRun chose `chosen` (a function-table slot; 0 is the JavaScript fallback). */
function fakeRuntime(chosen: number): EmscriptenModule {
  const heap = new Int32Array(4096);
  heap[OFFSET_CONSTANT / 4] = FIELD_OFFSET;
  heap[FIELD] = chosen;
  return { HEAP32: heap, __PyRuntime: RUNTIME, __PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET: OFFSET_CONSTANT };
}

/** Boots like kernel-core: the factory instantiates, then the snapshot's memory lands on top (Pyodide's restore). */
async function bootFromSnapshot(runtime: EmscriptenModule, snapshotValue: number): Promise<CallTrampoline> {
  const trampoline = new CallTrampoline();
  const module = await trampoline.wrap(async () => runtime)({});
  module.HEAP32[FIELD] = snapshotValue;
  return trampoline;
}

describe('CallTrampoline', () => {
  it("puts back this runtime's wasm trampoline over a snapshot made where there was none", async () => {
    const runtime = fakeRuntime(517);
    const trampoline = await bootFromSnapshot(runtime, 0);
    expect(trampoline.inUse()).toBe('javascript');
    trampoline.restore();
    expect(runtime.HEAP32[FIELD]).toBe(517);
    expect(trampoline.inUse()).toBe('wasm');
  });

  it("keeps the JavaScript fallback where this runtime has no wasm trampoline, whatever the snapshot's maker had", async () => {
    const runtime = fakeRuntime(0);
    const trampoline = await bootFromSnapshot(runtime, 733);
    trampoline.restore();
    expect(runtime.HEAP32[FIELD]).toBe(0);
    expect(trampoline.inUse()).toBe('javascript');
  });

  it('touches nothing and says unknown when the runtime does not expose the field', async () => {
    const runtime: EmscriptenModule = { HEAP32: new Int32Array(16) };
    const trampoline = new CallTrampoline();
    await trampoline.wrap(async () => runtime)({});
    trampoline.restore();
    expect(trampoline.inUse()).toBe('unknown');
    expect([...runtime.HEAP32].every((word) => word === 0)).toBe(true);
  });

  it('refuses a field address outside the memory', async () => {
    const runtime = fakeRuntime(517);
    runtime.__PyRuntime = 4096 * 4;
    const trampoline = new CallTrampoline();
    await trampoline.wrap(async () => runtime)({});
    trampoline.restore();
    expect(trampoline.inUse()).toBe('unknown');
  });
});
