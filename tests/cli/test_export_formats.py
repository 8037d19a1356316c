"""`overleg export --format html|txt`, run for real: to a file, to stdout, shared, decisions."""

from __future__ import annotations

import re
import shutil
import stat
import tomllib
from pathlib import Path

import pytest
from test_cli import CASUS, data, demo, overleg

__all__ = ["data"]  # the fixture, used by name


def clients() -> list[str]:
    items = tomllib.loads(CASUS.read_text("utf-8"))["items"]
    return [c for item in items for c in item.get("clients", [])]


@pytest.mark.parametrize("format", ["html", "txt"])
def test_export_writes_a_file_and_stdout_alike(data: Path, format: str) -> None:
    folder = demo(data)
    out = data.parent / f"verslag.{format}"
    written = overleg("export", folder.name, "--format", format, "-o", str(out), data=data)
    assert written.returncode == 0, written.stderr
    assert written.stdout.strip() == str(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_text(encoding="utf-8")
    shown = overleg("export", folder.name, "--format", format, "-o", "-", data=data)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == text
    again = overleg("export", folder.name, "--format", format, "-o", "-", data=data)
    assert again.stdout == text  # the same journal gives the same bytes
    assert "Besluitenlijst" in text and "Actielijst" in text
    if format == "html":
        assert text.startswith("<!DOCTYPE html>") and '<html lang="nl">' in text
        assert "<script" not in text
    else:
        assert "**" not in text and "|---|" not in text and "\\" not in text
        assert max(len(line) for line in text.splitlines()) <= 72


@pytest.mark.parametrize("format", ["html", "txt"])
def test_export_shared_and_decisions_only_beside_the_journal(data: Path, format: str) -> None:
    folder = demo(data)
    full = overleg("export", folder.name, "--format", format, data=data)
    assert full.returncode == 0, full.stderr
    assert (folder / f"minutes.{format}").is_file()
    shared = overleg("export", folder.name, "--format", format, "--share", data=data)
    assert shared.returncode == 0, shared.stderr
    text = (folder / f"minutes-share.{format}").read_text(encoding="utf-8")
    assert clients(), "the shipped casusoverleg names its households"
    for name in clients():
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text), name
    decisions = overleg(
        "export", folder.name, "--format", format, "--share", "--decisions-only", data=data
    )
    assert decisions.returncode == 0, decisions.stderr
    brief = (folder / f"minutes-share-decisions.{format}").read_text(encoding="utf-8")
    assert "Besluitenlijst" in brief and "Spreektijd per persoon" not in brief
    assert len(brief) < len(text)


# Debian's Chromium, headless as root on a machine with no network but the package registries:
# no sandbox, no GPU, nothing fetched in the background, its own empty profile.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",  # so the page numbers read back are the stylesheet's own
]
A4_PTS = (595.28, 841.89)
WEEKDAYS_NL = "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()
MONTHS_NL = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()


def test_html_prints_to_pdf_with_its_text(data: Path, tmp_path: Path) -> None:
    """The HTML minutes printed by a real browser: A4, numbered pages, every heading there."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("needs chromium and poppler-utils (pdftotext, pdfinfo); .ci/run installs them")
    import subprocess

    folder = demo(data)
    page = tmp_path / "verslag.html"
    exported = overleg("export", folder.name, "--format", "html", "-o", str(page), data=data)
    assert exported.returncode == 0, exported.stderr
    pdf = tmp_path / "verslag.pdf"
    printed = subprocess.run(
        [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert printed.returncode == 0 and pdf.is_file(), printed.stderr[-2000:]

    info = subprocess.run(
        ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size, info
    width, height = float(size[1]), float(size[2])
    assert abs(width - A4_PTS[0]) < 1 and abs(height - A4_PTS[1]) < 1, info  # portrait A4
    pages_found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert pages_found, info
    pages = int(pages_found[1])
    assert pages >= 2, info  # the demo's minutes run over more than one page

    read = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    text = " ".join(read.split())  # a heading that wraps still reads as one
    agenda = tomllib.loads(CASUS.read_text("utf-8"))
    assert agenda["meeting"]["title"] in text
    day = agenda["meeting"]["date"]  # written out in Dutch: "donderdag 3 december 2026"
    assert f"{WEEKDAYS_NL[day.weekday()]} {day.day} {MONTHS_NL[day.month - 1]} {day.year}" in text
    for number, item in enumerate(agenda["items"], start=1):
        assert f"{number}. {item['title']}" in text, item["title"]
    assert "Besluitenlijst" in text and "Actielijst" in text
    assert "Besluit 3.1" in text
    # Each page carries "n/N" at its foot, from the stylesheet's @page counter, and the title and
    # day at its head.
    for number in range(1, pages + 1):
        assert re.search(rf"^\s*{number}\s*/\s*{pages}\s*$", read, re.M), number
    head = f"Verslag {agenda['meeting']['title']} · {WEEKDAYS_NL[day.weekday()]} {day.day} "
    sheets = [" ".join(sheet.split()) for sheet in read.split("\f") if sheet.strip()]
    assert len(sheets) == pages and all(head in sheet for sheet in sheets), sheets
