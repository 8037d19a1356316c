"""The wheel, built from this checkout and installed in a fresh virtual environment outside it.

`overleg demo` and `overleg check` then run from another folder, as for someone who installed the
tool: the shipped agendas, the texts and the methods must travel inside the package.

The dependencies are installed at the versions this environment has, from a wheelhouse that pip
fills from its cache (or the index), and then with `--no-index`: what is tested is this wheel
with what the rest of the suite ran against, not whatever the index holds today.
"""

from __future__ import annotations

import email.parser
import os
import re
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]


def _run(args: list[str | Path]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def _requirements(wheel: Path) -> list[str]:
    """What the wheel's own metadata asks for (the checkout's pyproject.toml, which may be newer
    than the metadata of the overleg installed here)."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        text = archive.read(name).decode("utf-8")
    return email.parser.Parser().parsestr(text).get_all("Requires-Dist") or []


def _pins(wheel: Path) -> list[str]:
    """`name==version` for every distribution the wheel needs at run time (extras followed), at
    the version installed here; a requirement not installed here is passed on as it is."""
    pins: dict[str, str] = {}
    done: set[tuple[str, str]] = set()
    todo = [(Requirement(line), "") for line in _requirements(wheel)]
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        key = re.sub(r"[-_.]+", "-", req.name).lower()
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            pins.setdefault(key, str(req))
            continue
        pins[key] = f"{key}=={dist.version}"
        for wanted in ("", *req.extras):
            if (key, wanted) in done:
                continue
            done.add((key, wanted))
            todo += [(Requirement(line), wanted) for line in dist.requires or []]
    return sorted(pins.values())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    try:  # hatchling at hand: no build environment to set up
        import hatchling  # noqa: F401

        isolation = ["--no-build-isolation"]
    except ImportError:
        isolation = []
    _run([*PIP, "wheel", "--no-deps", "-q", *isolation, "-w", out, ROOT])
    (built,) = out.glob("overleg-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment (no system site-packages) with only the wheel and its deps."""
    house = tmp_path_factory.mktemp("wheelhouse")
    _run([*PIP, "wheel", "--no-deps", "-q", "-w", house, *_pins(wheel)])
    env = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--clear", "--without-pip", env])
    python = env / "bin" / "python"
    _run([*PIP, "--python", python, "install", "-q", "--no-index", "--find-links", house, wheel])
    return env


@pytest.fixture
def elsewhere(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A folder away from the checkout to run in, and an environment whose overleg folders and
    temporary files all lie in `tmp_path`."""
    cwd = tmp_path / "elders"
    cwd.mkdir()
    (tmp_path / "tmp").mkdir()
    env = {
        k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    env.update(
        OVERLEG_DATA_DIR=str(tmp_path / "data"),
        OVERLEG_CONFIG_DIR=str(tmp_path / "config"),
        OVERLEG_LOG_DIR=str(tmp_path / "log"),
        OVERLEG_LANG="",
        TMPDIR=str(tmp_path / "tmp"),
        PYTHONNOUSERSITE="1",
    )
    return cwd, env


def test_the_wheel_carries_the_agendas_texts_and_methods(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = sorted(p.name for p in (ROOT / "agendas").glob("*.toml"))
    assert len(shipped) >= 4
    for name in shipped:
        assert f"overleg/data/agendas/{name}" in names, name
    assert "overleg/data/methods.toml" in names
    assert "overleg/data/demo.toml" in names
    for language in ("nl", "en"):
        texts = {n for n in names if n.startswith(f"overleg/data/i18n/{language}/")}
        assert texts >= {
            f"overleg/data/i18n/{language}/{part}.toml"
            for part in ("cli", "engine", "minutes", "ui")
        }, language
    assert any(n.endswith(".dist-info/entry_points.txt") for n in names)


def test_installed_overleg_runs_demo_and_check_from_another_folder(
    venv: Path, elsewhere: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    cwd, env = elsewhere

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
        )

    where = run(venv / "bin" / "python", "-c", "import overleg; print(overleg.__file__)")
    assert where.returncode == 0, where.stderr
    package = Path(where.stdout.strip()).resolve().parent
    assert package.is_relative_to(venv.resolve()), package
    assert not package.is_relative_to(ROOT), package  # not the checkout's overleg

    overleg = venv / "bin" / "overleg"
    version = run(overleg, "--version")
    assert version.returncode == 0 and version.stdout.startswith("overleg "), version.stderr

    # `overleg demo` with no agenda holds the shipped casusoverleg, found inside the package.
    held = run(overleg, "demo")
    assert held.returncode == 0, held.stderr
    assert "Traceback" not in held.stderr
    paths = [Path(p) for p in re.findall(r"(/\S+\.(?:md|toml|jsonl))$", held.stdout, re.M)]
    assert {p.name for p in paths} == {"minutes.md", "minutes.toml", "journal.jsonl"}, held.stdout
    for path in paths:
        assert path.is_file() and path.is_relative_to(tmp_path), path
    minutes = next(p for p in paths if p.name == "minutes.md").read_text(encoding="utf-8")
    assert "Casusoverleg" in minutes
    assert "Besluitenlijst" in minutes and "Actielijst" in minutes

    agendas = sorted((package / "data" / "agendas").glob("*.toml"))
    assert len(agendas) >= 4
    checked = run(overleg, "check", *agendas)
    assert checked.returncode == 0, checked.stderr

    (cwd / "kapot.toml").write_text(
        '[meeting]\ntitle = "x"\n[[items]]\ntitle = "a"\nduration = "5"\n', encoding="utf-8"
    )
    (cwd / "syntax.toml").write_text('[meeting]\ntitle = "x\n', encoding="utf-8")
    bad = run(overleg, "check", "kapot.toml", "syntax.toml")
    assert bad.returncode == 2, bad.stderr
    assert "Traceback" not in bad.stderr
    assert "kapot.toml" in bad.stderr and "duration" in bad.stderr
    assert "syntax.toml:2:" in bad.stderr  # located: the file and the line
