/**
 * Which call of the pipeline a model call is: the task and the question it serves. The pipeline passes it to
 * `modelFor` with every call (a provider may pick a model per task; the unit tests' scripted provider answers from a
 * queue per task) and nothing else reads it. Shared code: no server-only, no DOM.
 */

export const MODEL_TASKS = ['select', 'generate', 'repair', 'answer', 'review', 'guide'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

export interface ModelCallContext {
  task: ModelTask;
  question: string;
  /** repair: the last failed attempt's error, "Type: message". */
  lastError?: string;
  /** repair: the number of failed attempts sent (1 for the first repair). */
  attempt?: number;
}
