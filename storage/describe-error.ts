/**
 * Schema failures in words: one line naming the bad field's path (`describeError`), and the one
 * sentence a person sees for any failure (`readableError`), never zod's raw JSON.
 */
import { en } from 'zod/locales';

type Issues = { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> };
const wording = en().localeError;

/** An issue's own message, or zod's English wording when the schema gave none. */
function issueMessage(issue: Issues['issues'][number]): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  const worded = wording(issue as never);
  const text = typeof worded === 'string' ? worded : worded?.message;
  return (text || issue.message || 'invalid').replace(/, received undefined$/, '');
}

/** Formats a zod failure as one line naming the bad field's path. */
export function describeError(error: Issues): string {
  const first = error.issues[0];
  if (!first) return 'invalid message';
  return `${first.path.map(String).join('.') || '(root)'}: ${issueMessage(first)}`;
}

/** Whether a thrown value is a schema failure (zod's error, whose own message is raw JSON). */
function isSchemaFailure(error: unknown): error is Issues {
  return typeof error === 'object' && error !== null && Array.isArray((error as Partial<Issues>).issues);
}

/**
 * The one sentence a person sees for a failure: a schema failure names the field's path and what
 * is wrong with it (never zod's raw JSON), anything else gives its message.
 */
export function readableError(error: unknown): string {
  if (isSchemaFailure(error)) {
    const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
    return `A value is not valid: ${describeError(error)}${more}.`;
  }
  return error instanceof Error ? error.message : String(error);
}
