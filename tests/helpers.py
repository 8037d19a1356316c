"""Builders shared by the test tiers: a fake clock and small agendas made in code."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from overleg.agenda import Agenda, Item, Participant, Phase
from overleg.chair.demo import SimulatedClock

TZ = timezone(timedelta(hours=1))
START = datetime(2026, 12, 1, 9, 30, tzinfo=TZ)


class FakeClock(SimulatedClock):
    """A clock the test moves by hand; `tick` returns the new time."""

    def __init__(self, start: datetime = START) -> None:
        super().__init__(start)

    def tick(self, seconds: float) -> datetime:  # type: ignore[override]
        super().tick(seconds)
        return self.now


PEOPLE = (
    Participant("Anouk de Vries", "chair", "Jeugd & gezin"),
    Participant("Mehmet Yılmaz", "case-owner", "Wmo"),
    Participant("Sanne Bakker", "member", "Schuldhulp"),
    Participant("Joost Visser", "minute-taker", "GGZ"),
)


def small_agenda(direct: bool = False) -> Agenda:
    """Two items: a case with questions, a round and a decision; and a closing round."""
    case = Item(
        title="Casus gezin J.",
        duration=1200,
        presenter="Mehmet Yılmaz",
        clients=("gezin J.", "Jansen"),
        phases=(
            Phase("presentation", "Inbreng", duration=180),
            Phase("questions", "Vraagverheldering", per_speaker=60, presenter_speaks=False),
            Phase("round", "Perspectieven", per_speaker=120),
            Phase("decision", "Besluit", duration=300),
            Phase("actions", "Afspraken", duration=120),
        ),
    )
    closing = Item(
        title="Afsluiting", duration=300, phases=(Phase("round", "Slotronde", per_speaker=30),)
    )
    return Agenda(
        title="Casusoverleg Noord",
        items=(case, closing),
        participants=PEOPLE,
        kind="casusoverleg",
        series="noord",
        language="nl",
    )
