use std::io::Write;
use std::path::Path;

use super::*;
use crate::runtime::record::samples::every_kind;

fn text_of(lines: &[Recorded]) -> String {
    lines.iter().map(|r| r.to_line().expect("line") + "\n").collect()
}

fn zstd_of(text: &str) -> Vec<u8> {
    zstd::stream::encode_all(text.as_bytes(), 3).expect("zstd")
}

fn read_all(path: &Path) -> (Vec<Recorded>, RecordReader) {
    let mut reader = RecordReader::open(path).expect("open");
    let lines = reader.by_ref().collect::<Result<Vec<_>, _>>().expect("every line reads");
    (lines, reader)
}

#[test]
fn every_kind_round_trips_through_a_plain_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("session.jsonl");
    std::fs::write(&path, text_of(&every_kind())).expect("write");
    let (lines, reader) = read_all(&path);
    assert_eq!(lines, every_kind());
    assert_eq!((reader.unknown_skipped(), reader.truncated().len()), (0, 0));
}

#[test]
fn every_kind_round_trips_through_a_zstd_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("session.zst");
    let bytes = zstd_of(&text_of(&every_kind()));
    assert!(bytes.starts_with(&ZSTD_MAGIC));
    std::fs::write(&path, bytes).expect("write");
    assert_eq!(read_all(&path).0, every_kind());
}

#[test]
fn the_time_is_written_with_microseconds() {
    let line = every_kind()[2].to_line().expect("line");
    assert!(
        line.starts_with(r#"{"at":"2026-12-04T19:00:00.123458Z","feed":"user","state":"connecting""#),
        "{line}"
    );
}

#[test]
fn rotated_files_are_read_in_order_plain_or_compressed() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("s.rec");
    let all = every_kind();
    let parts: Vec<&[Recorded]> = all.chunks(4).collect();
    for (n, part) in parts.iter().enumerate() {
        let text = text_of(part);
        let bytes = if n % 2 == 0 { zstd_of(&text) } else { text.into_bytes() };
        std::fs::write(part_path(&path, n as u32), bytes).expect("write");
    }
    std::fs::write(part_path(&path, parts.len() as u32 + 1), text_of(&all)).expect("after a hole");
    assert_eq!(read_all(&path).0, all);
}

#[test]
fn a_bad_line_names_its_file_and_line_and_reading_goes_on() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("bad.rec");
    let good = every_kind();
    let text = format!("{}not json\n{}", text_of(&good[..2]), text_of(&good[2..3]));
    std::fs::write(&path, text).expect("write");
    let items: Vec<_> = RecordReader::open(&path).expect("open").collect();
    assert_eq!(items.len(), 4);
    let err = items[2].as_ref().expect_err("line 3 is bad").to_string();
    assert!(err.starts_with(&format!("{}, line 3: not a recording line", path.display())), "{err}");
    assert_eq!(items[3].as_ref().expect("line 4"), &good[2]);
}

#[test]
fn unknown_kinds_are_skipped_and_counted() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("future.rec");
    let good = every_kind();
    let unknown = [
        r#"{"at":"2026-12-04T19:00:00Z","bookmark":"here"}"#,
        r#"{"at":"2026-12-04T19:00:00Z","ws":"futures","msg":{}}"#,
        r#"{"at":"2026-12-04T19:00:00Z","rest":"portfolios","body":{}}"#,
        r#"{"at":"2026-12-04T19:00:00Z","feed":"market","state":"sleeping"}"#,
    ];
    let text = format!("{}\n{}", unknown.join("\n"), text_of(&good));
    std::fs::write(&path, text).expect("write");
    let (lines, reader) = read_all(&path);
    assert_eq!(lines, good);
    assert_eq!(reader.unknown_skipped(), 4);
}

#[test]
fn a_missing_first_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("none.rec");
    let err = RecordReader::open(&path).err().expect("missing").to_string();
    assert!(err.starts_with(&path.display().to_string()), "{err}");
}

#[test]
fn a_zstd_file_cut_inside_a_frame_reads_up_to_its_last_complete_frame() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("cut.zst");
    let all = every_kind();
    let mut bytes = zstd_of(&text_of(&all[..5]));
    let second = zstd_of(&text_of(&all[5..]));
    bytes.extend_from_slice(&second[..second.len() / 2]);
    std::fs::write(&path, bytes).expect("write");
    let (lines, reader) = read_all(&path);
    assert_eq!(lines, all[..5]);
    assert_eq!(reader.truncated().len(), 1, "{:?}", reader.truncated());
    assert!(reader.truncated()[0].starts_with(&path.display().to_string()));
}

#[test]
fn a_plain_file_cut_inside_its_last_line_reads_the_lines_before() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("cut.jsonl");
    let all = every_kind();
    let mut file = std::fs::File::create(&path).expect("create");
    file.write_all(text_of(&all[..3]).as_bytes()).expect("write");
    let last = all[3].to_line().expect("line");
    file.write_all(&last.as_bytes()[..last.len() / 2]).expect("write");
    drop(file);
    let (lines, reader) = read_all(&path);
    assert_eq!(lines, all[..3]);
    assert_eq!(reader.truncated(), [format!("{} ends inside line 4", path.display())]);
}
