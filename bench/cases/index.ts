import type { BenchCase } from '../harness.ts';
import { rawCase } from './raw.ts';

/** In the order they run: the ceiling first. */
export const allCases: BenchCase[] = [rawCase];
