'use client';

import type { GuidanceOutcome } from '@/lib/answer/review-contract';

/** The reviewer's analysis plan for a broad request, shown above the code it guided (or why there is none). */
export function GuidanceView({ guidance }: { guidance: GuidanceOutcome }) {
  if (guidance.status === 'skipped') {
    return (
      <p data-testid="turn-guidance" data-status="skipped" className="text-xs text-slate-500">
        {guidance.reason}
      </p>
    );
  }
  return (
    <div data-testid="turn-guidance" data-status="planned" className="rounded-md border border-sky-200 bg-sky-50 p-2 text-sm text-slate-800">
      <p className="text-xs font-medium text-sky-900">Analysis plan proposed by the reviewer ({guidance.model}); the code follows it:</p>
      <ol className="mt-1 list-decimal pl-5">
        {guidance.steps.map((step, index) => (
          <li key={index}>{step}</li>
        ))}
      </ol>
    </div>
  );
}
