import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import { Leases } from '../../db/leases.ts';

/**
 * Serialises writes to one lead across every copy of the service. FerretDB applies an update by
 * reading and rewriting the whole document, so two concurrent updates of one lead (two contacts
 * linked at once, a registration during a staff status change) could lose one of them. The lock is
 * the same insert-keyed lease the inbox uses (a crashed holder's lease expires), keyed `lead:<key>`.
 */
const LOCK_MS = 15_000;
const WAIT_MS = 20_000;

export async function withLeadLock<T>(conn: Connection, key: string, work: () => Promise<T>): Promise<T> {
  const leases = new Leases(conn, randomUUID(), LOCK_MS);
  // Hashed: the key is usually a phone number, and lease documents are not personal data stores.
  const name = `lead:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
  // Real time: the lease measures how long a holder may take, not the service's schedule clock.
  const deadline = Date.now() + WAIT_MS;
  for (let attempt = 0; !(await leases.acquire(name)); attempt++) {
    if (Date.now() > deadline) throw new Error('lead is busy: another write to it did not finish in time');
    await sleep(10 + Math.random() * Math.min(200, 10 * 2 ** attempt));
  }
  try {
    return await work();
  } finally {
    await leases.release(name);
  }
}
