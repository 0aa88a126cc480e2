import { describe, expect, it } from 'vitest';
import { isDatabaseError, isDatabaseUnavailable } from '../../src/db/errors.ts';
import { openTestDb } from '../helpers/db.ts';

describe('telling database failures from bugs', () => {
  it('counts a refusal by the server as a database error (the webhook answers 503, not 500), but not as an outage', async () => {
    const conn = await openTestDb();
    // A command the server itself refuses: the same class of error a backend failure comes as.
    const refused = await conn.db!.command({ insert: 'anything', documents: 'not a list' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeDefined();
    expect(isDatabaseError(refused)).toBe(true);
    expect(isDatabaseUnavailable(refused)).toBe(false);
  });

  it('does not count a bug in our code as a database error', () => {
    expect(isDatabaseError(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseError('Mongo')).toBe(false);
    expect(isDatabaseError(null)).toBe(false);
  });
});
