// SQLite (through Prisma) accepts at most 999 bound values in one statement, so
// a `where: { id: { in: ids } }` over a whole team of thousands must be split.
export const IN_CHUNK = 500;

/** Runs `query` for each slice of `values` (at most IN_CHUNK long) and concatenates the rows. */
export async function inChunks<V, R>(values: readonly V[], query: (chunk: V[]) => Promise<R[]>): Promise<R[]> {
  const unique = [...new Set(values)];
  const out: R[] = [];
  for (let i = 0; i < unique.length; i += IN_CHUNK) out.push(...(await query(unique.slice(i, i + IN_CHUNK))));
  return out;
}
