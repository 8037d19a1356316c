"""The agenda editor's model (`overleg.draft`): typed edits on the TOML text, checked as
`overleg check` checks it, each message beside its field; saved through the chair service."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from overleg.agenda import check_files, load_agenda, method_names, method_summary, parse_agenda
from overleg.chair.service import Service
from overleg.draft import Draft, NotSaved, field_of, key_path

ROOT = Path(__file__).resolve().parents[2]
AGENDAS = ROOT / "agendas"

HAND_WRITTEN = """\
# Ons eigen overleg: met de hand geschreven.
[meeting]
title = "Wijkoverleg"   # zo heet het al jaren
duration = "1h"

# Wie er altijd zijn
[[participants]]
name = "Anouk de Vries"
role = "voorzitter"

[[participants]]
name = "Sanne Kok"

[[items]]
title = "Opening"
duration = "5m"
method = "round"

[[items]]
# het belangrijkste punt
title = "Casus"
duration = "40m"
method = "casus"
presenter = "Sanne Kok"
"""


@pytest.fixture(autouse=True)
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OVERLEG_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def hand_written(tmp_path: Path) -> Path:
    path = tmp_path / "mine" / "wijk.toml"
    path.parent.mkdir()
    path.write_text(HAND_WRITTEN, "utf-8")
    return path


def five_items() -> Draft:
    draft = Draft.new()
    draft.set(("meeting", "title"), "Directeurenoverleg")
    draft.set(("meeting", "date"), "2026-12-08 09:30")
    draft.set(("meeting", "duration"), "1h30m")
    chair = draft.add_participant()
    draft.set(("participants", chair, "name"), "Marieke Janssen")
    draft.set(("participants", chair, "role"), "chair")
    draft.set(("participants", chair, "email"), "marieke@example.org")
    for title, method, duration in [
        ("Opening", "round", "5m"),
        ("Verslag", "minutes-review", "5m"),
        ("Eén toegang", "bob", "30m"),
        ("Mandaat", "consent", "20m"),
        ("Rondvraag", "", "10m"),
    ]:
        index = draft.add_item()
        draft.set(("items", index, "title"), title)
        draft.set(("items", index, "method"), method)
        draft.set(("items", index, "duration"), duration)
    return draft


def test_key_paths_of_the_checker_name_the_editors_fields() -> None:
    assert key_path("items[2].duration") == ("items", 1, "duration")
    assert field_of(key_path("items[2].duration")) == ("items", 1, "duration")
    assert field_of(key_path("items[3].clients[1]")) == ("items", 2, "clients")
    assert field_of(key_path("items[1].phases[2].kind")) == ("items", 0, "method")
    assert field_of(key_path("items[1].duraton")) == ("items", 0)
    assert field_of(key_path("participants[2].name")) == ("participants", 1, "name")
    assert field_of(key_path("meeting.date")) == ("meeting", "date")
    assert field_of(key_path("meeting")) == ("meeting",)
    assert field_of(key_path("items")) == ("items",)


def test_an_agenda_built_from_nothing_passes_the_check() -> None:
    draft = five_items()
    check = draft.check()
    assert check.ok, check.problems
    agenda = parse_agenda(draft.text())
    assert [i.title for i in agenda.items] == [
        "Opening",
        "Verslag",
        "Eén toegang",
        "Mandaat",
        "Rondvraag",
    ]
    assert agenda.items[4].method is None  # an open discussion: no method key
    assert agenda.date is not None and agenda.date.isoformat() == "2026-12-08T09:30:00"
    assert draft.planned().items == 70 * 60 and draft.planned().meeting == 90 * 60


def test_each_problem_is_put_beside_its_field() -> None:
    draft = five_items()
    draft.set(("items", 2, "duration"), "30")
    draft.set(("items", 3, "presenter"), "Niemand Bekend")
    draft.set(("meeting", "date"), "volgende week")
    check = draft.check()
    assert not check.ok
    assert "no unit" in check.at(("items", 2, "duration"))[0].text
    assert "not among the participants" in check.at(("items", 3, "presenter"))[0].text
    assert "date with a time" in check.at(("meeting", "date"))[0].text
    assert check.at(("items", 0, "duration")) == []


def test_items_longer_than_the_meeting_warn_beside_its_duration() -> None:
    draft = five_items()
    draft.set(("meeting", "duration"), "1h")
    check = draft.check()
    assert check.ok
    (note,) = check.at(("meeting", "duration"))
    assert note.warning and note.code == "over_time" and note.params["over"] == "10m"
    assert draft.planned().over == 10 * 60


def test_an_empty_title_is_a_problem_of_the_title_field() -> None:
    draft = Draft.new()
    check = draft.check()
    assert check.at(("meeting", "title"))
    assert check.at(("items",)), "no items: said of the items as a whole"


def test_a_hand_written_file_keeps_its_comments_and_layout(tmp_path: Path) -> None:
    path = hand_written(tmp_path)
    draft = Draft.open(path)
    assert draft.layout_kept
    assert draft.text() == HAND_WRITTEN, "nothing edited: the very same text"
    draft.set(("meeting", "place"), "Wijkcentrum De Bron")
    draft.set(("items", 1, "duration"), "45m")
    text = draft.text()
    for kept in (
        "# Ons eigen overleg: met de hand geschreven.",
        'title = "Wijkoverleg"   # zo heet het al jaren',
        "# Wie er altijd zijn",
        "# het belangrijkste punt",
        'role = "voorzitter"',
    ):
        assert kept in text
    expected = HAND_WRITTEN.replace(
        'duration = "1h"\n', 'duration = "1h"\nplace = "Wijkcentrum De Bron"\n'
    ).replace('duration = "40m"', 'duration = "45m"')
    assert text == expected, "only the values edited differ"


def test_choosing_the_role_a_file_writes_in_dutch_changes_nothing(tmp_path: Path) -> None:
    draft = Draft.open(hand_written(tmp_path))
    assert draft.value(("participants", 0, "role")) == "chair"
    draft.set(("participants", 0, "role"), "chair")
    draft.set(("participants", 1, "role"), "member")  # none written: a member already
    assert not draft.changed and draft.text() == HAND_WRITTEN


def test_people_and_items_are_added_removed_and_moved(tmp_path: Path) -> None:
    draft = Draft.open(hand_written(tmp_path))
    assert draft.move("items", 1, -1) == 0
    assert draft.title_of("items", 0) == "Casus"
    new = draft.add_item(after=0)
    assert new == 1 and draft.count("items") == 3
    draft.set(("items", 1, "title"), "Pauze")
    draft.remove("items", 2)
    assert [draft.title_of("items", i) for i in range(2)] == ["Casus", "Pauze"]
    draft.set(("participants", 1, "name"), "Sanne Kok-de Wit")
    assert draft.value(("items", 0, "presenter")) == "Sanne Kok-de Wit", "the presenter follows"
    draft.remove("participants", 1)
    assert draft.value(("items", 0, "presenter")) == ""
    assert draft.check().ok, draft.check().problems
    assert "# het belangrijkste punt" in draft.text()


def test_a_method_replaces_the_items_own_phases() -> None:
    draft = Draft.from_text((AGENDAS / "directeurenoverleg.toml").read_text("utf-8"))
    assert draft.value(("items", 8, "method")) == "(phases)"
    draft.set(("items", 8, "method"), "(phases)")
    assert not draft.changed
    draft.set(("items", 8, "method"), "round")
    assert "phases" not in draft.document["items"][8]
    assert draft.check().ok


def test_a_key_added_to_an_item_with_phases_stays_the_items() -> None:
    draft = Draft.from_text((AGENDAS / "directeurenoverleg.toml").read_text("utf-8"))
    draft.set(("items", 1, "presenter"), "Ruud van Dijk")
    draft.set(("items", 9, "clients"), "gezin J., Jansen")
    agenda = parse_agenda(draft.text())
    assert agenda.items[1].presenter == "Ruud van Dijk"
    assert agenda.items[9].clients == ("gezin J.", "Jansen")
    assert len(agenda.items[1].phases) == 1


def test_every_built_in_method_has_a_summary_in_both_languages() -> None:
    for name in method_names():
        for language in ("nl", "en"):
            summary = method_summary(name, language)
            assert summary and "\n" not in summary and len(summary) <= 90


def test_a_new_agenda_is_saved_private_in_the_users_folder_and_checks(
    tmp_path: Path, own_config: Path
) -> None:
    service = Service(tmp_path / "data")
    draft = five_items()
    saved = service.save_draft(draft)
    assert saved.reason == "new"
    assert saved.path == own_config / "agendas" / "directeurenoverleg-2026-12-08.toml"
    assert stat.S_IMODE(saved.path.stat().st_mode) == 0o600
    assert check_files(saved.path) == []
    run = subprocess.run(
        [sys.executable, "-m", "overleg", "check", str(saved.path)],
        capture_output=True,
        text=True,
        env={**os.environ, "OVERLEG_CONFIG_DIR": str(own_config)},
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    again = service.save_draft(draft)  # the second save goes to the same file
    assert again.path == saved.path and again.reason == "same"


def test_an_agenda_the_checker_refuses_is_not_saved(tmp_path: Path, own_config: Path) -> None:
    service = Service(tmp_path / "data")
    draft = five_items()
    draft.set(("items", 0, "duration"), "5")
    with pytest.raises(NotSaved) as refused:
        service.save_draft(draft)
    assert "no unit" in str(refused.value)
    assert not (own_config / "agendas").exists()


def test_an_edited_file_is_saved_in_its_place(tmp_path: Path) -> None:
    path = hand_written(tmp_path)
    draft = Draft.open(path)
    draft.set(("meeting", "duration"), "1h15m")
    saved = Service(tmp_path / "data").save_draft(draft)
    assert (saved.path, saved.reason) == (path, "same")
    assert "# zo heet het al jaren" in path.read_text("utf-8")
    assert load_agenda(path).duration == 75 * 60


def test_a_shipped_template_is_saved_as_a_copy(tmp_path: Path, own_config: Path) -> None:
    service = Service(tmp_path / "data")
    template = AGENDAS / "casusoverleg.toml"
    before = template.read_text("utf-8")
    draft = service.open_draft(template)
    draft.set(("meeting", "place"), "Elders")
    saved = service.save_draft(draft)
    assert saved.reason == "shipped" and saved.copy
    assert saved.path == own_config / "agendas" / "casusoverleg.toml"
    assert template.read_text("utf-8") == before
    assert 'place = "Elders"' in saved.path.read_text("utf-8")


def test_a_file_whose_layout_cannot_be_kept_is_saved_as_a_copy(tmp_path: Path) -> None:
    path = hand_written(tmp_path)
    draft = Draft.open(path)
    draft.layout_kept = False  # as when tomlkit would not give the file back as written
    target, reason = draft.target(tmp_path / "config" / "agendas", AGENDAS)
    assert reason == "layout" and target == tmp_path / "config" / "agendas" / "wijk.toml"
    (tmp_path / "config" / "agendas").mkdir(parents=True)
    target.write_text("taken", "utf-8")
    assert draft.target(tmp_path / "config" / "agendas", AGENDAS)[0].name == "wijk-2.toml"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_file_is_saved_as_a_copy(tmp_path: Path, own_config: Path) -> None:
    path = hand_written(tmp_path)
    path.chmod(0o400)
    draft = Draft.open(path)
    draft.set(("meeting", "place"), "Elders")
    saved = Service(tmp_path / "data").save_draft(draft)
    assert saved.reason == "read_only"
    assert saved.path == own_config / "agendas" / "wijk.toml"
    assert path.read_text("utf-8") == HAND_WRITTEN


def test_a_new_agenda_from_a_template_starts_without_its_date(tmp_path: Path) -> None:
    service = Service(tmp_path / "data")
    starts = service.draft_starts()
    template = next(s for s in starts if s.path.name == "directeurenoverleg.toml")
    assert template.kind == "template" and template.title == "Directeurenoverleg sociaal domein"
    draft = service.open_draft(None, template.path)
    assert draft.origin is None and draft.value(("meeting", "date")) == ""
    assert draft.count("items") == 10 and len(draft.roster) == 8
    assert draft.pickable() == []
    draft.remove("participants", 7)
    assert [p["name"] for p in draft.pickable()] == ["Lotte Smit"]


def test_the_draft_imports_nothing_from_textual_or_rich() -> None:
    code = (
        "import sys\n"
        "import overleg.draft\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
