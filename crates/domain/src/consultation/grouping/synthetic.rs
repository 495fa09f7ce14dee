//! Labelled synthetic opinions for measuring the grouping: residents' paraphrases of 20
//! subjects a commune plan's consultation really meets, with the noise real ones have —
//! salutations and fillers, words in another order, typos, text typed without diacritics,
//! pins on the map. Seeded: the same seed gives the same opinions. Every text is invented
//! (demo data, marked "(demo)" wherever it is shown to people).

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::OpinionText;
use super::location::Point;
use super::normalize::fold;

/// A subject residents raise, in several paraphrases; some have a place on the map.
pub struct Topic {
    /// What it is about, in English (for reports of the measure).
    pub name: &'static str,
    paraphrases: &'static [&'static str],
    reasons: &'static [&'static str],
    /// Offset from the commune centre, in metres east and north, where residents pin it.
    spot: Option<(f64, f64)>,
}

/// The commune centre the pins are around (a commune of Lai Châu).
pub const CENTRE: Point = Point {
    lon: 103.45,
    lat: 22.40,
};

pub const TOPICS: &[Topic] = &[
    Topic {
        name: "keep the market in the centre",
        paraphrases: &[
            "giữ chợ ở trung tâm xã",
            "không di dời chợ ra khỏi trung tâm",
            "chợ xã nên giữ nguyên vị trí cũ ở trung tâm",
            "phản đối việc chuyển chợ ra xa trung tâm",
            "chợ trung tâm đang họp ổn định, đề nghị không di chuyển chợ",
            "quy hoạch chuyển chợ đi nơi khác là không hợp lý, giữ chợ tại trung tâm",
        ],
        reasons: &[
            "bà con đi chợ gần, buôn bán thuận tiện",
            "chợ mới xa dân sẽ không ai họp",
            "các hộ kinh doanh quanh chợ sẽ mất kế sinh nhai",
        ],
        spot: Some((0.0, 0.0)),
    },
    Topic {
        name: "the new road cuts our fields",
        paraphrases: &[
            "tuyến đường mới cắt ngang ruộng của chúng tôi",
            "đường quy hoạch đi qua giữa cánh đồng lúa",
            "đề nghị điều chỉnh tuyến đường mới tránh ruộng lúa",
            "con đường mới chia đôi cánh đồng, ruộng bị cắt vụn",
            "ruộng nhà tôi bị tuyến đường mới chạy qua",
            "nắn tuyến đường đi men theo chân đồi, không cắt qua đồng ruộng",
        ],
        reasons: &[
            "ruộng bị chia cắt thì không canh tác được",
            "mất đất sản xuất lúa của nhiều hộ",
            "mương nước tưới ruộng bị đường chặn",
        ],
        spot: Some((-900.0, 400.0)),
    },
    Topic {
        name: "compensation price too low",
        paraphrases: &[
            "giá đền bù quá thấp",
            "mức bồi thường đất không thỏa đáng so với giá thị trường",
            "đề nghị nâng giá bồi thường đất nông nghiệp",
            "đơn giá đền bù đất thấp hơn nhiều giá mua bán thực tế",
            "tiền bồi thường, hỗ trợ khi thu hồi đất quá ít",
            "xem xét lại giá đền bù cho dân bị thu hồi đất",
        ],
        reasons: &[
            "với số tiền đó không mua được mảnh đất khác",
            "giá đất ngoài thị trường cao gấp nhiều lần",
            "người dân bị thiệt thòi",
        ],
        spot: None,
    },
    Topic {
        name: "the school is too far",
        paraphrases: &[
            "trường học quá xa khu dân cư",
            "các cháu phải đi học rất xa",
            "đề nghị xây thêm điểm trường gần thôn",
            "điểm trường tiểu học bố trí quá xa nhà dân",
            "học sinh phải đi bộ mấy cây số đến trường",
            "cần quy hoạch trường mầm non, tiểu học ngay tại thôn",
        ],
        reasons: &[
            "mùa mưa đường trơn, trẻ nhỏ đi học nguy hiểm",
            "phụ huynh không có thời gian đưa đón con",
            "nhiều em bỏ học vì đường xa",
        ],
        spot: None,
    },
    Topic {
        name: "flood risk on the low land near the stream",
        paraphrases: &[
            "khu đất trũng gần suối hay bị ngập lụt",
            "không nên quy hoạch đất ở tại vùng thấp ven suối",
            "nguy cơ lũ quét, ngập úng ở khu ven suối",
            "vùng đất thấp cạnh suối mùa mưa năm nào cũng ngập",
            "khu dân cư mới bên bờ suối sẽ bị lũ",
            "cần kè suối và nâng cốt nền trước khi bố trí dân ở vùng trũng",
        ],
        reasons: &[
            "năm ngoái nước lũ ngập đến mái nhà",
            "lũ về rất nhanh vào ban đêm",
            "đất ven suối sạt lở mỗi mùa mưa",
        ],
        spot: Some((600.0, -700.0)),
    },
    Topic {
        name: "keep the cultural house and the communal house",
        paraphrases: &[
            "giữ lại nhà văn hóa thôn",
            "không phá dỡ đình làng",
            "nhà văn hóa là nơi sinh hoạt cộng đồng, cần giữ nguyên",
            "phản đối chuyển nhà văn hóa sang vị trí khác",
            "đình làng là di tích, đề nghị bảo tồn",
            "giữ nguyên khuôn viên nhà văn hóa và sân đình",
        ],
        reasons: &[
            "bà con họp thôn, sinh hoạt lễ hội ở đó",
            "đình đã có hàng trăm năm",
            "nhân dân đã góp công góp của xây dựng",
        ],
        spot: Some((150.0, 250.0)),
    },
    Topic {
        name: "cemetery relocation",
        paraphrases: &[
            "di dời nghĩa trang phải có sự đồng thuận của các gia đình",
            "đề nghị hỗ trợ chi phí cải táng, di chuyển mộ",
            "không đồng ý quy tập mộ phần về nghĩa trang mới",
            "nghĩa địa của thôn đã có từ lâu, xin giữ lại",
            "khu nghĩa trang mới quá chật, không đủ chỗ cải táng",
            "việc bốc mộ, di chuyển mồ mả cần chọn ngày và hỗ trợ thỏa đáng",
        ],
        reasons: &[
            "đây là nơi an nghỉ của tổ tiên",
            "phong tục của đồng bào không cho phép tùy tiện di dời",
            "chi phí cải táng rất lớn",
        ],
        spot: Some((1200.0, 900.0)),
    },
    Topic {
        name: "clean water",
        paraphrases: &[
            "thôn còn thiếu nước sạch sinh hoạt",
            "đề nghị đầu tư công trình cấp nước sạch",
            "nước giếng bị nhiễm phèn, không dùng được",
            "cần đưa nước máy về các hộ dân",
            "mùa khô không có nước sinh hoạt",
            "xây bể chứa và đường ống dẫn nước sạch về thôn",
        ],
        reasons: &[
            "bà con phải đi gánh nước xa",
            "trẻ em hay bị bệnh đường ruột",
            "nguồn nước suối bị đục sau mưa",
        ],
        spot: None,
    },
    Topic {
        name: "residential land for young families",
        paraphrases: &[
            "cần quỹ đất ở cho các hộ trẻ mới tách hộ",
            "đề nghị giao đất ở cho con cháu lập gia đình",
            "thanh niên lấy vợ lấy chồng không có đất làm nhà",
            "quy hoạch thêm đất ở mới cho các cặp vợ chồng trẻ",
            "nhiều hộ mới tách không có chỗ làm nhà ở",
            "bổ sung diện tích đất ở nông thôn để giao cho hộ trẻ",
        ],
        reasons: &[
            "ba thế hệ phải ở chung một nhà chật",
            "số hộ tăng nhanh mà đất ở không tăng",
            "các cháu phải đi nơi khác làm ăn",
        ],
        spot: None,
    },
    Topic {
        name: "pollution from the industrial cluster",
        paraphrases: &[
            "cụm công nghiệp sẽ gây ô nhiễm môi trường",
            "khói bụi và nước thải từ cụm công nghiệp ảnh hưởng sức khỏe",
            "không đặt cụm công nghiệp sát khu dân cư",
            "nhà máy trong cụm công nghiệp xả thải ra suối",
            "đề nghị có khoảng cách cây xanh cách ly giữa cụm công nghiệp và nhà dân",
            "phản đối đưa nhà máy gây ô nhiễm vào cụm công nghiệp của xã",
        ],
        reasons: &[
            "tiếng ồn, mùi hôi ngày đêm",
            "nước thải làm chết cá, hỏng ruộng",
            "người già, trẻ nhỏ hít khói bụi",
        ],
        spot: Some((-1500.0, -1200.0)),
    },
    Topic {
        name: "the health station",
        paraphrases: &[
            "trạm y tế xã đã xuống cấp, cần xây mới",
            "đề nghị mở rộng trạm y tế",
            "trạm y tế thiếu phòng khám và giường bệnh",
            "quy hoạch trạm y tế mới ở vị trí thuận tiện",
            "cần nâng cấp trạm y tế để khám chữa bệnh cho dân",
            "bổ sung đất xây dựng trạm y tế xã đạt chuẩn",
        ],
        reasons: &[
            "người ốm phải lên huyện rất xa",
            "phụ nữ sinh đẻ không có chỗ",
            "mưa to là dột",
        ],
        spot: Some((-200.0, 100.0)),
    },
    Topic {
        name: "irrigation canals",
        paraphrases: &[
            "kênh mương thủy lợi bị bồi lấp",
            "đề nghị kiên cố hóa kênh mương nội đồng",
            "mương dẫn nước tưới bị vỡ, không có nước cấy",
            "cần nạo vét và xây lại hệ thống mương thủy lợi",
            "bổ sung quy hoạch đất thủy lợi cho tuyến kênh mới",
            "phai đập đầu mương bị hỏng, nước không về ruộng",
        ],
        reasons: &[
            "vụ chiêm nhiều ruộng bỏ hoang vì thiếu nước",
            "mương đất mùa mưa lại lở",
            "các hộ cuối kênh không có nước",
        ],
        spot: None,
    },
    Topic {
        name: "production forest land allocation",
        paraphrases: &[
            "đề nghị giao đất rừng sản xuất cho hộ dân",
            "rừng sản xuất nên giao cho dân trồng và chăm sóc",
            "diện tích rừng phòng hộ quy hoạch lấn vào nương rẫy của dân",
            "xem xét chuyển một phần rừng phòng hộ sang rừng sản xuất",
            "dân cần đất rừng để trồng quế, trồng thảo quả",
            "khoanh lại ranh giới rừng phòng hộ, trả nương rẫy cho dân",
        ],
        reasons: &[
            "bà con sống nhờ vào rừng",
            "giao rừng cho dân thì rừng được bảo vệ tốt hơn",
            "nhiều hộ không có đất sản xuất",
        ],
        spot: None,
    },
    Topic {
        name: "sports ground and playground",
        paraphrases: &[
            "xã chưa có sân thể thao cho thanh niên",
            "đề nghị quy hoạch khu vui chơi cho trẻ em",
            "cần sân bóng đá, sân bóng chuyền cho thôn",
            "bố trí đất xây dựng khu thể dục thể thao",
            "trẻ em không có chỗ vui chơi phải chơi ngoài đường",
            "dành quỹ đất làm sân chơi, sân tập cho người dân",
        ],
        reasons: &[
            "thanh niên không có nơi giao lưu",
            "chơi ngoài đường rất nguy hiểm",
            "phong trào thể thao của xã rất mạnh",
        ],
        spot: None,
    },
    Topic {
        name: "street lighting",
        paraphrases: &[
            "lắp đèn chiếu sáng đường thôn",
            "đường liên thôn buổi tối tối om, không có đèn",
            "đề nghị đầu tư hệ thống điện chiếu sáng công cộng",
            "cần cột đèn điện dọc các ngõ xóm",
            "ban đêm đi lại nguy hiểm vì thiếu đèn đường",
            "bổ sung đèn đường năng lượng mặt trời ở các thôn",
        ],
        reasons: &[
            "đã có người bị ngã xe",
            "học sinh đi học thêm về muộn",
            "trộm cắp hay xảy ra lúc tối",
        ],
        spot: None,
    },
    Topic {
        name: "concrete for the village lanes",
        paraphrases: &[
            "bê tông hóa đường ngõ xóm",
            "đường liên thôn hẹp và xuống cấp, cần mở rộng",
            "ngõ xóm lầy lội mỗi khi trời mưa",
            "đề nghị cứng hóa đường nội thôn",
            "mở rộng đường vào bản cho xe ô tô đi được",
            "đường đất trong thôn nhiều ổ gà, đề nghị đổ bê tông",
        ],
        reasons: &[
            "xe chở nông sản không vào được",
            "dân sẵn sàng hiến đất làm đường",
            "trẻ em đi học lấm lem bùn đất",
        ],
        spot: None,
    },
    Topic {
        name: "waste collection and the landfill",
        paraphrases: &[
            "bãi rác tự phát gây mùi hôi",
            "đề nghị quy hoạch điểm tập kết và thu gom rác thải",
            "vị trí bãi rác quy hoạch quá gần nhà dân",
            "rác thải sinh hoạt vứt bừa bãi ra suối",
            "cần lò đốt rác hoặc bãi chôn lấp hợp vệ sinh",
            "chuyển bãi chứa rác ra xa khu dân cư",
        ],
        reasons: &[
            "ruồi muỗi, mùi hôi thối",
            "nước rỉ rác ngấm xuống giếng",
            "mùa hè không thể ăn cơm vì mùi",
        ],
        spot: Some((900.0, -1600.0)),
    },
    Topic {
        name: "land-use right certificates",
        paraphrases: &[
            "đề nghị cấp giấy chứng nhận quyền sử dụng đất cho dân",
            "làm sổ đỏ quá chậm",
            "nhiều hộ đã ở lâu năm nhưng chưa được cấp sổ đỏ",
            "hồ sơ cấp giấy chứng nhận nộp từ lâu chưa có kết quả",
            "đất của gia đình bị quy hoạch treo nên không làm được sổ",
            "giải quyết dứt điểm việc cấp giấy chứng nhận đất ở",
        ],
        reasons: &[
            "không có sổ thì không vay được vốn ngân hàng",
            "không chuyển nhượng, thừa kế được",
            "dân đi lại nhiều lần rất tốn kém",
        ],
        spot: None,
    },
    Topic {
        name: "a community tourism area",
        paraphrases: &[
            "quy hoạch khu du lịch cộng đồng ở bản",
            "đề nghị dành đất phát triển du lịch, homestay",
            "bản có cảnh đẹp, thác nước, nên làm du lịch sinh thái",
            "hỗ trợ người dân làm du lịch cộng đồng",
            "cần đường vào điểm du lịch và bãi đỗ xe cho khách",
            "giữ gìn nhà sàn truyền thống để phục vụ du lịch",
        ],
        reasons: &[
            "khách du lịch đến ngày càng đông",
            "tăng thu nhập cho bà con",
            "giữ được bản sắc văn hóa dân tộc",
        ],
        spot: Some((2000.0, 1500.0)),
    },
    Topic {
        name: "the resettlement area",
        paraphrases: &[
            "khu tái định cư phải có đủ hạ tầng trước khi di dân",
            "đề nghị bố trí tái định cư tại chỗ",
            "khu tái định cư quy hoạch xa nơi sản xuất",
            "nhà ở tái định cư chật, không có đất vườn",
            "tái định cư phải có điện, nước, đường trước khi chuyển đến",
            "dân không muốn chuyển đến khu tái định cư trên đồi",
        ],
        reasons: &[
            "xa ruộng nương thì không sống được",
            "chỗ mới chưa có trường học",
            "đất tái định cư có nguy cơ sạt lở",
        ],
        spot: Some((-600.0, 1800.0)),
    },
];

const OPENINGS: &[&str] = &[
    "Kính gửi UBND xã,",
    "Kính gửi Ủy ban nhân dân xã và đơn vị tư vấn,",
    "Tôi đề nghị",
    "Gia đình tôi kiến nghị:",
    "Ý kiến của tôi:",
    "Chúng tôi là các hộ dân, xin phản ánh:",
    "Sau khi xem bản đồ quy hoạch, tôi thấy",
    "Qua buổi họp thôn, bà con đề nghị",
];

const CLOSINGS: &[&str] = &[
    "Xin cảm ơn.",
    "Mong xã xem xét.",
    "Đề nghị xã trả lời sớm.",
    "Rất mong được tiếp thu.",
    "Trân trọng.",
    "Xin chân thành cảm ơn các cấp lãnh đạo.",
];

const HAMLETS: &[&str] = &[
    "thôn Nà Tăm",
    "bản Sin Suối Hồ",
    "thôn Phiêng Lúc",
    "bản Hua Bum",
    "thôn Tân Bình",
    "bản Nậm Ô",
    "thôn Đông Pao",
    "khu 3",
];

/// A synthetic opinion and the subject it is about (an index into [`TOPICS`]).
#[derive(Debug, Clone)]
pub struct Labelled {
    pub opinion: OpinionText,
    pub topic: usize,
}

/// `count` opinions from `seed`, the subjects in turn (so each has count/20 or one more).
/// Ids are "s{seed}-{n}".
pub fn opinions(count: usize, seed: u64) -> Vec<Labelled> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    (0..count)
        .map(|n| {
            let topic = n % TOPICS.len();
            let t = &TOPICS[topic];
            let text = compose(&mut rng, t);
            let point = pin(&mut rng, t);
            Labelled {
                opinion: OpinionText {
                    id: format!("s{seed}-{n}"),
                    text,
                    point,
                },
                topic,
            }
        })
        .collect()
}

fn pick<'a>(rng: &mut Pcg64Mcg, list: &'a [&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

fn compose(rng: &mut Pcg64Mcg, t: &Topic) -> String {
    let mut parts: Vec<String> = Vec::new();
    if rng.random_bool(0.3) {
        parts.push(format!("Tôi ở {},", pick(rng, HAMLETS)));
    }
    if rng.random_bool(0.6) {
        parts.push(pick(rng, OPENINGS).to_owned());
    }
    let first = rng.random_range(0..t.paraphrases.len());
    let reason = rng
        .random_bool(0.5)
        .then(|| pick(rng, t.reasons).to_owned());
    // Some give the reason first: "Vì …, nên …".
    if let Some(r) = reason.as_ref().filter(|_| rng.random_bool(0.3)) {
        parts.push(format!("Vì {r} nên {}.", t.paraphrases[first]));
    } else {
        parts.push(format!("{}.", t.paraphrases[first]));
        if rng.random_bool(0.3) {
            let second = rng.random_range(0..t.paraphrases.len());
            if second != first {
                parts.push(format!("{}.", capitalise(t.paraphrases[second])));
            }
        }
        if let Some(r) = reason {
            parts.push(format!("Lý do: {r}."));
        }
    }
    if rng.random_bool(0.4) {
        parts.push(pick(rng, CLOSINGS).to_owned());
    }
    let mut text = parts.join(" ");
    if let Some(c) = text.chars().next()
        && c.is_lowercase()
    {
        text = capitalise(&text);
    }
    // A third typed without diacritics (a phone without the Vietnamese keyboard).
    if rng.random_bool(0.3) {
        text = fold(&text);
    }
    let typos = match rng.random_range(0..10) {
        0..=5 => 0,
        6..=8 => 1,
        _ => 2,
    };
    for _ in 0..typos {
        text = typo(rng, &text);
    }
    text
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One slip of the fingers in one word of at least three letters: a letter dropped, doubled,
/// swapped with the next, or its accent lost.
fn typo(rng: &mut Pcg64Mcg, text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .collect();
    if long.is_empty() {
        return text.to_owned();
    }
    let w = long[rng.random_range(0..long.len())];
    let mut chars: Vec<char> = words[w].chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    let at = letters[rng.random_range(0..letters.len())];
    match rng.random_range(0..4) {
        0 => {
            chars.remove(at);
        }
        1 => chars.insert(at, chars[at]),
        2 if at + 1 < chars.len() && chars[at + 1].is_alphabetic() => chars.swap(at, at + 1),
        _ => {
            let plain: Vec<char> = fold(&chars[at].to_string()).chars().collect();
            if plain.len() == 1 && chars[at].is_lowercase() {
                chars[at] = plain[0];
            } else {
                chars.remove(at);
            }
        }
    }
    let replaced: String = chars.into_iter().collect();
    let mut out: Vec<&str> = words.clone();
    out[w] = &replaced;
    out.join(" ")
}

/// A pin: most residents of a subject with a place pin near it (within some 250 m); a few
/// others pin their own house anywhere in the commune.
fn pin(rng: &mut Pcg64Mcg, t: &Topic) -> Option<Point> {
    let at = |east: f64, north: f64| Point {
        lon: CENTRE.lon + east / (111_320.0 * CENTRE.lat.to_radians().cos()),
        lat: CENTRE.lat + north / 110_574.0,
    };
    match t.spot {
        Some((e, n)) if rng.random_bool(0.4) => Some(at(
            e + rng.random_range(-250.0..250.0),
            n + rng.random_range(-250.0..250.0),
        )),
        _ if rng.random_bool(0.1) => Some(at(
            rng.random_range(-3000.0..3000.0),
            rng.random_range(-3000.0..3000.0),
        )),
        _ => None,
    }
}
