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


def test_html_prints_to_pdf_with_its_text(data: Path, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None or shutil.which("pdftotext") is None:
        pytest.skip("needs chromium and pdftotext (poppler-utils), neither is installed here")
    import subprocess

    folder = demo(data)
    page = tmp_path / "verslag.html"
    assert (
        overleg("export", folder.name, "--format", "html", "-o", str(page), data=data).returncode
        == 0
    )
    pdf = tmp_path / "verslag.pdf"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", f"--print-to-pdf={pdf}", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    read = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    )
    assert "Besluitenlijst" in read.stdout and "Actielijst" in read.stdout
