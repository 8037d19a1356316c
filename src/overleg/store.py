"""Meeting folders on disk: one private folder per meeting, named ``YYYY-MM-DD-<slug>``.

Each folder holds the meeting's journal (`JOURNAL`) and, once written, its minutes. Folders are
0700 and files 0600 (see `overleg.locations`). Everything here reads the journal header and records
only; a damaged journal is reported as status "damaged", never raised. Beside the meeting folders,
`CHECKED` keeps what the last full checks found (`CheckedJournals`).
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from overleg.journal import JournalError, fsync_dir, read_journal
from overleg.locations import DIR_MODE, FILE_MODE, private_dir

JOURNAL = "journal.jsonl"
MINUTES_TOML = "minutes.toml"
MINUTES_MD = "minutes.md"
#: The minutes with the household's names replaced, to share beyond the table.
MINUTES_SHARE_MD = "minutes-share.md"

SLUG_MAX = 50
#: Used when a title has no letters or digits left after slugifying.
SLUG_FALLBACK = "overleg"

STATUSES = ("new", "running", "ended", "damaged")

#: Letters that Unicode does not decompose into an ASCII base letter plus accents.
_TRANSLITERATE = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def slugify(title: str) -> str:
    """A folder-name-safe form of `title`: lowercase ASCII words joined by "-", at most 50 chars.

    >>> slugify("Casusoverleg sociaal wijkteam Noord")
    'casusoverleg-sociaal-wijkteam-noord'
    """
    text = unicodedata.normalize("NFKD", title.lower().translate(_TRANSLITERATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_TRANSLITERATE)  # letters that only appear after decomposition
    slug = _NON_SLUG.sub("-", text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug.rfind("-", 0, SLUG_MAX + 1)
        slug = slug[:cut] if cut >= SLUG_MAX // 2 else slug[:SLUG_MAX]
        slug = slug.strip("-")
    return slug or SLUG_FALLBACK


def new_meeting_folder(root: Path, title: str, day: date) -> Path:
    """Create and return a new private folder ``root/YYYY-MM-DD-<slug>`` (then ``-2``, ``-3``...).

    Creation is race-safe: a name is only taken by the `mkdir` that succeeds.
    """
    root = Path(root)
    if not root.is_dir():
        private_dir(root)
    base = f"{day.isoformat()}-{slugify(title)}"
    number = 1
    while True:
        folder = root / (base if number == 1 else f"{base}-{number}")
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            number += 1
            continue
        os.chmod(folder, DIR_MODE)  # the umask may have narrowed it
        fsync_dir(root)
        return folder


def journal_path(folder: Path) -> Path:
    return Path(folder) / JOURNAL


@dataclass
class MeetingInfo:
    folder: Path
    name: str
    title: str
    #: YYYY-MM-DD: the day the meeting started, else the day in its folder name, else creation.
    date: str
    status: str  # one of STATUSES
    series: str = ""
    agenda_path: str = ""
    started_at: str | None = None
    ended_at: str | None = None
    #: Why the journal cannot be read, when status is "damaged": "line 7: <reason>".
    problem: str | None = None
    #: The damaged journal's line (1-based), when the damage is on one.
    line: int | None = None
    #: What the journal says of its damage, without the line (English, as `JournalError` says).
    reason: str | None = None
    #: Of an ended meeting, its minutes: "concept", "sent" (by `overleg send`) or "adopted" (by
    #: a later meeting); "" before the end.
    minutes: str = ""

    @property
    def unfinished(self) -> bool:
        return self.status in ("new", "running")


def _peek_header(path: Path) -> dict[str, Any]:
    """The header of a journal that failed to read, as far as its first line allows; else {}."""
    try:
        with open(path, "rb") as handle:
            first = handle.readline(1 << 20)
        value = json.loads(first)
    except (OSError, ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _day_of(name: str, header: dict[str, Any], started_at: str | None) -> str:
    if started_at and _DAY.match(started_at):
        return started_at[:10]
    if _DAY.match(name):
        return name[:10]
    created = _text(header.get("created"))
    return created[:10] if _DAY.match(created) else ""


def meeting_info(folder: Path) -> MeetingInfo:
    """What the journal in `folder` says; status "damaged" (never an exception) when unreadable."""
    folder = Path(folder)
    path = folder / JOURNAL
    try:
        contents = read_journal(path)
    except (JournalError, OSError) as exc:
        return damaged(_info(folder, _peek_header(path), "new"), *damage_of(exc))
    header = contents.header
    started_at = ended_at = None
    minutes = "concept"
    for record in contents.records:
        kind = record["type"]
        if kind == "meeting_started" and started_at is None:
            started_at = record["at"]
        elif kind == "meeting_ended":
            ended_at = record["at"]
        elif kind == "minutes_sent" and minutes == "concept":
            minutes = "sent"
        elif kind == "adopted":
            minutes = "adopted"
    if ended_at is not None:
        status = "ended"
    elif started_at is not None:
        status = "running"
    else:
        status = "new"
    info = _info(folder, header, status, started_at, ended_at)
    if status == "ended" and info.status == "ended":
        info = dataclasses.replace(info, minutes=minutes)
    return info


def damage_of(exc: Exception) -> tuple[int | None, str]:
    """The line (or None) and the reason of what reading a journal in full raised: a
    `JournalError` (with the line it names), an OSError, or any other error a read met (said by
    its kind only, never by a content)."""
    if isinstance(exc, JournalError):
        return exc.line, exc.message
    if isinstance(exc, FileNotFoundError):
        return None, "no journal"
    if isinstance(exc, OSError):
        return None, f"cannot read the journal: {exc.strerror or type(exc).__name__}"
    return None, f"cannot read the journal ({type(exc).__name__})"


def damaged(info: MeetingInfo, line: int | None, reason: str) -> MeetingInfo:
    """`info` with status "damaged": its journal cannot be read, for `reason`, on `line`."""
    problem = f"line {line}: {reason}" if line is not None else reason
    return dataclasses.replace(
        info, status="damaged", problem=problem, line=line, reason=reason, minutes=""
    )


def _info(
    folder: Path,
    header: dict[str, Any],
    status: str,
    started_at: str | None = None,
    ended_at: str | None = None,
    problem: str | None = None,
) -> MeetingInfo:
    """A MeetingInfo from a journal's header and what its events said.

    A header whose texts do not fit (a control character in the title) is damage on line 1:
    the meeting is listed by its folder name, never with the title as written.
    """
    from overleg.events import Damage
    from overleg.header import check_header

    try:
        check_header(header)
    except Damage as exc:
        problem = problem or f"line 1: {exc}"
        header = {}
    return MeetingInfo(
        folder=folder,
        name=folder.name,
        title=_text(header.get("title")) or folder.name,
        date=_day_of(folder.name, header, started_at),
        status=status,
        series=_text(header.get("series")),
        agenda_path=_text(header.get("agenda_path")),
        started_at=started_at,
        ended_at=ended_at,
        problem=problem,
    )


def _meeting_folders(root: Path) -> list[Path]:
    """Subfolders of `root` holding a journal, newest first (by folder name)."""
    try:
        entries = list(os.scandir(root))
    except (FileNotFoundError, NotADirectoryError):
        return []
    folders = [
        Path(entry.path)
        for entry in entries
        if not entry.name.startswith(".")
        and entry.is_dir(follow_symlinks=False)
        and os.path.lexists(os.path.join(entry.path, JOURNAL))
    ]
    folders.sort(key=lambda p: p.name, reverse=True)
    return folders


def list_meetings(root: Path, quick: bool = False) -> list[MeetingInfo]:
    """Every meeting under `root`, newest first (by folder name).

    `quick` reads only each journal's first two lines and its last, not every event: enough for
    the status, and cheap however many long meetings a team has held. Damage further in shows
    only on a full read: `quick=False` checks every line of the journal; `overleg list` also
    checks every record against the meeting, as opening it would (`Service.meetings`).
    """
    info = quick_info if quick else meeting_info
    return [info(folder) for folder in _meeting_folders(Path(root))]


def quick_info(folder: Path) -> MeetingInfo:
    """A meeting's title, date and status from the head and tail of its journal."""
    folder = folder if isinstance(folder, Path) else Path(folder)
    try:
        # A string path and a scan back from the end for the last line, not a split of the
        # whole tail: `overleg list` does this once per meeting kept.
        with open(os.path.join(folder, JOURNAL), "rb") as handle:
            head = [handle.readline(), handle.readline()]
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - _TAIL))
            tail = handle.read()
        header = json.loads(head[0])
        first = json.loads(head[1]) if head[1].endswith(b"\n") else {}
        if not isinstance(header, dict) or not isinstance(first, dict):
            raise ValueError("not a journal")
        ended_at, minutes = _ending(tail, whole=size <= _TAIL)
        started_at = first.get("at") if first.get("type") == "meeting_started" else None
        if not isinstance(started_at, str | None) or not isinstance(ended_at, str | None):
            raise ValueError("a timestamp that is not a text")  # sorting by it would fail
    except (OSError, ValueError, RecursionError):
        return meeting_info(folder)  # the full read says what is wrong
    status = "ended" if ended_at is not None else "running" if started_at else "new"
    info = _info(folder, header, status, started_at, ended_at)
    if status == "ended" and info.status == "ended":
        info = dataclasses.replace(info, minutes=minutes)
    return info


#: Events a meeting may get after its end: corrections, undo, the minutes sent and adopted.
AFTER_END = frozenset(
    {
        "contribution_corrected",
        "contribution_deleted",
        "proposal_corrected",
        "action_corrected",
        "guest_corrected",
        "guest_removed",
        "undone",
        "minutes_sent",
        "adopted",
    }
)


def _ending(tail: bytes, whole: bool) -> tuple[str | None, str]:
    """From a journal's last bytes: when the meeting ended (None: it has not) and its minutes
    ("concept", "sent", "adopted"). Read back from the last line past what may follow the end;
    ValueError when the tail does not reach far enough back to tell (the full read does)."""
    minutes = "concept"
    end = len(tail)
    while end >= 0:  # the lines from the last, as reversed(tail.split(b"\n"))
        start = tail.rfind(b"\n", 0, end) + 1
        if start == 0 and not whole:
            raise ValueError("the tail begins inside a line")
        line = tail[start:end]
        end = start - 1
        if not line.strip():
            continue
        record = json.loads(line)
        kind = record.get("type") if isinstance(record, dict) else None
        if kind == "meeting_ended":
            return record.get("at"), minutes
        if kind not in AFTER_END:
            return None, "concept"
        if kind == "adopted":
            minutes = "adopted"
        elif kind == "minutes_sent" and minutes == "concept":
            minutes = "sent"
    if whole:
        return None, "concept"
    raise ValueError("no end found in the tail")


#: Bytes read from a journal's end for its last event: far more than one event line.
_TAIL = 64 * 1024

#: The file in the data folder keeping what the last full checks of its meetings found.
CHECKED = ".checked.json"
#: What changes whenever a journal's bytes may have: inode, size, mtime and ctime (ns).
Stamp = tuple[int, int, int, int]
#: How long ago a journal must have been written for its stamp to tell any later write apart.
SETTLED_NS = 2_000_000_000


def journal_stamp(folder: Path) -> Stamp | None:
    """The stamp of the journal in `folder` as it is now; None when it cannot be looked at."""
    try:
        st = os.stat(os.path.join(folder, JOURNAL))
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class CheckedJournals:
    """What the last full read of each meeting under `root` found, so a listing need not read
    every journal in full every time.

    Per folder name: the journal's stamp when it was read, and the damage found (line and
    reason), or none. A journal whose stamp has changed since -- appended to, edited, replaced --
    is read again: every write changes its ctime, which no edit can set back. A journal written
    in the last `SETTLED_NS` is not kept (as git treats a "racily clean" file): the file system's
    clock ticks coarsely, so a write just after the read could leave the same stamp. Kept in
    ``root/.checked.json`` (0600, written atomically); it holds folder names, stamps and the
    journal's own words for damage, never a meeting's content. A file that does not read is no
    loss: every meeting is then read again.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._entries: dict[str, Any] = {}
        self._changed = False
        try:
            data = json.loads((self.root / CHECKED).read_bytes())
        except (OSError, ValueError, RecursionError):
            return
        if isinstance(data, dict) and data.get("version") == 1:
            entries = data.get("meetings")
            self._entries = entries if isinstance(entries, dict) else {}

    def _name(self, folder: Path) -> str | None:
        """The name `folder` is kept under: only a meeting folder of `root` has one."""
        folder = Path(folder)
        return folder.name if folder.parent == self.root else None

    def found(self, folder: Path, stamp: Stamp) -> tuple[int | None, str | None] | None:
        """(line, reason) of the damage found in `folder` when its journal had `stamp`, (None,
        None) when it was sound; None when it was not read as it is now."""
        name = self._name(folder)
        entry = self._entries.get(name) if name is not None else None
        if type(entry) is not list or len(entry) != 6 or entry[:4] != list(stamp):
            return None
        line, reason = entry[4], entry[5]
        if (line is not None and type(line) is not int) or (
            reason is not None and type(reason) is not str
        ):
            return None
        return line, reason

    def record(self, folder: Path, stamp: Stamp, line: int | None, reason: str | None) -> None:
        """Keep what a full read of `folder` found while its journal had `stamp` (unless it was
        written too recently to tell a later write by its stamp)."""
        name = self._name(folder)
        if time.time_ns() - max(stamp[2], stamp[3]) < SETTLED_NS:
            return
        if name is not None and self._entries.get(name) != [*stamp, line, reason]:
            self._entries[name] = [*stamp, line, reason]
            self._changed = True

    def forget_others(self, folders: Iterable[Path]) -> None:
        """Keep only the entries of `folders` (the meetings there are now)."""
        names = {Path(f).name for f in folders}
        gone = [name for name in self._entries if name not in names]
        for name in gone:
            del self._entries[name]
        self._changed = self._changed or bool(gone)

    def save(self) -> None:
        """Write what changed; quietly nothing when the folder cannot be written to (it may be
        someone else's, shared read-only): the next listing reads those journals again."""
        if not self._changed:
            return
        data = {"version": 1, "meetings": self._entries}
        try:
            write_atomic(self.root / CHECKED, json.dumps(data, ensure_ascii=False).encode())
        except OSError:
            return
        self._changed = False


def _looks_like_path(ref: str) -> bool:
    return os.sep in ref or "/" in ref or ref.startswith(("~", ".")) or os.path.isabs(ref)


def _folded(text: str) -> str:
    """`text` as a look-up compares it: any case, with or without accents ("Café", "CAFE")."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATE))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def latest_first(meetings: Iterable[MeetingInfo]) -> list[MeetingInfo]:
    """`meetings`, the most recent first: by day, then the time it started, then folder name."""
    return sorted(meetings, key=lambda m: (m.date, m.started_at or "", m.name), reverse=True)


def find_meetings(root: Path, ref: str) -> list[MeetingInfo]:
    """All meetings `ref` may mean, the latest first.

    A folder path means the meeting there, an exact folder name that one; anything else every
    meeting with `ref` as a part of its folder name, its title or its series, in any case, with or
    without accents ("casusoverleg", "2026-12-17", "wijkteam noord"). Use this to tell the user
    which meetings a part matches. Each journal's head and tail are read, not every event: the
    meeting is read in full once, by whoever opens it.
    """
    ref = ref.strip()
    if not ref:
        return []
    if _looks_like_path(ref):
        path = Path(ref).expanduser()
        if path.name == JOURNAL and path.is_file():
            path = path.parent
        return [quick_info(path)] if (path / JOURNAL).exists() else []
    folders = _meeting_folders(Path(root))
    exact = [f for f in folders if f.name == ref]
    if exact:
        return [quick_info(exact[0])]
    part = _folded(ref)
    found = [quick_info(folder) for folder in folders]
    return latest_first(
        m for m in found if any(part in _folded(text) for text in (m.name, m.title, m.series))
    )


def find_meeting(root: Path, ref: str) -> MeetingInfo | None:
    """The one meeting `ref` names (`find_meetings`); None when it names none or several."""
    found = find_meetings(root, ref)
    return found[0] if len(found) == 1 else None


def _same_file(a: str, b: str) -> bool:
    if not a or not b:
        return False
    return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()


def unfinished_meetings(root: Path, agenda_path: str | None = None) -> list[MeetingInfo]:
    """Meetings not yet ended (status new or running), newest first; of one agenda if given."""
    meetings = [m for m in list_meetings(root, quick=True) if m.unfinished]
    if agenda_path is not None:
        meetings = [m for m in meetings if _same_file(m.agenda_path, os.fspath(agenda_path))]
    return meetings


def previous_in_series(root: Path, series: str, before: str | None = None) -> MeetingInfo | None:
    """The latest ended meeting of `series`, by folder name; older than folder `before` if given.

    `before` is a folder name or path (the current meeting); it is itself never returned.
    """
    if not series:
        return None
    limit = Path(before).name if before else None
    for folder in _meeting_folders(Path(root)):
        if limit is not None and folder.name >= limit:
            continue
        info = meeting_info(folder)
        if info.status == "ended" and info.series == series:
            return info
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once: readers see the old file or the new, never half.

    A temp file (0600) in the same folder is written and fsync'd, renamed over `path`, and the
    folder fsync'd. The result is 0600 whatever the old file's mode was.
    """
    path = Path(path)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        # Renaming over a device, a folder or a link would destroy what is there, not write to it.
        raise IsADirectoryError(
            errno.EINVAL, "not a regular file; overleg will not replace it", str(path)
        )
    folder = path.parent
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temp = folder / f".{path.name}.tmp-{os.urandom(4).hex()}"
        try:
            fd = os.open(temp, flags, FILE_MODE)
            break
        except FileExistsError:
            continue
        except OSError as exc:  # the folder is not there or not writable: say so of `path`
            raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    fsync_dir(folder)


def minutes_name(format: str = "md", share: bool = False, decisions_only: bool = False) -> str:
    """The file name of a meeting's minutes in a folder, for every version overleg writes.

    >>> minutes_name(), minutes_name("toml"), minutes_name(share=True, decisions_only=True)
    ('minutes.md', 'minutes.toml', 'minutes-share-decisions.md')
    >>> minutes_name("html", decisions_only=True), minutes_name("toml", decisions_only=True)
    ('minutes-decisions.html', 'minutes.toml')
    """
    stem = "minutes" + ("-share" if share else "")
    stem += "-decisions" if decisions_only and format != "toml" else ""
    return f"{stem}.{format}"


#: Every version of the minutes a folder may hold: (file name, format, share, decisions only).
MINUTES_VERSIONS = tuple(
    (minutes_name(format, share, decisions), format, share, decisions)
    for format in ("md", "toml", "html", "txt")
    for share in (False, True)
    for decisions in (False, True)
    if not (format == "toml" and decisions)
)


# ------------------------------------------------------------------- terminals open on a meeting

#: Beside the journal: one small file per overleg process that has the meeting open to change it
#: (``terminal-<pid>.json``: role, process id, host), so another can say it is open elsewhere
#: and in which role. A file of a process that is gone (killed) is stale and is ignored.
TERMINAL_PREFIX = "terminal-"
#: Beside the journal: how the chair's console shows the meeting (language, theme, whether client
#: names may be on the projector), which the projector follows. Holds no personal data.
DISPLAY = "display.json"


@dataclass(frozen=True)
class Terminal:
    """An overleg process that has a meeting open: its role, process id and host."""

    role: str
    pid: int
    host: str


def _host() -> str:
    import socket

    return socket.gethostname()


#: The presence files this process has written and not yet withdrawn (one process may hold a
#: meeting more than once: tests, or two windows of one program).
_OWN: set[Path] = set()


def announce(folder: Path, role: str) -> Path:
    """Say that this process has the meeting in `folder` open in `role`; returns the file."""
    import uuid

    path = Path(folder) / f"{TERMINAL_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}.json"
    data = {"role": role, "pid": os.getpid(), "host": _host(), "since": time.time()}
    write_atomic(path, json.dumps(data).encode("utf-8"))
    _OWN.add(path)
    return path


def withdraw(path: Path) -> None:
    _OWN.discard(path)
    try:
        os.unlink(path)
    except OSError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # somebody else's process: it is there
        return True
    return True


def terminals(folder: Path, exclude: Path | None = None) -> list[Terminal]:
    """The overleg terminals that have the meeting in `folder` open now, oldest first, but the
    one whose presence file is `exclude`. A file of a process that is gone is left out."""
    found: list[tuple[float, Terminal]] = []
    host = _host()
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        if not (name.startswith(TERMINAL_PREFIX) and name.endswith(".json")):
            continue
        try:
            data = json.loads((Path(folder) / name).read_bytes())
            role, pid, where = data["role"], data["pid"], data["host"]
            since = float(data.get("since", 0))
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            continue
        if not (isinstance(role, str) and type(pid) is int and isinstance(where, str)):
            continue
        path = Path(folder) / name
        if path == exclude:
            continue
        if pid == os.getpid() and where == host:
            if path not in _OWN:  # left by an earlier process that had this pid
                continue
        elif where == host and not _alive(pid):
            continue
        found.append((since, Terminal(role, pid, where)))
    return [t for _, t in sorted(found, key=lambda pair: pair[0])]


def read_display(folder: Path) -> dict[str, Any]:
    """How the chair's console shows the meeting in `folder` ({} when it has not said)."""
    try:
        data = json.loads((Path(folder) / DISPLAY).read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def write_display(folder: Path, display: dict[str, Any]) -> None:
    write_atomic(Path(folder) / DISPLAY, json.dumps(display, sort_keys=True).encode("utf-8"))
