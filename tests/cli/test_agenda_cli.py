"""`overleg check` and `overleg run` on every kind of bad agenda file, run for real.

Whatever is wrong with the file, the answer names it and its place, exits 2, and puts no
traceback and no raw control character on the terminal.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MINIMAL = """\
[meeting]
title = "Casusoverleg"

[[items]]
title = "Rondvraag"
duration = "10m"
"""


def overleg(*args: str, tmp: Path, lang: str = "") -> subprocess.CompletedProcess[str]:
    """`overleg ARGS` with its folders in `tmp`; a hang fails the test instead of the suite."""
    env = {
        **os.environ,
        "OVERLEG_DATA_DIR": str(tmp / "data"),
        "OVERLEG_CONFIG_DIR": str(tmp / "config"),
        "OVERLEG_LOG_DIR": str(tmp / "log"),
        "OVERLEG_LANG": lang,
    }
    return subprocess.run(
        [sys.executable, "-m", "overleg", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def plain(text: str) -> bool:
    """No character a terminal acts on: C0 (but newline and tab), DEL, C1, bidi overrides."""
    return not any(
        (ord(c) < 0x20 and c not in "\n\t")
        or 0x7F <= ord(c) <= 0x9F
        or 0x202A <= ord(c) <= 0x202E
        or 0x2066 <= ord(c) <= 0x2069
        for c in text
    )


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """The stderr of a refusal, checked for what a refusal never shows."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert "onverwachte fout" not in result.stderr and "unexpected" not in result.stderr
    assert plain(result.stderr) and plain(result.stdout), repr(result.stderr)
    return result.stderr


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BAD = {
    "deep-lists": (MINIMAL + "x = " + "[" * 5000 + "]" * 5000 + "\n", ":7:37: lists or inline"),
    "deep-tables": (MINIMAL + "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", ":7:165: lists"),
    "long-key": (MINIMAL + "a" + ".a" * 50000 + " = 1\n", ":7:64: a key has more than 32 parts"),
    "huge-int": (MINIMAL + "x = " + "9" * 5000 + "\n", ":7:5: a number of 5000 digits"),
    "huge-duration": (MINIMAL.replace('"10m"', "9" * 5000), ":6:12: a number of 5000 digits"),
    "escape": (MINIMAL.replace("Rondvraag", "Rond\x1b[2Jvraag"), ":5:14: control character U+001B"),
    "escaped-escape": (
        MINIMAL.replace("Rondvraag", "Rond\\u001b]0;titel\\u0007vraag"),
        ":5:1: items[1].title contains the control character(s) U+001B (ESC), U+0007 (BEL)",
    ),
    "bad-duration": (MINIMAL.replace('"10m"', '"tien minuten"'), ":6:1: items[1].duration"),
}


@pytest.mark.parametrize("name", sorted(BAD))
@pytest.mark.parametrize("command", ["check", "run"])
def test_a_bad_agenda_is_a_located_answer(name: str, command: str, tmp_path: Path) -> None:
    text, fragment = BAD[name]
    path = write(tmp_path, f"{name}.toml", text)
    stderr = refused(overleg(command, str(path), tmp=tmp_path))
    assert f"{path}{fragment}" in stderr, stderr
    assert len(stderr) < 2000, "a message, not the file"


def test_a_bad_duration_shows_what_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", MINIMAL.replace('"10m"', '"tien minuten"'))
    stderr = refused(overleg("check", str(path), tmp=tmp_path))
    for example in ('"45s"', '"5 min"', '"90min"', '"1h30m"', '"1,5 uur"'):
        assert example in stderr, stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", ["check", "run"])
def test_a_named_pipe_is_refused_at_once(command: str, tmp_path: Path) -> None:
    pipe = tmp_path / "pijp.toml"
    os.mkfifo(pipe)
    stderr = refused(overleg(command, str(pipe), tmp=tmp_path))
    assert f"{pipe}: this is a named pipe (FIFO), not an agenda file" in stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_without_reading_it(device: str, tmp_path: Path) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    stderr = refused(overleg("check", device, tmp=tmp_path))
    assert f"{device}: this is a device, not an agenda file" in stderr


def test_a_folder_and_a_large_file_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "groot.toml"
    big.write_bytes(MINIMAL.encode() + b"#" * (3 * 1024 * 1024))
    stderr = refused(overleg("check", str(tmp_path), str(big), tmp=tmp_path))
    assert f"{tmp_path}: this is a folder, not an agenda file" in stderr
    assert f"{big}: the file is too large for an agenda: {big.stat().st_size:,} bytes" in stderr
    assert stderr.splitlines()[-1] == "2 problemen in 2 van 2 bestand(en)"


def test_a_control_character_in_a_file_name_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "rood\x1b[31m.toml"
    path.write_text(MINIMAL.replace('"10m"', '"10"'), encoding="utf-8")
    stderr = refused(overleg("check", str(path), tmp=tmp_path))
    assert f"{tmp_path}/rood\\u001B[31m.toml:6:1: items[1].duration" in stderr


def test_durations_and_roles_as_people_write_them(tmp_path: Path) -> None:
    text = """\
[meeting]
title = "Casusoverleg"
duration = "1,5 uur"

[[participants]]
name = "Anouk de Vries"
role = "voorzitter"

[[participants]]
name = "Sanne Bakker"
role = "notulist"

[[participants]]
name = "Lotte Smit"
role = "gast"

[[items]]
title = "Opening"
duration = "5 min"

[[items]]
title = "Casus gezin J."
duration = "1h"
method = "casus"

[[items]]
title = "Rondvraag"
duration = "15 minuten"
"""
    path = write(tmp_path, "gewoon.toml", text)
    result = overleg("check", str(path), tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 agenda in orde\n" and result.stderr == ""


def test_items_longer_than_the_meeting_are_a_warning_in_either_language(tmp_path: Path) -> None:
    text = MINIMAL.replace('title = "Casusoverleg"', 'title = "Casusoverleg"\nduration = "1h"')
    text += '\n[[items]]\ntitle = "Casus"\nduration = "1h"\n'
    path = write(tmp_path, "lang.toml", text)
    dutch = overleg("check", str(path), tmp=tmp_path)
    assert dutch.returncode == 0, dutch.stderr
    assert dutch.stdout == "1 agenda in orde\n"
    assert dutch.stderr == (
        f"{path}:3:1: waarschuwing: de agendapunten duren samen 1h10m, 10m langer dan de "
        "vergadering (1h); maak punten korter of de vergadering langer\n"
    )
    english = overleg("check", str(path), tmp=tmp_path, lang="en")
    assert english.returncode == 0 and english.stdout == "1 agenda OK\n"
    assert english.stderr == (
        f"{path}:3:1: warning: the items add up to 1h10m, 10m more than the meeting's duration "
        "(1h); shorten items or lengthen the meeting\n"
    )


def test_the_shipped_agendas_give_no_warning(tmp_path: Path) -> None:
    shipped = sorted(str(p) for p in (ROOT / "agendas").glob("*.toml"))
    result = overleg("check", *shipped, tmp=tmp_path)
    assert result.returncode == 0 and result.stderr == "", result.stderr
