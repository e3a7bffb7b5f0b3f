import { bindingOptions } from '@/lib/files/binding-options';
import type { DatasetSummary } from '@/lib/files/dataset-types';
import { describeReadCall } from '@/lib/files/read-call';

/** "Python reads it as pd.read_csv(…)": the call the kernel makes for `dataset`, with the options its binding carries. */
export function ReadCall({ dataset, testId, className }: { dataset: DatasetSummary; testId: string; className: string }) {
  return (
    <p className={className}>
      Python reads it as{' '}
      <code data-testid={testId} className="font-mono">
        {describeReadCall({ format: dataset.format, options: bindingOptions({ meta: dataset }) })}
      </code>
    </p>
  );
}
