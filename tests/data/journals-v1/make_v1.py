# How the v1 journals beside this script were made, with overleg as of commit a1ddd7f (journal version 1).
# Run from the repository root: python tests/data/journals-v1/make_v1.py OUT; the minutes are that release's.
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from overleg.agenda import Participant, load_agenda
from overleg.chair.demo import SimulatedClock, hold_demo
from overleg.engine import Refused
from overleg.session import Session

out = Path(sys.argv[1])
root = out / "root"
root.mkdir(parents=True, exist_ok=True)
casus = load_agenda("agendas/casusoverleg.toml")
f1 = hold_demo(casus, root)
f2 = hold_demo(casus, root)  # second of the series: carried actions
d_en = load_agenda("agendas/directeurenoverleg.toml", language="en")
f3 = hold_demo(d_en, root)
# a hand-run meeting: every kind of event
ag = load_agenda("agendas/directeurenoverleg.toml")
clock = SimulatedClock(datetime(2026, 11, 4, 14, 0, tzinfo=timezone(timedelta(hours=1))))
s = Session.create(ag, root, clock)
m = s.meeting
names = [p.name for p in ag.participants]
att = {n: "present" for n in names}
att[names[-1]] = "absent"
m.start(att, names[0], names[1], guests=[Participant("Gast Eén", "guest", "jeugdarts")])
m.start_item(0)
clock.tick(60)
m.add_note("Notitie bij de opening")
m.add_guest("Late Gast", "wijkagent")
clock.tick(5)
m.start_item(5)
clock.tick(30)
item = m.state.item
# go to a turn phase
while m.state.phase is not None and not m.state.phase.takes_turns:
    try:
        m.next_phase()
    except Refused:
        break
if m.state.phase is not None and m.state.phase.takes_turns:
    m.next_speaker()
    clock.tick(40)
    m.note("Eerste bijdrage")
    m.pass_turn()
    clock.tick(3)
    m.next_speaker()
    clock.tick(20)
    m.pass_turn()
    m.arrive(names[-1]) if False else None
    m.leave(names[2])
    clock.tick(10)
    m.extend(300)
    m.pause()
    clock.tick(600)
    m.resume()
# decision with override
dec = [p.index for p in m.state.item.phases if p.spec.kind == "decision"]
if dec:
    try:
        m.goto_phase(dec[0])
    except Refused:
        m.goto_phase(dec[0], override="Tijd is op; besluit nu")
    m.propose("Voorstel een", "Omdat")
    here = m.state.consent_round()
    m.vote(here[0], "object", "Bezwaar")
    m.vote(here[1], "abstain", "")
    m.consent_rest()
    m.decide(over_objection=True)
    m.propose("Voorstel twee")
    m.withdraw()
m.add_action("Iets doen", names[0], date(2026, 11, 11))
aid = m.state.actions[-1].id
m.change_action(aid, status="done", note="klaar")
m.change_action(aid, what="Iets anders doen", due=None)
m.defer_item("Geen tijd", index=len(m.state.items) - 1)
m.skip_item("Vervalt", index=len(m.state.items) - 2) if len(m.state.items) > 3 else None
m.end()
s.write_minutes()
s.close()
# a meeting left running (a crash): no pause, no end
clock2 = SimulatedClock(datetime(2026, 11, 18, 9, 0, tzinfo=UTC))
s2 = Session.create(casus, root, clock2)
m2 = s2.meeting
m2.start({}, *[p.name for p in casus.participants][:1], "")
m2.start_item(0)
clock2.tick(30)
m2.start_item(2)
m2.next_phase()
m2.next_speaker()
clock2.tick(20)
m2.note("Halverwege")
s2.journal.close()
for f in sorted(root.iterdir()):
    print(f.name)
