/**
 * Mends a database connection that does not come back by itself after an outage.
 *
 * The MongoDB driver reconnects on its own after the database returns, and nearly always it does.
 * In the outage drill (`test/faults/db-outage.test.ts`: the database stopped for 10 s under load,
 * driver 7.8 through mongoose 9, FerretDB 1.24) about one run in three left the service's client
 * without a usable server for good: every request failed server selection long after the database
 * was back, while a new client connected at once. The cause inside the driver was not found. So
 * the service checks for exactly that state: its own connection keeps failing for `stuckAfterMs`
 * while a new client reaches the database. Then it reconnects. During a real outage a new client
 * fails too, and nothing is done.
 */
export interface WatchdogProbes {
  /** Whether the service's own connection answers a ping now. */
  ownConnectionAnswers(): Promise<boolean>;
  /** Whether a new, short-lived client reaches the database now. */
  freshClientAnswers(): Promise<boolean>;
  /** Replaces the service's client with a new one. */
  reconnect(): Promise<void>;
  onReconnect?(failedForMs: number): void;
}

export interface Watchdog {
  /** One check (the timer calls it; tests call it with their own clock). */
  check(now: number): Promise<'ok' | 'failing' | 'outage' | 'reconnected'>;
  stop(): void;
}

export function createWatchdog(probes: WatchdogProbes, options: { stuckAfterMs?: number; intervalMs?: number } = {}): Watchdog {
  const stuckAfterMs = options.stuckAfterMs ?? 20_000;
  let failingSince: number | null = null;
  let busy = false;
  let timer: NodeJS.Timeout | undefined;

  async function check(now: number): Promise<'ok' | 'failing' | 'outage' | 'reconnected'> {
    if (await probes.ownConnectionAnswers()) {
      failingSince = null;
      return 'ok';
    }
    if (!(await probes.freshClientAnswers())) {
      // A real outage: the driver will reconnect when the database is back; start counting then.
      failingSince = null;
      return 'outage';
    }
    failingSince ??= now;
    if (now - failingSince < stuckAfterMs) return 'failing';
    probes.onReconnect?.(now - failingSince);
    await probes.reconnect();
    failingSince = null;
    return 'reconnected';
  }

  if (options.intervalMs) {
    timer = setInterval(() => {
      if (busy) return;
      busy = true;
      check(Date.now())
        .catch(() => undefined)
        .finally(() => {
          busy = false;
        });
    }, options.intervalMs);
    // The watchdog alone must not keep a process alive.
    timer.unref();
  }

  return {
    check,
    stop() {
      clearInterval(timer);
    },
  };
}
