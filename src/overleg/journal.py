"""The append-only event log of one meeting: nothing the chair did is ever lost.

A journal is a UTF-8 file of JSON lines; docs/journal-format.md is its standard. The first line is
a header::

    {"format":"overleg-journal","version":2, ...fields given by the caller,"crc":"1c291ca3"}

and every further line is one event record given by the caller, which always holds ``seq``
(1, 2, 3, ... consecutive), ``at`` (an ISO timestamp) and ``type``. From version 2 on, every line
ends in ``,"crc":"<8 hex digits>"}``: the CRC-32 of the line's bytes before ``,"crc":``. A flipped
byte anywhere is damage on its line, never a different meeting. Version 1 lines have no checksum;
a version-1 journal is read as before and continued in its own version, never rewritten.

Durability rules:

* Every `Journal.append` writes one whole line to a file kept open for appending, then flushes and
  fsyncs it before returning. Lines are never rewritten in place.
* A crash can leave the last line torn (no newline; in version 1 also: not parseable). Reading
  drops it with a warning; every earlier event survives. Before appending again,
  `Journal.open_for_append` copies the torn bytes to a side file ``journal.jsonl.torn-<n>`` and
  truncates the journal to its intact prefix, so the torn bytes never glue onto the next record.
* Any other damage (a complete line whose checksum fails, that is not JSON or not a record, a seq
  out of order) raises `JournalError` naming the line, and the file is left as it is: nothing is
  silently skipped.
* When an append fails (disk full, I/O error) the OSError reaches the caller, and the bytes of that
  failed append are cut off again so the journal holds exactly the records whose append returned.
  If even that fails, the `Journal` refuses further appends; reopening recovers the torn tail.

Warnings and errors name line numbers and byte counts only, never the content: a journal holds
special-category personal data.
"""

from __future__ import annotations

import gc
import json
import json.scanner
import os
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from overleg.locations import FILE_MODE

try:  # POSIX advisory locks keep a second overleg from appending to the same meeting.
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

FORMAT = "overleg-journal"
#: The version this release writes; it reads every version from 1 up to this one.
VERSION = 2
#: The first version whose lines carry a checksum.
CHECKSUM_VERSION = 2
#: The largest line a reader accepts, in bytes: far more than any event (texts are capped).
MAX_LINE = 1 << 20

#: Suffix of the side files that keep the bytes of a torn last line: ``journal.jsonl.torn-1``.
TORN_SUFFIX = ".torn-"

_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
_CRC_KEY = b',"crc":"'
#: The bytes a checksummed line ends in after its payload: ``,"crc":"`` + 8 hex digits + ``"}``.
_CRC_TAIL = len(_CRC_KEY) + 8 + 2
#: The C scanner behind `json.loads`, called on each line directly: (value, end) of the JSON
#: value at an index of a text. A line is one value exactly; anything else goes to json.loads.
#: Given None (a line that is not UTF-8) it raises TypeError.
_scan: Callable[[str | None, int], tuple[Any, int]] = json.scanner.make_scanner(  # type: ignore[assignment]
    json.JSONDecoder()  # type: ignore[arg-type]  # typeshed types its argument as a scanner
)


def line_bytes(record: dict[str, Any], version: int = VERSION) -> bytes:
    """One record as the bytes of its journal line (with the newline), in `version`'s form."""
    if "crc" in record:
        raise ValueError("a record's crc is set by the journal")
    text = _dumps(record).encode("utf-8")
    if version < CHECKSUM_VERSION:
        return text + b"\n"
    if not text.endswith(b"}") or text == b"{}":
        raise ValueError("a record is a JSON object with at least one field")
    payload = text[:-1]
    return b'%s%s%08x"}\n' % (payload, _CRC_KEY, zlib.crc32(payload))


class JournalError(Exception):
    """A journal that cannot be read or continued: `path`, `line` (1-based or None), `message`."""

    def __init__(self, path: str | os.PathLike[str], line: int | None, message: str) -> None:
        self.path = os.fspath(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class JournalBusy(JournalError):
    """Another process (a second overleg) has the journal open for appending."""


@dataclass
class JournalContents:
    header: dict[str, Any]
    records: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    #: Byte length of the intact prefix: the whole file unless its last line was torn.
    good_size: int = 0

    @property
    def next_seq(self) -> int:
        return len(self.records) + 1


def fsync_dir(path: str | os.PathLike[str]) -> None:
    """Make a folder's entries (a new, renamed or removed file) durable."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_header(path: str, value: object) -> dict[str, Any]:
    if type(value) is not dict:
        raise JournalError(path, 1, "header is not a JSON object")
    if value.get("format") != FORMAT:
        raise JournalError(path, 1, f"not an overleg journal (format is not {FORMAT!r})")
    version = value.get("version")
    if type(version) is not int or version < 1:
        raise JournalError(path, 1, "header has no valid version")
    if version > VERSION:
        raise JournalError(
            path, 1, f"written by a newer overleg (journal version {version}, this reads {VERSION})"
        )
    return value


def _record_problem(record: object, expected: int) -> str | None:
    """Why `record` cannot be event number `expected`, or None when it can."""
    if type(record) is not dict:
        return "record is not a JSON object"
    seq = record.get("seq")
    if type(seq) is not int:
        return "record has no integer seq" if seq is not None else "record has no seq"
    if seq != expected:
        kind = "repeated" if seq < expected else "missing"
        return f"seq {seq} where {expected} was expected ({kind} seq)"
    if type(record.get("type")) is not str:
        return "record has no type"
    if type(record.get("at")) is not str:
        return "record has no timestamp (at)"
    return None


def _loads(path: str, number: int, line: bytes) -> Any:
    """The JSON value of line `number`; damage on that line when it is none."""
    try:
        return json.loads(line)
    except UnicodeDecodeError:
        raise JournalError(path, number, "line is not valid UTF-8") from None
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than any record's
        raise JournalError(path, number, "line is not valid JSON") from None


def _text(line: bytes) -> str | None:
    """A line as text, or None when it is not UTF-8."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _checksum_problem(line: bytes) -> str | None:
    """Why a version-2 line's checksum does not hold, or None when it does."""
    if len(line) <= _CRC_TAIL or line[-_CRC_TAIL:-10] != _CRC_KEY or line[-2:] != b'"}':
        return "line has no checksum"
    if b"%08x" % zlib.crc32(line[:-_CRC_TAIL]) != line[-10:-2]:
        return "checksum does not match: the line was changed or damaged"
    return None


def _parse(path: str, data: bytes) -> JournalContents:
    # A record per line is tens of thousands of small dicts, none of them in a cycle: the cyclic
    # collector would only rescan them as they pile up (10-25 ms of a 20,000-event journal).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_lines(path, data)
    finally:
        if enabled:
            gc.enable()


def _parse_lines(path: str, data: bytes) -> JournalContents:
    if not data:
        raise JournalError(path, None, "empty file: no journal header")
    warnings: list[str] = []
    end = data.rfind(b"\n") + 1  # everything up to and including the last newline
    if end == 0:
        raise JournalError(path, 1, "header line is incomplete (no newline)")
    good_size = end  # drops a tail without newline, if any
    lines = data[:end].split(b"\n")  # not splitlines(): only a newline ends a line
    lines.pop()  # the empty string after the final newline
    if good_size != len(data):
        warnings.append(
            f"line {len(lines) + 1}: dropped an incomplete last line ({len(data) - good_size} bytes)"
        )
    if max(map(len, lines)) > MAX_LINE:
        for number, line in enumerate(lines, 1):
            if len(line) > MAX_LINE:
                raise JournalError(path, number, f"line of {len(line)} bytes (at most {MAX_LINE})")

    first = lines[0]
    checked = first.endswith(b'"}') and first[-_CRC_TAIL:-10] == _CRC_KEY
    if checked:
        problem = _checksum_problem(first)
        if problem is not None:
            raise JournalError(path, 1, f"header: {problem}")
    try:
        header = json.loads(first)
    except UnicodeDecodeError:
        raise JournalError(path, 1, "header line is not valid UTF-8") from None
    except (ValueError, RecursionError):
        raise JournalError(path, 1, "header line is not valid JSON") from None
    header = _check_header(path, header)
    version = header["version"]
    if (version >= CHECKSUM_VERSION) != checked:
        raise JournalError(path, 1, "header: checksum does not fit the journal's version")
    header.pop("crc", None)

    # The lines as text, decoded at once (a newline byte is a newline character in UTF-8, so the
    # split agrees line for line); when some line is not UTF-8, each is decoded alone.
    texts: list[str | None]
    try:
        texts = str(memoryview(data)[:end], "utf-8").split("\n")  # type: ignore[assignment]
        texts.pop()  # as `lines`: the empty string after the final newline
    except UnicodeDecodeError:
        texts = [_text(line) for line in lines]
    records: list[dict[str, Any]] = []
    append = records.append
    expected = 1
    last = len(lines)
    scan = _scan
    crc32 = zlib.crc32
    tail = _CRC_TAIL
    summed = version >= CHECKSUM_VERSION
    for number, line, text in zip(range(2, last + 1), lines[1:], texts[1:], strict=True):
        if summed and (
            line[-tail:-10] != _CRC_KEY
            or line[-2:] != b'"}'
            or b"%08x" % crc32(line[:-tail]) != line[-10:-2]
        ):
            raise JournalError(path, number, _checksum_problem(line) or "line has no checksum")
        try:
            record, stop = scan(text, 0)  # a TypeError for a line that is not UTF-8 (None)
            if stop != len(text):  # type: ignore[arg-type]  # a text here: it scanned
                raise ValueError("more than one JSON value")
        except (StopIteration, ValueError, RecursionError, TypeError):
            # Anything but one bare JSON value: json.loads has the last word, as it always had
            # (it allows white space around the value) and says what is wrong.
            try:
                record = json.loads(line)
            except (ValueError, RecursionError):
                if summed:
                    raise JournalError(path, number, "line is not a valid record") from None
                if number == last and good_size == len(data):
                    # Version 1: a last line that does not parse is a torn write, not damage.
                    cut = len(line) + 1
                    good_size -= cut
                    warnings.append(f"line {number}: dropped an unreadable last line ({cut} bytes)")
                    break
                _loads(path, number, line)  # says why
                raise
        if summed:
            try:
                del record["crc"]
            except (TypeError, KeyError):
                raise JournalError(path, number, "line is not a valid record") from None
        # Fast path: a few type checks; _record_problem explains a failure.
        if (
            type(record) is dict
            and type(record.get("seq")) is int
            and record["seq"] == expected
            and type(record.get("type")) is str
            and type(record.get("at")) is str
        ):
            append(record)
            expected += 1
            continue
        raise JournalError(path, number, _record_problem(record, expected) or "invalid record")
    return JournalContents(header=header, records=records, warnings=warnings, good_size=good_size)


def read_journal(path: str | os.PathLike[str]) -> JournalContents:
    """Read and check a whole journal; never modifies the file.

    A torn last line is dropped with a warning (and `good_size` excludes it); any other damage
    raises `JournalError` with the line number.
    """
    with open(path, "rb") as handle:
        data = handle.read()
    return _parse(os.fspath(path), data)


def _lock(fd: int, path: str) -> None:
    if fcntl is None:  # pragma: no cover - not on POSIX
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise JournalBusy(path, None, "journal is open in another overleg") from None


#: How long a change waits for another process's change to finish before giving up.
LOCK_TIMEOUT = 5.0


def _lock_wait(fd: int, path: str, timeout: float = LOCK_TIMEOUT) -> None:
    """Take the journal's lock, waiting while another process holds it for its own change."""
    if fcntl is None:  # pragma: no cover - not on POSIX
        return
    deadline = time.monotonic() + timeout
    delay = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise JournalBusy(
                    path, None, "another overleg holds the journal too long"
                ) from None
            time.sleep(delay)
            # Short naps: a change holds the lock for about one fsync, and a long nap lets two
            # busy writers pass it between them while a third waits.
            delay = min(delay * 2, 0.004)


def _unlock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _pread_all(fd: int, size: int, offset: int) -> bytes:
    """`size` bytes of `fd` from `offset` (pread may return fewer than asked for)."""
    data = b""
    while len(data) < size:
        chunk = os.pread(fd, size - len(data), offset + len(data))
        if not chunk:
            break
        data += chunk
    return data


def _parse_more(
    path: str, data: bytes, version: int, expected: int
) -> tuple[list[dict[str, Any]], int]:
    """The complete lines of `data` -- bytes appended after record `expected - 1` -- as checked
    records, and how many bytes they take. A last line without its newline is left for later:
    another process may be writing it."""
    end = data.rfind(b"\n") + 1
    records: list[dict[str, Any]] = []
    if end == 0:
        return records, 0
    summed = version >= CHECKSUM_VERSION
    for line in data[:end].split(b"\n")[:-1]:
        number = expected + 1  # line 1 is the header
        if len(line) > MAX_LINE:
            raise JournalError(path, number, f"line of {len(line)} bytes (at most {MAX_LINE})")
        if summed:
            problem = _checksum_problem(line)
            if problem is not None:
                raise JournalError(path, number, problem)
        record = _loads(path, number, line)
        if summed:
            if type(record) is not dict or "crc" not in record:
                raise JournalError(path, number, "line is not a valid record")
            del record["crc"]
        problem = _record_problem(record, expected)
        if problem is not None:
            raise JournalError(path, number, problem)
        records.append(record)
        expected += 1
    return records, end


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _save_torn_tail(path: str, tail: bytes) -> str:
    """Keep the bytes of a torn last line in a new side file (0600, fsync'd); return its path."""
    number = 1
    while True:
        side = f"{path}{TORN_SUFFIX}{number}"
        try:
            fd = os.open(side, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, FILE_MODE)
        except FileExistsError:
            number += 1
            continue
        try:
            os.fchmod(fd, FILE_MODE)
            _write_all(fd, tail)
            os.fsync(fd)
        finally:
            os.close(fd)
        fsync_dir(os.path.dirname(side) or ".")
        return side


class Journal:
    """One meeting's journal, open for appending. Make one with `create` or `open_for_append`."""

    def __init__(
        self, path: str | os.PathLike[str], fd: int, next_seq: int, size: int, version: int
    ) -> None:
        self.path = Path(path)
        #: The journal's version: lines are appended in its form (a version-1 file stays one).
        self.version = version
        self._fd: int | None = fd
        self._next_seq = next_seq
        self._size = size  # bytes of complete, synced records: where a failed append is cut back
        self._broken: str | None = None
        #: Shared: other overleg processes append to the same file; the lock is held only for
        #: one change at a time (`locked`). Else this process holds it while the file is open.
        self.shared = False
        self._holding = False

    @classmethod
    def create(
        cls, path: str | os.PathLike[str], header: dict[str, Any], shared: bool = False
    ) -> Journal:
        """Start a new journal at `path` (which must not exist) with the caller's header fields;
        `shared`: others may join it (the lock is then held for each change only)."""
        path = os.fspath(path)
        if "format" in header or "version" in header:
            raise ValueError("the journal header's format and version are set by the journal")
        line = line_bytes({"format": FORMAT, "version": VERSION, **header})
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_APPEND | _O_CLOEXEC  # read: refresh
        fd = os.open(path, flags, FILE_MODE)
        try:
            _lock(fd, path)
            os.fchmod(fd, FILE_MODE)  # the umask may have narrowed it; never wider than 0600
            _write_all(fd, line)
            os.fsync(fd)
            fsync_dir(os.path.dirname(path) or ".")
        except BaseException:
            # Nothing complete was ever in this file: remove it rather than leave a broken header.
            os.close(fd)
            try:
                os.unlink(path)
            except OSError:
                pass
            raise
        journal = cls(path, fd, 1, len(line), VERSION)
        if shared:
            journal.shared = True
            _unlock(fd)
        return journal

    @classmethod
    def open_shared(cls, path: str | os.PathLike[str]) -> tuple[Journal, JournalContents]:
        """Open an existing journal that other overleg processes may have open too.

        As `open_for_append`, but the lock is taken only while opening (to recover a torn last
        line) and then for each change (`locked`); `refresh` reads what the others appended.
        """
        return cls._open(path, shared=True)

    @classmethod
    def open_for_append(cls, path: str | os.PathLike[str]) -> tuple[Journal, JournalContents]:
        """Open an existing journal to continue it; return it with what it holds so far.

        A torn last line is moved to a side file and cut off first (see the module docstring).
        Damage before the last line raises `JournalError` and leaves the file untouched.
        """
        return cls._open(path, shared=False)

    @classmethod
    def _open(cls, path: str | os.PathLike[str], shared: bool) -> tuple[Journal, JournalContents]:
        path = os.fspath(path)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | _O_CLOEXEC)
        try:
            if shared:
                _lock_wait(fd, path)
            else:
                _lock(fd, path)
            size = os.fstat(fd).st_size
            data = os.pread(fd, size, 0) if size else b""
            while len(data) < size:  # pread may return less than asked for large files
                chunk = os.pread(fd, size - len(data), len(data))
                if not chunk:
                    break
                data += chunk
            contents = _parse(path, data)
            if contents.good_size != len(data):
                side = _save_torn_tail(path, data[contents.good_size :])
                os.ftruncate(fd, contents.good_size)
                os.fsync(fd)
                contents.warnings.append(
                    f"moved {len(data) - contents.good_size} bytes of the torn last line "
                    f"to {os.path.basename(side)}"
                )
            if os.fstat(fd).st_mode & 0o777 != FILE_MODE:
                os.fchmod(fd, FILE_MODE)
            if shared:
                _unlock(fd)
        except BaseException:
            os.close(fd)
            raise
        version = contents.header["version"]
        journal = cls(path, fd, contents.next_seq, contents.good_size, version)
        journal.shared = shared
        return journal, contents

    def refresh(self) -> list[dict[str, Any]]:
        """The records other processes appended since this one last looked, checked as a full
        read checks them; complete lines only (another process may be writing the next)."""
        fd = self.fileno()
        size = os.fstat(fd).st_size
        if size == self._size:
            return []
        if size < self._size:
            raise JournalError(self.path, None, "the journal got shorter: changed outside overleg")
        data = _pread_all(fd, size - self._size, self._size)
        records, used = _parse_more(os.fspath(self.path), data, self.version, self._next_seq)
        self._size += used
        self._next_seq += len(records)
        return records

    @contextmanager
    def locked(self, timeout: float = LOCK_TIMEOUT) -> Iterator[list[dict[str, Any]]]:
        """Hold the journal's lock for one change; yields what others appended meanwhile.

        Inside, `append` may write: the change is checked against the state as it is now,
        since no other process can append until the lock is released. A last line left without
        its newline by a process killed mid-write is cut off (saved beside) before anything is
        appended after it. Without `shared` the lock is held anyway: only a refresh is done.
        """
        fd = self.fileno()
        if not self.shared:
            yield self.refresh()
            return
        _lock_wait(fd, os.fspath(self.path), timeout)
        self._holding = True
        try:
            new = self.refresh()
            size = os.fstat(fd).st_size
            if size > self._size:  # a torn write of a process that died holding the lock
                tail = _pread_all(fd, size - self._size, self._size)
                _save_torn_tail(os.fspath(self.path), tail)
                os.ftruncate(fd, self._size)
                os.fsync(fd)
            yield new
        finally:
            self._holding = False
            _unlock(fd)

    @property
    def next_seq(self) -> int:
        """The seq the next appended record must carry."""
        return self._next_seq

    @property
    def closed(self) -> bool:
        return self._fd is None

    def fileno(self) -> int:
        if self._fd is None:
            raise ValueError("journal is closed")
        return self._fd

    def append(self, record: dict[str, Any]) -> None:
        """Write `record` as one line and fsync it before returning.

        `record` must carry ``seq`` == `next_seq`, a string ``type`` and a string ``at``; otherwise
        ValueError, with nothing written. An OSError while writing (e.g. ENOSPC) propagates after
        the partial line has been cut off again, so the journal stays valid.
        """
        if self._fd is None:
            raise ValueError("journal is closed")
        if self._broken is not None:
            raise JournalError(self.path, None, self._broken)
        if self.shared and not self._holding:
            raise ValueError("a shared journal is appended to only inside locked()")
        problem = _record_problem(record, self._next_seq)
        if problem is not None:
            raise ValueError(problem)
        line = line_bytes(record, self.version)
        fd = self._fd
        written = False
        try:
            _write_all(fd, line)
            written = True
            os.fsync(fd)
        except BaseException:  # OSError (ENOSPC, EIO), but also an interrupt mid-write
            if not (self.shared and written):
                self._roll_back()
            # Shared, the whole line was written and only its fsync failed: another terminal
            # may have read it already, so it stays. This process takes it in as written at its
            # next refresh (its size has not moved on), and every reader agrees on the journal.
            raise
        self._size += len(line)
        self._next_seq += 1

    def _roll_back(self) -> None:
        """After a failed append, cut the file back to its last complete record, or refuse more."""
        try:
            os.ftruncate(self._fd, self._size)  # type: ignore[arg-type]
            os.fsync(self._fd)  # type: ignore[arg-type]
        except OSError:
            self._broken = (
                "an earlier append failed and could not be undone; reopen the journal to recover"
            )

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing releases the lock

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._fd is None else f"next_seq={self._next_seq}"
        return f"<Journal {os.fspath(self.path)!r} {state}>"
