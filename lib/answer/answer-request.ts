import { z } from 'zod';

/** /api/answer's request: the question, the code that ran and what it printed (lib/answer/server/stream-answer.ts). */
export const answerRequestSchema = z.object({
  question: z.string().trim().min(1).max(2000),
  code: z.string().max(20_000),
  /** A bounded rendering of the run's outputs (stdout, the result table's head, figure count), built by the page. */
  outputs: z.string().max(30_000),
  figures: z.number().int().min(0).max(20),
  status: z.string().max(20),
});
export type AnswerRequest = z.infer<typeof answerRequestSchema>;
