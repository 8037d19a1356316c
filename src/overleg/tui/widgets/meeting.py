"""The parts of the meeting screen. Each draws a piece of the engine's state it is handed
(attributes down); those that show a running clock also have `tick`, which redraws only itself.

All user text (names, titles, contributions) goes in as Content variables, never as markup.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Digits, OptionList, Static
from textual.widgets.option_list import Option

from overleg.engine import Action, ItemState, Meeting, MeetingState, PhaseState

M = Content.from_markup


def clock_text(seconds: float, countdown: bool = False) -> str:
    """Seconds as "m:ss", or "h:mm:ss" from an hour on.

    Time used rounds half up to the second, as the minutes do; a countdown rounds up, so it shows
    0:00 only once the time is really up.
    """
    amount = abs(seconds)
    total = math.ceil(amount) if countdown and seconds > 0 else int(amount + 0.5)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def minutes_text(seconds: float) -> str:
    return str(int(round(abs(seconds) / 60)))


def schedule_text(behind: float, texts: Any) -> str:
    """ "8 min achter" / "3 min voor" / "op schema"."""
    if behind >= 60:
        return texts("ui.clock.behind", minutes=minutes_text(behind))
    if behind <= -60:
        return texts("ui.clock.ahead", minutes=minutes_text(behind))
    return texts("ui.clock.on_time")


def drawn(content: Content) -> tuple[str, list[Any]]:
    """What a Content looks like: its text and its styles (`Content.__eq__` compares text only)."""
    return content.plain, content.spans


class UpdatingStatic(Static):
    """A Static that repaints only when its content really changes (the clock ticks twice a second)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[str, list[Any]] | None = None

    def show(self, content: Content) -> None:
        shown = drawn(content)
        if shown != self._shown:
            self._shown = shown
            self.update(content)


def meeting_time(state: MeetingState, now: datetime) -> tuple[float, float]:
    """Seconds the meeting has run, pauses left out as the minutes do, and seconds behind plan.

    While paused both stand still at the moment of the pause.
    """
    started = state.started_at
    if started is None:
        return 0.0, 0.0
    until = state.ended_at or state.paused_at or now
    paused = sum((end - start).total_seconds() for start, end in state.pauses)
    used = max(0.0, (until - started).total_seconds() - paused)
    return used, state.behind(until) - paused


class MeetingClock(UpdatingStatic):
    """Wall clock, time used against the plan, ahead or behind, and whether the meeting is paused."""

    def tick(self, state: MeetingState, texts: Any, now: datetime) -> None:
        used, behind = meeting_time(state, now)
        style = "$error" if behind >= 60 else "$success" if behind <= -60 else ""
        # Styles are chosen here, never from user text, so they go into the markup itself:
        # Textual substitutes $variables in text, not inside tags.
        content = M(
            f"[b]$wall[/]  $used / $planned  [b {style or 'not dim'}]$schedule[/]",
            wall=now.strftime("%H:%M"),
            used=clock_text(used),
            planned=clock_text(state.agenda.planned_seconds),
            schedule=schedule_text(behind, texts),
        )
        if state.status == "paused":
            content = content + M(
                "  [reverse $warning] $paused [/]", paused=texts("ui.clock.paused")
            )
        self.show(content)


ITEM_MARKS = {"todo": "·", "running": "▶", "done": "✓", "deferred": "↷", "skipped": "✗"}


class AgendaList(OptionList):
    """The agenda: each item's state, and the time used against the time planned."""

    def item_prompt(self, item: ItemState, texts: Any, now: datetime) -> Content:
        status = texts(f"ui.item_status.{item.status}")
        used = item.timer.seconds(now)
        over = used > item.planned
        style = "$error" if over else "not dim"
        return M(
            f"$mark $number. [b]$title[/]\n   [dim]$status[/] · [{style}]$used / $planned[/]",
            mark=ITEM_MARKS.get(item.status, "·"),
            number=item.number,
            title=item.spec.title,
            status=status,
            used=clock_text(used),
            planned=clock_text(item.planned),
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: What each option shows now (see `drawn`); only the options that change are replaced.
        self._shown: list[tuple[str, list[Any]]] = []

    def show_state(self, state: MeetingState, texts: Any, now: datetime) -> None:
        prompts = [self.item_prompt(item, texts, now) for item in state.items]
        shown = [drawn(prompt) for prompt in prompts]
        if len(shown) != len(self._shown):
            self.set_options(
                [
                    Option(prompt, id=f"item-{item.index}")
                    for item, prompt in zip(state.items, prompts, strict=True)
                ]
            )
        else:
            for i, (prompt, now_shown) in enumerate(zip(prompts, shown, strict=True)):
                if now_shown != self._shown[i]:
                    self.replace_option_prompt_at_index(i, prompt)
        self._shown = shown
        if self.highlighted != state.current:
            self.highlighted = state.current

    def tick(self, state: MeetingState, texts: Any, now: datetime) -> None:
        item = state.item
        if item is None or item.index >= len(self._shown):
            return
        prompt = self.item_prompt(item, texts, now)
        shown = drawn(prompt)
        if shown != self._shown[item.index]:
            self._shown[item.index] = shown
            self.replace_option_prompt_at_index(item.index, prompt)


class PhaseStepper(UpdatingStatic):
    """The item's phases in a row, the running one highlighted, and the phase's clock."""

    def tick(self, state: MeetingState, texts: Any, now: datetime) -> None:
        item = state.item
        if item is None:
            self.show(M("[dim]$text[/]", text=texts("ui.meeting.no_item")))
            return
        parts: list[Content] = []
        for phase in item.phases:
            if phase.index == item.phase:
                parts.append(M("[b reverse $accent] $title [/]", title=phase.spec.title))
            elif phase.status == "done":
                parts.append(M("[dim]✓ $title[/]", title=phase.spec.title))
            else:
                parts.append(M("$title", title=phase.spec.title))
        line = Content(" ▸ ").join(parts)
        width = self.size.width
        lines_allowed = 1 if self.screen.has_class("-short") else 2
        if width and line.cell_length > width * lines_allowed - 16:
            # Too wide to read in one line: marks for the other phases, the running one in full.
            compact = [
                part
                if phase.index == item.phase
                else Content("✓" if phase.status == "done" else "·")
                for phase, part in zip(item.phases, parts, strict=True)
            ]
            line = Content(" ").join(compact)
        phase = item.current_phase
        if phase is not None and phase.spec.duration:
            used = phase.timer.seconds(now)
            style = "$error" if used > phase.spec.duration else "dim"
            line = line + M(
                f"  [{style}]$used / $planned[/]",
                used=clock_text(used),
                planned=clock_text(phase.spec.duration),
            )
        self.show(line)


class GateLine(UpdatingStatic):
    """Before a decision: how many have not been heard yet, phase by phase, or that all have.

    One line: counts, not names (b opens the gate dialog with the names); when even that does
    not fit, the totals only.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._variants: tuple[Content, ...] = ()

    def show_state(self, meeting: Meeting, texts: Any) -> None:
        item = meeting.state.item
        ahead = item is not None and any(
            p.spec.kind == "decision" and p.index > (item.phase if item.phase is not None else -1)
            for p in item.phases
        )
        if not ahead:
            self.display = False
            return
        self.display = True
        missing = meeting.gate()
        if not missing:
            self._variants = (M("[$success]✓ $text[/]", text=texts("ui.gate.open")),)
        else:
            counts = ", ".join(
                texts("ui.gate.count", count=len(names), phase=title) for title, names in missing
            )
            total = texts(
                "ui.gate.count_phases",
                count=sum(len(names) for _, names in missing),
                phases=len(missing),
            )
            # The shorter "N in K phases" only where there are several phases to count.
            texts_ = (counts, total) if len(missing) > 1 else (counts,)
            self._variants = tuple(
                M("[$warning]⚠ $text[/]", text=texts("ui.gate.shut", missing=text))
                for text in texts_
            )
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        if not self._variants:
            return
        width = self.content_region.width
        fits = [v for v in self._variants if width <= 0 or v.cell_length <= width]
        self.show(fits[0] if fits else self._variants[-1])


class PromptCard(UpdatingStatic):
    """The phase's prompts, large and calm; a questions phase says plainly: questions only.

    When the prompts do not fit the rows it may take (short terminals), the last row says how
    many more there are rather than dropping them silently.
    """

    #: Rows of text the card may show on a short terminal (its border takes two more).
    SHORT_ROWS = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lines: list[Content] = []
        self._texts: Any = None

    def show_state(self, state: MeetingState, texts: Any) -> None:
        phase = state.phase
        lines: list[Content] = []
        if phase is None:
            key = "ui.prompt.ended" if state.status == "ended" else "ui.prompt.choose_item"
            lines.append(M("$text", text=texts(key)))
        else:
            item = state.item
            if item is not None and item.spec.description and phase.index == 0:
                # What the agenda says about the item opens it; later phases keep to their prompts.
                lines.append(M("[i]$text[/]", text=" ".join(item.spec.description.split())))
            prompts = list(phase.spec.prompts)
            if phase.spec.kind == "questions":
                # The method's own prompt often says "questions only" already: say it once.
                said = [i for i, p in enumerate(prompts) if _says_questions_only(p)]
                if not said:
                    lines.append(M("[b $warning]$text[/]", text=texts("ui.prompt.questions_only")))
                for i, prompt in enumerate(prompts):
                    style = "b $warning" if i in said else "b"
                    lines.append(M(f"[{style}]$text[/]", text=prompt))
            else:
                lines.extend(M("[b]$text[/]", text=prompt) for prompt in prompts)
                if not prompts:
                    lines.append(M("$text", text=texts(f"ui.prompt.kind.{phase.spec.kind}")))
        self._lines = lines
        self._texts = texts
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        lines = self._lines
        width = self.content_region.width
        if self.screen.has_class("-short") and width > 0 and self._texts is not None:
            rows = [len(line.wrap(width)) or 1 for line in lines]
            if sum(rows) > self.SHORT_ROWS:
                kept: list[Content] = []
                used = 0
                for line, height in zip(lines, rows, strict=True):
                    if used + height > self.SHORT_ROWS - 1:
                        break
                    kept.append(line)
                    used += height
                more = len(lines) - len(kept)
                kept.append(M("[dim]$text[/]", text=self._texts("ui.prompt.more", count=more)))
                lines = kept
        self.show(Content("\n").join(lines))


#: How the methods' own prompts say "questions only", in both languages.
QUESTIONS_ONLY = ("alleen vragen", "questions only")


def _says_questions_only(prompt: str) -> bool:
    folded = prompt.casefold()
    return any(marker in folded for marker in QUESTIONS_ONLY)


class FloorPanel(Vertical):
    """Who has the floor and their countdown, and who is next."""

    def compose(self) -> ComposeResult:
        yield UpdatingStatic(id="speaker")
        yield Digits("", id="countdown")
        yield UpdatingStatic(id="countdown-small")
        yield UpdatingStatic(id="next")

    def tick(self, state: MeetingState, texts: Any, now: datetime) -> bool:
        """Redraw; True when the speaker has just run over their time."""
        phase = state.phase
        if phase is None or not phase.takes_turns:
            return False
        speaker = self.query_one("#speaker", UpdatingStatic)
        countdown = self.query_one("#countdown", Digits)
        small = self.query_one("#countdown-small", UpdatingStatic)
        turn = phase.current
        limit = state.turn_limit(phase)
        overrun = False
        if turn is None:
            waiting = [n for n in phase.waiting() if state.people[n].here]
            key = "ui.floor.nobody" if waiting else "ui.floor.round_complete"
            speaker.show(M("[dim]$text[/]", text=texts(key, name=waiting[0] if waiting else "")))
            speaker.remove_class("-has-floor")
            if countdown.value:
                countdown.update("")
            small.show(Content(""))
            self.remove_class("-overrun")
        else:
            speaker.add_class("-has-floor")
            speaker.show(
                M(
                    "$label [b $accent]$name[/]",
                    label=texts("ui.floor.has_floor"),
                    name=turn.speaker,
                )
            )
            spent = turn.timer.seconds(now)
            if limit:
                remaining = limit - spent
                overrun = remaining < 0
                shown = ("+" if overrun else "") + clock_text(remaining, countdown=True)
            else:
                shown = clock_text(spent)
            if countdown.value != shown:
                countdown.update(shown)
            small.show(M("[b]$time[/]", time=shown))
            was = self.has_class("-overrun")
            self.set_class(overrun, "-overrun")
            overrun = overrun and not was
        self.query_one("#next", UpdatingStatic).show(self._next_text(state, phase, texts))
        return overrun

    @staticmethod
    def _next_text(state: MeetingState, phase: PhaseState, texts: Any) -> Content:
        current = phase.current.speaker if phase.current is not None else None
        waiting = [n for n in phase.waiting() if n != current and state.people[n].here]
        if not waiting:
            return Content("")
        return M("$label [b]$name[/]", label=texts("ui.floor.next"), name=waiting[0])


class PeopleList(VerticalScroll):
    """Everyone's place in the round: spoken, passed, away, and the time each has had the floor."""

    can_focus = False

    def compose(self) -> ComposeResult:
        yield UpdatingStatic(id="people-text")

    def tick(self, state: MeetingState, texts: Any, now: datetime) -> None:
        phase = state.phase
        if phase is None or not phase.takes_turns:
            return
        current = phase.current.speaker if phase.current is not None else None
        lines = []
        for name in phase.order:
            person = state.people.get(name)
            if name == current:
                mark, style = "▶", "b $accent"
            elif name in phase.heard:
                mark, style = "✓", "$success"
            elif name in phase.passed:
                mark, style = "–", "dim"
            elif person is not None and not person.here:
                mark, style = "⌂", "dim strike"
            else:
                mark, style = "·", "not dim"
            status = ""
            if name in phase.passed:
                status = texts("ui.floor.passed")
            elif person is not None and not person.here:
                status = texts("ui.floor.away")
            lines.append(
                M(
                    f"[{style}]$mark $name[/] [dim]$time $status[/]",
                    mark=mark,
                    name=name,
                    time=clock_text(state.speaking_seconds(name, now)),
                    status=status,
                )
            )
        self.query_one("#people-text", UpdatingStatic).show(Content("\n").join(lines))


class ContributionLog(VerticalScroll):
    """The contributions so far on the running item, phase by phase, each against its speaker."""

    can_focus = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[str, list[Any]] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="log-text")

    def show_state(self, state: MeetingState, texts: Any) -> None:
        item = state.item
        lines: list[Content] = []
        if item is not None:
            for phase in item.phases:
                if not phase.contributions:
                    continue
                lines.append(M("[b u]$title[/]", title=phase.spec.title))
                for c in phase.contributions:
                    who = c.speaker or texts("ui.log.note")
                    kind = (
                        texts(f"ui.log.kind.{c.kind}") if c.kind in ("question", "answer") else ""
                    )
                    lines.append(
                        M(
                            "[b]$who[/][dim]$kind[/]: $text",
                            who=who,
                            kind=f" ({kind})" if kind else "",
                            text=c.text,
                        )
                    )
            for note in item.notes:
                lines.append(M("[dim]$who[/]: $text", who=texts("ui.log.note"), text=note.text))
        if not lines:
            lines.append(M("[dim]$text[/]", text=texts("ui.log.empty")))
        content = Content("\n").join(lines)
        shown = drawn(content)
        if shown != self._shown:
            self._shown = shown
            self.query_one("#log-text", Static).update(content)
        # Also when unchanged: the log may have just become shorter (a panel opened above it).
        self.scroll_end(animate=False)  # deferred until laid out: the latest line is in view


class DecisionPanel(UpdatingStatic):
    """The proposal on the table with its consent round, and the decisions taken on this item."""

    def show_state(self, state: MeetingState, texts: Any) -> None:
        item = state.item
        lines: list[Content] = []
        if item is None:
            self.show(Content(""))
            return
        for override in item.overrides:
            lines.append(
                M(
                    "[$warning]⚠ $text[/]",
                    text=texts("ui.decision.overridden", reason=override.reason),
                )
            )
        for decision in item.decisions:
            lines.append(
                M(
                    "[b $success]$label $number[/] $text",
                    label=texts("ui.decision.label"),
                    number=decision.number,
                    text=decision.text,
                )
            )
            for vote in decision.objections:
                lines.append(
                    M("   [$warning]✗ $name: $reason[/]", name=vote.name, reason=vote.reason)
                )
        proposal = item.proposal
        if proposal is not None:
            lines.append(
                M("[b]$label[/] $text", label=texts("ui.decision.proposal"), text=proposal.text)
            )
            if proposal.rationale:
                lines.append(
                    M(
                        "[dim]$label: $text[/]",
                        label=texts("ui.decision.rationale"),
                        text=proposal.rationale,
                    )
                )
            counts = {
                v: sum(1 for x in proposal.votes.values() if x.vote == v)
                for v in ("consent", "object", "abstain")
            }
            waiting = len([n for n in state.here() if n not in proposal.votes])
            lines.append(M("$text", text=texts("ui.decision.tally", waiting=waiting, **counts)))
            for vote in proposal.votes.values():
                if vote.vote == "object":
                    lines.append(
                        M("   [$warning]✗ $name: $reason[/]", name=vote.name, reason=vote.reason)
                    )
            lines.append(M("[dim]$text[/]", text=texts("ui.decision.hint_consent")))
        elif state.phase is not None and state.phase.spec.kind == "decision":
            lines.append(M("[dim]$text[/]", text=texts("ui.decision.hint_propose")))
        self.show(Content("\n").join(lines))


def action_line(action: Action, texts: Any, owner_style: str = "") -> Content:
    """One action as the screens show it: number, what, owner, due date and status."""
    owner = f"[{owner_style}]$owner[/]" if owner_style else "$owner"
    return M(
        f"[b]$number[/] $what — {owner} [dim]$due · $status[/]",
        number=action.number,
        what=action.what,
        owner=action.owner,
        due=action.due.isoformat() if action.due else "—",
        status=texts(f"ui.action_status.{action.status}"),
    )


class ActionsPanel(UpdatingStatic):
    """The actions agreed on this item; in an action review, the actions carried from last time."""

    def show_state(self, state: MeetingState, texts: Any, review: bool) -> None:
        item = state.item
        if item is None:
            self.show(Content(""))
            return
        lines: list[Content] = []
        actions = [a for a in state.actions if (a.origin if review else a.item == item.index)]
        for a in actions:
            lines.append(action_line(a, texts, owner_style="b"))
        if not actions:
            lines.append(
                M(
                    "[dim]$text[/]",
                    text=texts("ui.actions.none_review" if review else "ui.actions.none"),
                )
            )
        lines.append(
            M(
                "[dim]$text[/]",
                text=texts("ui.actions.hint_review" if review else "ui.actions.hint"),
            )
        )
        self.show(Content("\n").join(lines))
