/** Runs a validate_doc_update source as CouchDB does (the source evaluated, called with newDoc, oldDoc, userCtx, secObj). */
export type Validate = (doc: Record<string, unknown>, userCtx?: { name: string | null; roles: string[] }) => string | null;

/** The validator of a source: null when it lets the write through, else its `forbidden` reason; other throws propagate (CouchDB would answer 500). */
export function runAsCouch(source: string): Validate {
  const fn = new Function(`return (${source});`)() as (n: unknown, o: unknown, u: unknown, s: unknown) => void;
  return (doc, userCtx = { name: (doc.author as string | null) ?? null, roles: [] }) => {
    try {
      fn(structuredClone(doc), null, userCtx, { members: { names: [], roles: [] } });
      return null;
    } catch (error) {
      if (error && typeof error === 'object' && 'forbidden' in error) return String((error as { forbidden: unknown }).forbidden);
      throw error;
    }
  };
}
