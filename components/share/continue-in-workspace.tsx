/**
 * "Continue in workspace" for the owner of a saved analysis: the workspace opens a new conversation seeded from it
 * (`/?continue=<id>`, which it turns into `POST /api/conversations` and then `/?c=<conversation id>`). A link, not a
 * form: the state change is made by the workspace's own same-origin request, and only for the analysis's owner.
 */
export function ContinueInWorkspace({ analysisId, className }: { analysisId: string; className?: string }) {
  return (
    <a
      href={`/?continue=${encodeURIComponent(analysisId)}`}
      data-testid="continue-in-workspace"
      className={className ?? 'text-xs text-sky-700 hover:underline'}
    >
      Continue in workspace
    </a>
  );
}
