/**
 * The question field's id: the workspace's skip link (app/page.tsx) jumps there. A plain module, not the client
 * component's: a server component importing a value from a 'use client' file gets a client reference, not the value.
 */
export const QUESTION_INPUT_ID = 'question-input';
