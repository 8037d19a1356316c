"""The agenda loader: every rule, the built-in methods, the shipped agendas."""

from __future__ import annotations

import math
import os
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
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
    AgendaWarning,
    DurationError,
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


def has_control(text: str) -> bool:
    return any(agenda_module.is_control(c) for c in text)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_before_it_is_read(tmp_path: Path) -> None:
    pipe = tmp_path / "pijp.toml"
    os.mkfifo(pipe)
    pool = ThreadPoolExecutor(2)
    try:
        # Opening a pipe for reading waits for a writer: a hang here is the bug this guards.
        [problem] = pool.submit(check_files, [pipe]).result(timeout=10)
        with pytest.raises(AgendaError) as caught:
            pool.submit(load_agenda, pipe).result(timeout=10)
    finally:
        try:  # a reader still waiting gets a writer, and then the end of the pipe
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass  # nobody waits to read it
        pool.shutdown()
    assert str(problem) == (
        f"{pipe}: this is a named pipe (FIFO), not an agenda file; only regular files are read"
    )
    assert caught.value.problems == [problem]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused_without_reading_it(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    [problem] = check_files([device])
    assert problem.message == "this is a device, not an agenda file; only regular files are read"


def test_a_link_to_a_device_is_refused_too(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    link = tmp_path / "nul.toml"
    link.symlink_to("/dev/zero")
    [problem] = check_files([link])
    assert "this is a device" in problem.message


def test_a_file_swapped_for_a_device_after_the_look_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    path = tmp_path / "agenda.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    real_stat = os.stat

    def swap_after_stat(target: object, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(target, *args, **kwargs)  # type: ignore[arg-type]
        if Path(str(target)) == path:
            path.unlink()
            path.symlink_to("/dev/zero")
        return result

    monkeypatch.setattr(agenda_module.os, "stat", swap_after_stat)
    [problem] = check_files([path])
    assert "this is a device" in problem.message


def test_a_file_over_one_mebibyte_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "groot.toml"
    path.write_bytes(MINIMAL.encode() + b"#" * (2 * 1024 * 1024))
    size = path.stat().st_size
    [problem] = check_files([path])
    assert problem.message.startswith(
        f"the file is too large for an agenda: {size:,} bytes (2.0 MiB)"
    ), problem
    assert "at most 1 MiB" in problem.message
    exactly = tmp_path / "precies.toml"
    exactly.write_bytes(MINIMAL.encode().ljust(1024 * 1024, b"#"))
    assert load_agenda(exactly).title == "Casusoverleg"


def test_a_control_character_in_the_file_name_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "rood\x1b[31m\u202e.toml"
    [problem] = check_files([path])
    assert str(problem) == f"{tmp_path}/rood\\u001B[31m\\u202E.toml: no such file"
    assert problem.path == str(path)  # the path itself as given, for comparing
    with pytest.raises(AgendaError) as caught:
        load_agenda(path)
    assert not has_control(str(caught.value))


@pytest.mark.parametrize(
    ("tail", "fragment"),
    [
        ("x = " + "[" * 5000 + "]" * 5000, ":7:37: lists or inline tables are nested more than 32"),
        ("x = " + "{a = " * 3000 + "1" + "}" * 3000, ":7:165: lists or inline tables are nested"),
        ("x = [" + "{a = [" * 2000, ":7:"),
        ("a" + ".a" * 100000 + " = 1", ":7:64: a key has more than 32 parts"),
        ('"a"' + '."a"' * 100000 + " = 1", ":7:128: a key has more than 32 parts"),
        ("[" + "t." * 100 + "t]", ":7:65: a key has more than 32 parts"),
        ("x = {" + "a." * 100 + "a = 1}", ":7:69: a key has more than 32 parts"),
        ("x = " + "9" * 5000, ":7:5: a number of 5000 digits is too long (at most 4300)"),
        ("x = " + "9_" * 4400 + "9", ":7:5: a number of 4401 digits is too long"),
        ("x = [1, 2, " + "7" * 4301 + "]", ":7:12: a number of 4301 digits is too long"),
    ],
    ids=[
        "lists",
        "inline-tables",
        "unclosed",
        "dotted-key",
        "quoted-dotted-key",
        "header",
        "inline-key",
        "huge-int",
        "huge-int-underscores",
        "huge-int-in-list",
    ],
)
def test_what_the_toml_parser_cannot_take_is_a_located_problem(tail: str, fragment: str) -> None:
    started = time.perf_counter()
    with pytest.raises(AgendaError) as caught:
        parse_agenda(MINIMAL + tail + "\n", "diep.toml")
    assert time.perf_counter() - started < 5, "refused at once, not after minutes of parsing"
    [problem] = caught.value.problems
    assert str(problem).startswith("diep.toml" + fragment), problem
    assert len(str(problem)) < 200


def test_deep_nesting_inside_a_text_or_comment_is_only_text() -> None:
    text = MINIMAL + 'description = "' + "[{" * 3000 + '"\n# ' + "[" * 3000 + "\n"
    assert parse_agenda(text).items[0].description.startswith("[{[{")
    literal = MINIMAL + "description = '''\n" + "[" * 3000 + "'''\n"
    assert parse_agenda(literal).items[0].description == "[" * 3000


def test_many_floats_and_long_dotted_texts_are_no_long_key() -> None:
    text = MINIMAL.replace(
        'title = "Casusoverleg"',
        'title = "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h"',
    )
    assert parse_agenda(text).title.count(".") > 32
    floats = MINIMAL + "x = [" + ", ".join(["1.5"] * 40) + "]\n"
    [problem] = pytest.raises(AgendaError, parse_agenda, floats).value.problems
    assert 'unknown key "x"' in problem.message


def test_the_same_limit_holds_at_any_depth_of_the_callers_stack() -> None:
    """A start screen's worker calls from deeper in its stack than `overleg check` does."""
    text = MINIMAL + "x = " + "[" * 300 + "]" * 300 + "\n"

    def nested(depth: int) -> str:
        if depth:
            return nested(depth - 1)
        with pytest.raises(AgendaError) as caught:
            parse_agenda(text, "a.toml")
        return str(caught.value)

    assert nested(0) == nested(sys.getrecursionlimit() // 2)


@pytest.mark.parametrize(
    "error",
    [RecursionError("maximum recursion depth"), ValueError("Exceeds the limit"), KeyError("x")],
)
def test_whatever_else_the_parser_raises_is_a_problem_of_the_file(
    error: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(_: str) -> None:
        raise error

    monkeypatch.setattr(agenda_module.tomllib, "loads", fail)
    with pytest.raises(AgendaError) as caught:
        parse_agenda(MINIMAL, "kapot.toml")
    [problem] = caught.value.problems
    assert problem.path == "kapot.toml"
    assert problem.message in (
        agenda_module._TOO_DEEP,
        f"not valid TOML: it cannot be read ({type(error).__name__})",
    )


@pytest.mark.parametrize(
    "value",
    [
        '"a\x1b[2Jb"',
        '"\\u001b]0;titel\\u0007"',
        '"\\u009b31m"',
        '"Eva\\u202eav"',
    ],
)
def test_no_message_carries_a_raw_control_character(value: str, tmp_path: Path) -> None:
    texts = [
        MINIMAL.replace('"Rondvraag"', value),
        MINIMAL + f"{value} = 1\n",
        MINIMAL + f"[{value}]\n",
        MINIMAL.replace('"10m"', value),
        MINIMAL + f'[[participants]]\nname = "a"\nrole = {value}\n',
        # A name from the file offered back as the one probably meant.
        MINIMAL.replace("[[items]]", f"[[participants]]\nname = {value}\n\n[[items]]")
        + f'presenter = {value[:-2]}"\n',
        # A table header from the file, defined twice.
        MINIMAL + f"[{value}]\n[{value}]\n",
    ]
    for text in texts:
        for problem in problems_of(text, tmp_path):
            # As built, not only as printed (where str() escapes once more, a last guard).
            for shown in (problem.message, str(problem), problem.describe()):
                assert not has_control(shown) and "\n" not in shown, (text, shown)


# --- Roles in Dutch and English -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("voorzitter", "chair"),
        ("Voorzitter", "chair"),
        ("notulist", "minute-taker"),
        ("lid", "member"),
        ("deelnemer", "member"),
        ("casushouder", "case-owner"),
        ("inbrenger", "case-owner"),
        ("gast", "guest"),
        ("chair", "chair"),
        ("Minute taker", "minute-taker"),
        ("case_owner", "case-owner"),
        (" GUEST ", "guest"),
    ],
)
def test_roles_in_dutch_and_english(written: str, role: str) -> None:
    text = MINIMAL + f'\n[[participants]]\nname = "Anouk"\nrole = "{written}"\n'
    [person] = parse_agenda(text).participants
    assert person.role == role
    assert person.in_consent is (role != "guest")


def test_two_chairs_in_two_languages_are_still_two(tmp_path: Path) -> None:
    people = '[[participants]]\nname = "A"\nrole = "voorzitter"\n'
    people += '[[participants]]\nname = "B"\nrole = "chair"\n'
    [problem] = problems_of(MINIMAL + people, tmp_path)
    assert "is a second chair" in problem.message


def test_an_unknown_role_lists_the_roles_in_both_languages(tmp_path: Path) -> None:
    text = MINIMAL + '[[participants]]\nname = "A"\nrole = "baas"\n'
    [problem] = problems_of(text, tmp_path)
    assert problem.message.endswith(
        "(expected one of: chair, minute-taker, member, case-owner, guest; "
        "in Dutch: voorzitter, notulist, lid, deelnemer, casushouder, inbrenger, gast)"
    )


# --- Warnings -----------------------------------------------------------------------------------


def test_items_longer_than_the_meeting_are_a_warning_not_a_problem(tmp_path: Path) -> None:
    text = MINIMAL.replace('title = "Casusoverleg"', 'title = "Casusoverleg"\nduration = "1h"')
    text += '\n[[items]]\ntitle = "Casus"\nduration = "1h"\n'
    path = tmp_path / "lang.toml"
    path.write_text(text, encoding="utf-8")
    warnings: list[AgendaWarning] = []
    assert check_files([path], warnings) == []
    [warning] = warnings
    assert warning.code == "over_time"
    assert warning.params == {"items": "1h10m", "meeting": "1h", "over": "10m"}
    assert (warning.line, warning.column, warning.key) == (3, 1, "meeting.duration")
    assert warning.where() == f"{path}:3:1"
    assert load_agenda(path).planned_seconds == 3600  # the meeting's own duration, still usable


def test_no_warning_when_the_items_fit_or_the_meeting_has_no_duration(tmp_path: Path) -> None:
    warnings: list[AgendaWarning] = []
    fits = MINIMAL.replace('title = "Casusoverleg"', 'title = "X"\nduration = "10m"')
    none = MINIMAL + '\n[[items]]\ntitle = "Casus"\nduration = "23h"\n'
    for number, text in enumerate((fits, none)):
        path = tmp_path / f"{number}.toml"
        path.write_text(text, encoding="utf-8")
        assert check_files([path], warnings) == []
    assert check_files(SHIPPED, warnings) == []
    assert warnings == []


def test_an_agenda_with_problems_gives_no_warnings(tmp_path: Path) -> None:
    text = MINIMAL.replace('title = "Casusoverleg"', 'title = "X"\nduration = "5m"\nwat = 1')
    path = tmp_path / "a.toml"
    path.write_text(text, encoding="utf-8")
    warnings: list[AgendaWarning] = []
    assert len(check_files([path], warnings)) == 1
    assert warnings == []


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
        ('"1.5"', 'items[1].duration = "1.5" has no unit; write e.g. "1.5m" or "1.5 min"'),
        ('"vijf"', 'items[1].duration = "vijf" is not a duration overleg can read; write e.g.'),
        ('"25h"', 'items[1].duration = "25h" is longer than a day; a duration is at most 24h'),
        ('"0.3333m"', 'items[1].duration = "0.3333m" does not come to whole seconds'),
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
        # As people write them, in English and in Dutch.
        ("90min", 5400),
        ("1h 30m", 5400),
        ("1h30", 5400),
        ("1u30", 5400),
        ("1 uur 30", 5400),
        ("5 min", 300),
        ("5 m", 300),
        ("5M", 300),
        ("1H30M", 5400),
        ("2u", 7200),
        ("1,5 uur", 5400),
        ("1.5h", 5400),
        ("0,5 minuut", 30),
        ("45 minuten", 2700),
        ("1 minuut", 60),
        ("1 uur", 3600),
        ("2 uren", 7200),
        ("30m", 1800),
        ("30 seconden", 30),
        ("10 sec", 10),
        ("2 hours", 7200),
        ("1 hour and 15 minutes", 4500),
        ("1 uur en 15 minuten", 4500),
        ("1h, 15m", 4500),
        ("1h 15min 30s", 4530),
        ("24h", 24 * 3600),
    ],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "unreadable"),
        ("   ", "unreadable"),
        ("40", "no_unit"),  # 40 seconds or 40 minutes? Nobody can tell.
        ("1.5", "no_unit"),
        ("m", "unreadable"),
        ("30m1h", "unreadable"),  # hours before minutes before seconds
        ("1h1h", "unreadable"),
        ("10 min 5", "unreadable"),  # only minutes after hours go without a unit
        ("1h030", "unreadable"),
        ("1,5,5 uur", "unreadable"),
        ("5 jaar", "unreadable"),
        ("anderhalf uur", "unreadable"),
        ("5m,", "unreadable"),
        ("5m en", "unreadable"),
        ("\u0663m", "unreadable"),  # an Arabic-Indic digit
        ("-", "unreadable"),
        ("0m", "zero"),
        ("0h0m0s", "zero"),
        ("0,0 uur", "zero"),
        ("-5m", "zero"),
        ("-40", "zero"),
        ("0.3333m", "fraction"),
        ("1.0000001h", "fraction"),
        ("24h1s", "too_long"),
    ],
)
def test_parse_duration_rejects(text: str, reason: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)


def test_a_refused_duration_shows_what_is_accepted() -> None:
    for text in ("40", "anderhalf uur"):
        with pytest.raises(DurationError) as caught:
            parse_duration(text)
        for example in ('"90min"', '"1h30m"', '"1,5 uur"', '"5 min"'):
            assert example in str(caught.value), caught.value


def test_a_duration_of_thousands_of_digits_is_too_long_not_a_crash() -> None:
    for text in ("9" * 5000 + "h", "1h" + "9" * 5000, "1." + "5" * 5000 + "h", "0" * 5000 + "5m"):
        try:
            assert parse_duration(text) == 300
        except DurationError as error:
            assert error.reason in ("too_long", "unreadable", "fraction"), text[:20]
            assert len(str(error)) < 300


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


def test_a_participant_may_have_an_email_address_which_must_look_like_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest as _pytest

    from overleg.agenda import AgendaError, load_agenda

    good = tmp_path / "goed.toml"
    good.write_text(
        '[meeting]\ntitle = "Overleg"\n[[participants]]\nname = "Anouk de Vries"\n'
        'email = "anouk.devries@wijkteam-noord.example.org"\n'
        '[[items]]\ntitle = "Ronde"\nduration = "5m"\nmethod = "round"\n',
        encoding="utf-8",
    )
    (person,) = load_agenda(good).participants
    assert person.email == "anouk.devries@wijkteam-noord.example.org"
    bad = tmp_path / "fout.toml"
    bad.write_text(good.read_text(encoding="utf-8").replace("@wijkteam", " wijkteam"), "utf-8")
    with _pytest.raises(AgendaError) as caught:
        load_agenda(bad)
    assert "is not an e-mail address" in str(caught.value) and ":5:" in str(caught.value)


def test_every_participant_of_the_shipped_agendas_has_an_example_address() -> None:
    from pathlib import Path

    from overleg.agenda import load_agenda

    for path in sorted((Path(__file__).parents[2] / "agendas").glob("*.toml")):
        for person in load_agenda(path).participants:
            assert person.email.endswith(".example.org"), (path.name, person.name)
