import type { Connection } from 'mongoose';
import { Leads, educationLevels, leadStatuses, marketIdSchema } from './model.ts';
import { monthOf, searchTextOf } from './register.ts';

const SURNAMES = ['Nguyễn', 'Hoàng', 'Lương', 'Vi', 'Lò', 'Hà', 'Triệu', 'Lăng', 'Vũ', 'Đinh'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Quốc'];
const GIVEN = ['Hoà', 'Lăng', 'Tú', 'An', 'Bình', 'Hương', 'Dũng', 'Thảo', 'Quý', 'Nhất'];
const COMMUNES = ['bac_son', 'hung_vu', 'vu_lang', 'nhat_hoa', 'vu_le', 'tan_tri'];

/**
 * Inserts `count` made-up leads in batches (for benchmarks and export tests). Phone keys are
 * `849…` numbers derived from the index, so a run is repeatable and never collides with itself.
 */
export async function insertGeneratedLeads(conn: Connection, count: number, options: { now?: Date; batchSize?: number; offset?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 1000;
  const offset = options.offset ?? 0;
  const markets = marketIdSchema.options;
  let inserted = 0;
  for (let start = 0; start < count; start += batchSize) {
    const docs = [];
    for (let i = start; i < Math.min(count, start + batchSize); i++) {
      const n = offset + i;
      const fullName = `${SURNAMES[n % SURNAMES.length]} ${MIDDLE[(n >> 3) % MIDDLE.length]} ${GIVEN[(n >> 5) % GIVEN.length]}`;
      const phoneKey = `849${String(n).padStart(8, '0')}`;
      const createdAt = new Date(now.getTime() - (n % 365) * 86_400_000);
      docs.push({
        phoneKey,
        fullName,
        birthYear: 1970 + (n % 36),
        communeId: COMMUNES[n % COMMUNES.length]!,
        markets: [markets[n % markets.length]!],
        education: educationLevels[n % educationLevels.length],
        hasPassport: n % 3 === 0,
        wantsLoan: n % 2 === 0,
        searchText: searchTextOf(fullName, phoneKey),
        contactIds: [`console:gen${n}`],
        consent: { version: 'generated', at: createdAt, channel: 'console' },
        status: leadStatuses[n % 4],
        statusHistory: [],
        createdAt,
        updatedAt: createdAt,
        lastActivityAt: createdAt,
        createdYear: createdAt.getUTCFullYear(),
        createdMonth: monthOf(createdAt),
      });
    }
    await Leads(conn).insertMany(docs, { ordered: false, lean: true });
    inserted += docs.length;
  }
  return inserted;
}
