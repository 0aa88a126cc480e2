/** True for MongoDB's duplicate-key error (E11000), however the driver wraps it. */
export function isDuplicateKeyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; writeErrors?: { code?: unknown }[]; cause?: unknown };
  if (e.code === 11000) return true;
  if (Array.isArray(e.writeErrors) && e.writeErrors.some((w) => w?.code === 11000)) return true;
  return e.cause !== undefined && e.cause !== err ? isDuplicateKeyError(e.cause) : false;
}

/** True when the database could not be reached (as opposed to a query it refused). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, cause, errorResponse } = err as { name?: unknown; cause?: unknown; errorResponse?: unknown };
  if (
    name === 'MongoServerSelectionError' ||
    name === 'MongoNetworkError' ||
    name === 'MongoNetworkTimeoutError' ||
    name === 'MongoNotConnectedError' ||
    name === 'MongoTopologyClosedError' ||
    name === 'MongoPoolClearedError' ||
    name === 'MongooseServerSelectionError'
  )
    return true;
  // insertMany wraps the driver's error in a MongoBulkWriteError that keeps it as `errorResponse`.
  return [cause, errorResponse].some((inner) => inner !== err && isDatabaseUnavailable(inner));
}

/**
 * True for any error the database driver raised (server refusals, bulk write errors, network
 * failures), as opposed to a bug in our code. mongoose bundles its own copy of the driver, so the
 * class is recognised by name, not with instanceof.
 */
export function isDatabaseError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const name = (err as { name?: unknown }).name;
  return typeof name === 'string' && /^Mongo/.test(name);
}

/**
 * How many documents an unordered insertMany inserted when it failed only on duplicate keys (they
 * come back as one error); any other failure is thrown again.
 */
export function insertedDespiteDuplicates(err: unknown, attempted: number): number {
  const e = err as { writeErrors?: { code?: number }[] | { code?: number }; insertedCount?: number; result?: { insertedCount?: number } };
  const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  if (writeErrors.length === 0 || writeErrors.some((w) => w.code !== 11000)) throw err;
  return e.insertedCount ?? e.result?.insertedCount ?? attempted - writeErrors.length;
}

/**
 * The positions, in an unordered insertMany, of the documents refused only because their key was
 * already there; any other failure is thrown again.
 */
export function duplicatePositions(err: unknown): Set<number> {
  const e = err as { writeErrors?: { code?: number; index?: number }[] | { code?: number; index?: number } };
  const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  if (writeErrors.length === 0 || writeErrors.some((w) => w.code !== 11000 || typeof w.index !== 'number')) throw err;
  return new Set(writeErrors.map((w) => w.index!));
}
