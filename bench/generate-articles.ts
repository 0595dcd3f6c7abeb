/**
 * Deterministic generator of Vietnamese-looking articles for load tests and
 * search benchmarks.
 *
 * The text is not meaningful: it is stitched together from a hand-written
 * vocabulary of common Vietnamese syllables, two-syllable words and a few set
 * phrases typical of provincial administrative news. What matters for
 * benchmarks is that it *looks* like real content to the database and the
 * search index — realistic syllable frequencies, diacritics (including "đ"),
 * document codes such as "42/2022/NĐ-CP", numbers, commas and full stops —
 * and that a given seed always produces exactly the same articles.
 *
 * All vocabulary is written in NFC, and the generator only concatenates and
 * upper-cases it, so every produced string is NFC as well.
 *
 * CLI (prints JSON lines):
 *   node --import tsx bench/generate-articles.ts [count=3] [seed=1]
 *   node --import tsx bench/generate-articles.ts --bench [count=100000] [seed=1]
 */

export interface GeneratedArticle {
  title: string;
  sapo: string;
  paragraphs: string[];
  byline: string;
  tags: string[];
  /** UTC ISO-8601 timestamp, e.g. "2023-04-17T08:21:05.000Z". */
  publishedAt: string;
}

export interface GenerateOptions {
  /**
   * Instant that "now" is taken to be; publication dates fall within the
   * 8 years before it. Defaults to {@link DEFAULT_REFERENCE_TIME} so that the
   * output does not depend on the wall clock.
   */
  referenceTime?: Date | number;
}

/** Fixed default reference instant, which keeps output identical from day to day. */
export const DEFAULT_REFERENCE_TIME = Date.UTC(2026, 10, 1, 0, 0, 0);

const DEFAULT_SEED = 1;
const SPREAD_MS = Math.round(8 * 365.25 * 24 * 3600 * 1000);

// ─── Vocabulary ──────────────────────────────────────────────────────────────

/** Common single syllables (NFC, old-style tone placement as in official texts: hóa, hòa, thủy). */
export const SYLLABLES: readonly string[] = uniqueWords(`
  an anh ảnh ánh áo ăn âm ấm ẩm ấy
  ba bà bá bác bài bạn bán bản bàn bảo báo bảy bắc bằng bắt bất bậc bên bến bệnh bị
  biển biên biết biện bình bộ bổ bỏ bốn bởi bớt buổi bước bưu bạc bày bám bền
  ca cá các cách cải cảm cán càng cảnh cao cầu cấp cận câu cây có còn con cơ cố
  công cộng cổng cũng cụ của cùng cuộc cuối cung cử cứu cực cư cần cấu
  chi chí chỉ chính chín chọn chủ chung chuyên chuyển chưa chức chương chất chậm
  chế chiến chiều cho chợ chúng chăm chạy chặt chân chiếm chỗ chốt chữ
  dài danh dạy dân dẫn dần dầu dễ dịch diện dụng dùng duy dự dữ dưới dương dòng dựng
  đã đang đảm đảng đạo đạt đất đầu đầy đặc đăng đến để đề đêm đi địa điểm điện điều
  định đình đó đoàn đọc đối đổi đội đồng đông đơn đúng đưa được đường đứng đô độ
  động đủ đánh đào đáp đặt
  em gà gạo gần gấp gắn gây ghi gia giá giải giao giáo giảm giám giữ giữa giúp giống
  giờ giới góp gồm gửi gian giấy
  hai hàng hành hạn hạng hạt hạ hải hay hè hết hiện hiệu hình họ học hỏi hóa hòa hoàn
  hoạt hội hơn hợp hỗ hộ hồ hướng hưởng hữu huy hạnh hiểu hoa hồi
  ích ít kém kênh kế kết kể khá khác khai khám khẩn khẩu khí khi khó khoa khoản khỏe
  không khu khởi khuyến khăn khách khắc khối kiểm kiến kinh kịp kỳ kỹ ký kiện
  là lại làm lãnh lao lập lần lâu lên lễ lệ lịch liên loại lòng lớn lớp lợi lúa lực
  lượng lưu luật lý lĩnh liệu lối lũ
  mà mạnh mạng máy mặt mẫu mức mới mỗi một mọi môi mục mùa muốn mưa mở minh miền
  mại mẽ mật mô
  nam năm năng nào nay này nắm nặng nền nên nếu ngày ngành ngân nghề nghệ nghị
  nghiên nghiệp nghiệm nghĩa ngoài người nguồn nguyên ngũ ngừa ngay nhà nhanh nhận
  nhân nhất nhằm nhập nhiều nhiệm như những nhỏ nhóm nhu nông nội nổi nơi nước nữ
  nữa nuôi nhiên nhật nhẹ
  ổn ông ở
  phải phần phát pháp phân phép phí phía phó phòng phố phổ phối phong phù phú phục
  phụ phương phường phủ phẩm phiên
  qua quá quan quản quang quốc quy quyền quyết quả quân quê quý quỹ
  ra rà rất riêng rõ rộng rừng rủi rác rào
  sách sau sáng sản sắp sâu sẽ số sở sông sống sớm sự sức sử sinh so sóng sạch sát sao
  tác tài tại tạo tăng tầm tập tất tầng tế tên tiền tiến tiếp tiêu tin tính tỉnh
  tình tích tiết tổ tốt tổng tới từ tự tư tục tuần tuy tuổi tùy tương tưởng tâm tận
  tham thành thảo thay thấp thấy thêm thế thể thì thiết thiện thiệt thị thích thiên
  thoại thông thời thu thuận thuộc thủ thủy thực thức thương thường thử thứ thư thật
  theo thái thắng thẩm thấu thuế
  tra trách trái trăm trạm trang trên trẻ triển triệu trình trò trọng trong trở trợ
  trung trúng trước trường trực truyền trữ trạng trị
  tuyên tuyến
  ủy ứng ưu ước uy
  và vào văn vẫn vấn vật về vệ vi việc viên viện vì vị vốn vụ vùng vững vừa vượt
  vực vay vận vọng
  xã xác xanh xây xem xét xin xử xuất xuân xúc xa xe xếp
`);

/** High-frequency function words, drawn more often than other syllables. */
const FUNCTION_WORDS: readonly string[] = uniqueWords(`
  và của các những là có được cho với trong để đã đang sẽ này đó theo từ trên tại
  về khi một nhiều cũng còn vẫn đều không chưa hơn mới đến như nhằm cùng qua sau
  trước người việc rất bởi do nên nhưng
`);

/** Common two-syllable words of administrative and science/technology news. */
export const WORDS: readonly string[] = uniquePhrases([
  'khoa học',
  'công nghệ',
  'nghị quyết',
  'đổi mới',
  'phát triển',
  'doanh nghiệp',
  'hội nghị',
  'kinh tế',
  'xã hội',
  'chính sách',
  'nhà nước',
  'nhân dân',
  'chính quyền',
  'địa phương',
  'cơ quan',
  'đơn vị',
  'tổ chức',
  'cá nhân',
  'cán bộ',
  'công chức',
  'viên chức',
  'người dân',
  'nông dân',
  'nông nghiệp',
  'công nghiệp',
  'dịch vụ',
  'du lịch',
  'thương mại',
  'đầu tư',
  'dự án',
  'kế hoạch',
  'chương trình',
  'nhiệm vụ',
  'giải pháp',
  'kết quả',
  'hiệu quả',
  'chất lượng',
  'tiêu chuẩn',
  'đo lường',
  'sở hữu',
  'trí tuệ',
  'sáng tạo',
  'sáng kiến',
  'khởi nghiệp',
  'nghiên cứu',
  'ứng dụng',
  'chuyển giao',
  'chuyển đổi',
  'số hóa',
  'dữ liệu',
  'thông tin',
  'truyền thông',
  'hạ tầng',
  'mạng lưới',
  'nền tảng',
  'hệ thống',
  'phần mềm',
  'thiết bị',
  'máy móc',
  'nguồn lực',
  'nhân lực',
  'đào tạo',
  'bồi dưỡng',
  'giáo dục',
  'y tế',
  'môi trường',
  'tài nguyên',
  'khí hậu',
  'thiên tai',
  'an toàn',
  'an ninh',
  'quốc phòng',
  'pháp luật',
  'quy định',
  'văn bản',
  'thủ tục',
  'hành chính',
  'cải cách',
  'tuyên truyền',
  'phổ biến',
  'hướng dẫn',
  'kiểm tra',
  'giám sát',
  'đánh giá',
  'tổng kết',
  'sơ kết',
  'triển khai',
  'thực hiện',
  'tăng cường',
  'nâng cao',
  'đẩy mạnh',
  'thúc đẩy',
  'hỗ trợ',
  'phối hợp',
  'hợp tác',
  'liên kết',
  'xây dựng',
  'hoàn thiện',
  'bảo đảm',
  'bảo vệ',
  'bảo tồn',
  'khai thác',
  'sử dụng',
  'quản lý',
  'điều hành',
  'lãnh đạo',
  'chỉ đạo',
  'thường xuyên',
  'kịp thời',
  'cụ thể',
  'toàn diện',
  'bền vững',
  'hiện đại',
  'thông minh',
  'trọng tâm',
  'trọng điểm',
  'mục tiêu',
  'định hướng',
  'chiến lược',
  'giai đoạn',
  'tầm nhìn',
  'năng suất',
  'sản xuất',
  'sản phẩm',
  'hàng hóa',
  'thị trường',
  'xuất khẩu',
  'giá trị',
  'thu nhập',
  'đời sống',
  'văn hóa',
  'lịch sử',
  'truyền thống',
  'cộng đồng',
  'thanh niên',
  'phụ nữ',
  'học sinh',
  'sinh viên',
  'giảng viên',
  'chuyên gia',
  'đề tài',
  'đề án',
  'hội thảo',
  'tọa đàm',
  'diễn đàn',
  'triển lãm',
  'hội chợ',
  'tập huấn',
  'đại biểu',
  'ngân sách',
  'kinh phí',
  'tín dụng',
  'ngân hàng',
  'điện tử',
  'trực tuyến',
  'trực tiếp',
  'minh bạch',
  'công khai',
  'trách nhiệm',
  'đại hội',
  'ban hành',
  'sửa đổi',
  'bổ sung',
  'thẩm định',
  'phê duyệt',
  'nghiệm thu',
  'đăng ký',
  'cấp phép',
  'vi phạm',
  'xử lý',
  'khắc phục',
  'hạn chế',
  'khó khăn',
  'vướng mắc',
  'kiến nghị',
  'đề xuất',
  'ý kiến',
  'thống nhất',
  'đồng bộ',
  'hiệu lực',
  'thành phố',
  'nông thôn',
  'đô thị',
  'giao thông',
  'thủy lợi',
  'năng lượng',
  'sinh học',
  'vật liệu',
  'cơ khí',
  'tự động',
  'tuần hoàn',
  'phát thải',
  'miền núi',
  'đồng bằng',
  'ven biển',
  'biên giới',
  'hải đảo',
  'nhãn hiệu',
  'sáng chế',
  'truy xuất',
  'nguồn gốc',
  'chế biến',
  'chăn nuôi',
  'trồng trọt',
  'thủy sản',
  'lâm nghiệp',
  'an sinh',
  'việc làm',
  'lao động',
  'tiết kiệm',
  'đột phá',
  'năng lực',
  'cạnh tranh',
  'hội nhập',
  'quốc tế',
  'tiềm năng',
  'thế mạnh',
  'cơ chế',
  'thể chế',
  'nhân rộng',
  'mô hình',
]);

/** Longer set phrases and proper names, used sparingly. */
const PHRASES: readonly string[] = uniquePhrases([
  'trí tuệ nhân tạo',
  'hợp tác xã',
  'nhà khoa học',
  'đổi mới sáng tạo',
  'chuyển đổi số',
  'kinh tế số',
  'xã hội số',
  'chính phủ số',
  'dịch vụ công trực tuyến',
  'nông nghiệp công nghệ cao',
  'doanh nghiệp nhỏ và vừa',
  'sở hữu trí tuệ',
  'Ủy ban nhân dân tỉnh',
  'Hội đồng nhân dân tỉnh',
  'Sở Khoa học và Công nghệ',
  'Bộ Khoa học và Công nghệ',
  'Chính phủ',
  'Quốc hội',
  'Thủ tướng',
  'Ban Chấp hành Trung ương',
  'Tỉnh ủy',
  'Mặt trận Tổ quốc',
  'Đoàn Thanh niên',
  'Chương trình OCOP',
  'năm tài chính',
  'cơ sở dữ liệu',
]);

/** Lead-ins for titles, chosen so that titles read like news headlines. */
const TITLE_LEADS: readonly string[] = uniquePhrases([
  'Triển khai',
  'Tăng cường',
  'Đẩy mạnh',
  'Nâng cao',
  'Hội nghị',
  'Hội thảo',
  'Tổng kết',
  'Sơ kết',
  'Hướng dẫn',
  'Phê duyệt',
  'Ban hành',
  'Kiểm tra',
  'Tập huấn',
  'Thúc đẩy',
  'Công bố',
  'Khai mạc',
  'Nghiệm thu',
  'Đánh giá',
  'Hỗ trợ',
  'Thông báo',
  'Lấy ý kiến',
  'Tọa đàm',
  'Ra mắt',
  'Phát động',
  'Kết nối',
]);

const DOC_KINDS: ReadonlyArray<{ name: string; code: (rng: Rng) => string }> = [
  { name: 'Nghị quyết', code: (r) => `${int(r, 1, 60)}-NQ/TW` },
  { name: 'Nghị quyết', code: (r) => `${int(r, 1, 250)}/NQ-CP` },
  { name: 'Nghị định', code: (r) => `${int(r, 1, 200)}/${int(r, 2016, 2026)}/NĐ-CP` },
  { name: 'Quyết định', code: (r) => `${int(r, 1, 3000)}/QĐ-UBND` },
  { name: 'Quyết định', code: (r) => `${int(r, 1, 2000)}/QĐ-TTg` },
  { name: 'Kế hoạch', code: (r) => `${int(r, 1, 400)}/KH-UBND` },
  { name: 'Kế hoạch', code: (r) => `${int(r, 1, 90)}/KH-SKHCN` },
  { name: 'Thông tư', code: (r) => `${int(r, 1, 40)}/${int(r, 2016, 2026)}/TT-BKHCN` },
  { name: 'Chỉ thị', code: (r) => `${int(r, 1, 40)}/CT-TTg` },
  { name: 'Luật', code: (r) => `${int(r, 1, 120)}/${int(r, 2021, 2026)}/QH15` },
];

const UNITS: readonly string[] = [
  'tỷ đồng',
  'triệu đồng',
  'héc-ta',
  'doanh nghiệp',
  'hồ sơ',
  'sản phẩm',
  'người',
  'xã',
  'tấn',
  'học viên',
];

const FAMILY_NAMES: readonly string[] = uniqueWords(
  'Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Lương Mai',
);
const GIVEN_NAMES: readonly string[] = uniqueWords(`
  Minh Anh Thu Hà Hương Lan Hùng Dũng Quang Huy Nam Long Đức Thảo Linh Trang Phương Hải
  Tuấn Khánh Ngọc Bảo Châu Đạt Hiếu Yến Vy Tâm Thắng Sơn Hòa Tùng Nhung Vân Đông Phúc
`);
const DESK_BYLINES: readonly string[] = ['TTTT', 'VP', 'BBT', 'PV', 'TTXT', 'Phòng QLKH'];

const TAGS: readonly string[] = uniquePhrases([
  'chuyển đổi số',
  'nông nghiệp công nghệ cao',
  'đổi mới sáng tạo',
  'khởi nghiệp',
  'sở hữu trí tuệ',
  'OCOP',
  'đo lường',
  'tiêu chuẩn chất lượng',
  'chuyển giao công nghệ',
  'nghiệm thu đề tài',
  'chính quyền số',
  'dịch vụ công trực tuyến',
  'trí tuệ nhân tạo',
  'an toàn thông tin',
  'dữ liệu số',
  'kinh tế số',
  'biến đổi khí hậu',
  'năng lượng tái tạo',
  'truy xuất nguồn gốc',
  'hợp tác xã',
  'doanh nghiệp',
  'nhãn hiệu',
  'sáng chế',
  'tập huấn',
  'hội thảo',
  'thông báo',
  'nhiệm vụ khoa học',
  'an toàn bức xạ',
  'năng suất lao động',
  'kinh tế tuần hoàn',
  'sản phẩm chủ lực',
  'thương mại điện tử',
  'giống cây trồng',
  'thủy sản',
  'y tế số',
  'giáo dục',
  'môi trường',
  'du lịch',
  'nông thôn mới',
  'cải cách hành chính',
]);

// ─── PRNG ────────────────────────────────────────────────────────────────────

type Rng = () => number;

/** mulberry32: small, fast 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max], both inclusive. */
function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function pick<T>(rng: Rng, list: readonly T[]): T {
  // The lists are non-empty constants, so the index is always in range.
  return list[Math.floor(rng() * list.length)] as T;
}

// ─── Text building ───────────────────────────────────────────────────────────

interface Token {
  text: string;
  /** `text` with its first letter upper-cased, for sentence starts. */
  capitalised: string;
  /** `text` followed by a comma / a full stop. */
  comma: string;
  dot: string;
  syllables: number;
}

// Every variant is precomputed so that sentences are joined from flat strings
// only, which keeps generation fast.
function token(text: string): Token {
  return { text, capitalised: capitalise(text), comma: text + ',', dot: text + '.', syllables: syllableCount(text) };
}

function uniqueWords(src: string): string[] {
  return [...new Set(src.split(/\s+/).filter((w) => w.length > 0))];
}

function uniquePhrases(list: string[]): string[] {
  return [...new Set(list)];
}

function capitalise(s: string): string {
  // Vocabulary is NFC and starts with a BMP letter, so upper-casing the first
  // code unit keeps the string NFC ("đ" → "Đ", "ứ" → "Ứ").
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function syllableCount(s: string): number {
  let n = 1;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 32) n++;
  return n;
}

const WORD_TOKENS: readonly Token[] = WORDS.map(token);
const PHRASE_TOKENS: readonly Token[] = PHRASES.map(token);
const SYLLABLE_TOKENS: readonly Token[] = SYLLABLES.map(token);
const FUNCTION_TOKENS: readonly Token[] = FUNCTION_WORDS.map(token);

function numberToken(rng: Rng): string {
  const r = rng();
  if (r < 0.3) return `năm ${int(rng, 2015, 2030)}`;
  if (r < 0.5) return `${int(rng, 5, 98)}%`;
  if (r < 0.65) return `${int(rng, 1, 9)}.${String(int(rng, 0, 999)).padStart(3, '0')} ${pick(rng, UNITS)}`;
  return `${int(rng, 2, 500)} ${pick(rng, UNITS)}`;
}

/**
 * Picks the next token, never exceeding `room` syllables. `functionShare`
 * controls how often short grammatical words appear (headlines use fewer).
 */
function nextToken(rng: Rng, room: number, functionShare: number): Token {
  const r = rng();
  if (r < 0.42 && room >= 2) return pick(rng, WORD_TOKENS);
  if (r < 0.42 + functionShare) return pick(rng, FUNCTION_TOKENS);
  if (r < 0.46 + functionShare && room >= 4) {
    const t = pick(rng, PHRASE_TOKENS);
    if (t.syllables <= room) return t;
  }
  if (r < 0.485 + functionShare && room >= 2) {
    const t = token(numberToken(rng));
    if (t.syllables <= room) return t;
  }
  return pick(rng, SYLLABLE_TOKENS);
}

/** Appends a headline fragment of exactly `syllables` syllables to `out`. */
function headlineWords(rng: Rng, out: string[], syllables: number): void {
  let left = syllables;
  while (left > 0) {
    const tok = nextToken(rng, left, 0.12);
    left -= tok.syllables;
    out.push(tok.text);
  }
}

/**
 * Appends one sentence of exactly `syllables` syllables to `out`, one token
 * per element: capitalised first word, occasional commas, final full stop.
 * Sentences are at least 8 syllables and no token is longer than 5, so the
 * first token is never also the last.
 */
function sentence(rng: Rng, out: string[], syllables: number): void {
  let left = syllables;
  let sinceComma = 0;
  let first = true;
  while (left > 0) {
    const tok = nextToken(rng, left, 0.28);
    left -= tok.syllables;
    sinceComma += tok.syllables;
    if (first) {
      out.push(tok.capitalised);
      first = false;
    } else if (left === 0) {
      out.push(tok.dot);
    } else if (left > 3 && sinceComma >= 5 && rng() < 0.09) {
      out.push(tok.comma);
      sinceComma = 0;
    } else {
      out.push(tok.text);
    }
  }
}

/** Sentence length 8–25 syllables, skewed towards longer sentences (mean ≈ 19.5). */
function sentenceLength(rng: Rng): number {
  return 8 + Math.floor(Math.sqrt(rng()) * 18);
}

function sentences(rng: Rng, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) sentence(rng, out, sentenceLength(rng));
  return out.join(' ');
}

function title(rng: Rng): string {
  const target = int(rng, 8, 16);
  const lead = pick(rng, TITLE_LEADS);
  let text = lead;
  let used = syllableCount(lead);
  if (rng() < 0.3) {
    const kind = pick(rng, DOC_KINDS);
    // The code itself ("42/2022/NĐ-CP") is counted as one syllable.
    text += ` ${kind.name} số ${kind.code(rng)}`;
    used += syllableCount(kind.name) + 2;
  } else if (rng() < 0.15) {
    const num = numberToken(rng);
    text += ' ' + num;
    used += syllableCount(num);
  }
  const out = [text];
  headlineWords(rng, out, target - used);
  return out.join(' ');
}

function byline(rng: Rng): string {
  const r = rng();
  if (r < 0.4) return `${pick(rng, GIVEN_NAMES)} ${pick(rng, GIVEN_NAMES)}`;
  if (r < 0.75) {
    const n = int(rng, 2, 3);
    let s = '';
    for (let i = 0; i < n; i++) s += (i === 0 ? pick(rng, FAMILY_NAMES) : pick(rng, GIVEN_NAMES)).charAt(0);
    return s;
  }
  if (r < 0.9) return `${pick(rng, FAMILY_NAMES)} ${pick(rng, GIVEN_NAMES)} ${pick(rng, GIVEN_NAMES)}`;
  return pick(rng, DESK_BYLINES);
}

function tags(rng: Rng): string[] {
  const n = int(rng, 2, 4);
  const out: string[] = [];
  while (out.length < n) {
    const t = pick(rng, TAGS);
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

const PARAGRAPHS_PER_ARTICLE: readonly number[] = [3, 4, 4, 5, 5, 6, 6];
const SENTENCES_PER_PARAGRAPH: readonly number[] = [2, 3, 4, 4, 5, 5];

function article(rng: Rng, referenceMs: number): GeneratedArticle {
  const t = title(rng);
  const sapo = sentences(rng, rng() < 0.5 ? 1 : 2);
  const paragraphCount = pick(rng, PARAGRAPHS_PER_ARTICLE);
  const paragraphs: string[] = [];
  for (let i = 0; i < paragraphCount; i++) paragraphs.push(sentences(rng, pick(rng, SENTENCES_PER_PARAGRAPH)));
  const by = byline(rng);
  const tg = tags(rng);
  // At least one minute before the reference time, whole seconds.
  const ageMs = 60_000 + Math.floor(rng() * (SPREAD_MS - 60_000));
  const publishedAt = new Date(Math.floor((referenceMs - ageMs) / 1000) * 1000).toISOString();
  return { title: t, sapo, paragraphs, byline: by, tags: tg, publishedAt };
}

/**
 * Lazily generates `count` articles. The same `seed` (and reference time)
 * always yields the same sequence; different seeds yield different ones.
 * The seed is used as an unsigned 32-bit integer (`seed >>> 0`). Each
 * iteration over the returned iterable starts again from the seed.
 */
export function generateArticles(
  count: number,
  seed: number = DEFAULT_SEED,
  options: GenerateOptions = {},
): Iterable<GeneratedArticle> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const ref = options.referenceTime ?? DEFAULT_REFERENCE_TIME;
  const referenceMs = typeof ref === 'number' ? ref : ref.getTime();
  if (!Number.isFinite(referenceMs)) throw new RangeError('referenceTime is not a valid date');

  return {
    *[Symbol.iterator]() {
      const rng = mulberry32(seed);
      for (let i = 0; i < count; i++) yield article(rng, referenceMs);
    },
  };
}

// ─── CLI ─────────────────────────────────────────────────────────────────────

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const bench = args[0] === '--bench';
  const rest = bench ? args.slice(1) : args;
  const count = Number(rest[0] ?? (bench ? 100_000 : 3));
  const seed = Number(rest[1] ?? DEFAULT_SEED);
  if (bench) {
    const start = performance.now();
    let bytes = 0;
    let n = 0;
    for (const a of generateArticles(count, seed)) {
      n++;
      bytes += Buffer.byteLength(a.title) + Buffer.byteLength(a.sapo);
      for (const p of a.paragraphs) bytes += Buffer.byteLength(p);
    }
    const ms = performance.now() - start;
    console.error(
      `${n} articles in ${(ms / 1000).toFixed(2)} s ` +
        `(${Math.round(n / (ms / 1000))} articles/s, avg ${(bytes / n / 1024).toFixed(2)} KiB of text per article)`,
    );
  } else {
    // Exit quietly when piped into `head` and the reader goes away.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
    for (const a of generateArticles(count, seed)) process.stdout.write(JSON.stringify(a) + '\n');
  }
}
