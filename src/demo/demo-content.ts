/**
 * DEMO CONTENT — NOT REAL NEWS.
 *
 * Sample categories and articles used to fill a fresh installation of Tòa Soạn
 * so that the public site has something to show. Everything below is invented
 * for a fictional provincial Department of Science and Technology (Sở Khoa học
 * và Công nghệ): the people, communes, figures and document numbers do not
 * refer to real events. Operators are expected to delete this content before
 * going live.
 *
 * All strings are written in NFC (precomposed) Vietnamese.
 */

export interface DemoCategory {
  slug: string;
  name: string;
  description: string;
  /** Slug of the parent category; only one level of nesting is used. */
  parentSlug?: string;
  /** Sort order among siblings, starting at 1. */
  position: number;
}

export interface DemoArticle {
  categorySlug: string;
  title: string;
  sapo: string;
  paragraphs: string[];
  byline: string;
  tags: string[];
  /** How many hours before "now" the article should appear to be published. */
  hoursAgo: number;
}

export const demoCategories: DemoCategory[] = [
  {
    slug: 'tin-tuc-su-kien',
    name: 'Tin tức - Sự kiện',
    description: 'Hoạt động của Sở, các sự kiện khoa học và công nghệ nổi bật trên địa bàn tỉnh.',
    position: 1,
  },
  {
    slug: 'khoa-hoc-cong-nghe',
    name: 'Khoa học - Công nghệ',
    description: 'Kết quả nghiên cứu, ứng dụng và chuyển giao tiến bộ kỹ thuật vào sản xuất, đời sống.',
    position: 2,
  },
  {
    slug: 'chuyen-doi-so',
    name: 'Chuyển đổi số',
    description: 'Chính quyền số, kinh tế số và xã hội số ở các xã, phường và doanh nghiệp.',
    parentSlug: 'khoa-hoc-cong-nghe',
    position: 1,
  },
  {
    slug: 'tieu-chuan-do-luong-chat-luong',
    name: 'Tiêu chuẩn - Đo lường - Chất lượng',
    description: 'Kiểm tra đo lường, chất lượng hàng hóa và áp dụng tiêu chuẩn trong sản xuất, kinh doanh.',
    parentSlug: 'khoa-hoc-cong-nghe',
    position: 2,
  },
  {
    slug: 'doi-moi-sang-tao',
    name: 'Đổi mới sáng tạo',
    description: 'Khởi nghiệp, sở hữu trí tuệ, sản phẩm OCOP và năng lực đổi mới của doanh nghiệp.',
    position: 3,
  },
  {
    slug: 'thong-bao',
    name: 'Thông báo',
    description: 'Thông báo chính thức của Sở gửi tổ chức, cá nhân và doanh nghiệp.',
    position: 4,
  },
];

export const demoArticles: DemoArticle[] = [
  // ── Tin tức - Sự kiện ────────────────────────────────────────────────────
  {
    categorySlug: 'tin-tuc-su-kien',
    title: 'Triển khai Kế hoạch số 15/KH-SKHCN, đẩy mạnh đổi mới sáng tạo trong doanh nghiệp năm 2027',
    sapo: 'Sở Khoa học và Công nghệ vừa ban hành Kế hoạch số 15/KH-SKHCN, đặt mục tiêu hỗ trợ ít nhất 50 doanh nghiệp nhỏ và vừa cải tiến quy trình, sản phẩm trong năm 2027.',
    paragraphs: [
      'Theo kế hoạch, các doanh nghiệp được lựa chọn sẽ được đánh giá trình độ công nghệ, tư vấn xây dựng lộ trình đổi mới và kết nối với chuyên gia phù hợp. Ưu tiên dành cho doanh nghiệp chế biến nông sản, sản xuất vật liệu xây dựng và các cơ sở có sản phẩm tham gia Chương trình OCOP.',
      'Ngoài hoạt động tư vấn, Sở sẽ phối hợp với các hiệp hội doanh nghiệp tổ chức chuỗi tọa đàm về quản trị năng suất, áp dụng tiêu chuẩn chất lượng và bảo hộ tài sản trí tuệ. Mỗi buổi tọa đàm đều có phần thực hành để người tham dự có thể áp dụng ngay tại đơn vị mình.',
      'Kinh phí thực hiện được bố trí từ nguồn sự nghiệp khoa học và công nghệ của tỉnh, kết hợp với phần đối ứng của doanh nghiệp. Sở khuyến nghị doanh nghiệp chủ động đăng ký nhu cầu sớm để được khảo sát và xếp lịch hỗ trợ ngay từ quý I.',
      'Lãnh đạo Sở nhấn mạnh kế hoạch không dừng lại ở số lượng doanh nghiệp được hỗ trợ. Hiệu quả sẽ được theo dõi trong ít nhất một năm, thông qua các chỉ số như doanh thu, tỷ lệ sản phẩm lỗi và mức tiết kiệm năng lượng.',
    ],
    byline: 'PC',
    tags: ['đổi mới sáng tạo', 'doanh nghiệp', 'kế hoạch'],
    hoursAgo: 2,
  },
  {
    categorySlug: 'tin-tuc-su-kien',
    title: 'Hội thảo ứng dụng công nghệ số trong nông nghiệp thông minh thu hút hơn 200 đại biểu',
    sapo: 'Sở Khoa học và Công nghệ phối hợp với Sở Nông nghiệp và Môi trường vừa tổ chức hội thảo về cảm biến, dữ liệu và tự động hóa trong sản xuất nông nghiệp trên địa bàn tỉnh.',
    paragraphs: [
      'Tham dự hội thảo có đại diện các sở, ngành, Ủy ban nhân dân nhiều xã, phường cùng các hợp tác xã, doanh nghiệp và nông dân sản xuất giỏi. Theo ban tổ chức, đây là lần đầu các mô hình ứng dụng công nghệ trong trồng trọt và chăn nuôi của tỉnh được giới thiệu tập trung tại một diễn đàn.',
      'Phát biểu khai mạc, lãnh đạo Sở Khoa học và Công nghệ cho biết nông nghiệp vẫn giữ vai trò quan trọng trong cơ cấu kinh tế của tỉnh, nhưng năng suất lao động còn thấp và chi phí đầu vào cao. Việc đưa cảm biến độ ẩm, hệ thống tưới nhỏ giọt điều khiển qua điện thoại và phần mềm truy xuất nguồn gốc vào sản xuất được xem là hướng đi giúp nông dân giảm rủi ro, nâng giá trị sản phẩm.',
      'Tại hội thảo, Hợp tác xã rau an toàn Tân Hòa chia sẻ kết quả sau hai vụ sử dụng nhà màng gắn cảm biến nhiệt độ. Lượng nước tưới giảm khoảng 30%, trong khi sản lượng dưa lưới tăng gần một phần năm so với cách làm truyền thống. Đại diện hợp tác xã cũng thẳng thắn nêu khó khăn về vốn đầu tư ban đầu và kỹ năng vận hành thiết bị của các thành viên lớn tuổi.',
      'Các chuyên gia đến từ viện nghiên cứu và trường đại học khuyến nghị tỉnh xây dựng cơ sở dữ liệu dùng chung về thổ nhưỡng, thời tiết và dịch bệnh để người sản xuất khai thác miễn phí. Bên cạnh đó, cần có cơ chế hỗ trợ một phần kinh phí mua thiết bị cho hợp tác xã, đi kèm các lớp tập huấn ngay tại đồng ruộng.',
      'Kết thúc hội thảo, Sở Khoa học và Công nghệ tiếp thu các ý kiến để tham mưu Ủy ban nhân dân tỉnh ban hành kế hoạch nhân rộng mô hình trong giai đoạn tới. Dự kiến, mỗi xã có thế mạnh nông nghiệp sẽ chọn ít nhất một hợp tác xã làm điểm trình diễn để nông dân đến tham quan, học hỏi.',
    ],
    byline: 'Minh Anh',
    tags: ['nông nghiệp thông minh', 'nông nghiệp công nghệ cao', 'hội thảo'],
    hoursAgo: 5,
  },
  {
    categorySlug: 'tin-tuc-su-kien',
    title: 'Ngày hội sáng tạo khoa học kỹ thuật dành cho học sinh trung học quy tụ gần 80 dự án',
    sapo: 'Các dự án năm nay tập trung vào những vấn đề gần gũi với đời sống như xử lý rác thải nhựa, cảnh báo ngập lụt và hỗ trợ người khuyết tật.',
    paragraphs: [
      'Ngày hội do Sở Giáo dục và Đào tạo phối hợp với Sở Khoa học và Công nghệ tổ chức, với sự tham gia của học sinh đến từ 32 trường trung học cơ sở và trung học phổ thông. Mỗi nhóm có gian trưng bày riêng và trình bày trực tiếp trước hội đồng giám khảo.',
      'Nhiều sản phẩm gây ấn tượng nhờ ý tưởng thiết thực và chi phí chế tạo thấp. Nhóm học sinh của một trường vùng ven biển giới thiệu thiết bị đo mực nước tự động, gửi tin nhắn cảnh báo khi nước dâng vượt ngưỡng. Một nhóm khác chế tạo gậy dò đường dùng cảm biến siêu âm cho người khiếm thị, giá thành chưa đến 500 nghìn đồng.',
      'Theo các thành viên hội đồng, chất lượng dự án có tiến bộ rõ rệt so với năm trước, nhất là ở khâu thu thập số liệu và kiểm chứng kết quả. Tuy vậy, một số nhóm còn lúng túng khi trình bày phương pháp nghiên cứu và chưa chú ý ghi nguồn tài liệu tham khảo.',
      'Ban tổ chức đã trao 4 giải nhất, 8 giải nhì cùng nhiều giải ba và giải khuyến khích. Những dự án xuất sắc nhất sẽ được chọn dự thi cấp quốc gia; các sản phẩm có tiềm năng được Sở Khoa học và Công nghệ hướng dẫn chuẩn bị hồ sơ đăng ký sở hữu trí tuệ.',
    ],
    byline: 'Thu Hà',
    tags: ['học sinh', 'sáng tạo khoa học kỹ thuật'],
    hoursAgo: 52,
  },

  // ── Khoa học - Công nghệ ─────────────────────────────────────────────────
  {
    categorySlug: 'khoa-hoc-cong-nghe',
    title: 'Chuyển giao công nghệ trồng nấm linh chi giúp nông dân xã Phước Lâm có thêm nguồn thu ổn định',
    sapo: 'Sau hơn một năm triển khai, mô hình chuyển giao quy trình trồng nấm linh chi và nấm bào ngư trên giá thể mùn cưa đã mang lại hiệu quả rõ rệt cho nhiều hộ gia đình.',
    paragraphs: [
      'Mô hình thuộc một nhiệm vụ khoa học và công nghệ cấp tỉnh, do Trung tâm Ứng dụng tiến bộ khoa học và công nghệ chủ trì, phối hợp với Hội Nông dân xã thực hiện. Mười lăm hộ tham gia được tập huấn đầy đủ các khâu, từ xử lý nguyên liệu, cấy giống, chăm sóc đến thu hái và sơ chế.',
      'Điểm mới của quy trình là tận dụng mùn cưa và lõi ngô, vốn là phụ phẩm sẵn có ở địa phương, để làm giá thể. Nhờ đó, chi phí cho mỗi bịch phôi giảm đáng kể, đồng thời hạn chế tình trạng đốt phụ phẩm gây ô nhiễm không khí.',
      'Bà Nguyễn Thị Lan, một hộ tham gia mô hình, cho biết trước đây gia đình chỉ trồng lúa và chăn nuôi nhỏ lẻ. Từ khi cải tạo gian nhà kho thành nơi nuôi trồng nấm, mỗi tháng gia đình bà có thêm vài triệu đồng. Công việc cũng giúp bà tận dụng được thời gian nông nhàn giữa hai vụ lúa.',
      'Đơn vị chủ trì đã hỗ trợ các hộ đăng ký nhãn hiệu tập thể và thiết kế bao bì để đưa nấm khô vào hệ thống cửa hàng đặc sản của tỉnh. Bước tiếp theo, xã dự kiến thành lập tổ hợp tác nhằm chủ động nguồn giống và thống nhất giá bán.',
    ],
    byline: 'Quang Huy',
    tags: ['chuyển giao công nghệ', 'nấm ăn', 'kinh tế nông thôn'],
    hoursAgo: 30,
  },
  {
    categorySlug: 'khoa-hoc-cong-nghe',
    title: 'Nghiệm thu đề tài tuyển chọn giống lúa chịu mặn phù hợp với vùng đất ven biển của tỉnh',
    sapo: 'Hội đồng khoa học cấp tỉnh đánh giá đạt đối với đề tài tuyển chọn giống lúa chịu mặn, mở ra khả năng mở rộng diện tích canh tác ở các xã ven biển.',
    paragraphs: [
      'Đề tài được thực hiện trong ba năm, do nhóm nghiên cứu của một trường đại học trong vùng chủ trì với sự tham gia của cán bộ kỹ thuật địa phương. Từ 12 dòng lúa ban đầu, nhóm đã chọn ra hai giống sinh trưởng ổn định ở độ mặn đến 4 phần nghìn.',
      'Kết quả khảo nghiệm trên đồng ruộng cho thấy năng suất trung bình của hai giống đạt khoảng 5,5 đến 6 tấn mỗi héc-ta, cao hơn giống người dân đang gieo cấy. Chất lượng gạo được đánh giá khá, cơm mềm và có mùi thơm nhẹ.',
      'Các thành viên hội đồng đề nghị nhóm nghiên cứu bổ sung số liệu về khả năng kháng sâu bệnh và hoàn thiện quy trình canh tác đi kèm. Đồng thời, đơn vị chủ trì cần sớm phối hợp với cơ quan chuyên môn để làm thủ tục công nhận giống theo quy định.',
      'Theo Sở Khoa học và Công nghệ, đây là nhiệm vụ có tính ứng dụng cao, góp phần giúp nông dân thích ứng với biến đổi khí hậu và xâm nhập mặn. Kết quả sẽ được chuyển giao cho các hợp tác xã ngay trong vụ Hè Thu tới.',
    ],
    byline: 'VK',
    tags: ['nghiệm thu đề tài', 'biến đổi khí hậu', 'giống lúa'],
    hoursAgo: 120,
  },
  {
    categorySlug: 'chuyen-doi-so',
    title: 'Xã Tân Hòa đưa sổ tay điện tử và thanh toán không dùng tiền mặt đến từng hộ dân',
    sapo: 'Chỉ sau sáu tháng, hơn 70% hộ gia đình trong xã đã cài ứng dụng nhận thông tin từ chính quyền, còn việc nộp phí dịch vụ công qua mạng ngày càng phổ biến.',
    paragraphs: [
      'Để đạt kết quả này, xã thành lập các tổ công nghệ số cộng đồng gồm đoàn viên thanh niên, công an viên và cán bộ thôn. Các tổ đến từng nhà hướng dẫn người dân cài ứng dụng, kích hoạt tài khoản định danh điện tử và làm thử một số thủ tục đơn giản.',
      'Trên sổ tay điện tử, người dân có thể xem lịch tiêm chủng, lịch thu gom rác, hoặc phản ánh sự cố về điện, đường, vệ sinh môi trường kèm hình ảnh. Mỗi phản ánh được chuyển thẳng đến cán bộ phụ trách và có thời hạn trả lời cụ thể.',
      'Tại chợ trung tâm xã, phần lớn tiểu thương đã treo mã QR để khách chuyển khoản. Ông Trần Văn Bình, chủ một sạp tạp hóa, kể ban đầu ông ngại vì sợ nhầm lẫn, nhưng dùng vài tuần thì thấy tiện hơn hẳn. Cuối ngày, việc đối chiếu sổ sách cũng nhanh hơn trước nhiều.',
      'Chủ tịch Ủy ban nhân dân xã cho biết khó khăn lớn nhất vẫn là nhóm người cao tuổi chưa dùng điện thoại thông minh. Xã đang phối hợp với doanh nghiệp viễn thông hỗ trợ máy cũ và mở các buổi hướng dẫn riêng tại nhà văn hóa thôn vào buổi tối.',
    ],
    byline: 'Hoàng Nam',
    tags: ['chuyển đổi số', 'chính quyền số', 'thanh toán không dùng tiền mặt'],
    hoursAgo: 18,
  },
  {
    categorySlug: 'tieu-chuan-do-luong-chat-luong',
    title: 'Kiểm tra đo lường tại cửa hàng xăng dầu, phát hiện 3 cột đo có sai số vượt mức cho phép',
    sapo: 'Đoàn kiểm tra của Sở Khoa học và Công nghệ đã làm việc tại 25 cửa hàng kinh doanh xăng dầu, tập trung vào phương tiện đo, lượng hàng đóng gói và chất lượng nhiên liệu.',
    paragraphs: [
      'Qua kiểm tra, phần lớn cửa hàng chấp hành tốt quy định; các cột đo nhiên liệu đều còn hiệu lực kiểm định và được niêm phong đúng quy cách. Tuy nhiên, đoàn phát hiện ba cột đo tại hai cửa hàng có sai số vượt giới hạn cho phép, theo hướng gây thiệt cho người mua.',
      'Đoàn đã lập biên bản, yêu cầu ngừng sử dụng các cột đo vi phạm và đề nghị xử phạt vi phạm hành chính theo quy định. Chủ cửa hàng phải hiệu chỉnh và kiểm định lại thiết bị trước khi đưa vào bán hàng trở lại.',
      'Bên cạnh đó, đoàn lấy 10 mẫu xăng và dầu diesel để thử nghiệm các chỉ tiêu chất lượng. Kết quả phân tích sẽ được công bố khi phòng thử nghiệm hoàn tất, dự kiến trong vòng hai tuần.',
      'Người tiêu dùng nghi ngờ về số lượng hoặc chất lượng xăng dầu có thể phản ánh qua đường dây nóng của Sở hoặc ứng dụng phản ánh hiện trường của tỉnh. Mọi thông tin đều được xác minh và trả lời công khai.',
    ],
    byline: 'Đức Long',
    tags: ['đo lường', 'xăng dầu', 'bảo vệ người tiêu dùng'],
    hoursAgo: 75,
  },

  // ── Đổi mới sáng tạo ─────────────────────────────────────────────────────
  {
    categorySlug: 'doi-moi-sang-tao',
    title: 'Chung kết cuộc thi khởi nghiệp đổi mới sáng tạo cấp tỉnh: dự án phân bón vi sinh đoạt giải nhất',
    sapo: 'Mười dự án xuất sắc nhất đã trình bày trước hội đồng giám khảo và các nhà đầu tư, tranh tài cho tổng giải thưởng trị giá 300 triệu đồng.',
    paragraphs: [
      'Cuộc thi năm nay nhận được 86 hồ sơ, gần gấp đôi mùa trước, trong đó nhiều dự án đến từ sinh viên và thanh niên nông thôn. Sau vòng sơ khảo và chương trình huấn luyện kéo dài hai tháng, mười đội đã vào vòng chung kết.',
      'Giải nhất thuộc về nhóm sản xuất phân bón vi sinh từ bã mía và vỏ cà phê. Nhóm đã thử nghiệm sản phẩm trên vườn cây ăn quả của ba hợp tác xã, ghi nhận đất tơi xốp hơn và lượng phân hóa học giảm khoảng một phần ba.',
      'Giải nhì được trao cho nền tảng đặt lịch khám bệnh và nhắc uống thuốc dành cho người cao tuổi, dùng được cả qua tổng đài thoại. Giải ba thuộc về dự án túi đựng làm từ bẹ chuối, hướng tới thay thế túi ni lông ở các chợ truyền thống.',
      'Ngoài giải thưởng, các đội đoạt giải được ưu tiên xem xét hỗ trợ từ chương trình phát triển hệ sinh thái khởi nghiệp của tỉnh và được giới thiệu vào các vườn ươm trong khu vực. Ban tổ chức cam kết đồng hành với các dự án ít nhất một năm sau cuộc thi.',
    ],
    byline: 'Minh Anh',
    tags: ['khởi nghiệp', 'đổi mới sáng tạo', 'cuộc thi'],
    hoursAgo: 96,
  },
  {
    categorySlug: 'doi-moi-sang-tao',
    title: 'Thêm 14 sản phẩm OCOP đạt 4 sao nhờ đầu tư đổi mới công nghệ chế biến và bao bì',
    sapo: 'Hội đồng đánh giá, phân hạng sản phẩm cấp tỉnh vừa công nhận thêm 14 sản phẩm đạt 4 sao, nâng tổng số sản phẩm OCOP của tỉnh lên hơn 230.',
    paragraphs: [
      'Các sản phẩm mới được công nhận gồm mật ong rừng, trà hoa vàng, nước mắm truyền thống, bánh tráng và một số loại tinh dầu. Điểm chung là các chủ thể đều đã cải tiến quy trình sản xuất, có hồ sơ truy xuất nguồn gốc và công bố tiêu chuẩn chất lượng rõ ràng.',
      'Nhiều cơ sở được hỗ trợ từ nguồn kinh phí khoa học và công nghệ để mua máy sấy lạnh, máy đóng gói hút chân không hoặc hệ thống lọc. Nhờ vậy, sản phẩm giữ được hương vị tự nhiên, thời hạn sử dụng dài hơn và đáp ứng yêu cầu của các chuỗi siêu thị.',
      'Chị Phạm Thị Hồng, chủ cơ sở sản xuất trà hoa vàng, cho biết việc làm mới bao bì và gắn tem truy xuất giúp sản phẩm dễ đến tay khách du lịch hơn. Doanh thu của cơ sở trong năm qua tăng khoảng 40%, đồng thời tạo việc làm thường xuyên cho 12 lao động địa phương.',
      'Thời gian tới, tỉnh tiếp tục hướng dẫn các chủ thể đăng ký bảo hộ nhãn hiệu, xây dựng câu chuyện sản phẩm và tham gia sàn thương mại điện tử. Mục tiêu đặt ra là có ít nhất một sản phẩm đạt 5 sao cấp quốc gia trong hai năm tới.',
    ],
    byline: 'PC',
    tags: ['OCOP', 'sản phẩm đặc sản', 'truy xuất nguồn gốc'],
    hoursAgo: 160,
  },
  {
    categorySlug: 'doi-moi-sang-tao',
    title: 'Tập huấn sở hữu trí tuệ cho doanh nghiệp nhỏ: đăng ký nhãn hiệu sớm để tránh rủi ro tranh chấp',
    sapo: 'Hơn 120 học viên là chủ doanh nghiệp, hợp tác xã và hộ kinh doanh đã được trang bị kiến thức cơ bản về bảo hộ nhãn hiệu, kiểu dáng công nghiệp và chỉ dẫn địa lý.',
    paragraphs: [
      'Lớp tập huấn do Sở Khoa học và Công nghệ tổ chức trong hai ngày, giảng viên là chuyên gia có nhiều năm kinh nghiệm trong lĩnh vực sở hữu công nghiệp. Nội dung được thiết kế theo hướng thực hành, từ cách tra cứu nhãn hiệu trên cơ sở dữ liệu trực tuyến đến chuẩn bị bộ hồ sơ đăng ký.',
      'Chuyên gia lưu ý nhiều cơ sở đã bán hàng nhiều năm nhưng chưa đăng ký nhãn hiệu, đến khi mở rộng thị trường mới phát hiện tên gọi đã bị người khác nộp đơn trước. Khi đó, việc tranh chấp tốn nhiều thời gian, chi phí và có thể buộc cơ sở phải thay đổi toàn bộ bao bì.',
      'Học viên cũng được giới thiệu cách khai thác thông tin sáng chế để tìm những giải pháp kỹ thuật có thể áp dụng miễn phí, do đã hết thời hạn hoặc không được bảo hộ tại Việt Nam. Đây là nguồn tri thức hữu ích nhưng còn ít doanh nghiệp trong tỉnh biết đến.',
      'Cuối khóa, nhiều học viên đã hoàn thành bản nháp tờ khai đăng ký nhãn hiệu cho sản phẩm của mình. Sở Khoa học và Công nghệ cho biết sẽ tiếp tục hỗ trợ một phần lệ phí nộp đơn cho chủ thể có sản phẩm OCOP hoặc sản phẩm chủ lực của tỉnh.',
    ],
    byline: 'Thu Hà',
    tags: ['sở hữu trí tuệ', 'nhãn hiệu', 'tập huấn'],
    hoursAgo: 210,
  },

  // ── Thông báo ────────────────────────────────────────────────────────────
  {
    categorySlug: 'thong-bao',
    title: 'Thông báo về việc đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2027',
    sapo: 'Sở Khoa học và Công nghệ đề nghị các cơ quan, tổ chức và cá nhân gửi đề xuất nhiệm vụ khoa học và công nghệ cấp tỉnh để xem xét đưa vào danh mục thực hiện từ năm 2027.',
    paragraphs: [
      'Đề xuất cần xuất phát từ yêu cầu thực tiễn của ngành, địa phương, có địa chỉ ứng dụng rõ ràng và không trùng lặp với các nhiệm vụ đã hoặc đang thực hiện. Ưu tiên các hướng nông nghiệp công nghệ cao, chế biến sâu, y tế, bảo vệ môi trường, chuyển đổi số và bảo tồn giá trị văn hóa của tỉnh.',
      'Hồ sơ gồm phiếu đề xuất theo mẫu, kèm văn bản của cơ quan, đơn vị đặt hàng hoặc cam kết sử dụng kết quả. Mẫu phiếu được đăng tại mục Văn bản - Biểu mẫu trên cổng thông tin điện tử của Sở.',
      'Hồ sơ được nhận trong vòng 30 ngày kể từ ngày đăng thông báo này. Đơn vị có thể nộp trực tiếp tại bộ phận một cửa của Sở, gửi qua bưu điện hoặc nộp bản điện tử qua hệ thống quản lý văn bản; ngày nhận được tính theo dấu bưu điện hoặc thời điểm hệ thống ghi nhận.',
      'Mọi thắc mắc xin liên hệ Phòng Quản lý khoa học trong giờ hành chính để được hướng dẫn. Sau khi tổng hợp, Sở sẽ thành lập hội đồng tư vấn xác định nhiệm vụ và công khai kết quả trên cổng thông tin.',
    ],
    byline: 'Phòng QLKH',
    tags: ['nhiệm vụ khoa học và công nghệ', 'đề xuất đặt hàng', 'năm 2027'],
    hoursAgo: 8,
  },
  {
    categorySlug: 'thong-bao',
    title: 'Thông báo tạm dừng hệ thống dịch vụ công trực tuyến của Sở để nâng cấp vào cuối tuần',
    sapo: 'Để bảo đảm an toàn thông tin và bổ sung tính năng mới, hệ thống tiếp nhận hồ sơ trực tuyến của Sở Khoa học và Công nghệ sẽ tạm ngừng hoạt động trong khoảng 36 giờ.',
    paragraphs: [
      'Thời gian tạm dừng bắt đầu từ 18 giờ thứ Bảy và hệ thống dự kiến hoạt động trở lại lúc 6 giờ sáng thứ Hai. Trong thời gian này, tổ chức và cá nhân không thể nộp mới, bổ sung hoặc tra cứu hồ sơ trên hệ thống.',
      'Các hồ sơ đã nộp trước thời điểm tạm dừng vẫn được xử lý bình thường và thời hạn giải quyết không bị ảnh hưởng. Trường hợp cần nộp hồ sơ gấp, đề nghị liên hệ trực tiếp bộ phận một cửa của Sở trong giờ hành chính.',
      'Sau khi nâng cấp, hệ thống sẽ hỗ trợ đăng nhập bằng tài khoản định danh điện tử, ký số trên thiết bị di động và gửi thông báo tiến độ hồ sơ qua tin nhắn. Sở mong nhận được sự thông cảm của người dân và doanh nghiệp về sự bất tiện này.',
    ],
    byline: 'VP',
    tags: ['dịch vụ công trực tuyến', 'thông báo'],
    hoursAgo: 40,
  },
];

/** A draft the demo opens for góp ý, closing `closesInDays` after the demo's first start. */
export const demoConsultation = {
  code: '25/2026/QĐ-UBND',
  typeName: 'Quyết định',
  issuer: 'Ủy ban nhân dân tỉnh',
  summary:
    'Dự thảo Quyết định ban hành Quy chế quản lý, vận hành và cung cấp thông tin trên cổng thông tin điện tử của tỉnh',
  field: 'Công nghệ thông tin',
  closesInDays: 30,
};
