"""Builders for the chair service's unit tests: meetings held through `Service` and `Chair`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import FakeClock
from overleg import store
from overleg.agenda import Agenda, load_agenda
from overleg.chair.outcome import Message, Outcome
from overleg.chair.service import Service
from overleg.i18n import Texts

CHAIR, OWNER, SANNE, JOOST = "Anouk de Vries", "Mehmet Yılmaz", "Sanne Bakker", "Joost Visser"

PEOPLE_TOML = """
[[participants]]
name = "Anouk de Vries"
role = "chair"
discipline = "Jeugd & gezin"
[[participants]]
name = "Mehmet Yılmaz"
role = "case-owner"
discipline = "Wmo"
[[participants]]
name = "Sanne Bakker"
discipline = "Schuldhulp"
[[participants]]
name = "Joost Visser"
role = "minute-taker"
discipline = "GGZ"
"""

#: `helpers.small_agenda` as a file: a meeting's journal keeps its agenda's TOML, so a meeting
#: read back (resumed, exported, carried from) needs an agenda that was read from text.
SMALL_TOML = (
    """
[meeting]
title = "{title}"
kind = "casusoverleg"
series = "{series}"
language = "nl"
"""
    + PEOPLE_TOML
    + """
[[items]]
title = "Casus gezin J."
duration = "20m"
presenter = "Mehmet Yılmaz"
clients = ["gezin J.", "Jansen"]
  [[items.phases]]
  kind = "presentation"
  title = "Inbreng"
  duration = "3m"
  [[items.phases]]
  kind = "questions"
  title = "Vraagverheldering"
  per_speaker = "1m"
  [[items.phases]]
  kind = "round"
  title = "Perspectieven"
  per_speaker = "2m"
  [[items.phases]]
  kind = "decision"
  title = "Besluit"
  duration = "5m"
  [[items.phases]]
  kind = "actions"
  title = "Afspraken"
  duration = "2m"

[[items]]
title = "Afsluiting"
duration = "5m"
  [[items.phases]]
  kind = "round"
  title = "Slotronde"
  per_speaker = "30s"
"""
)

#: The people of `small_agenda` with three items read from TOML, so the method data applies: an
#: action review, a case (the casus method, with a description) and phases of the agenda's own.
AGENDA_TOML = (
    """
[meeting]
title = "Casusoverleg Noord"
series = "noord"
language = "nl"
"""
    + PEOPLE_TOML
    + """
[[items]]
title = "Actielijst vorig overleg"
duration = "10m"
method = "actions-review"

[[items]]
title = "Casus gezin J."
duration = "30m"
method = "casus"
presenter = "Mehmet Yılmaz"
clients = ["gezin J.", "Jansen"]
description = \"\"\"
Moeder met twee kinderen,
   huurachterstand.\"\"\"

[[items]]
title = "Werkwijze wachtlijst"
duration = "20m"
  [[items.phases]]
  kind = "questions"
  prompts = ["Wat zien jullie aan de keukentafel?"]
  [[items.phases]]
  kind = "questions"
  title = "Nog meer vragen"
  [[items.phases]]
  kind = "round"
  [[items.phases]]
  kind = "decision"
"""
)


#: A meeting of series "noord" (the series of `small`) whose first item reviews and adopts the
#: minutes of the meeting before it, then a round.
REVIEW_TOML = (
    """
[meeting]
title = "Casusoverleg Noord"
kind = "casusoverleg"
series = "noord"
language = "nl"
"""
    + PEOPLE_TOML
    + """
[[items]]
title = "Verslag vorig overleg"
duration = "10m"
method = "minutes-review"

[[items]]
title = "Rondvraag"
duration = "5m"
method = "round"
"""
)
#: Seconds in a week: the next meeting of a series.
WEEK = 7 * 24 * 3600


def toml_agenda(folder: Path, text: str = AGENDA_TOML, name: str = "noord.toml") -> Agenda:
    """The agenda `text`, written to `folder/name` and loaded from there."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return load_agenda(path)


def small(folder: Path, title: str = "Casusoverleg Noord", series: str = "noord") -> Agenda:
    """The small agenda of `helpers`, read from a file in `folder`."""
    text = SMALL_TOML.format(title=title, series=series)
    return toml_agenda(folder, text, f"{store.slugify(title)}-{series or 'los'}.toml")


def begin(
    service: Service,
    agenda: Agenda | None = None,
    attendance: dict[str, str] | None = None,
    **options: Any,
) -> Any:
    """A meeting of `agenda` (`small` by default) started with everyone present."""
    if agenda is None:
        agenda = small(service.root.parent / "agendas")
    chair = service.prepare(agenda)
    outcome = chair.start(attendance or {}, CHAIR, JOOST, **options)
    assert outcome.ok, outcome
    return chair


def hear_everyone(chair: Any, clock: FakeClock, seconds: float = 30) -> list[str]:
    """Everyone still waiting in the running round gets the floor in turn; returns who spoke."""
    spoken = []
    while True:
        outcome = chair.run("next_speaker")
        turn = chair.state.turn
        if not outcome.ok or turn is None:
            return spoken
        spoken.append(turn.speaker)
        clock.tick(seconds)


def hold(service: Service, clock: FakeClock, agenda: Agenda | None = None, actions=()) -> Any:
    """A whole short meeting: started, `actions` ((what, owner, status)) added to item 1, ended."""
    chair = begin(service, agenda)
    for what, owner, status in actions:
        assert chair.run("add_action", what=what, owner=owner).ok
        if status != "open":
            assert chair.run("mark_action", id=chair.state.actions[-1].id, status=status).ok
    clock.tick(60)
    assert chair.run("end_meeting", confirmed=True).then == "finish"
    chair.close()
    return chair


def said(message: Message | None) -> str:
    """The message in Dutch, after checking that both catalogs have it (strict i18n raises)."""
    assert message is not None
    Texts("en")(message.key, **message.params)
    return Texts("nl")(message.key, **message.params)


def refusal(outcome: Outcome) -> str:
    """The engine's refusal key of `outcome`, which must have changed nothing."""
    assert not outcome.ok and outcome.refusal is not None, outcome
    assert outcome.refusal.severity == "warning"
    said(outcome.refusal)
    return outcome.refusal.key
