import { describe, expect, it } from 'vitest';
import { createMatcher, loadContent } from '../../src/content/index.ts';

/**
 * The topics people ask most that issue 12 added: each is found from at least three of these
 * phone-style phrasings (written for this test, not copied from anyone, not in the training files).
 * A fourth phrasing per topic may land on a close sibling entry; three must hit the entry itself.
 */
const content = loadContent();
const matcher = createMatcher(content);

const cases: readonly [string, string][] = [
  ['markets.china_chongzuo.practical', 'sang sung ta chat mia thi lam may thang, tra luong bao nhieu'],
  ['markets.china_chongzuo.practical', 'di sung ta lam thoi vu can giay to gi, ai tuyen vay'],
  ['markets.china_chongzuo.practical', 'mua mia ben sung ta co tuyen nguoi bac son ko, mat bao nhieu tien'],
  ['return.on_time.come_home', 'con toi o han qua han roi gio muon ve thi lam sao'],
  ['return.on_time.come_home', 'chong em o lai dai loan bat hop phap, ve nuoc co bi phat ko'],
  ['return.on_time.come_home', 'em trai bo tron o han 3 nam nay muon ve que thi phai lam gi'],
  ['loans.bank.family_risks', 'vay ngan hang cho con di ma con bo tron thi bo me co phai tra no ko'],
  ['loans.bank.family_risks', 'dang cho bay ma da phai tra lai ngan hang chua'],
  ['loans.bank.family_risks', 'con di lam bi mat o nuoc ngoai thi khoan vay ai tra'],
  ['return.reintegration.money_to_claim', 've nuoc roi lay lai tien nenkin o nhat the nao'],
  ['return.reintegration.money_to_claim', 'het hd o han ve co duoc nhan bao hiem xuat canh ko'],
  ['return.reintegration.money_to_claim', 've que roi con nhung khoan tien nao duoc nhan lai'],
  ['markets.overview.health', 'bi can thi co di xuat khau lao dong duoc ko'],
  ['markets.overview.health', 'co hinh xam thi nuoc nao nhan'],
  ['markets.overview.health', 'kham suc khoe di lam nuoc ngoai o dau'],
  ['rights.worker.problems_abroad', 'chu giu ho chieu cua em ko tra thi lam sao'],
  ['rights.worker.problems_abroad', 'sang ben do bi no luong 2 thang roi phai lam gi'],
  ['rights.worker.problems_abroad', 'bi tai nan o xuong ben nhat ai tra tien vien phi'],
  ['procedures.training.local_course', 'hoc tieng o trung tam huyen mat bao nhieu tien'],
  ['procedures.training.local_course', 'hoc xong ma ko di duoc thi co duoc tra lai hoc phi ko'],
  ['procedures.training.local_course', 'hoc tieng han truoc khi di o dau re'],
  ['loans.support.other_groups', 'bo doi xuat ngu di xkld co duoc ho tro gi ko'],
  ['loans.support.other_groups', 'nguoi dan toc ko phai ho ngheo vay co duoc lai thap ko'],
  ['loans.support.other_groups', 'tinh lang son co ho tro rieng cho nguoi di lam nuoc ngoai ko'],
  ['markets.japan.new_system_2027', 'nam 2027 nhat bo thuc tap sinh thi sao'],
  ['markets.japan.new_system_2027', 'che do ikusei shuro moi cua nhat la gi'],
  ['markets.japan.new_system_2027', 'sau nay nhat doi chuong trinh tts thanh che do moi thi di the nao'],
  ['markets.europe.germany_nursing', 'di duc lam dieu duong can gi'],
  ['markets.europe.germany_nursing', 'hoc nghe dieu duong ben duc mat bao nhieu tien'],
  ['markets.europe.germany_nursing', 'con gai muon sang duc lam y ta thi hoc tieng gi'],
  ['safety.scams.job_ads', 'thay quang cao tuyen di canada luong cao tren fb co that ko'],
  ['safety.scams.job_ads', 'tren mang dang tin tuyen lao dong di uc bay nhanh co lua ko'],
  ['safety.scams.job_ads', 'lam sao biet tin tuyen xkld tren facebook la that hay gia'],
  ['markets.china_chongzuo.other_china', 'di lam nha may o quang dong trung quoc qua cong ty dc ko'],
  ['markets.china_chongzuo.other_china', 'di trung quoc lam xuong dien tu thi hop dong the nao'],
  ['markets.china_chongzuo.other_china', 'ngoai sung ta ra di trung quoc cho khac co hop phap ko'],
  ['return.on_time.come_home', 'con o lai nhat lau roi bay gio tu nguyen ve nuoc co duoc ko'],
  ['markets.overview.health', 'viem gan b co di lam nuoc ngoai duoc khong a'],
  ['rights.worker.problems_abroad', 'muon doi chu o nuoc ngoai vi chu doi xu te thi co duoc ko'],
  ['procedures.training.local_course', 'trung tam hoc tieng thu tien truoc roi ma khong bay duoc co doi lai duoc ko'],
  ['loans.support.other_groups', 'nguoi tay nung khong thuoc ho ngheo thi co duoc uu dai gi khi di xuat khau lao dong'],
  ['safety.scams.job_ads', 'trang facebook dang tuyen di canada khong can tieng co tin duoc ko'],
  ['markets.korea.again', 'het hop dong han toi ve dung hen roi, nam nay dang ky di lai dc ko'],
  ['markets.korea.again', 'lam o han du 4 nam 10 thang ve nuoc roi thi con duoc sang lan nua khong'],
  ['markets.korea.again', 'da tung di eps va ve nuoc dung han thi lan sau di lai can nhung gi'],
  ['rights.worker.taiwan_deductions', 'o dai loan chu tru tien com voi tien phong bao nhieu la dung luat'],
  ['rights.worker.taiwan_deductions', 'phi moi gioi ben dai thu hang thang toi da bao nhieu'],
  ['rights.worker.taiwan_deductions', 'bang luong o dai ko ghi ro tru nhung khoan gi, bi tru qua nhieu thi hoi ai'],
  ['rights.worker.taiwan_deductions', 'lam nong o dai loan ma van bi tru tien an o co dung ko'],
];

describe('the new topics are understood as people type them', () => {
  const topics = [...new Set(cases.map(([faqId]) => faqId))];
  it.each(topics)('%s', (faqId) => {
    expect(content.faq.some((e) => e.id === faqId)).toBe(true);
    const phrasings = cases.filter(([id]) => id === faqId).map(([, q]) => q);
    const found = phrasings.filter((q) => matcher.match(q).faqId === faqId);
    expect(found.length, `found from: ${found.join(' | ')}`).toBeGreaterThanOrEqual(3);
  });
});
