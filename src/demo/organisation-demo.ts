/**
 * DEMO CONTENT — NOT A REAL AGENCY.
 *
 * The pages about the fictional Department of Science and Technology of the
 * demo site, in Vietnamese and English, with its units and leaders. Names,
 * addresses, phone numbers and the licence are invented (example.vn is a
 * reserved-style domain); operators replace them in the back office.
 */
import type { OrgSeed } from '../organisation/organisation.service.js';

const p = (...paragraphs: string[]) => paragraphs.map((t) => `<p>${t}</p>`).join('\n');

export const demoOrganisation: OrgSeed = {
  pages: {
    intro: {
      vi: {
        title: 'Giới thiệu Sở Khoa học và Công nghệ',
        body: p(
          'Sở Khoa học và Công nghệ là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, tham mưu và giúp Ủy ban quản lý nhà nước về khoa học, công nghệ, đổi mới sáng tạo, tiêu chuẩn đo lường chất lượng, sở hữu trí tuệ và chuyển đổi số trên địa bàn.',
          'Sở có tư cách pháp nhân, con dấu và tài khoản riêng; chịu sự chỉ đạo về chuyên môn, nghiệp vụ của Bộ Khoa học và Công nghệ.',
        ),
      },
      en: {
        title: 'About the Department of Science and Technology',
        body: p(
          'The Department of Science and Technology is a specialised agency of the Provincial People’s Committee. It advises the Committee on science, technology, innovation, standards and quality, intellectual property and digital transformation in the province.',
          'The Department has its own legal status, seal and accounts, and follows the professional guidance of the Ministry of Science and Technology.',
        ),
      },
    },
    functions: {
      vi: {
        title: 'Chức năng, nhiệm vụ',
        body: `${p('Sở thực hiện các nhiệm vụ chính sau:')}
<ul>
<li>Trình Ủy ban nhân dân tỉnh kế hoạch phát triển khoa học, công nghệ và đổi mới sáng tạo hằng năm và 5 năm.</li>
<li>Tổ chức tuyển chọn, giao trực tiếp và nghiệm thu các nhiệm vụ khoa học và công nghệ cấp tỉnh.</li>
<li>Quản lý tiêu chuẩn, đo lường, chất lượng sản phẩm hàng hóa; hướng dẫn doanh nghiệp áp dụng hệ thống quản lý.</li>
<li>Hỗ trợ tổ chức, cá nhân bảo hộ quyền sở hữu trí tuệ và thương mại hóa kết quả nghiên cứu.</li>
<li>Thanh tra, kiểm tra và giải quyết khiếu nại, tố cáo trong lĩnh vực được giao.</li>
</ul>`,
      },
      en: {
        title: 'Functions and duties',
        body: `${p('The Department’s main duties are to:')}
<ul>
<li>Submit yearly and five-year plans for science, technology and innovation to the Provincial People’s Committee.</li>
<li>Select, assign and evaluate provincial research tasks.</li>
<li>Oversee standards, measurement and product quality, and help businesses adopt management systems.</li>
<li>Help organisations and people protect intellectual property and bring research results to market.</li>
<li>Inspect and settle complaints within its field.</li>
</ul>`,
      },
    },
    structure: {
      vi: {
        title: 'Cơ cấu tổ chức',
        body: p('Bộ máy của Sở gồm Ban Giám đốc, các phòng chuyên môn và các đơn vị sự nghiệp trực thuộc.'),
      },
      en: {
        title: 'Organisational structure',
        body: p(
          'The Department is made up of its Board of Directors, specialised divisions and affiliated public units.',
        ),
      },
    },
    leaders: {
      vi: { title: 'Lãnh đạo Sở', body: p('Ban Giám đốc Sở gồm Giám đốc và các Phó Giám đốc.') },
      en: { title: 'Leadership', body: p('The Board of Directors consists of the Director and Deputy Directors.') },
    },
    contact: {
      vi: {
        title: 'Liên hệ',
        body: p(
          'Tổ chức, cá nhân có thể gửi câu hỏi, góp ý về hoạt động của Sở qua thư điện tử hoặc gọi điện trong giờ hành chính, từ thứ Hai đến thứ Sáu.',
        ),
      },
      en: {
        title: 'Contact',
        body: p('Questions and suggestions are welcome by email, or by phone during office hours, Monday to Friday.'),
      },
    },
  },
  units: [
    {
      name: 'Văn phòng Sở',
      nameEn: 'Office of the Department',
      head: 'Chánh Văn phòng Lê Thị Mai',
      phone: '0200 3812 101',
      email: 'vanphong@skhcn.example.vn',
      address: 'Tầng 1, số 8 đường Hòa Bình',
    },
    {
      name: 'Phòng Quản lý khoa học và công nghệ',
      nameEn: 'Science and Technology Management Division',
      head: 'Trưởng phòng Phạm Văn Đức',
      phone: '0200 3812 102',
      email: 'qlkh@skhcn.example.vn',
      address: 'Tầng 2, số 8 đường Hòa Bình',
    },
    {
      name: 'Chi cục Tiêu chuẩn Đo lường Chất lượng',
      nameEn: 'Sub-department of Standards, Metrology and Quality',
      head: 'Chi cục trưởng Hoàng Minh Tuấn',
      phone: '0200 3812 103',
      email: 'tdc@skhcn.example.vn',
      address: 'Số 21 đường Lê Lợi',
    },
  ],
  leaders: [
    {
      name: 'Nguyễn Thị Thu Hà',
      role: 'Giám đốc Sở',
      roleEn: 'Director',
      phone: '0200 3812 001',
      email: 'giamdoc@skhcn.example.vn',
    },
    {
      name: 'Trần Quốc Bảo',
      role: 'Phó Giám đốc Sở',
      roleEn: 'Deputy Director',
      phone: '0200 3812 002',
      email: 'pgd.bao@skhcn.example.vn',
    },
  ],
};

/** The footer's lines and the English names, saved only where the settings have none yet. */
export const demoSiteSettings: Record<string, string> = {
  'site.footer.agency': 'Sở Khoa học và Công nghệ (bản demo)',
  'site.footer.address': 'Số 8 đường Hòa Bình, phường Trung Tâm',
  'site.footer.phone': '0200 3812 345',
  'site.footer.email': 'vanphong@skhcn.example.vn',
  'site.footer.responsible': 'Bà Nguyễn Thị Thu Hà, Giám đốc Sở',
  'site.footer.licence': 'Giấy phép số 01/GP-TTĐT (giấy phép minh họa của bản demo)',
  'site.en.name': 'Department of Science and Technology (Tòa Soạn demo)',
  'site.en.description': 'News and information from the Department of Science and Technology.',
  'site.en.agency': 'Department of Science and Technology (demo)',
  'site.en.address': '8 Hoa Binh Street, Trung Tam Ward',
};
