// Interface strings: Vietnamese first, English second. Staff switch with the button in the header.
const strings = {
  vi: {
    brand: 'Lao động Bắc Sơn',
    'nav.dashboard': 'Tổng quan', 'nav.conferences': 'Hội nghị', 'nav.broadcasts': 'Thông báo', 'nav.leads': 'Người đăng ký',
    'nav.placements': 'Lao động ở nước ngoài', 'nav.audit': 'Nhật ký',
    logout: 'Đăng xuất', otherLang: 'English',
    'login.title': 'Đăng nhập cán bộ', 'login.token': 'Mã truy cập (token)', 'login.submit': 'Đăng nhập',
    'login.bad': 'Mã truy cập không đúng hoặc đã bị thu hồi.', 'login.many': 'Nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.',
    'err.generic': 'Có lỗi xảy ra', 'err.forbidden': 'Tài khoản của bạn không có quyền này.', 'err.missing': 'Chức năng này chưa sẵn sàng trên máy chủ.',
    saved: 'Đã lưu', loading: 'Đang tải…', none: 'Chưa có dữ liệu.', save: 'Lưu', cancel: 'Huỷ', edit: 'Sửa', close: 'Đóng', refresh: 'Làm mới',
    year: 'Năm', period: 'Kỳ báo cáo', 'period.year': 'Cả năm (hạn báo cáo trước 15/12)', 'period.h1': '6 tháng đầu năm (hạn báo cáo trước 15/6)',
    'dash.title': 'Tiến độ thực hiện kế hoạch', 'dash.targets': 'Chỉ tiêu xuất cảnh lao động', 'dash.of': 'trên', 'dash.due': 'chỉ tiêu kỳ',
    'dash.growth': 'Tăng trưởng so với cùng kỳ năm trước', 'dash.growthTarget': 'mục tiêu', 'dash.noPrev': 'chưa có số liệu năm trước',
    'dash.departures': 'Lao động đã xuất cảnh', 'dash.leads': 'Người đăng ký mới', 'dash.conferences': 'Hội nghị đã tổ chức', 'dash.signups': 'Lượt đăng ký dự hội nghị',
    'dash.returned': 'Về nước đúng hạn', 'dash.contracts': 'hợp đồng hết hạn trong kỳ', 'dash.overdue': 'Quá hạn chưa về',
    'dash.broadcasts': 'Thông báo đã gửi', 'dash.chart': 'Theo tháng', 'dash.csv': 'Tải CSV', 'dash.byStatus': 'Người đăng ký theo trạng thái',
    'dash.byCommune': 'Theo xã', 'dash.byMarket': 'Theo thị trường quan tâm',
    'dash.counted': 'Số liệu tính từ', 'dash.countedTo': 'đến hết ngày', 'dash.partial': '(ngày lập báo cáo; kỳ chưa kết thúc)',
    'dash.dueBefore': 'Hạn nộp: trước ngày', 'dash.recipient': 'Nơi nhận báo cáo', 'dash.recipientUnset': 'chưa đặt – cán bộ điền mục reportRecipient trong content/plan.json',
    'dash.baseline': 'So với năm gốc', 'dash.baselineUnset': 'Chưa có năm gốc cho mục tiêu tăng 10–15 %/năm – cán bộ điền mục growthBaseline trong content/plan.json',
    'dash.baselineTarget': 'cần ít nhất', 'dash.review': 'Nội dung cần kiểm tra lại (đến hạn trong 60 ngày)', 'dash.reviewName': 'Câu hỏi / mục',
    'dash.reviewBy': 'Kiểm tra trước ngày', 'dash.reviewedAt': 'Cập nhật lần cuối', 'dash.reviewOverdue': 'quá hạn',
    'conf.title': 'Hội nghị tư vấn, tuyển dụng', 'conf.new': 'Tạo hội nghị', 'conf.titleVi': 'Tên (tiếng Việt)', 'conf.titleEn': 'Tên (tiếng Anh, không bắt buộc)',
    'conf.startsAt': 'Thời gian bắt đầu', 'conf.placeVi': 'Địa điểm', 'conf.placeEn': 'Địa điểm (tiếng Anh)', 'conf.commune': 'Mã xã',
    'conf.markets': 'Thị trường', 'conf.descVi': 'Nội dung', 'conf.descEn': 'Nội dung (tiếng Anh)', 'conf.create': 'Tạo hội nghị',
    'conf.cancel': 'Huỷ hội nghị', 'conf.cancelled': 'Đã huỷ', 'conf.scheduled': 'Sắp diễn ra', 'conf.signups': 'Người đăng ký', 'conf.confirmCancel': 'Huỷ hội nghị này? Những người đã đăng ký sẽ được báo.',
    'bc.title': 'Gửi thông báo', 'bc.textVi': 'Nội dung (tiếng Việt)', 'bc.textEn': 'Nội dung (tiếng Anh, không bắt buộc)', 'bc.audience': 'Người nhận',
    'bc.communes': 'Xã (mã, cách nhau bởi dấu phẩy)', 'bc.markets': 'Thị trường quan tâm', 'bc.channels': 'Kênh', 'bc.languages': 'Ngôn ngữ', 'bc.conference': 'Người đã đăng ký hội nghị',
    'bc.anyone': 'Tất cả', 'bc.when': 'Thời gian gửi', 'bc.now': 'Gửi ngay', 'bc.at': 'Hẹn giờ', 'bc.preview': 'Xem trước số người nhận', 'bc.send': 'Gửi thông báo',
    'bc.reach': 'Số người sẽ nhận', 'bc.closed': 'ngoài thời hạn nhắn tin (sẽ không nhận được)', 'bc.optedOut': 'đã từ chối nhận thông báo', 'bc.unreachable': 'không liên lạc được',
    'bc.history': 'Các thông báo đã gửi', 'bc.state': 'Trạng thái', 'bc.progress': 'Tiến độ', 'bc.failures': 'Lỗi', 'bc.cancel': 'Dừng gửi', 'bc.confirm': 'Gửi thông báo này?',
    'state.scheduled': 'Đã hẹn giờ', 'state.preparing': 'Đang chuẩn bị', 'state.sending': 'Đang gửi', 'state.done': 'Đã gửi xong', 'state.cancelled': 'Đã dừng',
    'ds.pending': 'chờ gửi', 'ds.sent': 'đã gửi', 'ds.failed': 'lỗi', 'ds.window_closed': 'ngoài thời hạn', 'ds.opted_out': 'từ chối', 'ds.cancelled': 'đã huỷ',
    'leads.title': 'Người đăng ký', 'leads.status': 'Trạng thái', 'leads.commune': 'Xã', 'leads.market': 'Thị trường', 'leads.q': 'Tìm tên hoặc số điện thoại',
    'leads.filter': 'Lọc', 'leads.csv': 'Xuất CSV', 'leads.name': 'Họ tên', 'leads.phone': 'Điện thoại', 'leads.created': 'Ngày đăng ký', 'leads.change': 'Đổi trạng thái', 'leads.note': 'Ghi chú',
    'leads.departMarket': 'Nước đến (bắt buộc khi xuất cảnh)', 'leads.all': 'Tất cả',
    'ls.new': 'Mới', 'ls.contacted': 'Đã liên hệ', 'ls.training': 'Đang đào tạo', 'ls.departed': 'Đã xuất cảnh', 'ls.returned': 'Đã về nước', 'ls.withdrawn': 'Rút lui',
    'pl.title': 'Lao động đang ở nước ngoài', 'pl.ending': 'Hợp đồng hết hạn trong', 'pl.days': 'ngày', 'pl.country': 'Nước', 'pl.end': 'Hết hạn hợp đồng', 'pl.status': 'Trạng thái',
    'pl.nudges': 'Nhắc về nước', 'pl.nudgesOff': 'Người lao động đã tắt nhắc — hãy gọi điện', 'pl.nextNudge': 'Lần nhắc tới', 'pl.abroad': 'Đang ở nước ngoài', 'pl.extended': 'Đã gia hạn', 'pl.returnedS': 'Đã về', 'pl.overdue': 'Quá hạn',
    'nav.review': 'Câu hỏi cần xem',
    'rv.title': 'Câu hỏi cần xem', 'rv.intro': 'Tin nhắn trợ lý chưa trả lời chắc chắn được, hoặc người hỏi bấm "Chưa ích". Chọn câu hỏi đúng để trợ lý học ngay; tin không liên quan thì bấm "Không liên quan".',
    'rv.status': 'Trạng thái', 'rv.open': 'Chờ xem', 'rv.attached': 'Đã gắn', 'rv.off_topic': 'Không liên quan',
    'rv.topic': 'Chủ đề trợ lý đoán', 'rv.allTopics': 'Tất cả chủ đề', 'rv.unknownTopic': 'Chưa rõ chủ đề',
    'rv.guess': 'Trợ lý đoán', 'rv.noGuess': 'không đoán được', 'rv.right': 'Đúng câu này', 'rv.other': 'Chọn câu hỏi khác', 'rv.search': 'Tìm câu hỏi…', 'rv.noMatch': 'Không có câu hỏi nào khớp',
    'rv.attach': 'Gắn câu đã chọn', 'rv.offTopic': 'Không liên quan', 'rv.chooseFirst': 'Hãy chọn một câu hỏi trong danh sách.',
    'rv.reason.unsure': 'Trợ lý chưa chắc', 'rv.reason.unhelpful': 'Người hỏi bấm "Chưa ích"',
    'rv.attachedTo': 'Đã gắn với', 'rv.markedOff': 'Không liên quan', 'rv.by': 'bởi',
    'rv.done': 'Đã gắn. Trợ lý sẽ trả lời tin này bằng câu hỏi đã chọn.', 'rv.doneOff': 'Đã đánh dấu không liên quan.', 'rv.alsoResolved': '(cùng {n} tin giống hệt)',
    'rv.more': 'Xem thêm', 'rv.empty': 'Không có tin nào ở đây.', 'rv.examples': 'Các câu cán bộ đã dạy cho trợ lý', 'rv.delete': 'Xoá',
    'rv.confirmDelete': 'Xoá câu này khỏi dữ liệu học của trợ lý?',
    'audit.title': 'Nhật ký thao tác', 'audit.at': 'Thời gian', 'audit.actor': 'Người thực hiện', 'audit.action': 'Thao tác', 'audit.target': 'Đối tượng',
    'm.japan': 'Nhật Bản', 'm.korea': 'Hàn Quốc', 'm.taiwan': 'Đài Loan', 'm.china_chongzuo': 'Sùng Tả (Trung Quốc)', 'm.europe': 'Châu Âu', 'm.middle_east': 'Tây Á',
    'm.southeast_asia': 'Đông Nam Á', 'm.australia': 'Úc', 'm.other': 'Khác',
  },
  en: {
    brand: 'Bắc Sơn Labour Office',
    'nav.dashboard': 'Dashboard', 'nav.conferences': 'Conferences', 'nav.broadcasts': 'Broadcasts', 'nav.leads': 'Leads',
    'nav.placements': 'Workers abroad', 'nav.audit': 'Audit log',
    logout: 'Log out', otherLang: 'Tiếng Việt',
    'login.title': 'Staff login', 'login.token': 'Access token', 'login.submit': 'Log in',
    'login.bad': 'The token is wrong or has been revoked.', 'login.many': 'Too many failed attempts. Try again in a few minutes.',
    'err.generic': 'Something went wrong', 'err.forbidden': 'Your token may not do this.', 'err.missing': 'This function is not available on the server yet.',
    saved: 'Saved', loading: 'Loading…', none: 'Nothing yet.', save: 'Save', cancel: 'Cancel', edit: 'Edit', close: 'Close', refresh: 'Refresh',
    year: 'Year', period: 'Report', 'period.year': 'Whole year (due before 15 December)', 'period.h1': 'January–June (due before 15 June)',
    'dash.title': 'Progress against the plan', 'dash.targets': 'Workers sent abroad: targets', 'dash.of': 'of', 'dash.due': 'due this period',
    'dash.growth': 'Growth on the same period last year', 'dash.growthTarget': 'target', 'dash.noPrev': 'no figures for last year',
    'dash.departures': 'Workers departed', 'dash.leads': 'New leads', 'dash.conferences': 'Conferences held', 'dash.signups': 'Conference sign-ups',
    'dash.returned': 'Came home on time', 'dash.contracts': 'contracts ending in the period', 'dash.overdue': 'Overdue, not back',
    'dash.broadcasts': 'Broadcasts', 'dash.chart': 'By month', 'dash.csv': 'Download CSV', 'dash.byStatus': 'Leads by status',
    'dash.byCommune': 'By commune', 'dash.byMarket': 'By market of interest',
    'dash.counted': 'Figures from', 'dash.countedTo': 'to the end of', 'dash.partial': '(the day of this report; the period has not ended)',
    'dash.dueBefore': 'Due before', 'dash.recipient': 'Report goes to', 'dash.recipientUnset': 'not set — staff fill in reportRecipient in content/plan.json',
    'dash.baseline': 'Against the base year', 'dash.baselineUnset': 'No base year for the 10–15 % a year growth target — staff fill in growthBaseline in content/plan.json',
    'dash.baselineTarget': 'needs at least', 'dash.review': 'Content to check again (due within 60 days)', 'dash.reviewName': 'Question / item',
    'dash.reviewBy': 'Check before', 'dash.reviewedAt': 'Last updated', 'dash.reviewOverdue': 'overdue',
    'conf.title': 'Recruitment and advice conferences', 'conf.new': 'New conference', 'conf.titleVi': 'Title (Vietnamese)', 'conf.titleEn': 'Title (English, optional)',
    'conf.startsAt': 'Starts at', 'conf.placeVi': 'Place', 'conf.placeEn': 'Place (English)', 'conf.commune': 'Commune id',
    'conf.markets': 'Markets', 'conf.descVi': 'Description', 'conf.descEn': 'Description (English)', 'conf.create': 'Create conference',
    'conf.cancel': 'Cancel conference', 'conf.cancelled': 'Cancelled', 'conf.scheduled': 'Scheduled', 'conf.signups': 'Sign-ups', 'conf.confirmCancel': 'Cancel this conference? People signed up will be told.',
    'bc.title': 'Send a notice', 'bc.textVi': 'Text (Vietnamese)', 'bc.textEn': 'Text (English, optional)', 'bc.audience': 'Audience',
    'bc.communes': 'Communes (ids, comma-separated)', 'bc.markets': 'Markets of interest', 'bc.channels': 'Channel', 'bc.languages': 'Language', 'bc.conference': 'People signed up to a conference',
    'bc.anyone': 'Everyone', 'bc.when': 'When', 'bc.now': 'Now', 'bc.at': 'At a time', 'bc.preview': 'Preview audience', 'bc.send': 'Send notice',
    'bc.reach': 'People it will reach', 'bc.closed': 'outside every messaging window (will not get it)', 'bc.optedOut': 'opted out of notices', 'bc.unreachable': 'unreachable',
    'bc.history': 'Broadcasts', 'bc.state': 'State', 'bc.progress': 'Progress', 'bc.failures': 'Failures', 'bc.cancel': 'Stop sending', 'bc.confirm': 'Send this notice?',
    'state.scheduled': 'Scheduled', 'state.preparing': 'Preparing', 'state.sending': 'Sending', 'state.done': 'Done', 'state.cancelled': 'Stopped',
    'ds.pending': 'pending', 'ds.sent': 'sent', 'ds.failed': 'failed', 'ds.window_closed': 'window closed', 'ds.opted_out': 'opted out', 'ds.cancelled': 'cancelled',
    'leads.title': 'Leads', 'leads.status': 'Status', 'leads.commune': 'Commune', 'leads.market': 'Market', 'leads.q': 'Search name or phone',
    'leads.filter': 'Filter', 'leads.csv': 'Export CSV', 'leads.name': 'Name', 'leads.phone': 'Phone', 'leads.created': 'Registered', 'leads.change': 'Change status', 'leads.note': 'Note',
    'leads.departMarket': 'Destination (needed for departed)', 'leads.all': 'All',
    'ls.new': 'New', 'ls.contacted': 'Contacted', 'ls.training': 'Training', 'ls.departed': 'Departed', 'ls.returned': 'Returned', 'ls.withdrawn': 'Withdrawn',
    'pl.title': 'Workers abroad', 'pl.ending': 'Contracts ending within', 'pl.days': 'days', 'pl.country': 'Country', 'pl.end': 'Contract end', 'pl.status': 'Status',
    'pl.nudges': 'Return nudges', 'pl.nudgesOff': 'Worker turned nudges off — phone them', 'pl.nextNudge': 'Next nudge', 'pl.abroad': 'Abroad', 'pl.extended': 'Extended', 'pl.returnedS': 'Returned', 'pl.overdue': 'Overdue',
    'nav.review': 'Questions to review',
    'rv.title': 'Questions to review', 'rv.intro': 'Messages the bot could not answer with confidence, or whose answer the person marked "not helpful". Choose the right question and the bot learns it at once; mark the rest off-topic.',
    'rv.status': 'Status', 'rv.open': 'To review', 'rv.attached': 'Attached', 'rv.off_topic': 'Off-topic',
    'rv.topic': 'Topic the bot guessed', 'rv.allTopics': 'All topics', 'rv.unknownTopic': 'Unknown topic',
    'rv.guess': 'Bot guessed', 'rv.noGuess': 'no guess', 'rv.right': 'Yes, this one', 'rv.other': 'Choose another question', 'rv.search': 'Search questions…', 'rv.noMatch': 'No question matches',
    'rv.attach': 'Attach chosen', 'rv.offTopic': 'Off-topic', 'rv.chooseFirst': 'Choose a question from the list first.',
    'rv.reason.unsure': 'Bot was unsure', 'rv.reason.unhelpful': 'Marked "not helpful"',
    'rv.attachedTo': 'Attached to', 'rv.markedOff': 'Off-topic', 'rv.by': 'by',
    'rv.done': 'Attached. The bot will answer this message with the chosen question.', 'rv.doneOff': 'Marked off-topic.', 'rv.alsoResolved': '(and {n} identical messages)',
    'rv.more': 'Show more', 'rv.empty': 'Nothing here.', 'rv.examples': 'Sentences staff taught the bot', 'rv.delete': 'Remove',
    'rv.confirmDelete': 'Remove this sentence from what the bot learnt?',
    'audit.title': 'Audit log', 'audit.at': 'Time', 'audit.actor': 'Who', 'audit.action': 'Action', 'audit.target': 'Record',
    'm.japan': 'Japan', 'm.korea': 'Korea', 'm.taiwan': 'Taiwan', 'm.china_chongzuo': 'Chongzuo (China)', 'm.europe': 'Europe', 'm.middle_east': 'Middle East',
    'm.southeast_asia': 'Southeast Asia', 'm.australia': 'Australia', 'm.other': 'Other',
  },
};

export const MARKETS = ['china_chongzuo', 'japan', 'korea', 'taiwan', 'europe', 'middle_east', 'southeast_asia', 'australia', 'other'];
export const LEAD_STATUSES = ['new', 'contacted', 'training', 'departed', 'returned', 'withdrawn'];

let lang = window.sessionStorage.getItem('lang') === 'en' ? 'en' : 'vi';

export const getLang = () => lang;
export function setLang(next) {
  lang = next;
  window.sessionStorage.setItem('lang', next);
  document.documentElement.lang = next;
}
export function t(key) {
  return strings[lang][key] ?? strings.vi[key] ?? key;
}
/** Re-labels the static parts of the page (elements with data-t). */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
}
export function fmtDate(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' });
}
export function fmtDay(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
}
