"""The console's consent round lists those who take part in it, as the engine counts them."""

from __future__ import annotations

from helpers import FakeClock, small_agenda
from overleg.agenda import Participant
from overleg.chair import views
from overleg.engine import Meeting

CHAIR, OWNER, SANNE, JOOST = "Anouk de Vries", "Mehmet Yılmaz", "Sanne Bakker", "Joost Visser"
GUEST = "Bram de Wit"


def test_the_consent_dialog_and_the_tally_leave_out_the_guests() -> None:
    m = Meeting(small_agenda(), FakeClock())
    m.start({}, chair=CHAIR, guests=[Participant(GUEST, discipline="Politie")])
    m.start_item(0)
    m.goto_phase(3, override="test")
    m.propose("Eén plan, één regisseur")
    m.vote(SANNE, "consent")
    rows = views.consent_view(m.state).rows
    assert [row.name for row in rows] == [OWNER, SANNE, JOOST, CHAIR]
    assert [row.name for row in rows if not row.vote] == m.not_voted()
    proposal = views.decision_view(m.state).proposal
    assert proposal is not None and proposal.waiting == len(m.not_voted()) == 3
