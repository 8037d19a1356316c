"""The in-process half of bench/bench_tui.py; run by it on a pseudo-terminal, not by hand.

    bench_tui_child.py overleg keys   --ready-fd FD --out FILE --agenda TOML [--keys N] [--max-turns N]
    bench_tui_child.py overleg idle   --ready-fd FD --out FILE --agenda TOML
    bench_tui_child.py overleg finish --ready-fd FD --out FILE --meeting FOLDER-NAME
    bench_tui_child.py bare {keys,idle} --ready-fd FD --out FILE [--keys N]

overleg starts the way a chair starts it, through its command line in this process
(`overleg run TOML`, `overleg resume FOLDER`); Textual's `App.run` is replaced by one that runs the
app next to the workload in one event loop, and `App._display` is wrapped to see every frame.
The workload drives the app with keys only; where it must know where the meeting stands, it reads
the engine's state through `state_of` alone, and it tells screens apart by their class names.

Keys are sent as the terminal driver sends them (`driver.send_message(events.Key)`, as Pilot
does) and timed from just before sending to the end of the next `App._display` that handed a frame
to the terminal writer ("first"), and to the last frame before 40 ms without one ("settled").
While keys are timed the screen's timers (the half-second clock, the cursor blink) are paused, so
every frame counted is the key's.

- `keys`: a chair works through the agenda: per turn a note typed (i, the text, enter) or not,
  space to the next speaker, every fourth speaker passes (x); n to the next phase, b into the
  decision phase and b again for the proposal dialog, N at the end of an item; at each new phase
  one of a (the action dialog), F1 and escape (help opens and closes), ctrl+p (the palette).
  Dialogs are closed with an untimed escape. `--max-turns` ends a round after that many turns
  (a big agenda); the run stops when every kind has `--keys` samples or the agenda is done.
- `idle`: reaches a running round, gives the floor, writes to --ready-fd and waits to be killed.
- `finish`: resumes an unfinished meeting, presses e, then times y (the confirming key) to the
  first frame of the screen that follows (the summary) and to the first frame that shows the
  minutes' file name.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402

NOTE = "goed, ok"  # a short gist typed per turn
QUIET = 0.040
#: What the summary shows once the minutes are written (`store.MINUTES_MD`).
MINUTES_MARK = "minutes.md"
FRAMES: list[float] = []
#: (time, screen class name, whether the frame's text holds MINUTES_MARK), while `WATCH` is on.
SHOWN: list[tuple[float, str, bool]] = []
WATCH: list[bool] = [False]
WAITER: list[asyncio.Future[float]] = []
#: With --trace: one line per timed key, written beside the result.
TRACE: list[str] = []
OUT: dict[str, Any] = {"keys": {}, "missed": {}}

KINDS = (
    "space (next speaker)",
    "x (pass)",
    "i (to note line)",
    "typing (note line)",
    "enter (note written)",
    "n (next phase)",
    "N (next item)",
    "b (to decision phase)",
    "b (proposal dialog)",
    "a (action dialog)",
    "f1 (help opens)",
    "escape (help closes)",
    "ctrl+p (palette opens)",
)
PROBES = ("a", "f1", "ctrl+p")
PROBE_KINDS = {"a": ("a (action dialog)",), "f1": ("f1 (help opens)", "escape (help closes)")}
PROBE_KINDS["ctrl+p"] = ("ctrl+p (palette opens)",)
OUT["kinds"] = list(KINDS)


def state_of(app: Any) -> Any:
    """The meeting's state (`overleg.engine.MeetingState`): the workload's one look inside the app."""
    chair = getattr(app, "chair", None)
    return chair.state if chair is not None else app.meeting.state


def screen_name(app: Any) -> str:
    return type(app.screen).__name__


# ------------------------------------------------------------------------------------ hooks


def install_hooks(drive: Any) -> None:
    """See every frame (`App._display`), and run `drive(app)` beside the app (`App.run`)."""
    original = App._display

    def _display(self: App[Any], screen: Any, renderable: Any) -> None:
        drawn = renderable is not None and not self._batch_count
        if drawn and WATCH[0]:
            written: list[str] = []
            driver = self._driver
            if driver is not None:
                write = driver.write

                def keep(text: str) -> None:
                    written.append(text)
                    write(text)

                driver.write = keep  # type: ignore[method-assign]
            try:
                original(self, screen, renderable)
            finally:
                if driver is not None:
                    del driver.write  # the class's own again
            now = time.perf_counter()
            SHOWN.append((now, screen_name(self), MINUTES_MARK in "".join(written)))
        else:
            original(self, screen, renderable)
            now = time.perf_counter()
        if drawn:
            FRAMES.append(now)
            if WAITER and not WAITER[0].done():
                WAITER[0].set_result(now)

    def run(self: App[Any], **kwargs: Any) -> Any:
        async def both() -> Any:
            task = asyncio.create_task(self.run_async(**kwargs))
            await until(lambda: task.done() or (self.is_running and self._driver is not None))
            worker = asyncio.create_task(drive(self))
            result = await task
            if not worker.done():
                worker.cancel()
            return result

        return asyncio.run(both())

    App._display = _display  # type: ignore[method-assign]
    App.run = run  # type: ignore[method-assign]


CHARS: dict[str, str | None] = {
    "space": " ",
    "enter": "\r",
    "escape": "\x1b",
    "comma": ",",
    "ctrl+p": "\x10",
    "f1": None,
}


def send(app: App[Any], key: str) -> None:
    event = events.Key(key, CHARS.get(key, key))
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


async def quiet() -> float | None:
    """Wait until no frame for QUIET seconds; the time of the last frame, if any."""
    while True:
        n = len(FRAMES)
        await asyncio.sleep(QUIET)
        if len(FRAMES) == n:
            return FRAMES[-1] if FRAMES else None


async def timed(app: App[Any], key: str, kind: str) -> None:
    await asyncio.sleep(random.uniform(0, 0.01))
    loop = asyncio.get_running_loop()
    WAITER[:] = [loop.create_future()]
    n0 = len(FRAMES)
    t0 = time.perf_counter()
    send(app, key)
    try:
        first = await asyncio.wait_for(WAITER[0], 1.0)
    except TimeoutError:
        OUT["missed"][kind] = OUT["missed"].get(kind, 0) + 1
        await quiet()
        return
    await quiet()
    last = FRAMES[-1] if len(FRAMES) > n0 else first
    OUT["keys"].setdefault(kind, []).append([(first - t0) * 1000, (last - t0) * 1000])
    if TRACE:
        TRACE.append(f"{kind:<24} {(first - t0) * 1000:7.2f} ms  then {screen_name(app)}")


async def untimed(app: App[Any], key: str) -> None:
    send(app, key)
    await asyncio.sleep(0.05)
    await quiet()


def pause_timers(app: App[Any]) -> None:
    from textual.widgets import Input

    for node in [app, *app.screen.walk_children(with_self=True)]:
        if isinstance(node, Input):
            node.cursor_blink = False
        for timer in list(node._timers):
            timer.pause()


async def until(predicate: Any, timeout: float = 30.0) -> None:
    end = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > end:
            raise SystemExit("timed out waiting for the app")
        await asyncio.sleep(0.01)


async def settle(app: App[Any]) -> None:
    await asyncio.sleep(0.2)
    await quiet()


# -------------------------------------------------------------------------------- overleg


async def to_round(app: Any) -> None:
    """From the attendance screen (everyone present) into the first item, with keys."""
    await until(lambda: screen_name(app) == "AttendanceScreen", 60)
    await settle(app)
    await untimed(app, "s")  # start the meeting: its first item
    await until(lambda: screen_name(app) == "MeetingScreen")
    await settle(app)


def count(kind: str) -> int:
    return len(OUT["keys"].get(kind, []))


async def back_to_meeting(app: Any) -> None:
    """Close whatever dialog is in front (escape, untimed)."""
    for _ in range(5):
        if screen_name(app) == "MeetingScreen":
            pause_timers(app)
            return
        await untimed(app, "escape")
    raise SystemExit(f"cannot leave the {screen_name(app)} screen with escape")


async def probe(app: Any, key: str) -> None:
    """A key that opens something over the meeting screen, timed; closed again."""
    kinds = PROBE_KINDS[key]
    await timed(app, key, kinds[0])
    if key == "f1":
        if screen_name(app) != "MeetingScreen":
            await timed(app, "escape", kinds[1])
    await back_to_meeting(app)


async def chair_keys(app: Any, wanted: int, max_turns: int | None) -> None:
    """The chair's workload (see the module's doc) until every kind has `wanted` samples."""
    await to_round(app)
    pause_timers(app)
    await quiet()
    seen: set[tuple[int | None, int | None]] = set()
    proposed: set[tuple[int | None, int | None]] = set()
    probes = itertools.cycle(PROBES)
    turns = 0
    stuck = 0
    while any(count(k) < wanted for k in KINDS):
        await back_to_meeting(app)
        state = state_of(app)
        item = state.item
        if state.status != "running" or item is None:
            OUT["agenda_done"] = True
            return
        phase = state.phase
        where = (state.current, item.phase)
        before = (state.last_seq, where)
        if where not in seen:
            seen.add(where)
            short = [p for p in PROBES if any(count(k) < wanted for k in PROBE_KINDS[p])]
            if short:
                key = next(probes)
                while key not in short:
                    key = next(probes)
                await probe(app, key)
        if phase is not None and phase.takes_turns:
            current = phase.current
            here = [n for n in phase.waiting() if state.people[n].here]
            waiting = [n for n in here if current is None or n != current.speaker]
            held = len(phase.turns)
            room = max_turns is None or held < max_turns
            if current is None and waiting and room:
                await timed(app, "space", "space (next speaker)")
                continue
            if current is not None:
                turns += 1
                if turns % 4 == 0:
                    await timed(app, "x", "x (pass)")
                    continue
                if turns % 4 in (1, 3):  # a note in every other turn
                    await timed(app, "i", "i (to note line)")
                    for ch in NOTE:
                        key = {" ": "space", ",": "comma"}.get(ch, ch)
                        await timed(app, key, "typing (note line)")
                    await timed(app, "enter", "enter (note written)")
                if waiting and room or not waiting:
                    await timed(app, "space", "space (next speaker)")
                    continue
        # The phase is done (or no round): on to the next phase, the decision, the next item.
        following = None
        if item.phase is not None and item.phase + 1 < len(item.phases):
            following = item.phases[item.phase + 1]
        if phase is not None and phase.spec.kind == "decision" and where not in proposed:
            proposed.add(where)
            await timed(app, "b", "b (proposal dialog)")
            if screen_name(app) == "MeetingScreen":
                raise SystemExit("b in the decision phase opened no dialog")
            await back_to_meeting(app)
        elif following is not None and following.spec.kind == "decision":
            await timed(app, "b", "b (to decision phase)")
            if screen_name(app) != "MeetingScreen":
                raise SystemExit(f"b did not go to the decision phase: {screen_name(app)}")
        elif following is not None:
            await timed(app, "n", "n (next phase)")
        else:
            await timed(app, "N", "N (next item)")
        if screen_name(app) == "MeetingScreen":
            after = state_of(app)
            moved = (after.last_seq, (after.current, getattr(after.item, "phase", None)))
            stuck = stuck + 1 if moved == before else 0
        if stuck > 3:
            raise SystemExit(f"the meeting does not move on from {where}")


async def finish(app: Any) -> None:
    """e, then the confirming y timed to the next screen's first frame and to the minutes' paths."""
    await until(lambda: screen_name(app) == "MeetingScreen", 120)
    await settle(app)
    pause_timers(app)
    await untimed(app, "e")
    seen = {"MeetingScreen", screen_name(app)}
    if len(seen) != 2:
        raise SystemExit("e opened no dialog")
    pause_timers(app)
    await quiet()
    SHOWN.clear()
    WATCH[0] = True
    t0 = time.perf_counter()
    send(app, "y")
    await until(lambda: any(s[2] for s in SHOWN), 120)
    await settle(app)
    WATCH[0] = False
    screen = next((s for s in SHOWN if s[1] not in seen), None)
    paths = next(s for s in SHOWN if s[2])
    OUT["finish"] = {
        "screen": screen[1] if screen else "",
        "screen_ms": (screen[0] - t0) * 1000 if screen else None,
        "paths_ms": (paths[0] - t0) * 1000,
        "paths_screen": paths[1],
        "frames": len(SHOWN),
    }


# ----------------------------------------------------------------------------------- bare


async def bare_keys(app: Any, wanted: int) -> None:
    await until(lambda: bool(FRAMES))
    await settle(app)
    pause_timers(app)
    for _ in range(wanted):
        await timed(app, "space", "bare: Static per key")


# ----------------------------------------------------------------------------------- main


def workload(args: argparse.Namespace) -> Any:
    async def drive(app: Any) -> None:
        try:
            if args.mode == "idle":
                if args.target == "overleg":
                    await to_round(app)
                    await untimed(app, "space")  # the first speaker has the floor; the clock runs
                else:
                    await until(lambda: bool(FRAMES))
                os.write(args.ready_fd, b"ready")
                await asyncio.Event().wait()  # killed by the parent
            os.write(args.ready_fd, b"ready")
            if args.target == "bare":
                await bare_keys(app, args.keys)
            elif args.mode == "keys":
                await chair_keys(app, args.keys, args.max_turns)
            else:
                await finish(app)
        except (Exception, SystemExit) as exc:  # reported in the result; the app leaves
            OUT["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            Path(args.out).write_text(json.dumps(OUT))
            if args.trace:
                Path(args.trace).write_text("\n".join(TRACE[1:]) + "\n")
            app.exit()

    return drive


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("target", choices=("overleg", "bare"))
    parser.add_argument("mode", choices=("keys", "idle", "finish"))
    parser.add_argument("--ready-fd", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--keys", type=int, default=50)
    parser.add_argument("--max-turns", type=int, default=None)
    parser.add_argument("--agenda", default=str(ROOT / "agendas" / "casusoverleg.toml"))
    parser.add_argument("--meeting", default="")
    parser.add_argument("--trace", default="", help="write one line per timed key here")
    args = parser.parse_args()
    if args.trace:
        TRACE.append("")
    install_hooks(workload(args))
    if args.target == "bare":
        from bench_tui_bare import BareApp

        app = BareApp()
        app.run()
        code = app.return_code or 0
    else:
        from overleg.cli import main as overleg

        argv = ["run", args.agenda] if args.mode != "finish" else ["resume", args.meeting]
        code = overleg(argv)
    if "error" in OUT:
        code = code or 1
    elif code:
        OUT["error"] = f"the app failed ({code})"
        Path(args.out).write_text(json.dumps(OUT))
    raise SystemExit(code)


if __name__ == "__main__":
    main()
