import type { BenchCase } from '../harness.ts';
import { broadcastCase } from './broadcast.ts';
import { csvExportCase } from './csv-export.ts';
import { dbInsertCase } from './db-insert.ts';
import { endToEndCase } from './end-to-end.ts';
import { faqMatchCase } from './faq-match.ts';
import { rawCase } from './raw.ts';
import { roundTripsCase } from './round-trips.ts';
import { schedulerScanCase } from './scheduler-scan.ts';
import { webhookAckCase } from './webhook-ack.ts';

/** In the order they run: the ceilings first (the server's, the database's). */
export const allCases: BenchCase[] = [rawCase, dbInsertCase, webhookAckCase, endToEndCase, roundTripsCase, broadcastCase, schedulerScanCase, faqMatchCase, csvExportCase];
