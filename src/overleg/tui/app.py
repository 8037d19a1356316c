"""The overleg terminal app: picks the first screen, runs engine commands, and keeps errors calm.

Screens never call the engine directly: they go through `OverlegApp.command`, which turns every
refusal into a message on screen and bumps `revision`, the one reactive every screen watches to
redraw from the engine's state (attributes down). The session is kept on the app so the CLI can
say where the minutes went after `run()` returns.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.reactive import reactive

from overleg.agenda import Agenda, Participant
from overleg.i18n import LANGUAGES, Texts, choose_language, refusal
from overleg.tui.commands import OverlegCommands
from overleg.tui.errors import log_exception
from overleg.tui.theme import DEFAULT_THEME, PROJECTOR

if TYPE_CHECKING:
    # Imported when first needed: the attendance screen's first frame does without the engine
    # and the journal, which keeps start-up close to a bare Textual app's.
    from overleg.engine import GateClosed, Meeting, Refused
    from overleg.session import Session


def localize_bindings(node: DOMNode, texts: Texts) -> None:
    """Give `node`'s own bindings their description in `texts`' language, looked up by binding id.

    Textual reads descriptions from the bindings map each node copies at construction; rewriting
    that copy is the only way to change the footer's words without rebuilding the screen. The
    footer takes a short word (`ui.footer.<id>`) where there is one, so it fits 80 columns.
    """

    def described(b: Binding) -> Binding:
        if b.action == "command_palette":
            return replace(b, description=texts("ui.footer.palette"))
        if not b.id:
            return b
        short = f"ui.footer.{b.id}"
        return replace(b, description=texts(short if texts.has(short) else f"ui.keys.{b.id}"))

    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [described(b) for b in bindings]


def key_help(node: DOMNode, texts: Texts) -> list[tuple[str, str]]:
    """(keys, description) for the bindings with an id on `node`, for the help screen.

    Keys doing the same thing share a row ("N / shift+n"); the item keys are one row, "1–9".
    """
    rows: dict[str, list[str]] = {}
    for bindings in node._bindings.key_to_bindings.values():
        for b in bindings:
            if b.id:
                key = "ui.keys.open_item" if b.id.startswith("open_item_") else f"ui.keys.{b.id}"
                rows.setdefault(texts(key), []).append(node.app.get_key_display(b))
    shown = []
    for description, keys in rows.items():
        if len(keys) > 2 and all(k.isdigit() for k in keys):
            shown.append((f"{keys[0]}–{keys[-1]}", description))
        else:
            shown.append((" / ".join(dict.fromkeys(keys)), description))
    return shown


class OverlegApp(App["Session | None"]):
    """Run a meeting in which everyone is heard before anything is decided."""

    CSS_PATH = "app.tcss"
    TITLE = "overleg"
    COMMANDS = App.COMMANDS | {OverlegCommands}
    # The agenda list needs ~90 columns beside the round; big digits need ~28 rows.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall"), (44, "-huge")]
    BINDINGS = [
        Binding("f1", "help", "help", id="help"),
        Binding("f2", "toggle_projector", "projector", id="projector", show=False),
        Binding("f4", "switch_language", "language", id="language", show=False),
        Binding("ctrl+q", "request_quit", "quit", id="quit", show=False, priority=True),
    ]

    #: The language every text on screen is in ("nl" or "en").
    lang: reactive[str] = reactive("nl")
    #: Bumped after every change to the meeting; screens watch it to redraw from the engine's state.
    #: No repaint of its own: each widget repaints itself when what it shows changes (a repaint of
    #: the app marks the whole screen dirty, ~5 ms per key for nothing).
    revision: reactive[int] = reactive(0, repaint=False)

    def __init__(
        self,
        agenda: Agenda | None = None,
        session: Session | None = None,
        data_root: Path | None = None,
        language: str | None = None,
        clock: Callable[[], Any] | None = None,
        agenda_paths: Iterable[Path] = (),
        bell: bool = False,
    ) -> None:
        super().__init__()
        self.agenda = agenda
        self.session = session
        self.data_root = data_root
        self.language_flag = language
        if clock is None:
            from overleg.session import system_clock

            clock = system_clock
        self.clock = clock
        self.agenda_paths = [Path(p) for p in agenda_paths]
        #: Ring the terminal bell when a speaker's time is up (off unless asked for).
        self.bell_enabled = bell
        source = session.meeting.agenda if session is not None else agenda
        lang = choose_language(language, source.language if source is not None else None)
        self.texts = Texts(lang)
        self.set_reactive(OverlegApp.lang, lang)
        self.register_theme(PROJECTOR)
        self.theme = DEFAULT_THEME
        self._previous_theme = DEFAULT_THEME
        localize_bindings(self, self.texts)
        #: Measurement hook (bench/bench_tui.py): OVERLEG_EXIT_AFTER_FIRST_FRAME=1 leaves right after
        #: the first screen's first frame has been written to the terminal.
        self._exit_after_first_frame = os.environ.get("OVERLEG_EXIT_AFTER_FIRST_FRAME") == "1"
        #: Set while the app runs for real (not under `run_test`): see `run_async`, `freeze_heap`.
        self._manage_gc = False
        self._first_frame_drawn = False

    async def run_async(self, *args: Any, **kwargs: Any) -> Session | None:
        """Run, with the garbage collector off until the first frame.

        Start-up makes ~100 000 objects that live as long as the app (styles, widgets, the
        agenda): the collector's passes over them until the first frame (a full one of 15-25 ms
        among them) find next to nothing to free. At the first frame they are frozen (see
        `freeze_heap`) and the collector is switched on again.
        """
        self._manage_gc = True
        gc.disable()
        try:
            return await super().run_async(*args, **kwargs)
        finally:
            gc.enable()

    def freeze_heap(self) -> None:
        """Move every object alive now out of the collector's full passes (`gc.freeze`).

        Called once a screen is drawn: what is alive then (the app, its styles, the screen)
        stays alive, and a full pass over it all took 50-130 ms, landing in the middle of a key.
        Garbage not yet collected is frozen with it: at start-up ~1 000 objects, once.
        Only when the app runs for real; tests leave the collector alone.
        """
        if self._manage_gc:
            gc.freeze()
            gc.enable()

    def _display(self, screen: Any, renderable: Any) -> None:
        super()._display(screen, renderable)
        drawn = renderable is not None and not self._batch_count
        if drawn and len(self.screen_stack) > 1 and not self._first_frame_drawn:
            self._first_frame_drawn = True
            self.freeze_heap()
        if self._exit_after_first_frame and drawn and len(self.screen_stack) > 1:
            self._exit_after_first_frame = False
            self.exit()

    # ---- first screen

    def on_mount(self) -> None:
        from overleg.tui.screens.attendance import AttendanceScreen
        from overleg.tui.screens.start import StartScreen

        if self.session is not None:
            self.show_session(self.session)
        elif self.agenda is not None:
            self.push_screen(AttendanceScreen(self.agenda))
        else:
            self.push_screen(StartScreen())

    def show_session(self, session: Session) -> None:
        """Go to where `session` stands: attendance when new, the summary when ended, else the meeting."""
        from overleg.tui.screens.attendance import AttendanceScreen
        from overleg.tui.screens.meeting import MeetingScreen
        from overleg.tui.screens.summary import SummaryScreen

        self.session = session
        status = session.meeting.state.status
        if status == "new":
            screen: Any = AttendanceScreen(session.meeting.agenda, session=session)
        elif status == "ended":
            screen = SummaryScreen(session.state, session.folder)
        else:
            screen = MeetingScreen()
        self._replace_top(screen)

    def _replace_top(self, screen: Any) -> None:
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def use_agenda(self, agenda: Agenda) -> None:
        """The start screen chose `agenda`: speak its language unless told otherwise, take attendance."""
        from overleg.tui.screens.attendance import AttendanceScreen

        self.agenda = agenda
        self.set_language(choose_language(self.language_flag, agenda.language))
        self.push_screen(AttendanceScreen(agenda))

    # ---- the meeting

    @property
    def meeting(self) -> Meeting | None:
        return self.session.meeting if self.session is not None else None

    def start_meeting(
        self,
        agenda: Agenda,
        attendance: dict[str, str],
        chair: str,
        minute_taker: str,
        guests: list[Participant],
        session: Session | None = None,
    ) -> bool:
        """Open the meeting at its first item; the folder is made only once the engine accepts."""
        from overleg.engine import Meeting
        from overleg.session import Session
        from overleg.tui.screens.meeting import MeetingScreen

        # A trial run first, so a refusal leaves no empty meeting folder behind.
        if not self.command(
            Meeting(agenda, self.clock).start, attendance, chair, minute_taker, guests
        ):
            return False

        def open_meeting() -> None:
            opened = session or Session.create(agenda, self.data_root, self.clock)
            self.session = opened
            carried = opened.carried_actions()
            opened.meeting.start(attendance, chair, minute_taker, guests, carried_actions=carried)
            if opened.meeting.state.items:
                opened.meeting.start_item(0)

        if not self.command(open_meeting):
            return False
        self._replace_top(MeetingScreen())
        return True

    def finish_meeting(self) -> None:
        """The meeting has ended: write the minutes and show the summary."""
        from overleg.tui.screens.summary import SummaryScreen

        session = self.session
        assert session is not None
        paths = None
        try:
            paths = session.write_minutes()
        except Exception as exc:  # the journal holds everything; minutes can be written again later
            log_exception(exc)
            self.notify(self.texts("ui.error.minutes"), severity="error", timeout=10)
        self._replace_top(SummaryScreen(session.state, session.folder, paths))

    def command(
        self,
        command: Callable[..., Any],
        *args: Any,
        on_gate: Callable[[GateClosed], None] | None = None,
        **kwargs: Any,
    ) -> bool:
        """Carry out an engine command; a refusal becomes a message on screen. True when it went through."""
        from overleg.engine import GateClosed, Refused

        try:
            command(*args, **kwargs)
        except GateClosed as exc:
            if on_gate is not None:
                on_gate(exc)
            else:
                self.show_refusal(exc)
            return False
        except Refused as exc:
            self.show_refusal(exc)
            return False
        except OSError as exc:
            # The journal could not be written: the event was not applied, so nothing is lost silently.
            log_exception(exc)
            self.notify(self.texts("ui.error.disk"), severity="error", timeout=10)
            return False
        self.revision += 1
        return True

    def show_refusal(self, exc: Refused) -> None:
        self.notify(refusal(self.texts, exc.key, exc.params), severity="warning", timeout=6)

    # ---- language, theme, help, quitting

    def set_language(self, lang: str) -> None:
        if lang not in LANGUAGES:
            return
        self.texts = Texts(lang)
        localize_bindings(self, self.texts)
        self.lang = lang

    def action_switch_language(self) -> None:
        """Redraw everything in the other language."""
        self.set_language("en" if self.lang == "nl" else "nl")
        self.notify(self.texts("ui.app.language_switched"))

    def action_toggle_projector(self) -> None:
        if self.theme == PROJECTOR.name:
            self.theme = self._previous_theme
        else:
            self._previous_theme = self.theme
            self.theme = PROJECTOR.name

    def action_toggle_bell(self) -> None:
        self.bell_enabled = not self.bell_enabled
        self.notify(self.texts("ui.app.bell_on" if self.bell_enabled else "ui.app.bell_off"))

    def action_help(self) -> None:
        from overleg.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        rows = key_help(self.screen, self.texts) + key_help(self, self.texts)
        self.push_screen(HelpScreen(rows))

    def meeting_open(self) -> bool:
        """A meeting has started and not yet ended."""
        meeting = self.meeting
        return meeting is not None and meeting.state.status in ("running", "paused")

    def action_request_quit(self) -> None:
        """Leave; ask first while a meeting runs (everything is on disk either way)."""
        from overleg.tui.screens.dialogs import ConfirmDialog

        if not self.meeting_open():
            self.exit(self.session)
            return
        if isinstance(self.screen, ConfirmDialog):
            return

        def answer(leave: bool | None) -> None:
            if leave:
                # No time passes while the app is closed: it opens again paused.
                meeting = self.meeting
                if meeting is not None and meeting.state.status == "running":
                    self.command(meeting.pause)
                self.exit(self.session)

        self.push_screen(
            ConfirmDialog(self.texts("ui.quit.title"), self.texts("ui.quit.body")), answer
        )

    async def action_quit(self) -> None:
        """The palette's "Quit" asks too, and pauses the meeting, like ctrl+q."""
        self.action_request_quit()

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()

    # ---- no traceback on screen

    def _handle_exception(self, error: Exception) -> None:
        """Log the error's type and frames (no personal data), then leave with a calm message."""
        path = log_exception(error)
        self._return_code = 1
        if self._exception is None:
            # Pilot re-raises this at the end of a test, so tests still see the failure.
            self._exception = error
            self._exception_event.set()
        if not self._exit_renderables:  # one calm message, however many errors follow the first
            message = self.texts("ui.error.crashed", log=str(path) if path else "-")
            self._exit_renderables.append(Text(message))
        self._close_messages_no_wait()
