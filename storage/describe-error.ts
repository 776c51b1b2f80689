/** Formats a zod failure as one line naming the bad field's path. */
export function describeError(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const first = error.issues[0];
  if (!first) return 'invalid message';
  return `${first.path.map(String).join('.') || '(root)'}: ${first.message}`;
}
