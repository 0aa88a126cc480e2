import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

// Each test file gets its own database (FerretDB: its own SQLite file, or its own schema in the run's
// PostgreSQL database), so files run in parallel.
// Helpers in test/helpers/db.ts read these; databases are dropped by the helpers that open them.
process.env.TEST_MONGODB_URI = inject('mongoUri');
process.env.TEST_DB_NAME = `t_${randomBytes(4).toString('hex')}`;
