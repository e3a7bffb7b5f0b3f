/** Link lifetimes offered when saving and on "My analyses" (days; null: never). */
export const EXPIRY_OPTIONS: ReadonlyArray<{ value: string; days: number | null }> = [
  { value: '7', days: 7 },
  { value: '30', days: 30 },
  { value: '90', days: 90 },
  { value: 'never', days: null },
];

export function expiryLabel(days: number): string {
  return `${days} day${days === 1 ? '' : 's'}`;
}
