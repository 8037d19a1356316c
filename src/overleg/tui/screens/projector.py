"""The projector: the meeting as the room sees it, read only, readable from the back.

`overleg projector` opens the meeting beside the chair's console and follows what it writes: the
item and its phase, the phase's prompts (a questions-only phase says so plainly), who has the
floor with a countdown in digits as large as the screen allows, who is next, who has still to be
heard before a decision, and the consent round as it fills. It shows no contributions, no notes
and no reasons, and in a case meeting no client names unless the chair shows them (see
`overleg.chair.views.projector_view`). It changes nothing: q leaves, F1 lists the keys.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from overleg.chair import views
from overleg.chair.meeting import Chair
from overleg.i18n import Texts
from overleg.tui.bindings import localize_bindings
from overleg.tui.host import host
from overleg.tui.widgets.meeting import UpdatingStatic, fit_lines

M = Content.from_markup

# ------------------------------------------------------------------------------------ big digits

#: A 3x5 block font for clock texts ("#" lit); each pixel is half a terminal cell high, so a
#: pixel is about square and the digits keep their shape at every scale.
FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
}
FONT_HEIGHT = 5
#: Half-cell pixels (top, bottom) to the character that draws them.
HALVES = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def big_width(text: str, scale: int) -> int:
    """Columns `text` takes in the block font at `scale`, a pixel's gap between characters."""
    glyphs = [FONT[c] for c in text if c in FONT]
    if not glyphs:
        return 0
    return scale * (sum(len(g[0]) for g in glyphs) + len(glyphs) - 1)


def big_height(scale: int) -> int:
    """Rows the block font takes at `scale`."""
    return math.ceil(FONT_HEIGHT * scale / 2)


def big_scale(text: str, width: int, height: int, largest: int = 12) -> int:
    """The largest scale at which `text` fits `width` x `height` cells (0: not even at 1)."""
    scale = 0
    for candidate in range(1, largest + 1):
        if big_width(text, candidate) > width or big_height(candidate) > height:
            break
        scale = candidate
    return scale


def big_lines(text: str, scale: int) -> list[str]:
    """`text` (digits and colons) drawn in the block font at `scale`, one string per row."""
    glyphs = [FONT[c] for c in text if c in FONT]
    pixels: list[list[bool]] = []
    for y in range(FONT_HEIGHT * scale):
        row: list[bool] = []
        for i, glyph in enumerate(glyphs):
            if i:
                row.extend([False] * scale)
            for lit in glyph[y // scale]:
                row.extend([lit == "#"] * scale)
        pixels.append(row)
    if len(pixels) % 2:
        pixels.append([False] * len(pixels[0]) if pixels else [])
    return [
        "".join(HALVES[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(pixels[::2], pixels[1::2], strict=True)
    ]


class BigClock(Widget):
    """A clock text in block digits as large as the widget's size allows, with a caption
    beneath (which way it counts), the two centred together.

    Its size comes from the layout, never from the text: a new second only repaints it.
    """

    #: The clock text ("1:42"), or "" for nothing.
    value: reactive[str] = reactive("", layout=False)
    #: The line beneath the digits ("Resterende spreektijd").
    caption: reactive[Content] = reactive(Content(""), layout=False, always_update=True)

    def render(self) -> Content:
        text, caption = self.value, self.caption
        width, height = self.content_region.width, self.content_region.height
        below = 2 if caption else 0  # a blank row, then the caption
        scale = big_scale(text, width, height - below)
        if not text or scale == 0:
            # Too small for the digits (never from 80x24 on): the plain text.
            return Content("\n").join([Content(text), caption]) if text else caption
        digits = big_lines(text, scale)
        left = " " * ((width - len(digits[0])) // 2)  # one offset: the digits keep their shape
        lines = [Content(left + line) for line in digits]
        if caption:
            caption = caption.truncate(width, ellipsis=True)
            lines += [Content(""), caption.pad_left((width - caption.cell_length) // 2)]
        top = (height - len(lines)) // 2
        return Content("\n").join([Content("")] * top + lines)


# ------------------------------------------------------------------------------------ the parts


class VoteCard(UpdatingStatic):
    """One member's answer in the consent round: a mark, the name and the answer, coloured by it."""

    MARKS = {"consent": "✓", "object": "✗", "abstain": "○", "": "·"}

    def show_row(self, row: views.VoteRow, texts: Texts, pad: int | None) -> None:
        """Draw `row`: on one line with the name padded to `pad` cells, or on two (None)."""
        vote = row.vote or "waiting"
        for name in ("consent", "object", "abstain", "waiting"):
            self.set_class(name == vote, f"-{name}")
        one_line = pad is not None
        markup = "[b]$mark $name[/]  $word" if one_line else "[b]$mark $name[/]\n$word"
        self.show(
            M(
                markup,
                mark=self.MARKS.get(row.vote, "·"),
                name=row.name.ljust(pad or 0),
                word=texts(f"ui.vote.{vote}"),
            )
        )


class ConsentPanel(Vertical):
    """The proposal on the table and each member's answer as it comes in: names and answers,
    never a reason. The answers stand side by side as cards, as many columns as fit; where the
    cards would not all fit (a short screen, many members), one row each."""

    #: Columns a card takes besides the name: border, padding, mark, and the gutter.
    CARD_EXTRA = 9
    #: Rows a card takes with the gutter below it.
    CARD_ROWS = 5
    #: Columns a one-row answer takes besides the name: the mark, the answer, the gutter.
    ROW_EXTRA = 16

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._view: tuple[views.ConsentView, str] | None = None
        self._texts: Texts | None = None
        self._names: tuple[str, ...] = ()
        #: How the answers were last laid out: (cards, columns).
        self._layout: tuple[bool, int] | None = None

    def compose(self) -> ComposeResult:
        self.head = UpdatingStatic(id="pj-consent-head")
        self.proposal = UpdatingStatic(id="pj-proposal")
        self.votes = Container(id="pj-votes")
        self.tally = UpdatingStatic(id="pj-tally")
        yield self.head
        yield self.proposal
        yield self.votes
        yield self.tally

    def show_view(self, view: views.ConsentView, texts: Texts) -> None:
        if (view, texts.language) == self._view:
            return
        self._view = (view, texts.language)
        self._texts = texts
        self.head.show(M("[b]$text[/]", text=texts("ui.projector.consent_title")))
        if view.proposal is None:
            self.proposal.show(M("[dim]$text[/]", text=texts("ui.projector.no_proposal")))
        else:
            self.proposal.show(
                M(
                    "[b $accent]$label:[/] [b]$text[/]",
                    label=texts("ui.projector.proposal"),
                    text=view.proposal,
                )
            )
        names = tuple(r.name for r in view.rows)
        if names != self._names:
            self._names = names
            self._layout = None
            self.votes.remove_children()
            self.votes.mount_all(VoteCard(classes="pj-vote") for _ in names)
        counts = Counter(r.vote for r in view.rows)
        tally = texts(
            "ui.decision.tally",
            consent=counts["consent"],
            object=counts["object"],
            abstain=counts["abstain"],
            waiting=counts[""],
        )
        self.tally.display = bool(view.rows)
        self.tally.show(M("$text", text=tally))
        self._fit(redraw=True)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self, redraw: bool = False) -> None:
        """Cards where they all fit beside and below each other, else one row an answer."""
        if self._view is None or self._texts is None:
            return
        view, texts = self._view[0], self._texts
        width, height = self.content_region.width, self.content_region.height
        widest = max((len(n) for n in self._names), default=0)
        count = len(self._names)
        cards = False
        columns = max(1, min(count, width // (widest + self.ROW_EXTRA))) if width > 0 else 1
        if width > 0 and count and not self.screen.has_class("-short"):
            across = max(1, min(count, width // (widest + self.CARD_EXTRA)))
            proposal = self.proposal.visual
            text_rows = len(proposal.wrap(width - 4)) if isinstance(proposal, Content) else 1
            # The title, the proposal in its frame, the gap, the cards, the tally beneath.
            need = 1 + text_rows + 2 + 1 + math.ceil(count / across) * self.CARD_ROWS - 1 + 2
            if need <= height:
                cards, columns = True, across
        layout = (cards, columns)
        if layout != self._layout:
            self._layout = layout
            self.set_class(cards, "-cards")
            self.votes.styles.grid_size_columns = columns
            redraw = True
        if redraw:
            pad = None if cards else widest
            for card, row in zip(self.votes.query_children(VoteCard), view.rows, strict=False):
                card.show_row(row, texts, pad)


class ProjectorScreen(Screen[None]):
    """The meeting as the room sees it: read only, large, calm."""

    CSS_PATH = "projector.tcss"
    AUTO_FOCUS = ""
    BINDINGS = [Binding("q", "app.request_quit", "quit", id="leave")]

    def __init__(self, chair: Chair) -> None:
        super().__init__()
        self.chair = chair
        #: Which part the middle shows: "floor", "phase", "consent" or "message".
        self._mode = ""
        #: The prompt card's lines, fitted to the rows it has at each redraw and resize.
        self._prompt_lines: list[Content] = []
        self._prompt_texts: Texts | None = None

    # ---- layout

    def compose(self) -> ComposeResult:
        # The parts are kept as attributes: a redraw reaches them without a query.
        self.meeting_title = UpdatingStatic(id="pj-meeting")
        self.privacy = UpdatingStatic(id="pj-privacy")
        self.wall = UpdatingStatic(id="pj-wall")
        self.alert = UpdatingStatic(id="pj-alert")
        self.item_title = UpdatingStatic(id="pj-item")
        self.phases = UpdatingStatic(id="pj-phases")
        self.prompt = UpdatingStatic(id="pj-prompt")
        self.label = UpdatingStatic(id="pj-label")
        self.speaker = UpdatingStatic(id="pj-speaker")
        self.clock = BigClock(id="pj-clock")
        self.consent = ConsentPanel(id="pj-consent")
        self.message = UpdatingStatic(id="pj-message")
        self.following = UpdatingStatic(id="pj-next")
        self.gate = UpdatingStatic(id="pj-gate")
        self.decisions = UpdatingStatic(id="pj-decisions")
        self.main = Vertical(id="pj-main")
        self.side = Vertical(id="pj-side")
        with Horizontal(id="pj-top"):
            yield self.meeting_title
            yield self.privacy
            yield self.wall
        yield self.alert
        yield self.item_title
        yield self.phases
        yield self.prompt
        with Horizontal(id="pj-body"):
            with self.main:
                yield self.label
                yield self.speaker
                yield self.clock
                yield self.consent
                yield self.message
            with self.side:
                yield self.following
                yield self.gate
                yield self.decisions

    @property
    def texts(self) -> Texts:
        return host(self).texts

    def now(self) -> datetime:
        now: datetime = self.chair.now()
        return now

    def on_mount(self) -> None:
        localize_bindings(self, self.texts)
        self.watch(self.app, "revision", self.redraw)
        self.watch(self.app, "lang", self.relabel, init=False)
        # Whole seconds, just after the wall clock's second turns, as on the chair's console.
        self.set_timer(1.02 - time.time() % 1.0, self._start_ticking)
        self.call_after_refresh(host(self).freeze_heap)

    def _start_ticking(self) -> None:
        self.redraw()
        self.set_interval(1.0, self.redraw)

    def relabel(self, _: object = None) -> None:
        localize_bindings(self, self.texts)
        self.redraw()

    def on_resize(self) -> None:
        # The parts that fit what they show to the room they have, once it is known.
        self.call_after_refresh(self.redraw)

    # ---- drawing

    def view(self) -> views.ProjectorView:
        """The view as the chair shows it now: client names only when the chair says so."""
        chair = self.chair
        show_clients = chair.display().get("show_clients") is True
        return views.projector_view(
            chair.state, chair.gate(), self.now(), host(self).lang, show_clients
        )

    def redraw(self, _: object = None) -> None:
        """Draw from the view (after each change, and each second for the clocks); each part
        draws only what differs."""
        view = self.view()
        texts = self.texts
        self._draw_top(view, texts)
        self.item_title.display = bool(view.item_title)
        self.item_title.show(M("$text", text=view.item_title))
        self._draw_phases(view, texts)
        self._draw_prompt(view, texts)
        self._draw_main(view, texts)
        self._draw_side(view, texts)

    def _draw_top(self, view: views.ProjectorView, texts: Texts) -> None:
        self.meeting_title.show(M("$text", text=view.meeting_title))
        self.privacy.show(
            M("[dim]$text[/]", text=texts("ui.projector.names_hidden"))
            if view.pseudonymised
            else Content("")
        )
        self.wall.show(M("[b]$text[/]", text=self.now().strftime("%H:%M")))
        if self.chair.follow_problem:
            alert = texts("ui.projector.not_following")
        elif view.status == "paused":
            alert = f"{texts('ui.clock.paused')} · {texts('ui.projector.paused')}"
        else:
            alert = ""
        self.alert.set_class(bool(alert), "-shown")
        self.alert.show(Content(alert))

    def _draw_phases(self, view: views.ProjectorView, texts: Texts) -> None:
        self.phases.display = bool(view.phases)
        if not view.phases:
            return
        parts: list[Content] = []
        for title, state in view.phases:
            if state == "running":
                parts.append(M("[b reverse $accent] $title [/]", title=title))
            elif state == "done":
                parts.append(M("[dim]✓ $title[/]", title=title))
            else:
                parts.append(M("[dim]$title[/]", title=title))
        line = Content(" ▸ ").join(parts)
        width = self.phases.content_region.width or self.size.width
        if line.cell_length > width:
            # Too long for one row: marks for the other phases, the running one in full, and
            # its place among them.
            compact = [
                part
                if state == "running"
                else M("[dim]$mark[/]", mark="✓" if state == "done" else "·")
                for (_, state), part in zip(view.phases, parts, strict=True)
            ]
            place = texts("ui.projector.phase", number=view.phase_number, count=len(view.phases))
            line = Content(" ").join(compact) + M("  [dim]$text[/]", text=place)
        self.phases.show(line)

    def _draw_prompt(self, view: views.ProjectorView, texts: Texts) -> None:
        prompt = view.prompt
        lines: list[Content] = []
        if prompt.state == "phase":
            if prompt.questions_only:
                # Said plainly and first, also where a prompt of the method says it too: the
                # room reads the banner before any prompt.
                lines.append(
                    M(
                        "[b reverse $warning] $banner [/]  [b $warning]$rule[/]",
                        banner=texts("ui.projector.questions_banner"),
                        rule=texts("ui.projector.questions_rule"),
                    )
                )
                for i, text in enumerate(prompt.prompts):
                    style = "b $warning" if i == prompt.rule_prompt else "b"
                    lines.append(M(f"[{style}]$text[/]", text=text))
            else:
                lines.extend(M("[b]$text[/]", text=text) for text in prompt.prompts)
            if not prompt.prompts and texts.has(f"ui.projector.kind.{prompt.kind}"):
                lines.append(M("$text", text=texts(f"ui.projector.kind.{prompt.kind}")))
        self._prompt_lines = lines
        self._prompt_texts = texts
        self._fit_prompt()

    def _fit_prompt(self) -> None:
        """The prompts in the rows the screen's height gives them; the rule and the first
        prompt always, and how many more are left out."""
        lines = self._prompt_lines
        prompt = self.prompt
        prompt.display = bool(lines)
        texts = self._prompt_texts
        width = prompt.content_region.width or self.size.width - 8
        rows = 3 if self.has_class("-short") else 8 if self.has_class("-huge") else 5
        if texts is not None and lines and width > 0:

            def more(count: int) -> Content:
                return M("[dim]$text[/]", text=texts("ui.projector.more", count=count))

            lines = fit_lines(lines, width, rows, more, min(2, len(lines)))
        prompt.show(Content("\n").join(lines))

    def _draw_main(self, view: views.ProjectorView, texts: Texts) -> None:
        floor = view.floor
        if view.status == "new":
            mode, message = "message", texts("ui.projector.not_started")
        elif view.status == "ended":
            mode, message = "message", texts("ui.projector.ended")
        elif view.prompt.state != "phase":
            mode, message = "message", texts("ui.projector.no_item")
        elif view.consent.proposal is not None:
            mode, message = "consent", ""
        elif floor.shown:
            mode, message = "floor", ""
        elif view.phase_left:
            mode, message = "phase", ""
        else:
            mode, message = "message", view.phase_title
        if mode != self._mode:
            for name in ("message", "consent", "floor", "phase"):
                self.main.set_class(name == mode, f"-{name}")
            self._mode = mode
        if mode == "message":
            self.message.show(M("[b]$text[/]", text=message))
        elif mode == "consent":
            self.consent.show_view(view.consent, texts)
        elif mode == "floor":
            self._draw_floor(floor, texts)
        else:
            key = "ui.projector.phase_over" if view.phase_over else "ui.projector.phase_left"
            self.label.show(M("[b]$text[/]", text=view.phase_title))
            self._draw_clock(view.phase_left, texts(key), view.phase_over)

    def _draw_floor(self, floor: views.FloorView, texts: Texts) -> None:
        self.speaker.set_class(floor.speaker is None, "-nobody")
        if floor.speaker is None:
            key = "ui.projector.nobody" if floor.waiting else "ui.projector.round_complete"
            self.label.show(M("$text", text=texts(key)))
            self.speaker.show(Content(""))
            self._draw_clock("", "", False)
            return
        self.label.show(M("$text", text=texts("ui.projector.has_floor")))
        name = M("$name", name=floor.speaker)
        if floor.asked_again:
            name = name + M("  [$warning]$text[/]", text=texts("ui.projector.asked_again"))
        self.speaker.show(name)
        self._draw_clock(floor.time, texts(f"ui.floor.label_{floor.timing}"), floor.overrun)

    def _draw_clock(self, value: str, caption: str, over: bool) -> None:
        """The big clock, and beneath it which way it counts; red and loud once over time."""
        clock = self.clock
        clock.set_class(over, "-over")
        style = "b reverse $error" if over else "$text-muted"
        shown = M(f"[{style}] $text [/]", text=caption) if caption else Content("")
        if not (shown.is_same(clock.caption) and value == clock.value):
            clock.caption = shown
            clock.value = value

    def _missing(
        self, missing: tuple[tuple[str, tuple[str, ...]], ...], taken: int
    ) -> list[Content]:
        """Who has still to be heard, phase by phase: a name a row where the column has room
        for them all (`taken` rows are used above), else the names of a phase in one list."""
        rows: list[Content] = []
        for title, names in missing:
            rows.append(M("[dim]$title[/]", title=title))
            rows.extend(M("[b]• $name[/]", name=name) for name in names)
        side = self.side.content_region
        if side.width > 0:
            height = sum(len(row.wrap(side.width)) for row in rows)
            if height > side.height - taken - 2:  # the gate's title, and the decisions' row
                rows = []
                for title, names in missing:
                    rows.append(M("[dim]$title[/]", title=title))
                    rows.append(M("[b]$names[/]", names=", ".join(names)))
        return rows

    def _draw_side(self, view: views.ProjectorView, texts: Texts) -> None:
        floor = view.floor
        upcoming = floor.next if floor.shown else ""
        self.following.display = bool(upcoming)
        self.following.show(
            M(
                "[dim]$label[/]\n[b]$name[/]",
                label=texts("ui.projector.next"),
                name=upcoming,
            )
        )
        gate: list[Content] = []
        if view.overridden:
            gate.append(M("[b $warning]⚠ $text[/]", text=texts("ui.projector.gate_overridden")))
        if view.gate.shown:
            if view.gate.open:
                gate.append(M("[b $success]✓ $text[/]", text=texts("ui.projector.gate_open")))
            else:
                gate.append(M("[b $warning]$text[/]", text=texts("ui.projector.gate_title")))
                gate.extend(self._missing(view.gate.missing, 4 if upcoming else 0))
        self.gate.display = bool(gate)
        self.gate.show(Content("\n").join(gate))
        decided = [
            M(
                "[b $success]$label[/] $text",
                label=texts("ui.projector.decision", number=number),
                text=text,
            )
            for number, text in view.decisions
        ]
        self.decisions.display = bool(decided)
        self.decisions.show(Content("\n").join(decided))
        self.side.display = bool(upcoming or gate or decided)
