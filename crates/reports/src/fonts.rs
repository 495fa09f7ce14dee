//! The font every document is set in: Noto Sans, which has every Vietnamese diacritic, shipped
//! in the repository (crates/reports/fonts, SIL Open Font License 1.1, fonts/OFL.txt) so that
//! no document depends on the fonts of the machine it is made on.

pub const REGULAR: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");
pub const ALL: [&[u8]; 2] = [REGULAR, BOLD];
/// The licence the font travels with.
pub const LICENCE: &str = include_str!("../fonts/OFL.txt");
/// The family name the documents ask for.
pub const FAMILY: &str = "Noto Sans";
