/**
 * Countries where workers from Bắc Sơn commonly go (domain-facts §3), with the time zone the nudges
 * use. A country with several zones would need the city; none of these has.
 */
export const countries = {
  KR: { vi: 'Hàn Quốc', en: 'Korea', timeZone: 'Asia/Seoul' },
  JP: { vi: 'Nhật Bản', en: 'Japan', timeZone: 'Asia/Tokyo' },
  TW: { vi: 'Đài Loan', en: 'Taiwan', timeZone: 'Asia/Taipei' },
  CN: { vi: 'Trung Quốc', en: 'China', timeZone: 'Asia/Shanghai' },
  MY: { vi: 'Malaysia', en: 'Malaysia', timeZone: 'Asia/Kuala_Lumpur' },
  SA: { vi: 'Ả Rập Xê Út', en: 'Saudi Arabia', timeZone: 'Asia/Riyadh' },
  AE: { vi: 'UAE', en: 'UAE', timeZone: 'Asia/Dubai' },
  DE: { vi: 'Đức', en: 'Germany', timeZone: 'Europe/Berlin' },
  RO: { vi: 'Romania', en: 'Romania', timeZone: 'Europe/Bucharest' },
  HU: { vi: 'Hungary', en: 'Hungary', timeZone: 'Europe/Budapest' },
  PL: { vi: 'Ba Lan', en: 'Poland', timeZone: 'Europe/Warsaw' },
} as const;

export type CountryCode = keyof typeof countries;
export const countryCodes = Object.keys(countries) as CountryCode[];

export function countryName(code: string, language: 'vi' | 'en'): string {
  return (countries as Record<string, { vi: string; en: string } | undefined>)[code]?.[language] ?? code;
}
