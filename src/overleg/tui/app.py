"""The overleg terminal app: picks the first screen, moves between screens, and keeps errors calm.

The meeting itself is the chair service's (`overleg.chair`): the app holds one `Chair` and hands it
down to the screens (attributes down); screens send it commands and tell the app where to go next
with messages (messages up). After every change to the meeting the app bumps `revision`, the one
reactive the screens watch to redraw. The chair is kept on the app so the CLI can say where the
minutes went after `run()` returns.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from overleg.agenda import Agenda
from overleg.i18n import LANGUAGES, Texts, choose_language
from overleg.tui.bindings import key_help, localize_bindings
from overleg.tui.errors import log_exception
from overleg.tui.textual_private import HookedApp
from overleg.tui.theme import DEFAULT_THEME, PROJECTOR

if TYPE_CHECKING:
    from textual.app import SystemCommand
    from textual.command import Provider

    # The chair service loads the engine and the journal: imported when first needed, so the
    # attendance screen's first frame does without them.
    from overleg.chair.meeting import Chair
    from overleg.chair.service import Service
    from overleg.tui.screens.attendance import AttendanceScreen
    from overleg.tui.screens.meeting import MeetingScreen
    from overleg.tui.screens.start import StartScreen


def overleg_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (as Textual's own are)."""
    from overleg.tui.commands import OverlegCommands

    return OverlegCommands


class OverlegApp(HookedApp):
    """Run a meeting in which everyone is heard before anything is decided."""

    CSS_PATH = "app.tcss"
    TITLE = "overleg"
    COMMANDS = HookedApp.COMMANDS | {overleg_commands}
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
    #: Bumped after every change to the meeting; screens watch it to redraw from the views.
    #: No repaint of its own: each widget repaints itself when what it shows changes (a repaint of
    #: the app marks the whole screen dirty, ~5 ms per key for nothing).
    revision: reactive[int] = reactive(0, repaint=False)

    def __init__(
        self,
        agenda: Agenda | None = None,
        chair: Chair | None = None,
        data_root: Path | None = None,
        language: str | None = None,
        clock: Callable[[], Any] | None = None,
        agenda_paths: Iterable[Path] = (),
        bell: bool = False,
        service: Service | None = None,
    ) -> None:
        super().__init__()
        self._service = service
        self.data_root = data_root
        self._clock = clock
        if chair is not None:
            self._service = chair.service
        self.agenda = agenda if chair is None else chair.agenda
        self.chair: Chair | None = chair
        self.language_flag = language
        self.agenda_paths = [Path(p) for p in agenda_paths]
        #: Ring the terminal bell when a speaker's time is up (off unless asked for).
        self.bell_enabled = bell
        source = self.agenda
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
        #: Said once that following the other terminals stopped (see `_follow`).
        self._follow_told = False

    @property
    def service(self) -> Service:
        """The chair service, made when first needed (it loads the engine and the journal)."""
        if self._service is None:
            from overleg.chair.service import Service

            self._service = Service(self.data_root, self._clock)
        return self._service

    async def run_async(self, *args: Any, **kwargs: Any) -> Any:
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

    def frame_written(self, first_screen_drawn: bool) -> None:
        if first_screen_drawn and not self._first_frame_drawn:
            self._first_frame_drawn = True
            self.freeze_heap()
        if self._exit_after_first_frame and first_screen_drawn:
            self._exit_after_first_frame = False
            self.exit()

    # ---- screens

    def on_mount(self) -> None:
        self.set_interval(self.FOLLOW_INTERVAL, self._follow, name="follow")
        if self.chair is not None:
            self.show_chair(self.chair)
        elif self.agenda is not None:
            self.push_screen(self._attendance(self.agenda))
        else:
            from overleg.tui.screens.start import StartScreen

            self.push_screen(StartScreen(self.service, self.agenda_paths))

    def _attendance(self, agenda: Agenda) -> AttendanceScreen:
        from overleg.tui.screens.attendance import AttendanceScreen

        chair = self.service.prepare(agenda)
        self._hold(chair)
        return AttendanceScreen(chair)

    def _hold(self, chair: Chair) -> None:
        """Keep `chair` as the meeting at hand; redraw after each change to it."""
        if self.chair is not None and self.chair is not chair:
            self.chair.close()
        self.chair = chair
        chair.subscribe(self._meeting_changed)

    def _meeting_changed(self) -> None:
        self.revision += 1

    #: How often a terminal looks for what the others on its meeting wrote (a stat of the
    #: journal when nothing changed: well under 1% of a core).
    FOLLOW_INTERVAL = 0.1

    def _follow(self) -> None:
        """Take in what the other terminals on this meeting wrote; the projector also follows
        the chair's language and theme."""
        chair = self.chair
        if chair is None or chair.session is None:
            return
        chair.poll()  # listeners bump `revision` when anything came
        if chair.follow_problem and not self._follow_told:
            # Another terminal wrote what does not read: say so once; what is here stays.
            self._follow_told = True
            self.notify(self.texts("ui.terminal.follow_failed"), severity="error", timeout=15)
        if chair.role == "projector":
            self.follow_display()

    def follow_display(self) -> None:
        """The projector shows the meeting in the chair's language and theme."""
        if self.chair is None:
            return
        display = self.chair.display()
        lang = display.get("language")
        if isinstance(lang, str) and lang != self.lang:
            self.set_language(lang)
        theme = display.get("theme")
        if isinstance(theme, str) and theme != self.theme and theme in self.available_themes:
            self.theme = theme

    def _tell_display(self) -> None:
        """The chair's console says how it shows the meeting, for the projector to follow."""
        if self.chair is not None and self.chair.role == "chair" and self.chair.folder:
            self.chair.set_display(language=self.lang, theme=self.theme)

    def show_chair(self, chair: Chair) -> None:
        """Go to where `chair`'s meeting stands: attendance when new, the summary when ended."""
        # Each screen's module is imported when it is first shown: the attendance screen's first
        # frame does without the meeting screen and its dialogs.
        self._hold(chair)
        status = chair.status
        screen: Screen[Any]
        if chair.role == "projector":
            from overleg.tui.screens.projector import ProjectorScreen

            self.follow_display()
            screen = ProjectorScreen(chair)
        elif chair.role == "notes" and status != "ended":
            from overleg.tui.screens.notes import NotesScreen

            screen = NotesScreen(chair)
        elif status == "new":
            from overleg.tui.screens.attendance import AttendanceScreen

            screen = AttendanceScreen(chair)
        elif status == "ended":
            from overleg.tui.screens.summary import SummaryScreen

            minutes = chair.minutes()
            # Ended without minutes (the writer stopped): write them now.
            screen = SummaryScreen(minutes, write=minutes.files() is None, chair=chair)
        else:
            from overleg.tui.screens.meeting import MeetingScreen

            screen = MeetingScreen(chair)
        self._replace_top(screen)

    def _replace_top(self, screen: Screen[Any]) -> None:
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def on_start_screen_agenda_chosen(self, message: StartScreen.AgendaChosen) -> None:
        """Take attendance for the agenda chosen, in its language unless told otherwise."""
        from overleg.agenda import AgendaError

        try:
            agenda = self.service.load_agenda(message.path)
        except (AgendaError, OSError) as exc:
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.notify(
                self.texts("ui.start.agenda_error", problem=problem), severity="error", timeout=10
            )
            return
        self.agenda = agenda
        self.set_language(choose_language(self.language_flag, agenda.language))
        self.push_screen(self._attendance(agenda))

    def on_start_screen_meeting_chosen(self, message: StartScreen.MeetingChosen) -> None:
        from overleg.chair.service import UNREADABLE

        try:
            chair = self.service.open(message.folder)
        except UNREADABLE:
            self.notify(self.texts("ui.start.cannot_open"), severity="error", timeout=10)
            return
        self.show_chair(chair)

    def on_start_screen_recent_chosen(self, message: StartScreen.RecentChosen) -> None:
        from overleg.chair.service import UNREADABLE
        from overleg.tui.screens.summary import SummaryScreen

        # In hand when it can be (the record may be put right); read only when open elsewhere.
        try:
            chair, minutes = self.service.open_or_read(message.folder)
        except UNREADABLE:
            self.notify(self.texts("ui.start.cannot_open"), severity="error", timeout=10)
            return
        if chair is not None:
            self._hold(chair)
        self.push_screen(SummaryScreen(minutes, chair=chair))

    def on_attendance_screen_started(self, message: AttendanceScreen.Started) -> None:
        from overleg.tui.screens.meeting import MeetingScreen

        if self.chair is not None:
            self._replace_top(MeetingScreen(self.chair))

    def on_meeting_screen_ended(self, message: MeetingScreen.Ended) -> None:
        """The meeting has ended: the summary at once, the minutes written in a worker."""
        from overleg.tui.screens.summary import SummaryScreen

        if self.chair is not None:
            self._replace_top(SummaryScreen(self.chair.minutes(), write=True, chair=self.chair))

    # ---- language, theme, help, quitting

    def set_language(self, lang: str) -> None:
        if lang not in LANGUAGES:
            return
        self.texts = Texts(lang)
        localize_bindings(self, self.texts)
        self.lang = lang
        self._tell_display()

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
        self._tell_display()

    def action_toggle_bell(self) -> None:
        self.bell_enabled = not self.bell_enabled
        self.notify(self.texts("ui.app.bell_on" if self.bell_enabled else "ui.app.bell_off"))

    def action_command_palette(self) -> None:
        """The palette, with its search line in the console's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            placeholder = self.texts("ui.palette.placeholder")
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the console's language.

        Quitting and the keys are the console's own (ctrl+q asks first and pauses the meeting;
        F1 lists the keys of the screen in front). Textual's screenshot is left out: it would
        write the screen, case notes and names included, to a file in the working folder.
        """
        from textual.app import SystemCommand

        t = self.texts
        yield SystemCommand(
            t("ui.system.theme"), t("ui.system.theme_help"), self.action_change_theme
        )
        if screen.maximized is not None:
            yield SystemCommand(
                t("ui.system.minimize"), t("ui.system.minimize_help"), screen.action_minimize
            )
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(
                t("ui.system.maximize"), t("ui.system.maximize_help"), screen.action_maximize
            )

    def action_help(self) -> None:
        from overleg.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        rows = key_help(self.screen, self.texts) + key_help(self, self.texts)
        self.push_screen(HelpScreen(rows))

    def meeting_open(self) -> bool:
        """A meeting has started and not yet ended, in this chair's console or note-taker's."""
        chair = self.chair
        return chair is not None and chair.is_open and chair.role != "projector"

    def action_request_quit(self) -> None:
        """Leave; ask first while a meeting runs (everything is on disk either way)."""
        from overleg.tui.screens.dialogs import ConfirmDialog

        if not self.meeting_open():
            self.exit(self.chair)
            return
        if isinstance(self.screen, ConfirmDialog):
            return

        def answer(leave: bool | None) -> None:
            if leave:
                if self.chair is not None:
                    # No time passes while the app is closed: it opens again paused.
                    self.chair.leave_paused()
                self.exit(self.chair)

        self.push_screen(
            ConfirmDialog(self.texts("ui.quit.title"), self.texts("ui.quit.body")), answer
        )

    async def action_quit(self) -> None:
        """The palette's "Quit" asks too, and pauses the meeting, like ctrl+q."""
        self.action_request_quit()

    def on_unmount(self) -> None:
        if self.chair is not None:
            self.chair.close()

    # ---- no traceback on screen

    def crash_message(self, error: Exception) -> str:
        """Log the error's type and frames (no personal data); the calm line to leave with."""
        path = log_exception(error)
        return self.texts("ui.error.crashed", log=str(path) if path else "-")
