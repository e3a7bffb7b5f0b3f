import type { SaveAnalysisInput } from '@/lib/share/save-input';
import { checkVegaLiteSpec } from '@/lib/kernel/vega-spec';

/**
 * Before a save: every chart result that may be drawn gets its PNG, drawn off-screen in this browser (the server
 * draws nothing), so exports have an image where they cannot be interactive (.md, notebook viewers without Vega).
 * A chart that fails to draw is saved without one; the share page still shows it (or why it cannot). Browser only:
 * the drawing code is loaded on first use.
 */
export async function withChartImages(input: SaveAnalysisInput): Promise<SaveAnalysisInput> {
  const hasChart = input.turns.some((turn) => turn.attempts.some((attempt) => attempt.result?.result?.kind === 'chart'));
  if (!hasChart) return input;
  const { chartPng } = await import('@/lib/results/client/vega-render');
  const turns = await Promise.all(
    input.turns.map(async (turn) => ({
      ...turn,
      attempts: await Promise.all(
        turn.attempts.map(async (attempt) => {
          const result = attempt.result?.result;
          if (!attempt.result || result?.kind !== 'chart' || result.png) return attempt;
          const checked = checkVegaLiteSpec(result.spec);
          if (!checked.ok) return attempt;
          const png = await chartPng({ spec: checked.spec }).catch(() => null);
          return png ? { ...attempt, result: { ...attempt.result, result: { ...result, png } } } : attempt;
        }),
      ),
    })),
  );
  return { ...input, turns };
}
