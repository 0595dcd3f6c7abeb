/**
 * Every piece of UI text, in Vietnamese. Kept in one place so that another
 * locale can follow by providing the same shape.
 */
export const vi = {
  siteNav: 'Chuyên mục',
  skipToContent: 'Bỏ qua, đến nội dung chính',
  home: 'Trang chủ',
  login: 'Đăng nhập',
  breadcrumb: 'Đường dẫn',
  latest: 'Tin mới nhất',
  leadStory: 'Tin nổi bật',
  more: 'Xem thêm',
  related: 'Tin cùng chuyên mục',
  tags: 'Từ khóa',
  publishedAt: 'Đăng lúc',
  byline: 'Tác giả',
  comments: {
    title: 'Ý kiến bạn đọc',
    soon: 'Chức năng gửi ý kiến bạn đọc sẽ sớm được mở. Cảm ơn bạn đã quan tâm.',
  },
  auth: {
    loginTitle: 'Đăng nhập',
    registerTitle: 'Đăng ký tài khoản',
    forgotTitle: 'Quên mật khẩu',
    resetTitle: 'Đặt mật khẩu mới',
    email: 'Địa chỉ email',
    password: 'Mật khẩu',
    newPassword: 'Mật khẩu mới',
    displayName: 'Tên hiển thị',
    loginButton: 'Đăng nhập',
    registerButton: 'Đăng ký',
    logout: 'Đăng xuất',
    account: 'Tài khoản',
    sendLink: 'Gửi liên kết',
    savePassword: 'Lưu mật khẩu',
    noAccount: 'Chưa có tài khoản?',
    registerLink: 'Đăng ký',
    forgotLink: 'Quên mật khẩu?',
    haveAccount: 'Đã có tài khoản?',
    passwordHint: (min: number) => `Ít nhất ${min} ký tự, tối đa 128. Tránh các mật khẩu phổ biến.`,
    registered:
      'Cảm ơn bạn. Nếu địa chỉ này chưa có tài khoản, tài khoản đã được tạo và chúng tôi đã gửi thư xác nhận tới hộp thư của bạn. Bạn có thể đăng nhập ngay.',
    resetSent: 'Nếu địa chỉ này có tài khoản, chúng tôi đã gửi liên kết đặt lại mật khẩu. Liên kết có hiệu lực trong 60 phút.',
    resetDone: 'Mật khẩu mới đã được lưu. Mời bạn đăng nhập.',
    emailVerified: 'Địa chỉ email của bạn đã được xác nhận. Cảm ơn bạn.',
    loggedOut: 'Bạn đã đăng xuất.',
    badCredentials: 'Email hoặc mật khẩu không đúng.',
    loginRequired: 'Bạn cần đăng nhập để tiếp tục.',
    forbidden: 'Bạn không có quyền thực hiện thao tác này.',
    forbiddenTitle: 'Không có quyền truy cập',
    csrfOrigin: 'Yêu cầu bị từ chối vì không xuất phát từ trang của chúng tôi.',
    csrfExpired: 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.',
    tooManyTitle: 'Quá nhiều yêu cầu',
    tooMany: (seconds: number) =>
      `Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ${seconds < 120 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`}.`,
    emailInvalid: 'Địa chỉ email không hợp lệ.',
    nameInvalid: 'Tên hiển thị cần từ 2 đến 80 ký tự.',
    passwordRequired: 'Vui lòng nhập mật khẩu.',
    passwordTooLong: 'Mật khẩu dài tối đa 128 ký tự.',
    passwordTooShort: (min: number) => `Mật khẩu cần ít nhất ${min} ký tự.`,
    passwordCommon: 'Mật khẩu này quá phổ biến và dễ bị đoán. Vui lòng chọn mật khẩu khác.',
    linkInvalid: 'Liên kết không hợp lệ, đã được dùng hoặc đã hết hạn. Bạn có thể yêu cầu liên kết mới.',
    emailTaken: 'Địa chỉ email này đã có tài khoản.',
    roleInvalid: (roles: string) => `Vai trò không hợp lệ; chọn một trong: ${roles}.`,
    mail: {
      verifySubject: 'Xác nhận địa chỉ email',
      verifyText: (link: string) =>
        `Chào bạn,\n\nĐể xác nhận địa chỉ email cho tài khoản của bạn, hãy mở liên kết sau (hiệu lực 48 giờ):\n${link}\n\nNếu bạn không đăng ký, hãy bỏ qua thư này.`,
      existsSubject: 'Có người vừa đăng ký bằng địa chỉ email của bạn',
      existsText: (link: string) =>
        `Chào bạn,\n\nAi đó vừa dùng địa chỉ này để đăng ký, nhưng địa chỉ đã có tài khoản. Nếu đó là bạn và bạn quên mật khẩu, hãy đặt lại tại:\n${link}\n\nNếu không, bạn có thể bỏ qua thư này.`,
      resetSubject: 'Đặt lại mật khẩu',
      resetText: (link: string) =>
        `Chào bạn,\n\nĐể đặt mật khẩu mới, hãy mở liên kết sau (hiệu lực 60 phút, dùng được một lần):\n${link}\n\nNếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên.`,
    },
  },
  pagination: {
    label: 'Phân trang',
    previous: '« Trang trước',
    next: 'Trang sau »',
    page: (n: number) => `Trang ${n}`,
    pageOf: (n: number, total: number) => `Trang ${n}/${total}`,
  },
  category: {
    empty: 'Chuyên mục này chưa có bài viết.',
    subcategories: 'Chuyên mục con',
  },
  homeEmpty: 'Chưa có bài viết nào được xuất bản.',
  footer: {
    poweredBy: 'Vận hành bằng Tòa Soạn, phần mềm mã nguồn mở.',
  },
  errors: {
    notFoundTitle: 'Không tìm thấy trang',
    notFound: 'Trang bạn tìm không tồn tại hoặc đã được gỡ bỏ.',
    articleNotFound: 'Bài viết bạn tìm không tồn tại hoặc đã được gỡ bỏ.',
    categoryNotFound: 'Chuyên mục bạn tìm không tồn tại.',
    invalidPage: 'Số trang không hợp lệ: hãy dùng một số nguyên từ 1 trở lên.',
    badRequestTitle: 'Yêu cầu không hợp lệ',
    badRequest: 'Yêu cầu không hợp lệ.',
    serverTitle: 'Đã có lỗi xảy ra',
    server: (incident: string) =>
      `Hệ thống gặp sự cố khi xử lý yêu cầu của bạn. Vui lòng thử lại sau. Mã sự cố: ${incident}.`,
    unavailableTitle: 'Tạm thời gián đoạn',
    unavailable: 'Hệ thống đang bận hoặc bảo trì. Vui lòng quay lại sau ít phút.',
    backHome: 'Về trang chủ',
  },
} as const;

export type Messages = typeof vi;
export const messages: Messages = vi;
