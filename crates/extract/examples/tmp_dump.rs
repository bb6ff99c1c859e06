use std::io::Read;
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&p).unwrap();
    let mut s = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut s).unwrap();
    let html = String::from_utf8_lossy(&s).into_owned();
    let mut r = dom_smoothie::Readability::new(html, None, None).unwrap();
    let a = r.parse().unwrap();
    println!("{}", a.content);
}
