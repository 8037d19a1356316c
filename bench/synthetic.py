"""A synthetic meeting of any size, driven through the real engine, for the benchmarks.

`build_meeting(items, people, events)` runs a case-conference-like meeting of `items` agenda items
with `people` participants through `Meeting` on a fake clock and returns the agenda and the events
it made (about `events` of them): per item a presentation, a questions round with answers and
some passes, a perspectives round with several notes per speaker, a consent round in which one
member objects, the proposal amended (a new consent round) and then decided by consent, and two
actions. Deterministic: the same arguments give the same events.

Only the core (`overleg.agenda`, `overleg.engine`) is used, so the benchmarks keep working while
the console and the demo move around.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from overleg.agenda import Agenda, Item, Participant, Phase
from overleg.chair.demo import SimulatedClock as Clock
from overleg.engine import Event, Meeting

START = datetime(2026, 12, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))
DISCIPLINES = ("Jeugd & gezin", "Wmo", "Schuldhulp", "GGZ", "Werk & inkomen", "Wijkagent")


def make_agenda(items: int = 100, people: int = 30) -> Agenda:
    names = [f"Deelnemer {i:02d} van der Berg" for i in range(people)]
    participants = tuple(
        Participant(
            name,
            "chair" if i == 0 else "minute-taker" if i == 1 else "member",
            DISCIPLINES[i % len(DISCIPLINES)],
        )
        for i, name in enumerate(names)
    )
    agenda_items = tuple(
        Item(
            title=f"Casus gezin {i:03d}",
            duration=1200,
            presenter=names[2 + i % (people - 2)],
            clients=(f"gezin {i:03d}", f"Jansen{i:03d}"),
            phases=(
                Phase("presentation", "Inbreng", duration=180),
                Phase("questions", "Vraagverheldering", per_speaker=30, presenter_speaks=False),
                Phase("round", "Perspectieven", per_speaker=60),
                Phase("decision", "Besluit", duration=300),
                Phase("actions", "Afspraken", duration=120),
            ),
        )
        for i in range(items)
    )
    return Agenda(
        title="Synthetisch casusoverleg",
        items=agenda_items,
        participants=participants,
        kind="casusoverleg",
        series="synthetisch",
        language="nl",
        place="Wijkhuis",
    )


def build_meeting(
    items: int = 100, people: int = 30, events: int = 20_000
) -> tuple[Agenda, list[Event]]:
    """The agenda and about `events` events of a synthetic meeting (see the module's doc)."""
    agenda = make_agenda(items, people)
    clock = Clock(START)
    out: list[Event] = []
    meeting = Meeting(agenda, clock, sink=out.append)
    names = [p.name for p in agenda.participants]
    meeting.start({}, chair=names[0], minute_taker=names[1])
    per_item = max(1, events - 2) / items  # meeting_started and meeting_ended aside
    # Events after the perspectives round's notes: its turns and end, the next phase, the
    # consent round (proposal, an objection, the amended proposal, a consent each, decision),
    # the next phase and two actions.
    after = people + 1 + 1 + (people + 4) + 1 + 2
    for i, item in enumerate(agenda.items):
        presenter = item.presenter or names[0]
        budget = round(per_item * (i + 1)) + 1  # events there should be once this item is done
        meeting.start_item(i)
        clock.tick(120)
        meeting.note(
            f"Het gezin {i:03d} (Jansen{i:03d}) vraagt hulp bij *schulden* en huisvesting."
        )
        meeting.next_phase()
        for turn in range(people):
            phase = meeting.state.phase
            if phase is not None and phase.current is not None:
                meeting.end_turn()
            if phase is None or not phase.waiting():
                break
            if turn % 9 == 8:
                meeting.pass_turn()
                continue
            meeting.next_speaker()
            clock.tick(25)
            meeting.note(f"Vraag {turn}: wat wil Jansen{i:03d} zelf, en wie helpt nu al?")
            meeting.note(f"Antwoord {turn}: dat is nog niet duidelijk | zie dossier.", presenter)
        if meeting.state.turn is not None:
            meeting.end_turn()
        meeting.next_phase()
        notes = max(0, budget - len(out) - after)
        for turn in range(people):
            meeting.next_speaker()
            for k in range(notes // people + (turn < notes % people)):
                clock.tick(15)
                meeting.note(f"Kracht {k}: netwerk is betrokken; zorg {k}: [schuld] > 5000 euro.")
        meeting.end_turn()
        meeting.next_phase()  # the gate is open: everyone was heard or passed
        meeting.propose(
            f"Regie bij {presenter}; gezin {i:03d} krijgt één plan.", "Eén gezin, één plan."
        )
        meeting.vote(names[2 + (i + 1) % (people - 2)], "object", "Eerst een veiligheidstaxatie.")
        clock.tick(30)
        # As a real meeting would: the proposal is amended to meet the objection, which starts
        # a new consent round; the objection stays in the record (`objections_heard`).
        meeting.propose(
            f"Regie bij {presenter}; eerst een veiligheidstaxatie, dan één plan voor gezin {i:03d}.",
            "Eén gezin, één plan; veiligheid eerst.",
        )
        meeting.consent_rest()
        meeting.decide()
        meeting.next_phase()
        meeting.add_action(f"Plan opstellen met gezin {i:03d}", presenter, date(2026, 12, 15))
        meeting.add_action("Terugkoppeling aan de school", names[2 + i % (people - 2)])
        while len(out) < budget:
            clock.tick(10)
            meeting.add_note(f"Aanvulling bij punt {i + 1}: afspraak volgt per mail.")
        clock.tick(60)
    meeting.end()
    return agenda, out
