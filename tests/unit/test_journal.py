"""The journal: append-only, fsync'd, torn tails recovered, any other damage reported by line."""

from __future__ import annotations

import errno
import gc
import json
import os
import resource
import stat
import zlib
from pathlib import Path

import pytest

from overleg.journal import (
    FORMAT,
    VERSION,
    Journal,
    JournalBusy,
    JournalContents,
    JournalError,
    line_bytes,
    read_journal,
)

HEADER = {
    "agenda_path": "/agendas/wijkteam.toml",
    "agenda_source": 'title = "Casusoverleg sociaal wijkteam Noord"\n',
    "created": "2025-03-04T09:00:00+01:00",
    "title": "Casusoverleg sociaal wijkteam Noord",
}


def event(seq: int, **extra: object) -> dict:
    record = {"seq": seq, "at": f"2025-03-04T09:{seq % 60:02d}:00+01:00", "type": "note"}
    record.update(extra)
    return record


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def make_journal(path: Path, count: int, **extra: object) -> list[dict]:
    records = [event(seq, **extra) for seq in range(1, count + 1)]
    with Journal.create(path, HEADER) as journal:
        for record in records:
            journal.append(record)
    return records


def raw_lines(records: list[dict], header: dict | None = None, version: int = 1) -> bytes:
    """A journal's bytes as `version` writes them (version 1 by default: lines without checksum)."""
    head = {"format": FORMAT, "version": version, **(HEADER if header is None else header)}
    if version == 1:
        lines = [head, *records]
        return b"".join(
            json.dumps(x, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for x in lines
        )
    return b"".join(line_bytes(x, version) for x in [head, *records])


def make_v1_journal(path: Path, count: int, **extra: object) -> list[dict]:
    """A version-1 journal, as the release before checksums wrote it."""
    records = [event(seq, **extra) for seq in range(1, count + 1)]
    path.write_bytes(raw_lines(records))
    return records


# --- writing and reading -------------------------------------------------------------------------


def test_create_append_read_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    records = make_journal(path, 3, text="Zoë: ‘wijk’ \u2028 \r tab\t")
    contents = read_journal(path)
    assert contents.header == {"format": FORMAT, "version": VERSION, **HEADER}
    assert contents.records == records
    assert contents.warnings == []
    assert contents.good_size == path.stat().st_size
    assert contents.next_seq == 4
    data = path.read_bytes()
    assert data.count(b"\n") == 4  # one line per record, even with U+2028 and \r in a value
    assert "Zoë".encode() in data  # UTF-8, not \u escapes
    assert b'{"format":"overleg-journal","version":2,' in data  # compact separators


def test_create_is_exclusive_and_private(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    old_umask = os.umask(0o022)
    try:
        Journal.create(path, HEADER).close()
    finally:
        os.umask(old_umask)
    assert mode(path) == 0o600
    with pytest.raises(FileExistsError):
        Journal.create(path, HEADER)
    assert read_journal(path).records == []


def test_header_may_not_set_format_or_version(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        Journal.create(tmp_path / "journal.jsonl", {"version": 7})
    assert not (tmp_path / "journal.jsonl").exists()


def test_append_checks_the_record_and_writes_nothing_when_wrong(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    with Journal.create(path, HEADER) as journal:
        journal.append(event(1))
        before = path.read_bytes()
        for bad in (
            event(3),  # gap
            event(1),  # repeat
            {"at": "x", "type": "note"},  # no seq
            {"seq": True, "at": "x", "type": "note"},  # bool is not a seq
            {"seq": 2, "type": "note"},  # no at
            {"seq": 2, "at": "x"},  # no type
            event(2, value=float("nan")),  # not JSON
            event(2, value=object()),  # not serialisable
        ):
            with pytest.raises((ValueError, TypeError)):
                journal.append(bad)
        assert path.read_bytes() == before
        assert journal.next_seq == 2
        journal.append(event(2))
    assert [r["seq"] for r in read_journal(path).records] == [1, 2]


def test_append_reuses_one_descriptor(tmp_path: Path) -> None:
    with Journal.create(tmp_path / "journal.jsonl", HEADER) as journal:
        fd = journal.fileno()
        journal.append(event(1))
        journal.append(event(2))
        assert journal.fileno() == fd
    assert journal.closed
    with pytest.raises(ValueError):
        journal.append(event(3))


def test_open_for_append_continues_the_sequence(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    records = make_journal(path, 5)
    journal, contents = Journal.open_for_append(path)
    with journal:
        assert contents.records == records
        assert journal.next_seq == 6
        journal.append(event(6))
    assert [r["seq"] for r in read_journal(path).records] == [1, 2, 3, 4, 5, 6]


def test_second_writer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    with Journal.create(path, HEADER):
        with pytest.raises(JournalBusy):
            Journal.open_for_append(path)
        read_journal(path)  # reading is never locked out
    Journal.open_for_append(path)[0].close()


def test_open_for_append_narrows_a_wide_mode(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    make_journal(path, 1)
    os.chmod(path, 0o644)
    Journal.open_for_append(path)[0].close()
    assert mode(path) == 0o600


# --- torn last line ------------------------------------------------------------------------------


def test_cut_at_every_byte_of_the_last_record_recovers_all_earlier_events(tmp_path: Path) -> None:
    source = tmp_path / "source.jsonl"
    records = make_journal(source, 4, text="één ‘cliënt’ 😀")  # multi-byte characters to cut into
    data = source.read_bytes()
    last_start = data.rfind(b"\n", 0, len(data) - 1) + 1
    assert data[last_start:].startswith(b'{"seq":4')
    for cut in range(last_start, len(data)):  # every offset inside the last record's line
        folder = tmp_path / f"cut-{cut}"
        folder.mkdir()
        path = folder / "journal.jsonl"
        path.write_bytes(data[:cut])
        os.chmod(path, 0o600)
        torn = cut - last_start

        contents = read_journal(path)
        assert contents.records == records[:3], cut
        assert contents.good_size == last_start
        assert path.read_bytes() == data[:cut]  # reading never modifies
        if torn:
            assert contents.warnings == [f"line 5: dropped an incomplete last line ({torn} bytes)"]
            assert "één" not in contents.warnings[0] and "seq" not in contents.warnings[0]
        else:
            assert contents.warnings == []

        journal, reopened = Journal.open_for_append(path)
        with journal:
            assert reopened.records == records[:3]
            assert journal.next_seq == 4
            journal.append(event(4, text="opnieuw"))
        after = read_journal(path)
        assert after.warnings == []
        assert after.records == [*records[:3], event(4, text="opnieuw")]
        side = folder / "journal.jsonl.torn-1"
        if torn:
            assert side.read_bytes() == data[last_start:cut]  # nothing lost
            assert mode(side) == 0o600
        else:
            assert not side.exists()


def test_complete_last_line_that_does_not_parse_is_dropped_in_version_1(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    records = make_v1_journal(path, 2)
    good = path.read_bytes()
    path.write_bytes(good + b'{"seq":3,"at":"x"\x00\x00\n')
    contents = read_journal(path)
    assert contents.records == records
    assert contents.good_size == len(good)
    assert contents.warnings == ["line 4: dropped an unreadable last line (20 bytes)"]


def test_last_line_with_broken_utf8_is_dropped_in_version_1(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    records = make_v1_journal(path, 2)
    good = path.read_bytes()
    path.write_bytes(good + b'{"seq":3,"text":"\xc3"}\n')
    contents = read_journal(path)
    assert contents.records == records
    assert contents.good_size == len(good)
    assert len(contents.warnings) == 1


def test_torn_side_files_are_numbered(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    make_journal(path, 1)
    for n in (1, 2):
        with open(path, "ab") as handle:
            handle.write(b'{"seq":2,"at"')
        journal, contents = Journal.open_for_append(path)
        journal.close()
        assert (
            contents.warnings[-1]
            == f"moved 13 bytes of the torn last line to journal.jsonl.torn-{n}"
        )
    assert (tmp_path / "journal.jsonl.torn-2").read_bytes() == b'{"seq":2,"at"'
    assert [r["seq"] for r in read_journal(path).records] == [1]


# --- damage before the last line -----------------------------------------------------------------


def assert_damage(path: Path, line: int | None, fragment: str) -> JournalError:
    before = path.read_bytes()
    with pytest.raises(JournalError) as info:
        read_journal(path)
    assert info.value.line == line
    assert fragment in info.value.message
    prefix = f"{path}:{line}: " if line is not None else f"{path}: "
    assert str(info.value) == prefix + info.value.message
    with pytest.raises(JournalError) as again:
        Journal.open_for_append(path)
    assert (again.value.line, again.value.message) == (line, info.value.message)
    assert path.read_bytes() == before  # left untouched
    assert not list(path.parent.glob("*.torn-*"))
    return info.value


def write_lines(path: Path, *lines: bytes) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in lines))


MAKERS = {1: make_v1_journal, 2: make_journal}


@pytest.mark.parametrize(("version", "fragment"), [(1, "not valid JSON"), (2, "checksum")])
def test_damaged_middle_line_is_reported_with_its_number(tmp_path, version, fragment) -> None:
    path = tmp_path / "journal.jsonl"
    MAKERS[version](path, 6, text="vertrouwelijk")
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3][:1] + b"#" + lines[3][2:]  # line 4 = the record with seq 3
    path.write_bytes(b"\n".join(lines))
    error = assert_damage(path, 4, fragment)
    assert "vertrouwelijk" not in str(error)


@pytest.mark.parametrize(("version", "fragment"), [(1, "not valid JSON"), (2, "no checksum")])
def test_damaged_middle_line_also_with_a_torn_tail(tmp_path, version, fragment) -> None:
    path = tmp_path / "journal.jsonl"
    MAKERS[version](path, 3)
    lines = path.read_bytes().split(b"\n")
    lines[2] = b"garbage"
    path.write_bytes(b"\n".join(lines) + b'{"seq":4')
    assert_damage(path, 3, fragment)


@pytest.mark.parametrize(("version", "fragment"), [(1, "UTF-8"), (2, "checksum")])
def test_bad_utf8_in_a_middle_line(tmp_path, version, fragment) -> None:
    path = tmp_path / "journal.jsonl"
    MAKERS[version](path, 3)
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b'"note"', b'"n\xffte"')
    path.write_bytes(b"\n".join(lines))
    assert_damage(path, 3, fragment)


@pytest.mark.parametrize(("version", "fragment"), [(1, "not valid JSON"), (2, "no checksum")])
def test_blank_line_in_the_middle(tmp_path, version, fragment) -> None:
    path = tmp_path / "journal.jsonl"
    MAKERS[version](path, 2)
    lines = path.read_bytes().split(b"\n")
    lines.insert(2, b"")
    path.write_bytes(b"\n".join(lines))
    assert_damage(path, 3, fragment)


def test_complete_last_line_that_fails_its_checksum_is_damage(tmp_path: Path) -> None:
    # Version 2: only a line without its newline is torn; a complete line must check out.
    path = tmp_path / "journal.jsonl"
    make_journal(path, 2)
    path.write_bytes(path.read_bytes() + b'{"seq":3,"at":"x"\x00\x00\n')
    assert_damage(path, 4, "no checksum")


def test_every_single_byte_flip_is_damage_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    make_journal(path, 3, text="Zoë")
    good = path.read_bytes()
    line_of = [good.count(b"\n", 0, i) + 1 for i in range(len(good))]
    for i in range(len(good)):
        if good[i : i + 1] == b"\n":
            continue  # a flipped newline merges or splits lines: damage too, checked below
        for flip in (0x01, 0x20, 0x80):
            data = bytearray(good)
            data[i] ^= flip
            path.write_bytes(bytes(data))
            with pytest.raises(JournalError) as info:
                read_journal(path)
            assert info.value.line == line_of[i], (i, flip)


@pytest.mark.parametrize(
    ("seqs", "fragment"),
    [
        ([1, 2, 4, 5], "seq 4 where 3 was expected (missing seq)"),
        ([1, 2, 2, 3], "seq 2 where 3 was expected (repeated seq)"),
        ([2, 3], "seq 2 where 1 was expected"),
    ],
)
def test_seq_gap_or_duplicate(tmp_path: Path, seqs: list[int], fragment: str) -> None:
    path = tmp_path / "journal.jsonl"
    path.write_bytes(raw_lines([event(s) for s in seqs]))
    bad_line = next(i for i, s in enumerate(seqs) if s != i + 1) + 2
    assert_damage(path, bad_line, fragment)


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        (b"[1,2]", "not a JSON object"),
        (b'{"at":"x","type":"note"}', "no seq"),
        (b'{"seq":"2","at":"x","type":"note"}', "no integer seq"),
        (b'{"seq":2.0,"at":"x","type":"note"}', "no integer seq"),
        (b'{"seq":2,"at":"x"}', "no type"),
        (b'{"seq":2,"type":"note"}', "no timestamp"),
    ],
)
def test_invalid_record_even_as_a_complete_last_line(tmp_path: Path, line: bytes, fragment: str):
    # A complete last line that parses is a finished write: if it is wrong, that is damage.
    path = tmp_path / "journal.jsonl"
    path.write_bytes(raw_lines([event(1)]) + line + b"\n")
    assert_damage(path, 3, fragment)


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        (b"", None, "empty file"),
        (b'{"format":"overleg-journal","version":1', 1, "incomplete"),
        (b"not json\n", 1, "not valid JSON"),
        (b"[]\n", 1, "not a JSON object"),
        (b'{"format":"something-else","version":1}\n', 1, "not an overleg journal"),
        (b'{"version":1}\n', 1, "not an overleg journal"),
        (b'{"format":"overleg-journal"}\n', 1, "no valid version"),
        (b'{"format":"overleg-journal","version":"1"}\n', 1, "no valid version"),
        (b'{"format":"overleg-journal","version":3}\n', 1, "newer overleg"),
        (b'{"format":"overleg-journal","version":2}\n', 1, "checksum"),
        (b'{"format":"overleg-journal","version":1\xff}\n', 1, "UTF-8"),
        (b'{"seq":1,"at":"x","type":"note"}\n', 1, "not an overleg journal"),
    ],
)
def test_header_problems(tmp_path: Path, content: bytes, line: int | None, fragment: str) -> None:
    path = tmp_path / "journal.jsonl"
    path.write_bytes(content)
    assert_damage(path, line, fragment)


def test_header_only_is_a_valid_empty_journal(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    Journal.create(path, HEADER).close()
    contents = read_journal(path)
    assert isinstance(contents, JournalContents)
    assert (contents.records, contents.warnings) == ([], [])


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_journal(tmp_path / "journal.jsonl")
    with pytest.raises(FileNotFoundError):
        Journal.open_for_append(tmp_path / "journal.jsonl")


# --- failed writes -------------------------------------------------------------------------------


def test_disk_full_with_a_partial_write_is_rolled_back(tmp_path: Path) -> None:
    """A real short write then EFBIG from the kernel (RLIMIT_FSIZE), as on a disk that fills up."""
    path = tmp_path / "journal.jsonl"
    records = make_journal(path, 3)
    journal, _ = Journal.open_for_append(path)
    size = path.stat().st_size
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    if hard != resource.RLIM_INFINITY and hard < size + 40:
        pytest.skip("cannot raise RLIMIT_FSIZE here")
    big = event(4, text="x" * 200)
    with journal:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 40, hard))  # room for 40 bytes only
        try:
            with pytest.raises(OSError) as info:
                journal.append(big)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        assert info.value.errno == errno.EFBIG
        assert path.stat().st_size == size  # the 40 bytes written were cut back
        assert journal.next_seq == 4
        assert read_journal(path).records == records
        journal.append(big)  # space is back: the same record goes in whole
    after = read_journal(path)
    assert after.records == [*records, big]
    assert after.warnings == []


def test_enospc_from_the_kernel_leaves_earlier_records_readable(tmp_path: Path) -> None:
    """Writes to /dev/full fail with a real ENOSPC; the journal's fd is pointed there."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    path = tmp_path / "journal.jsonl"
    records = make_journal(path, 3)
    before = path.read_bytes()
    journal, _ = Journal.open_for_append(path)
    full = os.open("/dev/full", os.O_WRONLY)
    try:
        os.dup2(full, journal.fileno())
    finally:
        os.close(full)
    with journal:
        with pytest.raises(OSError) as info:
            journal.append(event(4))
        assert info.value.errno == errno.ENOSPC
        # /dev/full cannot be truncated, so the journal refuses further appends rather than risk
        # gluing a record onto a partial line.
        with pytest.raises(JournalError, match="reopen"):
            journal.append(event(4))
    assert path.read_bytes() == before
    assert read_journal(path).records == records


def test_append_on_a_closed_descriptor_raises_and_keeps_records(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    records = make_journal(path, 2)
    journal, _ = Journal.open_for_append(path)
    os.close(journal.fileno())  # pulled from under it
    with pytest.raises(OSError) as info:
        journal.append(event(3))
    assert info.value.errno == errno.EBADF
    journal._fd = None  # already closed above; don't close a number another test may reuse
    assert read_journal(path).records == records
    journal, _ = Journal.open_for_append(path)
    with journal:
        journal.append(event(3))
    assert len(read_journal(path).records) == 3


def test_failed_create_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    if hard != resource.RLIM_INFINITY and hard < 10:
        pytest.skip("cannot set RLIMIT_FSIZE here")
    resource.setrlimit(resource.RLIMIT_FSIZE, (10, hard))
    try:
        with pytest.raises(OSError):
            Journal.create(path, HEADER)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert not path.exists()


# --- how lines are parsed --------------------------------------------------------------------------


def sealed(payload: bytes) -> bytes:
    """A version-2 line for the JSON object text `payload`, its checksum made to fit."""
    body = payload[:-1]
    return b'%s,"crc":"%08x"}' % (body, zlib.crc32(body))


def v2_with(path: Path, *lines: bytes) -> None:
    """A version-2 journal of record 1, then `lines` (already sealed or not)."""
    make_journal(path, 1)
    path.write_bytes(path.read_bytes() + b"".join(line + b"\n" for line in lines))


@pytest.mark.parametrize(
    "payload",
    [
        b'{"seq":2,"at":"x","type":"note","text":"\xff"}',  # not UTF-8
        b'{"seq":2,"at":"x","type":"note","v":' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        b'{"seq":2,"at":"x","type":"note","v":' + b"9" * 5000 + b"}",  # beyond int's digits
        b'{"seq":2,"at":"x","type":"note"}{"seq":3}',  # two values on one line
        b'{"seq":2,"at":"x","type":"note","v":NaN',  # not JSON at all
        b'[{"seq":2,"at":"x","type":"note"}]',  # a list
    ],
)
def test_a_checksum_that_fits_does_not_make_a_line_a_record(tmp_path: Path, payload: bytes):
    path = tmp_path / "journal.jsonl"
    v2_with(path, sealed(payload))
    assert_damage(path, 3, "not a valid record")


def test_a_line_not_utf8_is_named_while_the_others_read(tmp_path: Path) -> None:
    # The file is decoded at once; when that fails, line by line, so the right line is named.
    path = tmp_path / "journal.jsonl"
    make_journal(path, 4, text="één")
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace("één".encode(), b"\xc3\xa9\xc3")  # line 4, not the last
    path.write_bytes(b"\n".join(lines))
    assert_damage(path, 4, "checksum")
    # The same in version 1: no checksum, so the decoding finds it.
    path = tmp_path / "v1.jsonl"
    records = make_v1_journal(path, 4, text="één")
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace("één".encode(), b"\xc3\xa9\xc3")
    path.write_bytes(b"\n".join(lines))
    assert_damage(path, 4, "not valid UTF-8")
    assert records  # earlier lines were fine


def test_json_loads_has_the_last_word_on_white_space_and_escapes(tmp_path: Path) -> None:
    # What json.loads took before, the reader takes: white space around a line's object, escapes.
    path = tmp_path / "journal.jsonl"
    v1 = raw_lines([event(1)]) + b' {"seq":2,"at":"x","type":"note","t":"\\u00e9\\n"}\t\r\n'
    path.write_bytes(v1)
    assert [r.get("t") for r in read_journal(path).records] == [None, "é\n"]
    path = tmp_path / "v2.jsonl"
    v2_with(path, sealed(b' {"seq":2,"at":"x","type":"note"}'))
    assert [r["seq"] for r in read_journal(path).records] == [1, 2]


def test_reading_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    make_journal(path, 3)
    was = gc.isenabled()
    try:
        gc.enable()
        read_journal(path)
        assert gc.isenabled()
        gc.disable()
        read_journal(path)
        assert not gc.isenabled()
        path.write_bytes(b"garbage\n")
        with pytest.raises(JournalError):
            read_journal(path)
        assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
