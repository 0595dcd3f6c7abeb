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
  search: {
    title: 'Tìm kiếm',
    label: 'Tìm kiếm bài viết',
    placeholder: 'Nhập từ khóa, ví dụ: nghị quyết 22',
    submit: 'Tìm',
    resultsFor: (q: string) => `Kết quả tìm kiếm cho “${q}”`,
    count: (n: number) => `Tìm thấy ${n.toLocaleString('vi-VN')} bài viết.`,
    countAtLeast: (n: number) => `Tìm thấy hơn ${n.toLocaleString('vi-VN')} bài viết; các kết quả được xếp trong số bài mới nhất. Thêm từ khóa để thu hẹp.`,
    none: 'Không tìm thấy bài viết nào phù hợp. Hãy thử từ khóa khác, ít từ hơn, hoặc bỏ bớt bộ lọc.',
    empty: 'Hãy nhập từ khóa để tìm bài viết, có dấu hoặc không dấu đều được.',
    pageBeyond: 'Trang này không có kết quả. Hãy quay lại trang đầu.',
    filters: 'Bộ lọc',
    category: 'Chuyên mục',
    allCategories: 'Tất cả chuyên mục',
    from: 'Từ ngày',
    to: 'Đến ngày',
    sort: 'Sắp xếp',
    sortRelevance: 'Phù hợp nhất',
    sortNewest: 'Mới nhất',
    results: 'Kết quả tìm kiếm',
    invalidPage: 'Số trang không hợp lệ: hãy dùng một số nguyên từ 1 đến 1000.',
    invalidDate: 'Ngày không hợp lệ: hãy dùng dạng năm-tháng-ngày, ví dụ 2024-05-23.',
    invalidSort: 'Cách sắp xếp không hợp lệ.',
    unknownCategory: 'Chuyên mục đã chọn không tồn tại.',
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
