import { pino, type Logger, type LoggerOptions } from 'pino';
import { PERSONAL_FIELDS, maskPhones } from './redact.ts';

export type { Logger };

const censoredPaths = PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

/** JSON logs on stdout. Personal fields are censored, and phone numbers in messages masked. */
export function createLogger(level: LoggerOptions['level'] = 'info', destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: undefined,
    redact: { paths: censoredPaths, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? maskPhones(a) : a)) as Parameters<typeof method>,
        );
      },
    },
    formatters: {
      log(object) {
        const err = object.err;
        if (err instanceof Error) {
          return { ...object, err: { type: err.name, message: maskPhones(err.message), stack: err.stack && maskPhones(err.stack) } };
        }
        return object;
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
