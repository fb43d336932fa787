use std::time::Instant;

use super::*;
use crate::runtime::record::RecordReader;
use crate::runtime::record::samples::every_kind;

/// Small frames and files, so a short recording rotates.
const TINY: Limits = Limits { rotate_at: 600, frame_bytes: 400 };

fn record_all(recorder: &Recorder, lines: &[Recorded]) {
    for line in lines {
        match &line.entry {
            Entry::Ws { feed, msg } => recorder.frame(*feed, msg.get()),
            other => recorder.entry(other.clone()),
        }
    }
}

fn entries_in(path: &Path) -> (Vec<Entry>, Vec<chrono::DateTime<Utc>>) {
    let reader = RecordReader::open(path).expect("open");
    let lines = reader.collect::<Result<Vec<_>, _>>().expect("every line reads");
    (lines.iter().map(|l| l.entry.clone()).collect(), lines.iter().map(|l| l.at).collect())
}

#[test]
fn every_kind_round_trips_through_the_recorder() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("s.rec");
    let before = Utc::now();
    let recorder = Recorder::create(&path, Limits::DEFAULT).expect("create");
    record_all(&recorder, &every_kind());
    recorder.finish().expect("finish");
    let (entries, times) = entries_in(&path);
    assert_eq!(entries, every_kind().into_iter().map(|l| l.entry).collect::<Vec<_>>());
    assert!(times.windows(2).all(|w| w[0] <= w[1]) && times[0] >= before - chrono::Duration::microseconds(1));
    assert_eq!(recorder.dropped(), 0);
    assert!(std::fs::read(&path).expect("file").starts_with(&[0x28, 0xB5, 0x2F, 0xFD]), "zstd");
    assert!(!part_path(&path, 1).exists());
}

#[test]
fn files_rotate_past_the_size_limit_and_read_back_in_order() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("s.rec");
    let recorder = Recorder::create(&path, TINY).expect("create");
    let all: Vec<Recorded> = (0..5).flat_map(|_| every_kind()).collect();
    record_all(&recorder, &all);
    recorder.finish().expect("finish");
    assert!(part_path(&path, 2).exists(), "rotated at least twice");
    assert_eq!(entries_in(&path).0, all.into_iter().map(|l| l.entry).collect::<Vec<_>>());
}

#[test]
fn a_new_recording_replaces_an_earlier_one_and_its_rotated_parts() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("s.rec");
    let earlier = Recorder::create(&path, TINY).expect("create");
    record_all(&earlier, &(0..5).flat_map(|_| every_kind()).collect::<Vec<_>>());
    earlier.finish().expect("finish");
    assert!(part_path(&path, 1).exists());
    let recorder = Recorder::create(&path, Limits::DEFAULT).expect("create again");
    record_all(&recorder, &every_kind()[..2]);
    recorder.finish().expect("finish");
    assert!(!part_path(&path, 1).exists());
    assert_eq!(entries_in(&path).0, every_kind()[..2].iter().map(|l| l.entry.clone()).collect::<Vec<_>>());
}

#[test]
fn a_line_is_readable_within_a_second_without_finishing() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("live.rec");
    let recorder = Recorder::create(&path, Limits::DEFAULT).expect("create");
    let lines = &every_kind()[..3];
    record_all(&recorder, lines);
    let deadline = Instant::now() + FLUSH_EVERY * 5;
    let mut seen = Vec::new();
    while seen.len() < lines.len() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        seen = RecordReader::open(&path).expect("open").filter_map(Result::ok).map(|l| l.entry).collect();
    }
    assert_eq!(seen, lines.iter().map(|l| l.entry.clone()).collect::<Vec<_>>());
    recorder.finish().expect("finish");
}

#[test]
fn a_full_queue_drops_lines_counts_them_and_reports_once() {
    let (recorder, _rx) = Recorder::queue(Path::new("/tmp/x.rec"), 2);
    let (tx, mut reports) = mpsc::channel(8);
    let recorder = recorder.reporting_to(tx);
    for line in &every_kind()[..5] {
        recorder.entry(line.entry.clone());
    }
    assert_eq!(recorder.dropped(), 3);
    let problem = "the recording fell behind: lines are being dropped from /tmp/x.rec".to_string();
    assert_eq!(reports.try_recv().ok(), Some(Msg::RecordingTrouble { problem }));
    assert!(reports.try_recv().is_err(), "reported once");
}

#[test]
fn an_unwritable_path_fails_at_create() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("no/such/dir/s.rec");
    assert!(Recorder::create(&path, Limits::DEFAULT).is_err());
}
