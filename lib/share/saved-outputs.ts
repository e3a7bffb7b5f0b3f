import type { SavedAttempt, SavedResult, SavedTurn } from '@/lib/share/analysis-record';
import type { JsonValue, ResultValue } from '@/workers/kernel-protocol';

/**
 * Bridges between the saved record (zod-inferred types) and the kernel's types the existing components render.
 * Browser-safe, pure.
 */

/** The attempt whose outputs the answer is about: the last one (as in the live workspace). */
export function finalSavedAttempt(turn: Pick<SavedTurn, 'attempts'>): SavedAttempt | undefined {
  return turn.attempts[turn.attempts.length - 1];
}

/** `unknown` JSON from the record → JsonValue; anything that is not plain JSON becomes its string form. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, entry] of Object.entries(value)) out[key] = toJsonValue(entry);
    return out;
  }
  return String(value);
}

/** A saved result as the ResultValueView / provenance code expects it. */
export function toResultValue(saved: SavedResult): ResultValue {
  if (saved.kind === 'json') return { kind: 'json', value: toJsonValue(saved.value), truncated: saved.truncated };
  // The stored PNG is the exports' fallback, not part of the value (a re-run's chart has none).
  if (saved.kind === 'chart') return { kind: 'chart', mime: saved.mime, spec: saved.spec };
  return saved;
}

/** Same value as JSON sees it: key order of objects does not matter; numbers compare exactly. */
export function sameJson(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left === 'number' && typeof right === 'number') return Number.isNaN(left) && Number.isNaN(right);
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((entry, index) => sameJson(entry, right[index]));
  }
  if (left && right && typeof left === 'object' && typeof right === 'object') {
    const leftKeys = Object.keys(left).filter((key) => (left as Record<string, unknown>)[key] !== undefined);
    const rightKeys = Object.keys(right).filter((key) => (right as Record<string, unknown>)[key] !== undefined);
    if (leftKeys.length !== rightKeys.length) return false;
    return leftKeys.every((key) => sameJson((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]));
  }
  return false;
}
