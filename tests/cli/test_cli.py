"""The command line, run for real in subprocesses against temporary folders."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AGENDAS = sorted((ROOT / "agendas").glob("*.toml"))
CASUS = ROOT / "agendas" / "casusoverleg.toml"


def overleg(
    *args: str, data: Path, stdin: str | None = None, lang: str = ""
) -> subprocess.CompletedProcess[str]:
    """`overleg ARGS` with `data` as its data folder and OVERLEG_LANG set to `lang`."""
    env = {**os.environ, "OVERLEG_DATA_DIR": str(data), "OVERLEG_LANG": lang}
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
        assert "gebruik: overleg " + command in sub.stdout
        english = overleg(command, "--help", "--lang", "en", data=data)
        assert english.returncode == 0, command
        assert "usage: overleg " + command in english.stdout


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
    assert actions.returncode == 0 and "3.1 van 3 december" in actions.stdout
    assert folder.name not in actions.stdout  # a meeting is named by its date, not its folder


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
    assert "**3.1 van 3 december**" in review and "afgerond" in review


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
    assert "terminal nodig" in result.stderr and "Traceback" not in result.stderr
    english = overleg("run", "--lang", "en", str(CASUS), data=data, stdin="")
    assert english.returncode == 1 and "needs a terminal" in english.stderr


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
    assert "Besluitenlijst" in dutch.stdout, "the minutes' own labels follow --lang"
    assert "Vraagverheldering" not in dutch.stdout, "phases keep the words they were held in"


def test_a_meeting_held_in_dutch_keeps_its_phase_titles_in_english_minutes(data: Path) -> None:
    folder = demo(data)
    held = (folder / "minutes.md").read_text(encoding="utf-8")
    assert "Vraagverheldering" in held
    english = overleg("export", folder.name, "--lang", "en", "-o", "-", data=data)
    assert english.returncode == 0, english.stderr
    assert "Decision list" in english.stdout and "Vraagverheldering" in english.stdout


def test_an_ambiguous_meeting_names_the_candidates(data: Path) -> None:
    first = demo(data)
    overleg("--data-dir", str(data), "demo", str(CASUS), data=data)
    result = overleg("export", first.name[:10], data=data)
    assert result.returncode == 2
    assert "meerdere vergaderingen" in result.stderr and first.name in result.stderr


def test_a_meeting_open_elsewhere_is_not_called_damaged(data: Path) -> None:
    from overleg.journal import Journal

    folder = demo(data)
    journal, _ = Journal.open_for_append(folder / "journal.jsonl")
    try:
        result = overleg("resume", folder.name, data=data, stdin="")
    finally:
        journal.close()
    assert result.returncode == 1
    assert "al geopend" in result.stderr and "beschadigd" not in result.stderr


def test_a_data_dir_that_is_a_file_is_said_plainly(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    result = overleg("list", data=afile)
    assert result.returncode == 1
    assert "geen map" in result.stderr and "Traceback" not in result.stderr
    english = overleg("list", data=afile, lang="en")
    assert english.returncode == 1 and "not a folder" in english.stderr


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
    assert result.returncode == 2 and "geen gewoon bestand" in result.stderr
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

    from overleg.journal import line_bytes

    folder = demo(data)
    journal = folder / "journal.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if '"turn_started"' in line and i > 5)
    record = damage(json.loads(lines[number]))
    del record["crc"]
    lines[number] = line_bytes(record).decode("utf-8")
    journal.write_text("".join(lines), encoding="utf-8")
    before = journal.read_bytes()
    result = overleg("export", folder.name, "-o", "-", data=data)
    assert result.returncode == 2, result.stdout[:200]
    assert f":{number + 1}:" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert journal.read_bytes() == before


# --- the language of what the command line says -----------------------------------------------


def later_casus(tmp_path: Path, language: str = "nl") -> Path:
    """The shipped casusoverleg two weeks on (its own actions get their own ids), in `language`."""
    text = CASUS.read_text(encoding="utf-8")
    text = text.replace("date = 2026-12-03T13:30:00", "date = 2026-12-17T13:30:00")
    text = text.replace('language = "nl"', f'language = "{language}"')
    assert "2026-12-17" in text and f'language = "{language}"' in text
    path = tmp_path / f"casus-{language}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_messages_are_dutch_unless_another_language_is_asked_for(data: Path) -> None:
    dutch = overleg("list", data=data)
    assert dutch.returncode == 0 and dutch.stderr == "Nog geen vergaderingen.\n"
    for english in (
        overleg("list", "--lang", "en", data=data),
        overleg("--lang", "en", "list", data=data),
        overleg("list", data=data, lang="en"),
    ):
        assert english.returncode == 0 and english.stderr == "No meetings yet.\n"
    assert overleg("list", "--lang", "nl", data=data, lang="en").stderr.startswith("Nog geen")

    checked = overleg("check", str(CASUS), data=data)
    assert checked.returncode == 0 and checked.stdout == "1 agenda in orde\n"
    both = overleg("check", str(CASUS), str(CASUS), data=data, lang="en")
    assert both.stdout == "2 agendas OK\n"

    missing = overleg("export", "bestaat-niet", data=data)
    assert missing.returncode == 2 and "geen vergadering" in missing.stderr
    assert "no meeting" not in missing.stderr
    missing_en = overleg("export", "bestaat-niet", "--lang", "en", data=data)
    assert missing_en.returncode == 2 and "no meeting" in missing_en.stderr

    resumed = overleg("resume", data=data)
    assert resumed.returncode == 2 and "geen onderbroken vergadering" in resumed.stderr


def test_a_failed_check_sums_up_in_the_language(tmp_path: Path, data: Path) -> None:
    broken = tmp_path / "kapot.toml"
    broken.write_text('[meeting]\ntitle = "x"\n[[items]]\ntitle = "a"\nduration = "5"\n', "utf-8")
    dutch = overleg("check", str(broken), str(CASUS), data=data)
    assert dutch.returncode == 2
    assert dutch.stderr.splitlines()[-1].endswith("in 1 van 2 bestand(en)")
    english = overleg("check", str(broken), str(CASUS), data=data, lang="en")
    assert english.returncode == 2
    assert english.stderr.splitlines()[-1].endswith("in 1 of 2 file(s)")


def test_demo_list_and_actions_speak_the_language(tmp_path: Path, data: Path) -> None:
    held = overleg("demo", "--data-dir", str(data), str(CASUS), data=data)
    assert held.returncode == 0, held.stderr
    assert held.stdout.startswith("Demovergadering gehouden: Casusoverleg")
    assert "verslag (Markdown):" in held.stdout and "logboek:" in held.stdout
    again = overleg(
        "demo", "--data-dir", str(data), str(later_casus(tmp_path)), "--lang", "en", data=data
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Demo meeting held: ")
    assert "minutes (Markdown):" in again.stdout and "journal:" in again.stdout

    listed = overleg("list", data=data)
    assert listed.stdout.count("  afgesloten (concept)  ") == 2 and "ended" not in listed.stdout
    assert overleg("list", data=data, lang="en").stdout.count("  ended (draft)  ") == 2

    texts = {"nl": ("gedaan", "done"), "en": ("done", "gedaan")}
    for lang, (word, other) in texts.items():
        actions = overleg("actions", data=data, lang=lang)
        assert actions.returncode == 0, actions.stderr
        lines = actions.stdout.splitlines()
        rows = [line for line in lines if not line.startswith(" ")]  # history lines indented
        assert len(rows) == 8 and len(lines) == 12
        statuses = {re.split(r"\s{2,}", line)[1] for line in rows}
        assert statuses == {"open", word}, statuses
        assert other not in actions.stdout.replace("2026-12-17", "")
        # the columns line up whatever the words' lengths
        assert len({line.index(" 2026-12-") for line in rows}) == 1
    none = overleg("actions", "--series", "elders", data=data)
    assert none.stderr == "Geen actiepunten.\n"


def test_an_english_agenda_speaks_english_unless_told_otherwise(tmp_path: Path, data: Path) -> None:
    english = later_casus(tmp_path, "en")
    held = overleg("demo", str(english), data=data)
    assert held.returncode == 0 and held.stdout.startswith("Demo meeting held: ")
    dutch = overleg("demo", str(english), data=data, lang="nl")
    assert dutch.returncode == 0 and dutch.stdout.startswith("Demovergadering gehouden: ")


def test_help_speaks_the_language(data: Path) -> None:
    dutch = overleg("--help", data=data)
    assert dutch.stdout.startswith("gebruik: overleg")
    assert "opties:" in dutch.stdout and "toon deze hulp" in dutch.stdout
    assert "options:" not in dutch.stdout and "show this help" not in dutch.stdout
    english = overleg("--help", data=data, lang="en")
    assert english.stdout.startswith("usage: overleg") and "options:" in english.stdout
    export = overleg("export", "--help", "--lang=en", data=data)
    assert "pseudonymise" in export.stdout and "usage: overleg export" in export.stdout
    assert "pseudonimiseer" in overleg("export", "--help", data=data).stdout


def unfinished_meeting(data: Path) -> Path:
    """A demo meeting cut before its end: one left running, as a closed laptop leaves it."""
    folder = demo(data)
    journal = folder / "journal.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    end = next(i for i, line in enumerate(lines) if '"turn_started"' in line and i > 5)
    journal.write_text("".join(lines[:end]), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("lang", "said"), [("", "Vergadering bewaard"), ("en", "Meeting saved")])
def test_the_line_after_the_console_speaks_the_language(data: Path, lang: str, said: str) -> None:
    """Run in a terminal (a pty), the console leaves after its first frame and says how to go on."""
    import pty
    import select

    folder = unfinished_meeting(data)
    env = {
        **os.environ,
        "OVERLEG_DATA_DIR": str(data),
        "OVERLEG_LANG": lang,
        "OVERLEG_EXIT_AFTER_FIRST_FRAME": "1",
        "TERM": "xterm-256color",
    }
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "overleg", "resume", folder.name],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    output = b""
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(leader)
        process.wait(timeout=60)
    text = output.decode("utf-8", "replace")
    assert f"{said}" in text and f"overleg resume {folder.name}" in text, text[-500:]


# --- naming a meeting ----------------------------------------------------------------------------


def test_a_meeting_is_named_by_any_unique_part_and_export_takes_the_latest(
    tmp_path: Path, data: Path
) -> None:
    first = demo(data)
    held = overleg("demo", "--data-dir", str(data), str(later_casus(tmp_path)), data=data)
    assert held.returncode == 0, held.stderr
    (later,) = [p for p in data.iterdir() if p.is_dir() and p != first]
    directors = ROOT / "agendas" / "directeurenoverleg.toml"
    assert overleg("demo", "--data-dir", str(data), str(directors), data=data).returncode == 0
    (board,) = [p for p in data.iterdir() if p.is_dir() and p not in (first, later)]

    for ref in ("directeuren", "Sociaal Domein", board.name):
        found = overleg("export", ref, "-o", "-", data=data)
        assert found.returncode == 0, (ref, found.stderr)
        assert "Directeurenoverleg" in found.stdout.splitlines()[0]

    ambiguous = overleg("export", "casusoverleg", data=data)
    assert ambiguous.returncode == 2
    lines = ambiguous.stderr.splitlines()
    assert "'casusoverleg'" in lines[0] and "meerdere vergaderingen" in lines[0]
    # the candidates, the latest first: folder name, title, date
    assert [line.split()[0] for line in lines[1:]] == [later.name, first.name]
    assert "Casusoverleg sociaal wijkteam Noord" in lines[1] and lines[1].endswith("2026-12-17")
    assert lines[2].endswith("2026-12-03")
    english = overleg("export", "wijkteam-noord", data=data, lang="en")
    assert english.returncode == 2 and "matches several meetings" in english.stderr

    assert overleg("export", "12-17", "-o", "-", data=data).returncode == 0

    latest = overleg("export", data=data)  # no name: the latest meeting held, 2026-12-17
    assert latest.returncode == 0, latest.stderr
    assert latest.stdout.strip() == str(later / "minutes.md")

    resumed = overleg("resume", "directeuren", data=data, stdin="")
    assert resumed.returncode == 1 and f"{board.name} is afgesloten" in resumed.stderr


def test_export_without_a_name_and_no_meeting_says_so(data: Path) -> None:
    result = overleg("export", data=data)
    assert result.returncode == 2 and "nog geen vergadering" in result.stderr
    english = overleg("export", data=data, lang="en")
    assert english.returncode == 2 and "no meeting has been held yet" in english.stderr
