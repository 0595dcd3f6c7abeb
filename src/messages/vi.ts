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
  loginPage: {
    title: 'Đăng nhập',
    soon: 'Tài khoản bạn đọc đang được xây dựng và sẽ sớm ra mắt. Hiện bạn vẫn có thể đọc mọi bài viết mà không cần đăng nhập.',
    back: 'Về trang chủ',
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
  newsroom: {
    status: {
      draft: 'Nháp',
      submitted: 'Chờ biên tập',
      returned: 'Trả lại',
      published: 'Đã xuất bản',
      unpublished: 'Đã gỡ',
    },
    scheduled: 'Hẹn giờ xuất bản',
    system: 'Hệ thống',
    errors: {
      forbidden: 'Bạn không có quyền thực hiện thao tác này.',
      articleNotFound: 'Không tìm thấy bài viết.',
      revisionNotFound: 'Không tìm thấy phiên bản này của bài viết.',
      categoryNotFound: 'Chuyên mục đã chọn không tồn tại.',
      conflict:
        'Bài viết vừa được người khác lưu trong lúc bạn sửa. Hãy tải lại trang để xem bản mới nhất rồi sửa tiếp; nội dung bạn đang soạn chưa được lưu.',
      badTransition: (action: string, status: string) => `Không thể ${action} khi bài đang ở trạng thái "${status}".`,
      titleRequired: 'Tiêu đề không được để trống.',
      titleTooLong: 'Tiêu đề dài quá 300 ký tự.',
      sapoTooLong: 'Sapo dài quá 2.000 ký tự.',
      bodyTooLong: 'Nội dung bài viết quá dài.',
      bylineTooLong: 'Bút danh dài quá 120 ký tự.',
      seoTitleTooLong: 'Tiêu đề SEO dài quá 300 ký tự.',
      seoDescriptionTooLong: 'Mô tả SEO dài quá 500 ký tự.',
      tooManyTags: 'Tối đa 20 từ khóa cho một bài.',
      noteRequired: 'Hãy ghi lý do trả lại để tác giả biết cần sửa gì.',
      noteTooLong: 'Ghi chú dài quá 2.000 ký tự.',
      badTime: 'Thời điểm xuất bản không hợp lệ.',
      badVersion: 'Thiếu số phiên bản của bài viết; hãy tải lại trang.',
      badInput: 'Dữ liệu gửi lên không hợp lệ.',
    },
    actions: {
      submit: 'gửi biên tập',
      return: 'trả lại',
      publish: 'xuất bản',
      unpublish: 'gỡ bài',
    },
    restoredFrom: (n: number) => `Khôi phục từ phiên bản ${n}`,
  },
  media: {
    tooLarge: (mb: number) => `Tệp quá lớn: giới hạn là ${mb} MB.`,
    empty: 'Tệp tải lên rỗng.',
    unsupported:
      'Định dạng tệp không được hỗ trợ. Ảnh: JPEG, PNG, WebP, GIF. Tệp đính kèm: PDF, DOCX, XLSX. Tệp được kiểm tra theo nội dung, không theo tên.',
    tooManyPixels: (mp: number) => `Ảnh có kích thước quá lớn (trên ${mp} triệu điểm ảnh). Hãy thu nhỏ ảnh trước khi tải lên.`,
    broken: 'Không đọc được ảnh: tệp có thể bị hỏng.',
    altTooLong: 'Mô tả ảnh dài quá 300 ký tự.',
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
