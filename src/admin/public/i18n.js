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
    'err.fields': 'Vui lòng sửa các ô được đánh dấu đỏ.', 'err.code.invalid_transition': 'Không thể chuyển sang trạng thái này từ trạng thái hiện tại.',
    'err.code.conflict': 'Dữ liệu vừa được người khác thay đổi. Hãy tải lại trang rồi làm lại.', 'err.code.not_found': 'Không tìm thấy mục này (có thể đã bị xoá).',
    'err.code.too_many_attempts': 'Nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.', 'err.code.unavailable': 'Máy chủ tạm thời không truy cập được cơ sở dữ liệu. Thử lại sau ít phút.',
    'fe.required': 'Chưa điền mục này.', 'fe.too_short': 'Quá ngắn.', 'fe.too_long': 'Quá dài.', 'fe.too_small': 'Số quá nhỏ.', 'fe.too_big': 'Số quá lớn.',
    'fe.invalid_format': 'Sai định dạng.', 'fe.invalid_choice': 'Hãy chọn một mục trong danh sách.', 'fe.in_past': 'Thời gian này đã qua; hãy chọn thời gian sắp tới.',
    'fe.not_found': 'Không tìm thấy mục đã chọn.', 'fe.required_for_departed': 'Bắt buộc chọn nước đến khi chuyển sang "Đã xuất cảnh".', 'fe.invalid': 'Giá trị không hợp lệ.',
    menu: 'Menu', officeTime: 'giờ Việt Nam',
    saved: 'Đã lưu', loading: 'Đang tải…', none: 'Chưa có dữ liệu.', save: 'Lưu', cancel: 'Huỷ', edit: 'Sửa', close: 'Đóng', refresh: 'Làm mới',
    year: 'Năm', period: 'Kỳ báo cáo', 'period.year': 'Cả năm (hạn báo cáo trước 15/12)', 'period.h1': '6 tháng đầu năm (hạn báo cáo trước 15/6)',
    'dash.title': 'Tiến độ thực hiện kế hoạch', 'dash.targets': 'Chỉ tiêu xuất cảnh lao động', 'dash.of': 'trên', 'dash.due': 'chỉ tiêu kỳ',
    'dash.growth': 'Tăng trưởng so với cùng kỳ năm trước', 'dash.growthTarget': 'mục tiêu', 'dash.noPrev': 'chưa có số liệu năm trước',
    'dash.departures': 'Lao động đã xuất cảnh', 'dash.leads': 'Người đăng ký mới', 'dash.conferences': 'Hội nghị đã tổ chức', 'dash.signups': 'Lượt đăng ký dự hội nghị',
    'dash.returned': 'Về nước đúng hạn', 'dash.contracts': 'hợp đồng hết hạn trong kỳ', 'dash.overdue': 'Quá hạn chưa về',
    'dash.broadcasts': 'Thông báo đã gửi', 'dash.chart': 'Theo tháng', 'dash.xlsx': 'Tải báo cáo (Excel)', 'dash.csv': 'Tải CSV', 'dash.monthTarget': 'Chỉ tiêu mỗi tháng', 'dash.cumulative': 'Luỹ kế xuất cảnh', 'dash.cumTarget': 'Chỉ tiêu luỹ kế', 'dash.byStatus': 'Người đăng ký theo trạng thái',
    'dash.byCommune': 'Theo xã', 'dash.byMarket': 'Theo thị trường quan tâm',
    'dash.counted': 'Số liệu tính từ', 'dash.countedTo': 'đến hết ngày', 'dash.partial': '(ngày lập báo cáo; kỳ chưa kết thúc)',
    'dash.dueBefore': 'Hạn nộp: trước ngày', 'dash.recipient': 'Nơi nhận báo cáo', 'dash.recipientUnset': 'chưa đặt – cán bộ điền mục reportRecipient trong content/plan.json',
    'dash.baseline': 'So với năm gốc', 'dash.baselineUnset': 'Chưa có năm gốc cho mục tiêu tăng 10–15 %/năm – cán bộ điền mục growthBaseline trong content/plan.json',
    'dash.baselineTarget': 'cần ít nhất', 'dash.review': 'Nội dung cần kiểm tra lại (đến hạn trong 60 ngày)', 'dash.reviewName': 'Câu hỏi / mục',
    'dash.reviewBy': 'Kiểm tra trước ngày', 'dash.reviewedAt': 'Cập nhật lần cuối', 'dash.reviewOverdue': 'quá hạn',
    'conf.title': 'Hội nghị tư vấn, tuyển dụng', 'conf.new': 'Tạo hội nghị', 'conf.titleVi': 'Tên (tiếng Việt)', 'conf.titleEn': 'Tên (tiếng Anh, không bắt buộc)',
    'conf.startsAt': 'Thời gian bắt đầu', 'conf.placeVi': 'Địa điểm', 'conf.placeEn': 'Địa điểm (tiếng Anh)', 'conf.commune': 'Xã', 'conf.chooseCommune': '— Chọn xã —',
    'conf.markets': 'Thị trường', 'conf.descVi': 'Nội dung', 'conf.descEn': 'Nội dung (tiếng Anh)', 'conf.create': 'Tạo hội nghị',
    'conf.cancel': 'Huỷ hội nghị', 'conf.cancelled': 'Đã huỷ', 'conf.scheduled': 'Sắp diễn ra', 'conf.signups': 'Người đăng ký', 'conf.confirmCancel': 'Huỷ hội nghị này? Những người đã đăng ký sẽ được báo.',
    'bc.title': 'Gửi thông báo', 'bc.textVi': 'Nội dung (tiếng Việt)', 'bc.textEn': 'Nội dung (tiếng Anh, không bắt buộc)', 'bc.audience': 'Người nhận',
    'bc.communes': 'Xã', 'bc.markets': 'Thị trường quan tâm', 'bc.channels': 'Kênh', 'bc.languages': 'Ngôn ngữ', 'bc.conference': 'Người đã đăng ký hội nghị',
    'bc.anyone': 'Tất cả', 'bc.when': 'Thời gian gửi', 'bc.now': 'Gửi ngay', 'bc.at': 'Hẹn giờ', 'bc.preview': 'Xem trước số người nhận', 'bc.send': 'Gửi thông báo',
    'bc.reach': 'Số người sẽ nhận', 'bc.closed': 'ngoài thời hạn nhắn tin (sẽ không nhận được)', 'bc.optedOut': 'đã từ chối nhận thông báo', 'bc.unreachable': 'không liên lạc được',
    'bc.history': 'Các thông báo đã gửi', 'bc.state': 'Trạng thái', 'bc.progress': 'Tiến độ', 'bc.failures': 'Lỗi', 'bc.cancel': 'Dừng gửi', 'bc.confirm': 'Gửi thông báo này?',
    'bc.willGet': 'Sẽ nhận được ngay', 'bc.channelOff': 'Kênh {channel} chưa được bật trên máy chủ: {n} người dùng kênh này sẽ không nhận được.',
    'bc.nobody': 'Lúc này không ai nhận được thông báo này.', 'bc.closedOnly': '{n} người ngoài thời hạn nhắn tin của nền tảng: sẽ không nhận được, hãy gọi điện.',
    'bc.confirmTitle': 'Gửi thông báo?', 'bc.everyone': 'Tất cả mọi người', 'bc.confirmCount': 'Số người nhận được ngay: {n} (trên {reach} người phù hợp)',
    'bc.confirmAt': 'Gửi lúc', 'bc.confirmSend': 'Gửi', 'bc.result': '{sent} đã gửi, {failed} lỗi', 'bc.resultClosed': '{n} ngoài thời hạn (gọi điện)',
    'bc.resultOut': '{n} từ chối nhận', 'bc.left': '{n} đang chờ gửi',
    'fr.channel_off': 'Kênh {channel} chưa được cấu hình trên máy chủ', 'fr.interrupted': 'Bị gián đoạn khi đang gửi: hãy hỏi lại người nhận', 'fr.unreachable': 'Người nhận đã chặn trang hoặc không còn liên lạc được',
    'fr.auth': 'Mã truy cập của kênh sai hoặc hết hạn', 'fr.config': 'Kênh cấu hình chưa đúng', 'fr.quota': 'Vượt hạn mức gửi của nền tảng', 'fr.window_closed': 'Ngoài thời hạn nhắn tin của nền tảng',
    'fr.retry_later': 'Nền tảng tạm thời không trả lời', 'fr.unknown': 'Lỗi khác',
    'state.scheduled': 'Đã hẹn giờ', 'state.preparing': 'Đang chuẩn bị', 'state.sending': 'Đang gửi', 'state.done': 'Đã gửi xong', 'state.doneNone': 'Không gửi được cho ai', 'state.cancelled': 'Đã dừng',
    'ds.pending': 'chờ gửi', 'ds.sent': 'đã gửi', 'ds.failed': 'lỗi', 'ds.window_closed': 'ngoài thời hạn', 'ds.opted_out': 'từ chối', 'ds.cancelled': 'đã huỷ',
    'leads.title': 'Người đăng ký', 'leads.status': 'Trạng thái', 'leads.commune': 'Xã', 'leads.market': 'Thị trường', 'leads.q': 'Tìm tên hoặc số điện thoại',
    'leads.filter': 'Lọc', 'leads.csv': 'Xuất CSV', 'leads.name': 'Họ tên', 'leads.phone': 'Điện thoại', 'leads.created': 'Ngày đăng ký', 'leads.change': 'Đổi trạng thái', 'leads.note': 'Ghi chú',
    'leads.departMarket': 'Nước đến (bắt buộc khi xuất cảnh)', 'leads.all': 'Tất cả',
    'ls.new': 'Mới', 'ls.contacted': 'Đã liên hệ', 'ls.training': 'Đang đào tạo', 'ls.departed': 'Đã xuất cảnh', 'ls.returned': 'Đã về nước', 'ls.withdrawn': 'Rút lui',
    'pl.title': 'Lao động đang ở nước ngoài', 'pl.ending': 'Hợp đồng hết hạn trong', 'pl.days': 'ngày', 'pl.country': 'Nước', 'pl.end': 'Hết hạn hợp đồng', 'pl.status': 'Trạng thái',
    'pl.nudges': 'Nhắc về nước', 'pl.nudgesOff': 'Người lao động đã tắt nhắc — hãy gọi điện', 'pl.nextNudge': 'Lần nhắc tới', 'pl.abroad': 'Đang ở nước ngoài', 'pl.extended': 'Đã gia hạn', 'pl.returnedS': 'Đã về', 'pl.overdue': 'Quá hạn', 'pl.worker': 'Người lao động', 'pl.city': 'Nơi làm việc',
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
    'audit.title': 'Nhật ký thao tác', 'audit.at': 'Thời gian', 'audit.actor': 'Người thực hiện', 'audit.action': 'Thao tác', 'audit.target': 'Đối tượng', 'audit.bootstrap': 'Quản trị viên (mã ADMIN_TOKEN)',
    'aa.broadcast.cancel': 'Dừng gửi thông báo', 'aa.broadcast.create': 'Tạo thông báo', 'aa.companies.import': 'Nhập danh sách doanh nghiệp', 'aa.conference.cancel': 'Huỷ hội nghị',
    'aa.conference.create': 'Tạo hội nghị', 'aa.conference.update': 'Sửa hội nghị', 'aa.contact.erase': 'Xoá dữ liệu một người', 'aa.handoff.release': 'Trả cuộc trò chuyện về trợ lý',
    'aa.lead.erase': 'Xoá hồ sơ đăng ký', 'aa.lead.export': 'Xuất danh sách đăng ký', 'aa.lead.merge': 'Gộp hai hồ sơ', 'aa.lead.status': 'Đổi trạng thái hồ sơ',
    'aa.placement.create': 'Thêm lao động ở nước ngoài', 'aa.placement.delete': 'Xoá kế hoạch về nước', 'aa.placement.update': 'Sửa kế hoạch về nước', 'aa.review.attach': 'Dạy trợ lý một câu hỏi',
    'aa.review.off_topic': 'Đánh dấu tin không liên quan', 'aa.stats.export': 'Tải báo cáo', 'aa.token.create': 'Tạo mã truy cập', 'aa.token.revoke': 'Thu hồi mã truy cập', 'aa.training.delete': 'Xoá câu đã dạy trợ lý',
    'at.lead': 'Hồ sơ', 'at.broadcast': 'Thông báo', 'at.conference': 'Hội nghị', 'at.placement': 'Kế hoạch về nước', 'at.contact': 'Người dùng', 'at.stats': 'Báo cáo', 'at.token': 'Mã truy cập', 'at.review': 'Tin cần xem', 'at.training': 'Câu đã dạy',
    'm.japan': 'Nhật Bản', 'm.korea': 'Hàn Quốc', 'm.taiwan': 'Đài Loan', 'm.china_chongzuo': 'Sùng Tả (Trung Quốc)', 'm.europe': 'Châu Âu', 'm.middle_east': 'Tây Á',
    'm.southeast_asia': 'Đông Nam Á', 'm.australia': 'Úc', 'm.other': 'Khác',
    // Inbox ("Hỗ trợ trực tiếp") and the lead page.
    'nav.inbox': 'Hỗ trợ trực tiếp', 'ch.messenger': 'Messenger', 'ch.zalo': 'Zalo', 'ch.console': 'thử nghiệm',
    'ib.title': 'Hỗ trợ trực tiếp', 'ib.intro': 'Những người đã bấm "Gặp cán bộ". Trợ lý tự động tạm dừng với họ cho đến khi cán bộ trả lại cho trợ lý. Người chờ lâu nhất ở trên cùng.',
    'ib.waiting': 'Đang chờ cán bộ', 'ib.nobody': 'Không có ai đang chờ.', 'ib.nobodyHint': 'Hiện không có ai chờ cán bộ. Danh sách tự cập nhật khi có người mới.', 'ib.choose': 'Chọn một người bên trái để xem và trả lời.',
    'ib.unnamed': 'Người dùng', 'ib.justNow': 'vừa mới', 'ib.waited': 'đã chờ', 'ib.hours': 'giờ', 'ib.minutes': 'phút', 'ib.since': 'từ', 'ib.badge': 'người đang chờ cán bộ',
    'ib.from.person': 'Người dân', 'ib.from.bot': 'Trợ lý', 'ib.from.staff': 'Cán bộ', 'ib.attachment': '(ảnh hoặc tệp đính kèm)', 'ib.notice': 'tin nhắc / thông báo', 'ib.noMessages': 'Chưa có tin nhắn nào.',
    'ib.ds.pending': 'đang gửi', 'ib.ds.failed': 'gửi lỗi', 'ib.ds.window_closed': 'không gửi được: quá thời hạn', 'ib.ds.opted_out': 'người nhận đã tắt', 'ib.ds.cancelled': 'đã huỷ',
    'ib.windowOpen': 'Có thể nhắn tin cho người này đến', 'ib.closed.window_closed': 'Đã quá thời hạn nhắn tin', 'ib.closed.channel_off': 'Kênh này đang tắt trên máy chủ',
    'ib.closed.unreachable': 'Người này đã chặn hoặc bỏ theo dõi trang', 'ib.closed.erased': 'Dữ liệu người này đã bị xoá', 'ib.callThem': 'hãy gọi điện', 'ib.noPhone': 'người này chưa đăng ký số điện thoại',
    'ib.reply': 'Trả lời', 'ib.send': 'Gửi', 'ib.empty': 'Hãy viết nội dung trả lời.', 'ib.queued': 'Đã lưu, đang gửi', 'ib.closedNow': 'Đã quá thời hạn nhắn tin — hãy gọi điện.',
    'ib.release': 'Trả lại cho trợ lý tự động', 'ib.confirmRelease': 'Kết thúc hỗ trợ trực tiếp? Người dân sẽ được báo là trợ lý tự động trả lời trở lại.', 'ib.released': 'Đã trả lại cho trợ lý. Người dân sẽ được báo.',
    'ib.profile': 'Xem hồ sơ', 'ib.noLead': 'chưa đăng ký',
    'ld.open': 'Xem hồ sơ', 'ld.back': 'Danh sách người đăng ký', 'ld.yes': 'Có', 'ld.no': 'Không', 'ld.registration': 'Thông tin đăng ký', 'ld.birthYear': 'Năm sinh', 'ld.markets': 'Thị trường quan tâm',
    'ld.education': 'Học vấn', 'ld.passport': 'Có hộ chiếu', 'ld.loan': 'Cần vay vốn', 'ld.ethnicity': 'Dân tộc', 'ld.household': 'Hộ gia đình', 'ld.consent': 'Đồng ý lưu thông tin', 'ld.departure': 'Xuất cảnh',
    'ld.history': 'Quá trình theo dõi', 'ld.by': 'Người thực hiện', 'ld.noHistory': 'Chưa đổi trạng thái lần nào.',
    'ld.notes': 'Ghi chú của cán bộ', 'ld.newNote': 'Ghi chú mới', 'ld.addNote': 'Thêm ghi chú', 'ld.emptyNote': 'Hãy viết nội dung ghi chú.', 'ld.noNotes': 'Chưa có ghi chú.',
    'ld.channels': 'Kênh liên lạc', 'ld.lastMessage': 'Tin nhắn gần nhất', 'ld.noChannel': 'Người này chưa nhắn tin với trang (hồ sơ do cán bộ nhập).',
    'ld.waiting': 'Đang chờ cán bộ — trả lời', 'ld.openConversation': 'Xem cuộc trò chuyện',
    'ld.signups': 'Đăng ký dự hội nghị', 'ld.conference': 'Hội nghị', 'ld.when': 'Ngày đăng ký', 'ld.signedUp': 'Đã đăng ký', 'ld.signupCancelled': 'Đã huỷ đăng ký', 'ld.noSignups': 'Chưa đăng ký hội nghị nào.',
    'ld.placements': 'Kế hoạch về nước', 'ld.noPlacements': 'Chưa có kế hoạch về nước.', 'ld.pl.abroad': 'Đang ở nước ngoài', 'ld.pl.extended': 'Đã gia hạn', 'ld.pl.returned': 'Đã về', 'ld.pl.overdue': 'Quá hạn chưa về',
    'ld.messages': 'Tin nhắn gần đây',
    'ld.merge': 'Gộp hồ sơ trùng', 'ld.mergeHelp': 'Nếu người này có hồ sơ thứ hai (ví dụ đăng ký bằng số điện thoại khác), tìm hồ sơ đó và gộp hồ sơ này vào. Hồ sơ này sẽ được xoá, số điện thoại và kênh liên lạc chuyển sang hồ sơ được giữ.',
    'ld.mergeSearch': 'Tìm hồ sơ theo tên hoặc số điện thoại', 'ld.find': 'Tìm', 'ld.mergeInto': 'Gộp vào hồ sơ này', 'ld.noneFound': 'Không tìm thấy hồ sơ nào khác.', 'ld.mergeEmpty': 'Hãy nhập tên hoặc số điện thoại để tìm.',
    'ld.confirmMerge': 'Gộp hồ sơ đang xem vào hồ sơ', 'ld.merged': 'Đã gộp hồ sơ.',
    'ld.erase': 'Xoá dữ liệu cá nhân', 'ld.eraseAdminOnly': 'Chỉ quản trị viên được xoá dữ liệu của một người: hãy báo quản trị viên của phòng.', 'ld.eraseHelp': 'Xoá họ tên, số điện thoại, ghi chú, tin nhắn và mọi thông tin nhận dạng người này trên mọi kênh. Chỉ còn lại số liệu thống kê. Không thể hoàn tác.',
    'ld.confirmErase': 'Xoá vĩnh viễn dữ liệu cá nhân của người này? Không thể hoàn tác.', 'ld.erased': 'Đã xoá dữ liệu cá nhân.', 'ld.erasedName': 'Hồ sơ đã xoá dữ liệu cá nhân', 'ld.erasedOn': 'Đã xoá lúc', 'ld.otherCommune': 'Xã khác',
  },
  en: {
    brand: 'Bắc Sơn Labour Office',
    'nav.dashboard': 'Dashboard', 'nav.conferences': 'Conferences', 'nav.broadcasts': 'Broadcasts', 'nav.leads': 'Leads',
    'nav.placements': 'Workers abroad', 'nav.audit': 'Audit log',
    logout: 'Log out', otherLang: 'Tiếng Việt',
    'login.title': 'Staff login', 'login.token': 'Access token', 'login.submit': 'Log in',
    'login.bad': 'The token is wrong or has been revoked.', 'login.many': 'Too many failed attempts. Try again in a few minutes.',
    'err.generic': 'Something went wrong', 'err.forbidden': 'Your token may not do this.', 'err.missing': 'This function is not available on the server yet.',
    'err.fields': 'Please correct the fields marked in red.', 'err.code.invalid_transition': 'The lead cannot move to this status from its current one.',
    'err.code.conflict': 'Someone else changed this meanwhile. Reload the page and try again.', 'err.code.not_found': 'Not found (it may have been deleted).',
    'err.code.too_many_attempts': 'Too many failed attempts. Try again in a few minutes.', 'err.code.unavailable': 'The server cannot reach its database right now. Try again shortly.',
    'fe.required': 'Required.', 'fe.too_short': 'Too short.', 'fe.too_long': 'Too long.', 'fe.too_small': 'Too small.', 'fe.too_big': 'Too large.',
    'fe.invalid_format': 'Wrong format.', 'fe.invalid_choice': 'Choose one of the options.', 'fe.in_past': 'This time has passed; choose a time ahead.',
    'fe.not_found': 'The chosen item was not found.', 'fe.required_for_departed': 'Choose the destination when the status becomes "Departed".', 'fe.invalid': 'Not a valid value.',
    menu: 'Menu', officeTime: 'Vietnam time',
    saved: 'Saved', loading: 'Loading…', none: 'Nothing yet.', save: 'Save', cancel: 'Cancel', edit: 'Edit', close: 'Close', refresh: 'Refresh',
    year: 'Year', period: 'Report', 'period.year': 'Whole year (due before 15 December)', 'period.h1': 'January–June (due before 15 June)',
    'dash.title': 'Progress against the plan', 'dash.targets': 'Workers sent abroad: targets', 'dash.of': 'of', 'dash.due': 'due this period',
    'dash.growth': 'Growth on the same period last year', 'dash.growthTarget': 'target', 'dash.noPrev': 'no figures for last year',
    'dash.departures': 'Workers departed', 'dash.leads': 'New leads', 'dash.conferences': 'Conferences held', 'dash.signups': 'Conference sign-ups',
    'dash.returned': 'Came home on time', 'dash.contracts': 'contracts ending in the period', 'dash.overdue': 'Overdue, not back',
    'dash.broadcasts': 'Broadcasts', 'dash.chart': 'By month', 'dash.xlsx': 'Download report (Excel)', 'dash.csv': 'Download CSV', 'dash.monthTarget': 'Monthly target', 'dash.cumulative': 'Departures so far', 'dash.cumTarget': 'Target so far', 'dash.byStatus': 'Leads by status',
    'dash.byCommune': 'By commune', 'dash.byMarket': 'By market of interest',
    'dash.counted': 'Figures from', 'dash.countedTo': 'to the end of', 'dash.partial': '(the day of this report; the period has not ended)',
    'dash.dueBefore': 'Due before', 'dash.recipient': 'Report goes to', 'dash.recipientUnset': 'not set — staff fill in reportRecipient in content/plan.json',
    'dash.baseline': 'Against the base year', 'dash.baselineUnset': 'No base year for the 10–15 % a year growth target — staff fill in growthBaseline in content/plan.json',
    'dash.baselineTarget': 'needs at least', 'dash.review': 'Content to check again (due within 60 days)', 'dash.reviewName': 'Question / item',
    'dash.reviewBy': 'Check before', 'dash.reviewedAt': 'Last updated', 'dash.reviewOverdue': 'overdue',
    'conf.title': 'Recruitment and advice conferences', 'conf.new': 'New conference', 'conf.titleVi': 'Title (Vietnamese)', 'conf.titleEn': 'Title (English, optional)',
    'conf.startsAt': 'Starts at', 'conf.placeVi': 'Place', 'conf.placeEn': 'Place (English)', 'conf.commune': 'Commune', 'conf.chooseCommune': '— Choose a commune —',
    'conf.markets': 'Markets', 'conf.descVi': 'Description', 'conf.descEn': 'Description (English)', 'conf.create': 'Create conference',
    'conf.cancel': 'Cancel conference', 'conf.cancelled': 'Cancelled', 'conf.scheduled': 'Scheduled', 'conf.signups': 'Sign-ups', 'conf.confirmCancel': 'Cancel this conference? People signed up will be told.',
    'bc.title': 'Send a notice', 'bc.textVi': 'Text (Vietnamese)', 'bc.textEn': 'Text (English, optional)', 'bc.audience': 'Audience',
    'bc.communes': 'Communes', 'bc.markets': 'Markets of interest', 'bc.channels': 'Channel', 'bc.languages': 'Language', 'bc.conference': 'People signed up to a conference',
    'bc.anyone': 'Everyone', 'bc.when': 'When', 'bc.now': 'Now', 'bc.at': 'At a time', 'bc.preview': 'Preview audience', 'bc.send': 'Send notice',
    'bc.reach': 'People it will reach', 'bc.closed': 'outside every messaging window (will not get it)', 'bc.optedOut': 'opted out of notices', 'bc.unreachable': 'unreachable',
    'bc.history': 'Broadcasts', 'bc.state': 'State', 'bc.progress': 'Progress', 'bc.failures': 'Failures', 'bc.cancel': 'Stop sending', 'bc.confirm': 'Send this notice?',
    'bc.willGet': 'Will get it now', 'bc.channelOff': 'The {channel} channel is not switched on in this service: {n} people on it will not get the notice.',
    'bc.nobody': 'Nobody can get this notice right now.', 'bc.closedOnly': '{n} people are outside the platform\'s messaging window: they will not get it, phone them.',
    'bc.confirmTitle': 'Send the notice?', 'bc.everyone': 'Everyone', 'bc.confirmCount': 'People who get it now: {n} (of {reach} matching)',
    'bc.confirmAt': 'Send at', 'bc.confirmSend': 'Send', 'bc.result': '{sent} sent, {failed} failed', 'bc.resultClosed': '{n} outside the window (phone them)',
    'bc.resultOut': '{n} opted out', 'bc.left': '{n} still to send',
    'fr.channel_off': 'The {channel} channel is not configured in this service', 'fr.interrupted': 'Interrupted while sending: ask the person whether it arrived', 'fr.unreachable': 'The person blocked the page or cannot be reached',
    'fr.auth': 'The channel\'s access token is wrong or expired', 'fr.config': 'The channel is not set up correctly', 'fr.quota': 'Over the platform\'s sending limit', 'fr.window_closed': 'Outside the platform\'s messaging window',
    'fr.retry_later': 'The platform did not answer for now', 'fr.unknown': 'Other error',
    'state.scheduled': 'Scheduled', 'state.preparing': 'Preparing', 'state.sending': 'Sending', 'state.done': 'Done', 'state.doneNone': 'Reached nobody', 'state.cancelled': 'Stopped',
    'ds.pending': 'pending', 'ds.sent': 'sent', 'ds.failed': 'failed', 'ds.window_closed': 'window closed', 'ds.opted_out': 'opted out', 'ds.cancelled': 'cancelled',
    'leads.title': 'Leads', 'leads.status': 'Status', 'leads.commune': 'Commune', 'leads.market': 'Market', 'leads.q': 'Search name or phone',
    'leads.filter': 'Filter', 'leads.csv': 'Export CSV', 'leads.name': 'Name', 'leads.phone': 'Phone', 'leads.created': 'Registered', 'leads.change': 'Change status', 'leads.note': 'Note',
    'leads.departMarket': 'Destination (needed for departed)', 'leads.all': 'All',
    'ls.new': 'New', 'ls.contacted': 'Contacted', 'ls.training': 'Training', 'ls.departed': 'Departed', 'ls.returned': 'Returned', 'ls.withdrawn': 'Withdrawn',
    'pl.title': 'Workers abroad', 'pl.ending': 'Contracts ending within', 'pl.days': 'days', 'pl.country': 'Country', 'pl.end': 'Contract end', 'pl.status': 'Status',
    'pl.nudges': 'Return nudges', 'pl.nudgesOff': 'Worker turned nudges off — phone them', 'pl.nextNudge': 'Next nudge', 'pl.abroad': 'Abroad', 'pl.extended': 'Extended', 'pl.returnedS': 'Returned', 'pl.overdue': 'Overdue', 'pl.worker': 'Worker', 'pl.city': 'Place',
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
    'audit.title': 'Audit log', 'audit.at': 'Time', 'audit.actor': 'Who', 'audit.action': 'Action', 'audit.target': 'Record', 'audit.bootstrap': 'Administrator (ADMIN_TOKEN)',
    'aa.broadcast.cancel': 'Stopped a broadcast', 'aa.broadcast.create': 'Created a broadcast', 'aa.companies.import': 'Imported the company list', 'aa.conference.cancel': 'Cancelled a conference',
    'aa.conference.create': 'Created a conference', 'aa.conference.update': 'Edited a conference', 'aa.contact.erase': "Erased a person's data", 'aa.handoff.release': 'Gave a conversation back to the bot',
    'aa.lead.erase': 'Erased a lead', 'aa.lead.export': 'Exported leads', 'aa.lead.merge': 'Merged two leads', 'aa.lead.status': 'Changed a lead status',
    'aa.placement.create': 'Added a worker abroad', 'aa.placement.delete': 'Deleted a return plan', 'aa.placement.update': 'Edited a return plan', 'aa.review.attach': 'Taught the bot a question',
    'aa.review.off_topic': 'Marked a message off-topic', 'aa.stats.export': 'Downloaded a report', 'aa.token.create': 'Created a token', 'aa.token.revoke': 'Revoked a token', 'aa.training.delete': 'Removed a taught sentence',
    'at.lead': 'Lead', 'at.broadcast': 'Broadcast', 'at.conference': 'Conference', 'at.placement': 'Return plan', 'at.contact': 'Person', 'at.stats': 'Report', 'at.token': 'Token', 'at.review': 'Message to review', 'at.training': 'Taught sentence',
    'm.japan': 'Japan', 'm.korea': 'Korea', 'm.taiwan': 'Taiwan', 'm.china_chongzuo': 'Chongzuo (China)', 'm.europe': 'Europe', 'm.middle_east': 'Middle East',
    'm.southeast_asia': 'Southeast Asia', 'm.australia': 'Australia', 'm.other': 'Other',
    // Inbox ("Conversations") and the lead page.
    'nav.inbox': 'Conversations', 'ch.messenger': 'Messenger', 'ch.zalo': 'Zalo', 'ch.console': 'test console',
    'ib.title': 'Conversations', 'ib.intro': 'People who tapped "Talk to staff". The bot stays quiet for them until staff hand them back. Whoever has waited longest is at the top.',
    'ib.waiting': 'Waiting for staff', 'ib.nobody': 'Nobody is waiting.', 'ib.nobodyHint': 'Nobody is waiting for staff. The list updates by itself when someone asks.', 'ib.choose': 'Choose a person on the left to read and reply.',
    'ib.unnamed': 'Someone on', 'ib.justNow': 'just now', 'ib.waited': 'waiting', 'ib.hours': 'h', 'ib.minutes': 'min', 'ib.since': 'since', 'ib.badge': 'people waiting for staff',
    'ib.from.person': 'Person', 'ib.from.bot': 'Bot', 'ib.from.staff': 'Staff', 'ib.attachment': '(photo or file)', 'ib.notice': 'reminder / notice', 'ib.noMessages': 'No messages yet.',
    'ib.ds.pending': 'sending', 'ib.ds.failed': 'failed', 'ib.ds.window_closed': 'not sent: window closed', 'ib.ds.opted_out': 'opted out', 'ib.ds.cancelled': 'cancelled',
    'ib.windowOpen': 'You can message this person until', 'ib.closed.window_closed': 'The messaging window is closed', 'ib.closed.channel_off': 'This channel is off on the server',
    'ib.closed.unreachable': 'This person blocked or unfollowed the page', 'ib.closed.erased': "This person's data was erased", 'ib.callThem': 'phone them', 'ib.noPhone': 'no phone number registered',
    'ib.reply': 'Reply', 'ib.send': 'Send', 'ib.empty': 'Write the reply first.', 'ib.queued': 'Saved, sending', 'ib.closedNow': 'The messaging window is closed — phone them.',
    'ib.release': 'Hand back to the bot', 'ib.confirmRelease': 'End the conversation with staff? The person will be told the bot answers again.', 'ib.released': 'Handed back to the bot. The person will be told.',
    'ib.profile': 'Open record', 'ib.noLead': 'not registered',
    'ld.open': 'Open record', 'ld.back': 'Leads', 'ld.yes': 'Yes', 'ld.no': 'No', 'ld.registration': 'Registration', 'ld.birthYear': 'Born', 'ld.markets': 'Markets of interest',
    'ld.education': 'Education', 'ld.passport': 'Has a passport', 'ld.loan': 'Needs a loan', 'ld.ethnicity': 'Ethnicity', 'ld.household': 'Household', 'ld.consent': 'Consent to keep data', 'ld.departure': 'Departure',
    'ld.history': 'Follow-up history', 'ld.by': 'By', 'ld.noHistory': 'The status has not changed yet.',
    'ld.notes': 'Staff notes', 'ld.newNote': 'New note', 'ld.addNote': 'Add note', 'ld.emptyNote': 'Write the note first.', 'ld.noNotes': 'No notes yet.',
    'ld.channels': 'Channels', 'ld.lastMessage': 'Last message', 'ld.noChannel': 'This person has not written to the page (record entered by staff).',
    'ld.waiting': 'Waiting for staff — reply', 'ld.openConversation': 'Open conversation',
    'ld.signups': 'Conference sign-ups', 'ld.conference': 'Conference', 'ld.when': 'Signed up', 'ld.signedUp': 'Signed up', 'ld.signupCancelled': 'Cancelled', 'ld.noSignups': 'No conference sign-ups.',
    'ld.placements': 'Return-home plans', 'ld.noPlacements': 'No return-home plan.', 'ld.pl.abroad': 'Abroad', 'ld.pl.extended': 'Extended', 'ld.pl.returned': 'Returned', 'ld.pl.overdue': 'Overdue, not back',
    'ld.messages': 'Recent messages',
    'ld.merge': 'Merge duplicate records', 'ld.mergeHelp': 'If this person has a second record (for example under another phone number), find it and merge this record into it. This record is deleted; its phone number and channels move to the record kept.',
    'ld.mergeSearch': 'Find a record by name or phone', 'ld.find': 'Find', 'ld.mergeInto': 'Merge into this record', 'ld.noneFound': 'No other record found.', 'ld.mergeEmpty': 'Type a name or phone number to search.',
    'ld.confirmMerge': 'Merge the record shown into the record of', 'ld.merged': 'Records merged.',
    'ld.erase': 'Erase personal data', 'ld.eraseAdminOnly': "Only an administrator may erase a person's data: ask your office's administrator.", 'ld.eraseHelp': "Removes this person's name, phone, notes, messages and everything that identifies them, on every channel. Only statistics remain. This cannot be undone.",
    'ld.confirmErase': "Permanently erase this person's personal data? This cannot be undone.", 'ld.erased': 'Personal data erased.', 'ld.erasedName': 'Record with personal data erased', 'ld.erasedOn': 'Erased on', 'ld.otherCommune': 'Another commune',
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
export const hasText = (key) => key in strings[lang] || key in strings.vi;
/** A text with {name} placeholders filled in. */
export const tf = (key, values) => t(key).replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));
/** Re-labels the static parts of the page (elements with data-t). */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
}
// Times are entered and shown in the office's time zone (TZ_DEFAULT), whatever the browser's zone.
let timeZone = 'Asia/Ho_Chi_Minh';
export const setTimeZone = (tz) => (timeZone = tz);
const locale = () => (lang === 'vi' ? 'vi-VN' : 'en-GB');

export function fmtDate(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(locale(), { timeZone, dateStyle: 'short', timeStyle: 'short' });
}
export function fmtDay(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString(locale(), { timeZone });
}

/** How far the office's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffset(at) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const p = Object.fromEntries(parts.map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at.getTime() / 1000) * 1000;
}
/** An instant as the value of a datetime-local input, in office time ("2026-05-20T08:00"). */
export function toOfficeInput(iso) {
  const d = new Date(iso);
  return new Date(d.getTime() + zoneOffset(d)).toISOString().slice(0, 16);
}
/** A datetime-local value read as office time, as an ISO instant. */
export function fromOfficeInput(value) {
  const wall = Date.parse(`${value}:00Z`);
  const first = wall - zoneOffset(new Date(wall));
  return new Date(wall - zoneOffset(new Date(first))).toISOString();
}
