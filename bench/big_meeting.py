"""Generated agendas and an unfinished meeting of any size, for bench/bench_tui.py.

    big_meeting.py agenda FILE [--items 200] [--people 100]
    big_meeting.py meeting ROOT [--items 100] [--people 30] [--events 20000]

`agenda` writes an agenda TOML (check it with `overleg check FILE`) for the key benchmark on a big
meeting: items alternate between a case (presentation, questions, round, discussion, actions) and
a proposal decided straight away (presentation, decision, actions; `direct_decision`), so that a
chair can go through them with every key the benchmark times and without a shut gate.

`meeting` writes an agenda TOML beside a new meeting folder under ROOT and holds the meeting
through the real engine and journal (`Session.create`) to about `events` events: per item a
presentation, a questions round with answers, a round with notes, a consent round and a decision,
and two actions. The meeting is left running in the last item's actions phase (no `meeting_ended`),
as a chair leaves it just before ending it. Prints the meeting folder's name. Deterministic but for
the folder's name.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FIRST = (
    "Anouk", "Pieter", "Mehmet", "Sanne", "Noor", "Karin", "Daan", "Fatima", "Joris", "Lotte",
    "Youssef", "Eva", "Bram", "Iris", "Kees", "Mila", "Ruben", "Sara", "Tim", "Yara",
)  # fmt: skip
LAST = (
    "de Vries", "Hendriks", "Yılmaz", "Kok", "Bouzid", "Vermeulen", "Jansen", "Bakker", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Dekker",
)  # fmt: skip
DISCIPLINES = ("Jeugd & gezin", "Wmo", "Schuldhulp", "GGZ", "Werk & inkomen", "Wijkverpleging")
START = datetime(2026, 12, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))


def names(people: int) -> list[str]:
    out = [f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}" for i in range(people)]
    # Beyond 360 people a number keeps the names unique.
    return [n if i < len(FIRST) * len(LAST) else f"{n} {i}" for i, n in enumerate(out)]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _header(title: str, who: list[str]) -> list[str]:
    lines = [
        "[meeting]",
        f"title = {_q(title)}",
        'kind = "casusoverleg"',
        'series = "bench-groot"',
        'language = "nl"',
        "date = 2026-12-01T09:00:00",
        'place = "Wijkcentrum De Bron"',
        "",
    ]
    for i, name in enumerate(who):
        role = "chair" if i == 0 else "minute-taker" if i == 1 else "member"
        lines += [
            "[[participants]]",
            f"name = {_q(name)}",
            f'role = "{role}"',
            f"discipline = {_q(DISCIPLINES[i % len(DISCIPLINES)])}",
            "",
        ]
    return lines


def _phases(*specs: tuple[str, str]) -> list[str]:
    lines = []
    for kind, extra in specs:
        lines += ["  [[items.phases]]", f'  kind = "{kind}"']
        if extra:
            lines.append(f"  {extra}")
    return lines


def agenda_toml(items: int, people: int) -> str:
    """The key benchmark's agenda: cases and proposals taken in turn (see the module's doc)."""
    who = names(people)
    lines = _header(f"Groot casusoverleg ({items} punten, {people} deelnemers)", who)
    for i in range(items):
        presenter = who[2 + i % (people - 2)] if people > 2 else who[0]
        if i % 2 == 0:
            lines += [
                "[[items]]",
                f'title = "Casus gezin {i + 1:03d}"',
                'duration = "20m"',
                f"presenter = {_q(presenter)}",
                f'clients = ["gezin {i + 1:03d}", "Jansen{i + 1:03d}"]',
                f'description = "Huurachterstand en schoolverzuim in gezin {i + 1:03d}."',
                *_phases(
                    ("presentation", 'duration = "3m"'),
                    ("questions", 'per_speaker = "30s"'),
                    ("round", 'per_speaker = "1m"'),
                    ("discussion", 'duration = "5m"'),
                    ("actions", 'duration = "2m"'),
                ),
                "",
            ]
        else:
            lines += [
                "[[items]]",
                f'title = "Voorstel {i + 1:03d}: werkwijze wachtlijst"',
                'duration = "10m"',
                f"presenter = {_q(presenter)}",
                "direct_decision = true",
                *_phases(
                    ("presentation", 'duration = "3m"'),
                    ("decision", 'duration = "5m"'),
                    ("actions", 'duration = "2m"'),
                ),
                "",
            ]
    return "\n".join(lines)


def meeting_agenda_toml(items: int, people: int) -> str:
    """The finished-meeting agenda: every item a case with questions, a round and a decision."""
    who = names(people)
    lines = _header(f"Synthetisch casusoverleg ({items} punten)", who)
    for i in range(items):
        lines += [
            "[[items]]",
            f'title = "Casus gezin {i + 1:03d}"',
            'duration = "20m"',
            f"presenter = {_q(who[2 + i % (people - 2)])}",
            f'clients = ["gezin {i + 1:03d}", "Jansen{i + 1:03d}"]',
            *_phases(
                ("presentation", 'duration = "3m"'),
                ("questions", 'per_speaker = "30s"'),
                ("round", 'per_speaker = "1m"'),
                ("decision", 'duration = "5m"'),
                ("actions", 'duration = "2m"'),
            ),
            "",
        ]
    return "\n".join(lines)


def hold_meeting(root: Path, items: int, people: int, events: int) -> Path:
    """Hold the meeting through the engine and the journal; return its folder (see the module's doc)."""
    sys.path.insert(0, str(ROOT / "src"))
    from overleg.agenda import load_agenda
    from overleg.chair.demo import SimulatedClock as Clock
    from overleg.session import Session

    root.mkdir(parents=True, exist_ok=True)
    agenda_path = root / "synthetisch-casusoverleg.toml"
    agenda_path.write_text(meeting_agenda_toml(items, people), encoding="utf-8")
    agenda = load_agenda(agenda_path)
    clock = Clock(START)
    session = Session.create(agenda, root, clock)
    written = [0]
    sink = session.meeting.sink
    assert sink is not None

    def counting(event: object) -> None:
        sink(event)  # type: ignore[arg-type]
        written[0] += 1

    session.meeting.sink = counting
    m = session.meeting
    who = [p.name for p in agenda.participants]
    held = session.change()  # the whole scripted meeting is one change: the journal held
    held.__enter__()
    m.start({}, chair=who[0], minute_taker=who[1])
    per_item = max(1, events - 1) / items
    # Events after the round's notes: the next phase, the proposal, a vote each, the decision,
    # the next phase and two actions.
    after = 1 + 1 + people + 1 + 1 + 2
    try:
        for i, item in enumerate(agenda.items):
            budget = round(per_item * (i + 1)) + 1
            presenter = item.presenter or who[0]
            m.start_item(i)
            clock.tick(120)
            m.note(f"Het gezin {i + 1:03d} (Jansen{i + 1:03d}) vraagt hulp bij schulden en huur.")
            m.next_phase()  # questions
            while True:
                phase = m.state.phase
                assert phase is not None
                if not [
                    n
                    for n in phase.waiting()
                    if phase.current is None or n != phase.current.speaker
                ]:
                    break
                m.next_speaker()
                clock.tick(25)
                m.note(f"Wat wil Jansen{i + 1:03d} zelf, en wie helpt nu al?")
                m.note("Dat is nog niet duidelijk; zie het dossier.", presenter)
            m.next_phase()  # round
            phase = m.state.phase
            assert phase is not None
            speakers = len(phase.order)
            notes = max(0, budget - written[0] - speakers - after)
            for turn in range(speakers):
                m.next_speaker()
                for k in range(notes // speakers + (turn < notes % speakers)):
                    clock.tick(15)
                    m.note(
                        f"Kracht {k}: het netwerk is betrokken; zorg {k}: schuld boven 5000 euro."
                    )
            m.next_phase()  # decision: everyone was heard, the gate is open
            m.propose(f"Regie bij {presenter}; gezin {i + 1:03d} krijgt één plan.", "Eén plan.")
            m.consent_rest()
            m.decide()
            m.next_phase()  # actions
            m.add_action(f"Plan opstellen met gezin {i + 1:03d}", presenter, date(2026, 12, 15))
            m.add_action("Terugkoppeling aan de school", who[2 + i % (people - 2)])
            last = i == items - 1
            while written[0] < budget and not last:
                clock.tick(10)
                m.add_note(f"Aanvulling bij punt {i + 1}: afspraak volgt per mail.")
            while last and written[0] < events:
                clock.tick(10)
                m.add_note(f"Aanvulling bij punt {i + 1}: afspraak volgt per mail.")
            clock.tick(60)
    finally:
        held.__exit__(None, None, None)
        session.close()
    return session.folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    a = sub.add_parser("agenda")
    a.add_argument("file", type=Path)
    a.add_argument("--items", type=int, default=200)
    a.add_argument("--people", type=int, default=100)
    m = sub.add_parser("meeting")
    m.add_argument("root", type=Path)
    m.add_argument("--items", type=int, default=100)
    m.add_argument("--people", type=int, default=30)
    m.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    if args.what == "agenda":
        args.file.write_text(agenda_toml(args.items, args.people), encoding="utf-8")
        print(args.file)
    else:
        print(hold_meeting(args.root, args.items, args.people, args.events).name)


if __name__ == "__main__":
    main()
