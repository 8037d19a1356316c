"""The command line, run for real in subprocesses against temporary folders."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AGENDAS = sorted((ROOT / "agendas").glob("*.toml"))
CASUS = ROOT / "agendas" / "casusoverleg.toml"


def overleg(*args: str, data: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OVERLEG_DATA_DIR": str(data), "OVERLEG_LANG": ""}
    return subprocess.run(
        [sys.executable, "-m", "overleg", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def demo(data: Path, agenda: Path = CASUS) -> Path:
    result = overleg("--data-dir", str(data), "demo", str(agenda), data=data)
    assert result.returncode == 0, result.stderr
    folders = [p for p in data.iterdir() if p.is_dir()]
    assert len(folders) == 1
    return folders[0]


def test_help_and_version(data: Path) -> None:
    result = overleg("--help", data=data)
    assert result.returncode == 0 and "check" in result.stdout and "resume" in result.stdout
    assert overleg("--version", data=data).stdout.startswith("overleg ")
    for command in ("check", "run", "resume", "list", "export", "actions", "demo"):
        sub = overleg(command, "--help", data=data)
        assert sub.returncode == 0, command
        assert "usage: overleg " + command in sub.stdout


def test_unknown_command_is_bad_input(data: Path) -> None:
    result = overleg("vergader", data=data)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_check_passes_every_shipped_agenda(data: Path) -> None:
    assert len(AGENDAS) >= 4
    result = overleg("check", *map(str, AGENDAS), data=data)
    assert result.returncode == 0, result.stderr


def test_check_reports_every_problem_of_every_file(tmp_path: Path, data: Path) -> None:
    broken = tmp_path / "kapot.toml"
    broken.write_text(
        '[meeting]\ntitle = "x"\n[[items]]\ntitle = "a"\nduration = "5"\n', encoding="utf-8"
    )
    syntax = tmp_path / "syntax.toml"
    syntax.write_text('[meeting]\ntitle = "x\n', encoding="utf-8")
    result = overleg("check", str(broken), str(syntax), str(tmp_path / "missing.toml"), data=data)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "kapot.toml" in result.stderr and "duration" in result.stderr
    assert "syntax.toml:2:" in result.stderr
    assert "missing.toml" in result.stderr


def test_demo_writes_private_minutes_and_list_export_actions_read_them(data: Path) -> None:
    folder = demo(data)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("journal.jsonl", "minutes.toml", "minutes.md"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    markdown = (folder / "minutes.md").read_text(encoding="utf-8")
    assert "Besluitenlijst" in markdown and "Actielijst" in markdown

    listed = overleg("list", data=data)
    assert listed.returncode == 0 and folder.name in listed.stdout

    out = data.parent / "gedeeld.md"
    shared = overleg(
        "export", folder.name[:12], "--format", "md", "--share", "-o", str(out), data=data
    )
    assert shared.returncode == 0, shared.stderr
    text = out.read_text(encoding="utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    import tomllib

    clients = [
        c
        for item in tomllib.loads(CASUS.read_text("utf-8"))["items"]
        for c in item.get("clients", [])
    ]
    assert clients, "the shipped casusoverleg names its households"
    for name in clients:
        assert name not in text

    toml_out = overleg("export", folder.name, "--format", "toml", "-o", "-", data=data)
    assert toml_out.returncode == 0
    assert tomllib.loads(toml_out.stdout)["meeting"]["title"]

    actions = overleg("actions", "--open", data=data)
    assert actions.returncode == 0 and folder.name in actions.stdout


def test_export_is_byte_stable(data: Path) -> None:
    folder = demo(data)
    first = overleg("export", folder.name, "-o", "-", data=data).stdout
    second = overleg("export", folder.name, "-o", "-", data=data).stdout
    assert first == second == (folder / "minutes.md").read_text(encoding="utf-8")


def test_open_actions_feed_the_next_meeting_of_the_series(data: Path) -> None:
    first = demo(data)
    result = overleg("--data-dir", str(data), "demo", str(CASUS), data=data)
    assert result.returncode == 0, result.stderr
    second = max(p for p in data.iterdir() if p.is_dir() and p != first)
    record = (second / "minutes.toml").read_text(encoding="utf-8")
    assert first.name in record  # the carried actions name the meeting they came from
    markdown = (second / "minutes.md").read_text(encoding="utf-8")
    review = markdown.split("## 2.")[1].split("## 3.")[0]  # the action-list item
    assert "**3.1**" in review and "afgerond" in review


def test_export_of_unknown_meeting_is_bad_input(data: Path) -> None:
    result = overleg("export", "bestaat-niet", data=data)
    assert result.returncode == 2
    assert "overleg list" in result.stderr


def test_damaged_journal_is_reported_and_left_untouched(data: Path) -> None:
    folder = demo(data)
    journal = folder / "journal.jsonl"
    lines = journal.read_bytes().split(b"\n")
    lines[3] = b"{kapot"
    journal.write_bytes(b"\n".join(lines))
    before = journal.read_bytes()
    result = overleg("export", folder.name, data=data)
    assert result.returncode == 2
    assert "line 4" in result.stderr or ":4:" in result.stderr
    assert "Traceback" not in result.stderr
    assert journal.read_bytes() == before


def test_run_without_a_terminal_says_so(data: Path) -> None:
    result = overleg("run", str(CASUS), data=data, stdin="")
    assert result.returncode == 1
    assert "terminal" in result.stderr and "Traceback" not in result.stderr


def test_run_of_a_bad_agenda_is_bad_input(tmp_path: Path, data: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[meeting]\ntitel = 'x'\n", encoding="utf-8")
    result = overleg("run", str(bad), data=data)
    assert result.returncode == 2
    assert "bad.toml" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [["--help"], ["check", str(CASUS)], ["list"], ["actions"], ["export", "x"], ["demo"]],
    ids=lambda a: a[0],
)
def test_commands_without_a_screen_never_import_textual(args: list[str], tmp_path: Path) -> None:
    """Importing Textual costs a third of a second; commands that draw nothing must not pay it."""
    code = (
        "import sys\n"
        "from overleg import cli\n"
        "try:\n"
        f"    cli.main({['--data-dir', str(tmp_path / 'd'), *args]!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print('LEAKED', leaked)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert "LEAKED []" in result.stdout, result.stdout + result.stderr


def test_core_modules_import_nothing_from_textual() -> None:
    code = (
        "import sys\n"
        "import overleg.agenda, overleg.engine, overleg.journal, overleg.minutes, overleg.session\n"
        "import overleg.store, overleg.i18n, overleg.locations, overleg.chair.demo, overleg.chair.service, overleg.cli\n"
        "print('LEAKED', [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert "LEAKED []" in result.stdout, result.stdout + result.stderr


def test_lang_after_the_command_gives_english_minutes_and_phases(data: Path) -> None:
    result = overleg("demo", "--data-dir", str(data), "--lang", "en", str(CASUS), data=data)
    assert result.returncode == 0, result.stderr
    (folder,) = [p for p in data.iterdir() if p.is_dir()]
    markdown = (folder / "minutes.md").read_text(encoding="utf-8")
    assert "Decision list" in markdown and "Besluitenlijst" not in markdown
    assert "Vraagverheldering" not in markdown  # the method's phases speak English too
    dutch = overleg("export", folder.name, "--lang", "nl", "-o", "-", data=data)
    assert "Besluitenlijst" in dutch.stdout and "Vraagverheldering" in dutch.stdout


def test_an_ambiguous_meeting_names_the_candidates(data: Path) -> None:
    first = demo(data)
    overleg("--data-dir", str(data), "demo", str(CASUS), data=data)
    result = overleg("export", first.name[:10], data=data)
    assert result.returncode == 2
    assert "several meetings" in result.stderr and first.name in result.stderr


def test_a_meeting_open_elsewhere_is_not_called_damaged(data: Path) -> None:
    from overleg.journal import Journal

    folder = demo(data)
    journal, _ = Journal.open_for_append(folder / "journal.jsonl")
    try:
        result = overleg("resume", folder.name, data=data, stdin="")
    finally:
        journal.close()
    assert result.returncode == 1
    assert "already open" in result.stderr and "damaged" not in result.stderr


def test_a_data_dir_that_is_a_file_is_said_plainly(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    result = overleg("list", data=afile)
    assert result.returncode == 1
    assert "not a folder" in result.stderr and "Traceback" not in result.stderr


def test_an_existing_data_dir_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "gedeeld"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    assert overleg("list", data=shared).returncode == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755


def test_export_never_replaces_what_is_not_a_regular_file(tmp_path: Path, data: Path) -> None:
    folder = demo(data)
    target = tmp_path / "elders.md"
    target.write_text("van iemand anders", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = overleg("export", folder.name, "-o", str(link), data=data)
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "van iemand anders"
    assert overleg("export", folder.name, "-o", str(tmp_path), data=data).returncode == 2
    assert tmp_path.is_dir()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda r: {**r, "at": "2001-01-01T09:00:00+01:00"}, "before the event before it"),
        (lambda r: {**r, "speaker": "Iemand Anders"}, "not at this meeting"),
        (lambda r: {**r, "type": "meeting_exploded"}, "unknown event type"),
    ],
    ids=["time-backwards", "stranger", "unknown-type"],
)
def test_a_record_that_does_not_fit_the_meeting_is_damage(data: Path, damage, message: str) -> None:  # type: ignore[no-untyped-def]
    import json

    folder = demo(data)
    journal = folder / "journal.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if '"turn_started"' in line and i > 5)
    lines[number] = json.dumps(damage(json.loads(lines[number])), ensure_ascii=False) + "\n"
    journal.write_text("".join(lines), encoding="utf-8")
    before = journal.read_bytes()
    result = overleg("export", folder.name, "-o", "-", data=data)
    assert result.returncode == 2, result.stdout[:200]
    assert f":{number + 1}:" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert journal.read_bytes() == before
