"""The parts of the meeting screen. Each is handed a view (`overleg.chair.views`) and the texts of
the screen's language, and redraws only when the view or the language differs from what it shows.

All user text (names, titles, contributions) goes in as Content variables, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Digits, OptionList, Static
from textual.widgets.option_list import Option

from overleg.chair.views import (
    ActionLine,
    ActionsView,
    AgendaLine,
    ClockView,
    DecisionView,
    FloorView,
    GateView,
    LogView,
    MinutesView,
    PersonLine,
    PromptView,
    StepperView,
)
from overleg.i18n import Texts
from overleg.tui.textual_private import replace_option_prompt

M = Content.from_markup


def drawn(content: Content) -> tuple[str, Sequence[Any]]:
    """What a Content looks like: its text and its styles (`Content.__eq__` compares text only)."""
    return content.plain, content.spans


class UpdatingStatic(Static):
    """A Static that repaints only when its content really changes, and asks for a new layout only
    when its size may change: a clock tick, a new name of the same length, a line that wraps to
    as many rows as before only repaint."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[str, Sequence[Any]] | None = None
        self._size_key: tuple[int, int, int] | None = None

    def _size_of(self, content: Content) -> tuple[int, int, int] | None:
        """What the widget's size depends on: its widest line and its rows when wrapped.

        None when it cannot be known yet (not laid out): then a layout is asked for.
        """
        width = self.content_region.width
        if width <= 0:
            return None
        styles = self.styles
        auto_width = styles.width is not None and styles.width.is_auto
        auto_height = styles.height is not None and styles.height.is_auto
        widest = max((line.cell_length for line in content.split("\n")), default=0)
        rows = len(content.wrap(width)) if auto_height else 0
        return (width, widest if auto_width else 0, rows)

    def show(self, content: Content) -> None:
        shown = drawn(content)
        if shown == self._shown:
            return
        size = self._size_of(content)
        # A hidden widget is laid out when it is shown again, not now.
        layout = self.display and (size is None or size != self._size_key)
        self._shown = shown
        self._size_key = size
        self.update(content, layout=layout)


class RemembersView:
    """A part that remembers the view (and the language) it drew: an equal one draws nothing."""

    _view: tuple[object, str] | None = None

    def unchanged(self, view: object, texts: Texts) -> bool:
        """True when `view` is what is on screen; else it is remembered as drawn now."""
        key = (view, texts.language)
        if key == self._view:
            return True
        self._view = key
        return False


class ViewWidget(RemembersView, UpdatingStatic):
    """An `UpdatingStatic` drawn from a view: nothing is done while the view and language stay."""


class MeetingClock(ViewWidget):
    """Wall clock, time used against the plan, ahead or behind, and whether the meeting is paused."""

    def show_view(self, view: ClockView, texts: Texts) -> None:
        if self.unchanged(view, texts):
            return
        style = {"behind": "$error", "ahead": "$success"}.get(view.schedule, "")
        # Styles are chosen here, never from user text, so they go into the markup itself:
        # Textual substitutes $variables in text, not inside tags.
        content = M(
            f"[b]$wall[/]  $used / $planned  [b {style or 'not dim'}]$schedule[/]",
            wall=view.wall,
            used=view.used,
            planned=view.planned,
            schedule=texts(f"ui.clock.{view.schedule}", minutes=view.minutes),
        )
        if view.paused:
            content = content + M(
                "  [reverse $warning] $paused [/]", paused=texts("ui.clock.paused")
            )
        self.show(content)


class AgendaList(OptionList):
    """The agenda: each item's state, and the time used against the time planned."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: What each option shows now; only the options that change are replaced.
        self._shown: list[tuple[AgendaLine, str]] = []

    @staticmethod
    def item_prompt(line: AgendaLine, texts: Texts) -> Content:
        style = "$error" if line.over else "not dim"
        status = texts(f"ui.item_status.{line.status}")
        if line.reason:  # deferred or skipped: why, in the same words as the minutes
            status = f"{status}: {line.reason}"
        return M(
            f"$mark $number. [b]$title[/]\n   [dim]$status[/] · [{style}]$used / $planned[/]",
            mark=line.mark,
            number=line.number,
            title=line.title,
            status=status,
            used=line.used,
            planned=line.planned,
        )

    def show_lines(self, lines: tuple[AgendaLine, ...], current: int | None, texts: Texts) -> None:
        shown = [(line, texts.language) for line in lines]
        if len(shown) != len(self._shown):
            self.set_options(
                [Option(self.item_prompt(line, texts), id=f"item-{line.index}") for line in lines]
            )
        else:
            for i, now_shown in enumerate(shown):
                if now_shown != self._shown[i]:
                    replace_option_prompt(self, i, self.item_prompt(lines[i], texts))
        self._shown = shown
        if self.highlighted != current:
            self.highlighted = current

    def show_line(self, line: AgendaLine, texts: Texts) -> None:
        """Redraw one item's line (the running one, as its clock ticks)."""
        # Its place in the list, which is the agenda as adopted: items added, dropped or moved
        # make that differ from the item's index.
        place = line.number - 1
        if not 0 <= place < len(self._shown):
            return
        shown = (line, texts.language)
        if shown != self._shown[place]:
            self._shown[place] = shown
            replace_option_prompt(self, place, self.item_prompt(line, texts))


class PhaseStepper(ViewWidget):
    """The item's phases in a row, the running one highlighted, and the phase's clock."""

    def on_resize(self) -> None:
        self._view = None  # the row may fit differently now

    def show_view(self, view: StepperView, texts: Texts) -> None:
        if self.unchanged(view, texts):
            return
        if not view.item:
            self.show(M("[dim]$text[/]", text=texts("ui.meeting.no_item")))
            return
        parts: list[Content] = []
        for title, state in view.phases:
            if state == "running":
                parts.append(M("[b reverse $accent] $title [/]", title=title))
            elif state == "done":
                parts.append(M("[dim]✓ $title[/]", title=title))
            else:
                parts.append(M("$title", title=title))
        line = Content(" ▸ ").join(parts)
        width = self.size.width
        lines_allowed = 1 if self.screen.has_class("-short") else 2
        if width and line.cell_length > width * lines_allowed - 16:
            # Too wide to read in one line: marks for the other phases, the running one in full.
            compact = [
                part if state == "running" else Content("✓" if state == "done" else "·")
                for (_, state), part in zip(view.phases, parts, strict=True)
            ]
            line = Content(" ").join(compact)
        if view.clock is not None:
            used, planned, over = view.clock
            style = "$error" if over else "dim"
            line = line + M(f"  [{style}]$used / $planned[/]", used=used, planned=planned)
        self.show(line)


class GateLine(ViewWidget):
    """Before a decision: how many have not been heard yet, phase by phase, or that all have.

    One line: counts, not names (b opens the gate dialog with the names); when even that does
    not fit, the totals only.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._variants: tuple[Content, ...] = ()

    def show_view(self, view: GateView, texts: Texts) -> None:
        if self.unchanged(view, texts):
            return
        if not view.shown:
            self.display = False
            return
        self.display = True
        missing = view.missing
        if not missing:
            self._variants = (M("[$success]✓ $text[/]", text=texts("ui.gate.open")),)
        else:
            self._variants = tuple(
                M("[$warning]⚠ $text[/]", text=texts("ui.gate.shut", missing=text))
                for text in gate_variants(missing, texts)
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


def gate_variants(missing: tuple[tuple[str, tuple[str, ...]], ...], texts: Texts) -> list[str]:
    """Ways to say who has still to be heard, the fullest first: every name by phase, then the
    first names with a count of the rest, then counts per phase, then one total."""
    total = sum(len(names) for _, names in missing)

    def named(shown: int) -> str:
        parts = []
        left = shown
        for title, names in missing:
            here, rest = names[:left], len(names) - len(names[:left])
            left -= len(here)
            if here and rest:
                parts.append(
                    texts("ui.gate.names_more", names=", ".join(here), count=rest, phase=title)
                )
            elif here:
                parts.append(texts("ui.gate.names", names=", ".join(here), phase=title))
            else:
                parts.append(texts("ui.gate.count", count=rest, phase=title))
        return "; ".join(parts)

    variants = [named(shown) for shown in range(total, 0, -1)]
    variants.append(
        ", ".join(texts("ui.gate.count", count=len(names), phase=title) for title, names in missing)
    )
    if len(missing) > 1:  # the shorter "N in K phases" only where there are several to count
        variants.append(texts("ui.gate.count_phases", count=total, phases=len(missing)))
    return list(dict.fromkeys(variants))


class PromptCard(ViewWidget):
    """The phase's prompts, large and calm; a questions phase says plainly: questions only.

    When the prompts do not fit the rows it may take (short terminals), the last row says how
    many more there are rather than dropping them silently.
    """

    #: Rows of text the card may show on a short terminal (its border takes two more).
    SHORT_ROWS = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lines: list[Content] = []
        self._texts: Texts | None = None
        self._essential = 1

    def show_view(self, view: PromptView, texts: Texts) -> None:
        if self.unchanged(view, texts):
            return
        lines: list[Content] = []
        if view.state != "phase":
            key = "ui.prompt.ended" if view.state == "ended" else "ui.prompt.choose_item"
            lines.append(M("$text", text=texts(key)))
        else:
            if view.description:
                lines.append(M("[i]$text[/]", text=view.description))
            if view.questions_only:
                # The method's own prompt often says "questions only" already: say it once.
                if view.rule_prompt is None:
                    lines.append(M("[b $warning]$text[/]", text=texts("ui.prompt.questions_only")))
                for i, prompt in enumerate(view.prompts):
                    style = "b $warning" if i == view.rule_prompt else "b"
                    lines.append(M(f"[{style}]$text[/]", text=prompt))
            else:
                lines.extend(M("[b]$text[/]", text=prompt) for prompt in view.prompts)
                if not view.prompts:
                    lines.append(M("$text", text=texts(f"ui.prompt.kind.{view.kind}")))
        self._lines = lines
        self._texts = texts
        # The description and the phase's first prompt (or the rule) always show.
        self._essential = 2 if view.state == "phase" and view.description else 1
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        lines = self._lines
        width = self.content_region.width
        texts = self._texts
        if self.screen.has_class("-short") and width > 0 and texts is not None:

            def more(count: int) -> Content:
                return M("[dim]$text[/]", text=texts("ui.prompt.more", count=count))

            lines = fit_lines(lines, width, self.SHORT_ROWS, more, self._essential)
        self.show(Content("\n").join(lines))


def fit_lines(
    lines: list[Content],
    width: int,
    rows: int,
    more: Callable[[int], Content],
    essential: int = 1,
) -> list[Content]:
    """`lines` in at most `rows` rows of `width` cells.

    What fits is shown whole. Otherwise the first `essential` lines (the item's description, the
    phase's first prompt) are always shown, cut to one row with "…" where they are too long, and
    the last row says how many lines are left out (`more(count)`).
    """
    heights = [len(line.wrap(width)) or 1 for line in lines]
    if sum(heights) <= rows:
        return lines
    budget = rows - 1  # the last row counts what is left out
    essential = min(essential, len(lines), budget)
    kept: list[Content] = []
    used = 0
    for index, (line, height) in enumerate(zip(lines, heights, strict=True)):
        still_essential = max(0, essential - index - 1)  # rows the essentials after this need
        room = budget - used - still_essential
        if height <= room:
            kept.append(line)
            used += height
        elif index < essential and room >= 1:
            kept.append(line.truncate(width, ellipsis=True))
            used += 1
        else:
            break
    left_out = len(lines) - len(kept)
    if left_out:
        kept.append(more(left_out))
    return kept


class FloorPanel(RemembersView, Vertical):
    """Who has the floor and their countdown, and who is next."""

    def compose(self) -> ComposeResult:
        self.speaker = UpdatingStatic(id="speaker")
        self.countdown_label = UpdatingStatic(id="countdown-label")
        self.countdown = Digits("", id="countdown")
        self.countdown_small = UpdatingStatic(id="countdown-small")
        self.following = UpdatingStatic(id="next")
        self.rule = UpdatingStatic(id="floor-rule")
        yield self.speaker
        yield self.countdown_label
        yield self.countdown
        yield self.countdown_small
        yield self.following
        yield self.rule

    def show_view(self, view: FloorView, texts: Texts) -> bool:
        """Redraw; True when the speaker has just run over their time."""
        if not view.shown or self.unchanged(view, texts):
            return False
        speaker, countdown, small = self.speaker, self.countdown, self.countdown_small
        overrun = False
        if view.speaker is None:
            key = "ui.floor.nobody" if view.waiting else "ui.floor.round_complete"
            speaker.show(M("[dim]$text[/]", text=texts(key, name=view.waiting)))
            speaker.remove_class("-has-floor")
            if countdown.value:
                countdown.update("")
            self.countdown_label.show(Content(""))
            small.show(Content(""))
            self.remove_class("-overrun")
        else:
            speaker.add_class("-has-floor")
            line = M(
                "$label [b $accent]$name[/]", label=texts("ui.floor.has_floor"), name=view.speaker
            )
            if view.asked_again:
                line = line + M("  [b $warning]$text[/]", text=texts("ui.floor.asked_again"))
            speaker.show(line)
            if countdown.value != view.time:
                countdown.update(view.time)
            # Which way the clock counts: down (time left), up past the limit, or up (spoken).
            self.countdown_label.show(
                M("[dim]$text[/]", text=texts(f"ui.floor.label_{view.timing}"))
            )
            small.show(M("[b]$time[/]", time=texts(f"ui.floor.time_{view.timing}", time=view.time)))
            was = self.has_class("-overrun")
            self.set_class(view.overrun, "-overrun")
            overrun = view.overrun and not was
        following = (
            M("$label [b]$name[/]", label=texts("ui.floor.next"), name=view.next)
            if view.next
            else Content("")
        )
        self.following.show(following)
        self.rule.set_class(view.questions_only, "-shown")
        if view.questions_only:
            self.rule.show(M("[b $warning]$text[/]", text=texts("ui.floor.questions_only")))
        return overrun


PLACES = {
    "current": ("▶", "b $accent"),
    "heard": ("✓", "$success"),
    "passed": ("–", "dim"),
    "away": ("⌂", "dim strike"),
    "waiting": ("·", "not dim"),
}


class PeopleList(RemembersView, VerticalScroll):
    """Everyone's place in the round: spoken, passed, away, and the time each has had the floor."""

    can_focus = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._drawn: dict[tuple[PersonLine, str, int], Content] = {}

    def compose(self) -> ComposeResult:
        self.text = UpdatingStatic(id="people-text")
        yield self.text

    def show_lines(self, lines: tuple[PersonLine, ...] | None, texts: Texts) -> None:
        if lines is None or self.unchanged(lines, texts):
            return
        width = self.content_region.width - 1  # a scrollbar may take a column
        # A key changes one or two people's lines; the others come from the last drawing.
        drawn: dict[tuple[PersonLine, str, int], Content] = {}
        for line in lines:
            key = (line, texts.language, width)
            drawn[key] = self._drawn.get(key) or self._person(line, texts, width)
        self._drawn = drawn
        self.text.show(Content("\n").join(drawn.values()))

    @staticmethod
    def _person(line: PersonLine, texts: Texts, width: int) -> Content:
        mark, style = PLACES[line.place]
        status = ""
        if line.place == "passed":
            status = texts("ui.floor.passed")
        elif line.place == "away":
            status = texts("ui.floor.away")
        content = M(
            f"[{style}]$mark $name[/] [dim]$time $status[/]",
            mark=mark,
            name=line.name,
            time=line.time,
            status=status,
        )
        if line.total != line.time:
            # The whole meeting's time too, where the line has room for it.
            total = M("[dim]$text[/]", text=" " + texts("ui.floor.total", time=line.total))
            if content.cell_length + total.cell_length <= width:
                content = content.rstrip() + total
        return content


class ContributionLog(RemembersView, VerticalScroll):
    """The contributions so far on the running item, phase by phase, each against its speaker."""

    can_focus = False

    def compose(self) -> ComposeResult:
        self.text = Static(id="log-text")
        yield self.text

    def on_resize(self) -> None:
        # Shorter now (a panel opened above it): the latest line stays in view.
        self.scroll_end(animate=False)

    def show_view(self, view: LogView, texts: Texts) -> None:
        if self.unchanged(view, texts):
            return
        lines: list[Content] = []
        for title, contributions in view.phases:
            lines.append(M("[b u]$title[/]", title=title))
            for c in contributions:
                who = c.speaker or texts("ui.log.note")
                kind = texts(f"ui.log.kind.{c.kind}") if c.kind in ("question", "answer") else ""
                lines.append(
                    M(
                        "[b]$who[/][dim]$kind[/]: $text",
                        who=who,
                        kind=f" ({kind})" if kind else "",
                        text=c.text,
                    )
                )
        for note in view.notes:
            lines.append(M("[dim]$who[/]: $text", who=texts("ui.log.note"), text=note))
        if not lines:
            lines.append(M("[dim]$text[/]", text=texts("ui.log.empty")))
        self.text.update(Content("\n").join(lines))
        self.scroll_end(animate=False)  # deferred until laid out: the latest line is in view


class DecisionPanel(ViewWidget):
    """The proposal on the table with its consent round, and the decisions taken on this item."""

    def show_view(self, view: DecisionView, texts: Texts) -> None:
        if self.unchanged(view, texts):
            return
        if not view.shown:
            self.show(Content(""))
            return
        lines: list[Content] = []
        for reason in view.overrides:
            lines.append(
                M("[$warning]⚠ $text[/]", text=texts("ui.decision.overridden", reason=reason))
            )
        for decision in view.decisions:
            lines.append(
                M(
                    "[b $success]$label $number[/] $text",
                    label=texts("ui.decision.label"),
                    number=decision.number,
                    text=decision.text,
                )
            )
            for name, reason in decision.objections:
                lines.append(M("   [$warning]✗ $name: $reason[/]", name=name, reason=reason))
        proposal = view.proposal
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
            tally = texts(
                "ui.decision.tally",
                waiting=proposal.waiting,
                consent=proposal.consent,
                object=proposal.object,
                abstain=proposal.abstain,
            )
            lines.append(M("$text", text=tally))
            for name, reason in proposal.objections:
                lines.append(M("   [$warning]✗ $name: $reason[/]", name=name, reason=reason))
            lines.append(M("[dim]$text[/]", text=texts("ui.decision.hint_consent")))
        elif view.invite:
            lines.append(M("[dim]$text[/]", text=texts("ui.decision.hint_propose")))
        self.show(Content("\n").join(lines))


def action_number(action: ActionLine, texts: Texts) -> str:
    """ "3.1", or for an action carried from an earlier meeting "3.1 van 2 december"."""
    if action.agreed is None:
        return action.number
    month = texts.list("ui.dates.months")[action.agreed.month - 1]
    day = texts("ui.dates.short", day=action.agreed.day, month=month)
    return texts("ui.actions.number_from", number=action.number, date=day)


def action_content(action: ActionLine, texts: Texts, owner_style: str = "") -> Content:
    """One action as the screens show it: number, what, owner, due date and status."""
    owner = f"[{owner_style}]$owner[/]" if owner_style else "$owner"
    return M(
        f"[b]$number[/] $what — {owner} [dim]$due · $status[/]",
        number=action_number(action, texts),
        what=action.what,
        owner=action.owner,
        due=action.due,
        status=texts(f"ui.action_status.{action.status}"),
    )


class ActionsPanel(ViewWidget):
    """The actions agreed on this item; in an action review, the actions carried from last time."""

    def show_view(self, view: ActionsView, texts: Texts) -> None:
        if self.unchanged(view, texts):
            return
        if not view.shown:
            self.show(Content(""))
            return
        review = view.review
        lines = [action_content(a, texts, owner_style="b") for a in view.lines]
        if not view.lines:
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


class MinutesPanel(ViewWidget):
    """While the previous minutes are reviewed: what is on the table, its besluitenlijst, the
    amendments noted so far, and whether they are adopted."""

    def show_view(self, view: MinutesView, texts: Texts) -> None:
        if self.unchanged(view, texts):
            return
        if not view.shown:
            self.show(Content(""))
            return
        if not view.on_table:
            self.show(M("[dim]$text[/]", text=texts("ui.adopt.none")))
            return
        day = long_date(view.day, texts) if view.day is not None else ""
        lines = [M("[b]$text[/]", text=texts("ui.adopt.on_table", title=view.title, date=day))]
        lines.append(M("[b u]$text[/]", text=texts("ui.adopt.decisions")))
        for label, text in view.decisions:
            lines.append(M("[b $success]$number[/] $text", number=label, text=text))
        if not view.decisions:
            lines.append(M("[dim]$text[/]", text=texts("ui.adopt.no_decisions")))
        lines.append(M("[b u]$text[/]", text=texts("ui.adopt.amendments")))
        for number, title, text in view.amendments:
            if number:
                said = texts("ui.adopt.at_item", number=number, title=title, text=text)
            else:
                said = texts("ui.adopt.at_large", text=text)
            lines.append(M("[$warning]✎[/] $text", text=said))
        if not view.amendments:
            lines.append(M("[dim]$text[/]", text=texts("ui.adopt.no_amendments")))
        if view.adopted == "here":
            lines.append(M("[b $success]✓ $text[/]", text=texts("ui.adopt.already")))
        elif view.adopted == "elsewhere":
            lines.append(M("[b $warning]$text[/]", text=texts("ui.adopt.elsewhere")))
        else:
            lines.append(M("$text", text=texts("ui.adopt.concept")))
            lines.append(M("[dim]$text[/]", text=texts("ui.adopt.hint")))
        self.show(Content("\n").join(lines))


def long_date(day: date, texts: Texts) -> str:
    """ "dinsdag 1 december 2026" / "Tuesday 1 December 2026"."""
    weekday = texts.list("ui.dates.weekdays")[day.weekday()]
    month = texts.list("ui.dates.months")[day.month - 1]
    return texts("ui.dates.long", weekday=weekday, day=day.day, month=month, year=day.year)
