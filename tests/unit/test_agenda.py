"""The agenda loader: every rule, the built-in methods, the shipped agendas."""

from __future__ import annotations

import math
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overleg import agenda as agenda_module
from overleg.agenda import (
    PHASE_KINDS,
    ROLES,
    TURN_KINDS,
    Agenda,
    AgendaError,
    Problem,
    check_files,
    format_duration,
    load_agenda,
    method_names,
    method_title,
    parse_agenda,
    parse_duration,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "agendas"
BAD = DATA / "bad"
SHIPPED = sorted((ROOT / "agendas").glob("*.toml"))
EXPECTED = tomllib.loads((DATA / "expected-problems.toml").read_text("utf-8"))["files"]

MINIMAL = """\
[meeting]
title = "Casusoverleg"

[[items]]
title = "Rondvraag"
duration = "10m"
"""


def problems_of(text: str, tmp_path: Path, name: str = "agenda.toml") -> list[Problem]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_files([path])


# --- Bad agenda fixtures -------------------------------------------------------------------------


def test_every_bad_fixture_has_expectations() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_fixture_reports_its_problems(name: str) -> None:
    path = BAD / name
    problems = check_files([path])
    report = "\n".join(str(p) for p in problems)
    assert len(problems) == EXPECTED[name]["count"], report
    for fragment in EXPECTED[name]["expect"]:
        assert str(BAD / fragment) in report
    with pytest.raises(AgendaError) as caught:
        load_agenda(path)
    assert caught.value.problems == problems
    assert str(caught.value) == report


def test_check_files_reports_every_problem_of_every_file() -> None:
    paths = sorted(BAD.iterdir())
    problems = check_files(paths)
    assert {p.path for p in problems} == {str(p) for p in paths}
    assert len(problems) == sum(e["count"] for e in EXPECTED.values())


def test_check_files_takes_a_single_path_and_good_files_give_nothing() -> None:
    assert check_files(SHIPPED) == []
    assert check_files(str(SHIPPED[0])) == []


# --- Files that are not agendas ------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "weg.toml"
    with pytest.raises(AgendaError) as caught:
        load_agenda(path)
    assert str(caught.value) == f"{path}: no such file"


def test_directory(tmp_path: Path) -> None:
    [problem] = check_files([tmp_path])
    assert str(problem) == f"{tmp_path}: this is a folder, not an agenda file"


def test_path_is_named_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("leeg.toml").write_text("")
    [problem] = check_files(["leeg.toml"])
    assert problem.path == "leeg.toml"


def test_byte_order_mark_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    text = MINIMAL.replace("\n", "\r\n") + 'description = """regel 1\r\nregel 2"""\r\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    loaded = load_agenda(path)
    assert loaded.items[0].description == "regel 1\nregel 2"


def test_parse_agenda_never_raises_anything_else() -> None:
    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def check(text: str) -> None:
        try:
            parse_agenda(text)
        except AgendaError as error:
            assert error.problems

    check()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(["\n", "[", "]", "[[items]]", '"', "'''", "=", "a", "{", "}", ","]))
)
def test_parse_agenda_survives_toml_like_noise(parts: list[str]) -> None:
    try:
        parse_agenda(MINIMAL + "".join(parts))
    except AgendaError as error:
        assert error.problems


# --- Rules, one by one, on files written in tmp_path --------------------------------------------


def test_unknown_key_suggests_the_nearest(tmp_path: Path) -> None:
    [problem] = problems_of(MINIMAL + 'discription = "x"\n', tmp_path)
    assert problem.line == 7 and problem.column == 1
    assert problem.key == "items[1].discription"
    assert 'unknown key "discription" in items[1]; did you mean "description"?' in problem.message


def test_unknown_key_without_near_match_lists_the_keys(tmp_path: Path) -> None:
    [problem] = problems_of(MINIMAL + 'zzz = "x"\n', tmp_path)
    assert "(expected one of: title, duration, method, phases" in problem.message


def test_unknown_key_in_phase(tmp_path: Path) -> None:
    text = MINIMAL + '  [[items.phases]]\n  kind = "round"\n  per_spreker = "1m"\n'
    [problem] = problems_of(text, tmp_path)
    assert (problem.line, problem.column) == (9, 3)
    assert 'unknown key "per_spreker" in items[1].phases[1]; did you mean "per_speaker"?' in str(
        problem
    )


def test_unknown_key_in_participant_in_inline_table(tmp_path: Path) -> None:
    text = 'participants = [{ name = "Anouk", rol = "chair" }]\n' + MINIMAL
    [problem] = problems_of(text, tmp_path)
    assert (problem.line, problem.column) == (1, 35)
    assert 'unknown key "rol" in participants[1]; did you mean "role"?' in problem.message


CONSENT_PARTICIPANTS = """\
[[participants]]
name = "Anouk de Vries"
role = "chair"

[[participants]]
name = "Lotte Smit"
role = "guest"
consent = true

[[participants]]
name = "Kees Adviseur"
consent = false

[[participants]]
name = "Bram de Wit"
role = "guest"

[[participants]]
name = "Sanne Bakker"
"""


def test_a_participant_may_say_whether_they_take_part_in_consent() -> None:
    loaded = parse_agenda(MINIMAL + "\n" + CONSENT_PARTICIPANTS)
    taking_part = {p.name: p.in_consent for p in loaded.participants}
    assert taking_part == {
        "Anouk de Vries": True,
        "Lotte Smit": True,  # a guest, but the agenda says so
        "Kees Adviseur": False,  # a member who only advises
        "Bram de Wit": False,  # a guest: heard, but not in the consent round
        "Sanne Bakker": True,
    }
    assert [p.consent for p in loaded.participants] == [None, True, False, None, None]


def test_consent_must_be_true_or_false(tmp_path: Path) -> None:
    text = MINIMAL + '\n[[participants]]\nname = "Lotte Smit"\nrole = "guest"\nconsent = "ja"\n'
    [problem] = problems_of(text, tmp_path)
    assert (problem.line, problem.column) == (11, 1)
    assert problem.key == "participants[1].consent"
    assert str(problem).endswith(
        ':11:1: participants[1].consent must be true or false, not the text "ja"'
    )


def test_unknown_role_method_kind_language(tmp_path: Path) -> None:
    text = MINIMAL.replace('title = "Casusoverleg"', 'title = "X"\nlanguage = "EN "')
    [problem] = problems_of(text, tmp_path)
    # Text values are stripped, but the language must still be spelled exactly.
    assert problem.key == "meeting.language"
    text = MINIMAL + 'method = "BOB"\n'
    [problem] = problems_of(text, tmp_path)
    assert 'unknown method "BOB"; did you mean "bob"?' in problem.message


def test_method_together_with_phases(tmp_path: Path) -> None:
    text = MINIMAL + 'method = "bob"\n  [[items.phases]]\n  kind = "round"\n'
    [problem] = problems_of(text, tmp_path)
    assert problem.line == 7
    assert "has both a method and phases" in problem.message


def test_duration_as_number_float_or_bool(tmp_path: Path) -> None:
    for value, fragment in [
        ("1.5", "items[1].duration = 1.5 has no unit"),
        ("true", 'must be text such as "5m" or "1h30m", not the true/false value true'),
        ('"1.5h"', 'items[1].duration = "1.5h" is not a duration with a unit'),
        ('"5 m"', 'items[1].duration = "5 m" is not a duration with a unit'),
    ]:
        text = MINIMAL.replace('duration = "10m"', f"duration = {value}")
        [problem] = problems_of(text, tmp_path)
        assert (problem.line, problem.column) == (6, 1)
        assert fragment in problem.message


def test_decision_needs_someone_heard_first(tmp_path: Path) -> None:
    phases = '  [[items.phases]]\n  kind = "discussion"\n  [[items.phases]]\n  kind = "decision"\n'
    [problem] = problems_of(MINIMAL + phases, tmp_path)
    assert (problem.line, problem.column) == (9, 3)
    assert problem.key == "items[1].phases[2]"
    assert "decides before anyone is heard" in problem.message
    assert "direct_decision = true" in problem.message


def test_direct_decision_allows_a_formality(tmp_path: Path) -> None:
    text = MINIMAL + 'direct_decision = true\n  [[items.phases]]\n  kind = "decision"\n'
    loaded = parse_agenda(text)
    assert loaded.items[0].direct_decision is True
    assert [p.kind for p in loaded.items[0].phases] == ["decision"]


def test_a_questions_phase_before_the_decision_is_enough(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + '  [[items.phases]]\n  kind = "questions"\n  [[items.phases]]\n  kind = "decision"\n'
    )
    assert problems_of(text, tmp_path) == []


def test_presenter_is_only_checked_against_listed_participants() -> None:
    loaded = parse_agenda(MINIMAL + 'presenter = "Wie dan ook"\n')
    assert loaded.items[0].presenter == "Wie dan ook"


def test_control_characters_in_every_text_value(tmp_path: Path) -> None:
    text = (
        '[meeting]\ntitle = "Overleg"\nplace = "Zaal \\u007f"\n\n'
        '[[participants]]\nname = "Anouk\\u0085"\n\n'
        '[[items]]\ntitle = "Rondvraag"\nduration = "10m"\n'
        'description = "regel\\tmet tab\\nen nieuwe regel"\n'
        'onbekend = "\\u001b]0;titel\\u0007"\n'
    )
    problems = problems_of(text, tmp_path)
    report = "\n".join(map(str, problems))
    assert "meeting.place contains the control character(s) U+007F (DEL)" in report
    assert "participants[1].name contains the control character(s) U+0085" in report
    assert (
        "items[1].onbekend contains the control character(s) U+001B (ESC), U+0007 (BEL)" in report
    )
    assert 'unknown key "onbekend" in items[1]' in report
    assert "items[1].description" not in report  # tab and newline are fine
    assert "\x1b" not in report and "\x07" not in report  # never echoed raw to a terminal


def test_more_than_one_problem_in_a_file_all_reported(tmp_path: Path) -> None:
    text = '[meeting]\n\n[[items]]\nduration = "0m"\nmethod = "x"\n'
    keys = [p.key for p in problems_of(text, tmp_path)]
    assert keys == ["meeting", "items[1].title", "items[1].duration", "items[1].method"]


def test_problems_are_in_file_order(tmp_path: Path) -> None:
    text = '[meeting]\ntitle = 3\n\n[[items]]\ntitle = "a"\nduration = "0m"\nwat = 1\n'
    lines = [p.line for p in problems_of(text, tmp_path)]
    assert lines == sorted(lines)


def test_positions_with_quoted_keys_multiline_strings_and_dotted_keys(tmp_path: Path) -> None:
    text = (
        "[meeting]\n"
        'title = """Een titel\nover twee regels"""\n'
        '"kind" = "casusoverleg"\n\n'
        "[[items]]\n"
        "title = 'Rondvraag' # commentaar [[items]]\n"
        'duration = "10m"\n'
        "clients = [\n  'a',\n  \"b\",\n]\n"
        'extra.deel = "x"\n'
    )
    [problem] = problems_of(text, tmp_path)
    assert (problem.line, problem.column) == (13, 1)
    assert 'unknown key "extra" in items[1]' in problem.message


# --- Problem and AgendaError ----------------------------------------------------------------------


def test_problem_str_forms() -> None:
    assert str(Problem("a.toml", "kapot", 3, 5, "items[1]")) == "a.toml:3:5: kapot"
    assert str(Problem("a.toml", "kapot", 3)) == "a.toml:3: kapot"
    assert str(Problem("a.toml", "kapot", key="items[2].duration")) == (
        "a.toml: items[2].duration: kapot"
    )
    assert str(Problem("a.toml", "kapot")) == "a.toml: kapot"


def test_agenda_error_lists_every_problem() -> None:
    error = AgendaError([Problem("a", "een"), Problem("b", "twee")])
    assert str(error) == "a: een\nb: twee"
    assert len(error.problems) == 2


# --- Durations -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45s", 45),
        ("5m", 300),
        ("1h30m", 5400),
        ("1h", 3600),
        ("90m", 5400),
        ("1h0m5s", 3605),
        (" 5m ", 300),
        ("0h1s", 1),
        ("2m0s", 120),
    ],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "not a duration with a unit"),
        ("   ", "not a duration with a unit"),
        ("40", "not a duration with a unit"),
        ("1h30", "not a duration with a unit"),
        ("5 m", "not a duration with a unit"),
        ("5M", "not a duration with a unit"),
        ("m", "not a duration with a unit"),
        ("1.5h", "not a duration with a unit"),
        ("30m1h", "not a duration with a unit"),
        ("\u0663m", "not a duration with a unit"),  # an Arabic-Indic digit
        ("-", "not a duration with a unit"),
        ("0m", "longer than zero"),
        ("0h0m0s", "longer than zero"),
        ("-5m", "longer than zero"),
    ],
)
def test_parse_duration_rejects(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_duration(text)


@given(st.integers(min_value=1, max_value=24 * 3600))
def test_format_duration_round_trips(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize("text", ["24h1s", "25h", "99999999999999h"])
def test_durations_longer_than_a_day_are_typos(text: str) -> None:
    with pytest.raises(ValueError, match="at most 24h"):
        parse_duration(text)


def test_bidi_overrides_in_names_are_refused(tmp_path: Path) -> None:
    agenda = tmp_path / "bidi.toml"
    agenda.write_text(
        '[meeting]\ntitle = "x"\n[[participants]]\nname = "Eva\u202eav"\n'
        '[[items]]\ntitle = "a"\nduration = "5m"\n',
        encoding="utf-8",
    )
    problems = check_files([agenda])
    assert problems and "U+202E" in str(problems[0]) and str(problems[0]).startswith(str(agenda))


# --- Built-in methods ----------------------------------------------------------------------------

METHOD_KINDS = {
    "round": ["round"],
    "info": ["presentation", "questions"],
    "bob": ["questions", "round", "decision", "actions"],
    "consent": ["presentation", "questions", "round", "decision"],
    "casus": ["presentation", "questions", "round", "discussion", "decision", "actions"],
    "incident": [
        "presentation",
        "questions",
        "discussion",
        "round",
        "presentation",
        "discussion",
        "round",
    ],
    "balint": ["presentation", "round", "questions", "round", "presentation"],
    "minutes-review": ["round", "decision"],
    "actions-review": ["actions"],
}


def test_method_names() -> None:
    assert method_names() == tuple(METHOD_KINDS)
    assert method_title("bob", "nl") == "BOB-model"
    assert method_title("casus", "en") == "Case conference"


def agenda_with(method: str, duration: str = "40m", language: str = "nl") -> Agenda:
    return parse_agenda(
        f'[meeting]\ntitle = "X"\nlanguage = "{language}"\n\n'
        f'[[items]]\ntitle = "Punt"\nduration = "{duration}"\nmethod = "{method}"\n'
    )


@pytest.mark.parametrize("method", list(METHOD_KINDS))
def test_method_expansion(method: str) -> None:
    dutch = agenda_with(method).items[0]
    english = agenda_with(method, language="en").items[0]
    assert dutch.method == method
    assert [p.kind for p in dutch.phases] == METHOD_KINDS[method]
    assert [p.kind for p in english.phases] == METHOD_KINDS[method]
    assert sum(p.duration or 0 for p in dutch.phases) == dutch.duration == 2400
    for nl, en in zip(dutch.phases, english.phases, strict=True):
        assert nl.title and en.title and nl.prompts and en.prompts
        assert nl.prompts != en.prompts
        assert nl.presenter_speaks == en.presenter_speaks
        assert nl.per_speaker is None
        assert nl.duration and nl.duration > 0


@settings(max_examples=200)
@given(st.sampled_from(list(METHOD_KINDS)), st.integers(min_value=1, max_value=8 * 3600))
def test_method_phases_add_up_to_the_item(method: str, seconds: int) -> None:
    item = agenda_with(method, format_duration(seconds)).items[0]
    assert sum(p.duration or 0 for p in item.phases) == seconds


def test_method_details() -> None:
    casus = agenda_with("casus").items[0].phases
    assert casus[1].title == "Vraagverheldering"
    assert casus[1].presenter_speaks is False
    assert "Wat is de eigen vraag van het gezin?" in casus[1].prompts
    assert "regisseur" in casus[4].title
    bob_en = agenda_with("bob", language="en").items[0].phases
    assert [p.title for p in bob_en[:3]] == ["Forming the picture", "Forming views", "Deciding"]
    incident = agenda_with("incident").items[0].phases
    assert incident[3].presenter_speaks is False
    balint = agenda_with("balint").items[0].phases
    assert [p.presenter_speaks for p in balint] == [True, False, False, False, True]


def test_methods_data_is_complete() -> None:
    data = agenda_module._method_data()
    assert set(data["kinds"]) == set(PHASE_KINDS)
    for kind, entry in data["kinds"].items():
        for language in ("nl", "en"):
            assert entry["title"][language] and entry["prompts"][language]
        assert entry["presenter_speaks"] is (kind != "questions")
    for name, method in data["methods"].items():
        assert method["title"]["nl"] and method["title"]["en"]
        assert math.isclose(sum(p["share"] for p in method["phases"]), 1.0), name
        for phase in method["phases"]:
            assert phase["kind"] in PHASE_KINDS
            keys = {"kind", "share", "title", "prompts", "presenter_speaks", "rule_prompt"}
            assert set(phase) <= keys
            if "rule_prompt" in phase:
                # Only a questions phase states the questions-only rule, in every language.
                assert phase["kind"] == "questions", name
                for language in ("nl", "en"):
                    assert 0 <= phase["rule_prompt"] < len(phase["prompts"][language])
            assert len(phase["prompts"]["nl"]) == len(phase["prompts"]["en"])


def test_questions_phases_say_no_advice_yet() -> None:
    data = agenda_module._method_data()
    phases = [p for m in data["methods"].values() for p in m["phases"] if p["kind"] == "questions"]
    phases.append(data["kinds"]["questions"])
    for phase in phases:
        assert any("geen" in prompt for prompt in phase["prompts"]["nl"]), phase["title"]["nl"]
        assert any("no " in prompt for prompt in phase["prompts"]["en"]), phase["title"]["en"]
        assert phase.get("presenter_speaks", False) is False


def test_no_method_decides_before_anyone_is_heard() -> None:
    for method in METHOD_KINDS:
        kinds = METHOD_KINDS[method]
        if "decision" in kinds:
            assert set(kinds[: kinds.index("decision")]) & TURN_KINDS, method


# --- Explicit phases and defaults ----------------------------------------------------------------


def test_item_without_method_or_phases_is_one_discussion() -> None:
    item = parse_agenda(MINIMAL).items[0]
    assert item.method is None
    [phase] = item.phases
    assert (phase.kind, phase.title, phase.duration) == ("discussion", "Bespreking", 600)
    assert phase.prompts


def test_explicit_phases_get_defaults_per_kind_and_language() -> None:
    text = MINIMAL.replace('title = "Casusoverleg"', 'title = "X"\nlanguage = "en"') + (
        '  [[items.phases]]\n  kind = "questions"\n  per_speaker = "1m"\n'
        '  [[items.phases]]\n  kind = "round"\n  title = "Oordeelsvorming"\n  duration = "5m"\n'
        '  prompts = ["Wat vind jij?"]\n  presenter_speaks = false\n'
    )
    questions, round_ = parse_agenda(text).items[0].phases
    assert (questions.title, questions.per_speaker, questions.duration) == ("Questions", 60, None)
    assert questions.presenter_speaks is False
    assert any("no advice" in p for p in questions.prompts)
    assert (round_.title, round_.duration, round_.prompts) == (
        "Oordeelsvorming",
        300,
        ("Wat vind jij?",),
    )
    assert round_.presenter_speaks is False


# --- The whole agenda -----------------------------------------------------------------------------


def test_full_example_from_the_format() -> None:
    text = (DATA / "full-example.toml").read_text("utf-8")
    loaded = parse_agenda(text, "voorbeeld.toml")
    assert loaded.source == text
    assert loaded.path == "voorbeeld.toml"
    assert (loaded.title, loaded.kind, loaded.series) == (
        "Casusoverleg sociaal wijkteam Noord",
        "casusoverleg",
        "wijkteam-noord",
    )
    assert loaded.duration == 5400 and loaded.planned_seconds == 5400
    assert loaded.date == datetime(2026, 12, 1, 9, 30)
    assert loaded.place == "Wijkcentrum De Bron"
    assert [p.role for p in loaded.participants] == [
        "chair",
        "minute-taker",
        "case-owner",
        "member",
    ]
    assert loaded.participants[3].role == "member"
    casus, werkwijze = loaded.items
    assert casus.presenter == "Mehmet Yılmaz"
    assert casus.clients == ("gezin J.", "Jansen")
    assert casus.description.startswith("Moeder")
    assert [p.kind for p in werkwijze.phases] == ["questions", "round", "decision"]
    assert werkwijze.phases[0].title == "Beeldvorming"


def test_offset_datetime_is_accepted() -> None:
    text = MINIMAL.replace(
        'title = "Casusoverleg"', 'title = "X"\ndate = 2026-12-01T09:30:00+01:00'
    )
    assert parse_agenda(text).date == datetime(
        2026, 12, 1, 9, 30, tzinfo=timezone(timedelta(hours=1))
    )


def test_reparsing_the_source_gives_the_same_agenda() -> None:
    for path in SHIPPED:
        loaded = load_agenda(path)
        assert parse_agenda(loaded.source, loaded.path) == loaded


# --- Shipped agendas -----------------------------------------------------------------------------


def test_the_shipped_agendas_are_there() -> None:
    assert {p.name for p in SHIPPED} >= {
        "directeurenoverleg.toml",
        "casusoverleg.toml",
        "intervisie.toml",
        "intervisie-balint.toml",
    }


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_agenda_loads_clean(path: Path) -> None:
    loaded = load_agenda(path)
    assert loaded.path == str(path)
    assert loaded.source == path.read_text("utf-8")
    assert loaded.language == "nl"
    assert loaded.series
    assert sum(i.duration for i in loaded.items) == loaded.duration
    roles = [p.role for p in loaded.participants]
    assert roles.count("chair") == 1
    assert set(roles) <= set(ROLES)
    for item in loaded.items:
        assert item.phases


def test_shipped_agendas_use_their_methods() -> None:
    methods = {p.stem: [i.method for i in load_agenda(p).items] for p in SHIPPED}
    assert methods["directeurenoverleg"] == [
        "round",
        None,
        "minutes-review",
        "actions-review",
        "info",
        "bob",
        "bob",
        "consent",
        None,  # rondvraag and the closing round: one round each, with prompts of their own
        None,
    ]
    assert methods["casusoverleg"] == ["round", "actions-review", "casus", "casus", None]
    assert "incident" in methods["intervisie"]
    assert "balint" in methods["intervisie-balint"]
    directors = load_agenda(ROOT / "agendas" / "directeurenoverleg.toml")
    assert directors.items[1].direct_decision
    roles = {p.role for p in directors.participants}
    assert {"chair", "minute-taker"} <= roles
    cases = load_agenda(ROOT / "agendas" / "casusoverleg.toml")
    for item in cases.items:
        if item.method == "casus":
            assert item.clients
            owner = next(p for p in cases.participants if p.name == item.presenter)
            assert owner.role == "case-owner"


def test_the_examples_in_the_docs_load() -> None:
    doc = (ROOT / "docs" / "agenda-format.md").read_text("utf-8")
    blocks = [b.split("```", 1)[0] for b in doc.split("```toml\n")[1:]]
    assert len(blocks) == 2
    full = parse_agenda(blocks[0], "docs")
    assert full.place and full.date and full.items[0].clients
    assert parse_agenda('[meeting]\ntitle = "X"\n\n' + blocks[1]).items[0].direct_decision
