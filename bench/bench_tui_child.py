"""The in-process half of bench/bench_tui.py; run by it on a pseudo-terminal, not by hand.

    bench_tui_child.py {overleg,bare} {keys,idle} --ready-fd FD --out FILE [--keys N]

Keys are sent as the terminal driver sends them (`driver.send_message(events.Key)`, as Pilot
does) and timed from just before sending to the end of the next `App._display` that handed a frame
to the terminal writer ("first"), and to the last frame before 40 ms without one ("settled").
While keys are timed the screen's timers (the half-second clock, the cursor blink) are paused, so
every frame counted is the key's. `idle` reaches a running round, writes to --ready-fd, and waits
to be killed.
"""

from __future__ import annotations

import argparse
import asyncio
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

AGENDA = ROOT / "agendas" / "casusoverleg.toml"
NOTE = "goed, ok"  # a short gist typed per turn
QUIET = 0.040
FRAMES: list[float] = []
WAITER: list[asyncio.Future[float]] = []


def hook_display(cls: type[App[Any]]) -> None:
    original = cls._display

    def _display(self: App[Any], screen: Any, renderable: Any) -> None:
        drawn = renderable is not None and not self._batch_count
        original(self, screen, renderable)
        if drawn:
            now = time.perf_counter()
            FRAMES.append(now)
            if WAITER and not WAITER[0].done():
                WAITER[0].set_result(now)

    cls._display = _display  # type: ignore[method-assign]


def send(app: App[Any], key: str, char: str | None) -> None:
    event = events.Key(key, char)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


CHARS = {"space": " ", "enter": "\r", "escape": "\x1b"}


async def quiet() -> float | None:
    """Wait until no frame for QUIET seconds; the time of the last frame, if any."""
    while True:
        n = len(FRAMES)
        await asyncio.sleep(QUIET)
        if len(FRAMES) == n:
            return FRAMES[-1] if FRAMES else None


async def timed(app: App[Any], key: str, kind: str, out: dict[str, Any]) -> None:
    await asyncio.sleep(random.uniform(0, 0.01))
    loop = asyncio.get_running_loop()
    WAITER[:] = [loop.create_future()]
    n0 = len(FRAMES)
    t0 = time.perf_counter()
    send(app, key, CHARS.get(key, key))
    try:
        first = await asyncio.wait_for(WAITER[0], 1.0)
    except TimeoutError:
        out["missed"][kind] = out["missed"].get(kind, 0) + 1
        await quiet()
        return
    await quiet()
    last = FRAMES[-1] if len(FRAMES) > n0 else first
    out["keys"].setdefault(kind, []).append([(first - t0) * 1000, (last - t0) * 1000])


async def untimed(app: App[Any], key: str) -> None:
    send(app, key, CHARS.get(key, key))
    await asyncio.sleep(0.05)
    await quiet()


def pause_timers(app: App[Any]) -> None:
    from textual.widgets import Input

    for node in [app, *app.screen.walk_children(with_self=True)]:
        if isinstance(node, Input):
            node.cursor_blink = False
        for timer in list(node._timers):
            timer.pause()


async def until(predicate: Any, timeout: float = 20.0) -> None:
    end = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > end:
            raise SystemExit("timed out waiting for the app")
        await asyncio.sleep(0.01)


# -------------------------------------------------------------------------------- overleg


def make_overleg(data: Path) -> App[Any]:
    from overleg.agenda import load_agenda
    from overleg.tui.app import OverlegApp

    hook_display(OverlegApp)
    return OverlegApp(agenda=load_agenda(AGENDA), data_root=data)


async def to_round(app: Any) -> None:
    from overleg.tui.screens.attendance import AttendanceScreen
    from overleg.tui.screens.meeting import MeetingScreen

    await until(lambda: isinstance(app.screen, AttendanceScreen))
    await asyncio.sleep(0.2)
    await quiet()
    await untimed(app, "s")  # start the meeting: Incheckronde, a round
    await until(lambda: isinstance(app.screen, MeetingScreen))
    await asyncio.sleep(0.2)
    await quiet()


async def overleg_keys(app: Any, wanted: int, out: dict[str, Any]) -> None:
    from overleg.tui.screens.meeting import MeetingScreen

    await to_round(app)
    pause_timers(app)
    await quiet()
    while len(out["keys"].get("space (next)", [])) < wanted:
        if not isinstance(app.screen, MeetingScreen):  # a dialog (a shut gate): leave it
            await untimed(app, "escape")
            if isinstance(app.screen, MeetingScreen):
                await untimed(app, "N")
            pause_timers(app)
            continue
        state = app.meeting.state
        if state.item is None or state.status != "running":
            # The agenda is done: a new meeting, untimed, everyone present.
            agenda = state.agenda
            app.session.close()
            attendance = {p.name: "present" for p in agenda.participants}
            app.call_later(  # inside the app's own context, as a screen would call it
                app.start_meeting, agenda, attendance, state.chair, state.minute_taker, []
            )
            await asyncio.sleep(0.3)
            await quiet()
            pause_timers(app)
            continue
        phase = state.phase
        waiting = []
        if phase is not None and phase.takes_turns:
            waiting = [n for n in phase.waiting() if state.people[n].here]
        if phase is not None and phase.takes_turns and (phase.current is not None or waiting):
            if phase.current is not None:
                await timed(app, "i", "i (to note)", out)
                for ch in NOTE:
                    await timed(app, "space" if ch == " " else ch, "typing", out)
                await timed(app, "enter", "enter (note)", out)
            await timed(app, "space", "space (next)", out)
        else:
            item = state.current
            await timed(app, "n", "n (next phase)", out)
            if app.meeting.state.current == item and app.meeting.state.phase is phase:
                if isinstance(app.screen, MeetingScreen):
                    await timed(app, "N", "N (next item)", out)


# ----------------------------------------------------------------------------------- bare


def make_bare() -> App[Any]:
    from bench_tui_bare import BareApp

    hook_display(BareApp)
    return BareApp()


async def bare_keys(app: Any, wanted: int, out: dict[str, Any]) -> None:
    await until(lambda: bool(FRAMES))
    await asyncio.sleep(0.2)
    await quiet()
    pause_timers(app)
    for _ in range(wanted):
        await timed(app, "space", "bare: Static per key", out)


# ----------------------------------------------------------------------------------- main


async def drive(app: Any, args: argparse.Namespace, data: Path) -> None:
    out: dict[str, Any] = {"keys": {}, "missed": {}}
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
        if args.target == "overleg":
            await overleg_keys(app, args.keys, out)
        else:
            await bare_keys(app, args.keys, out)
    except Exception as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        if args.mode == "keys":
            Path(args.out).write_text(json.dumps(out))
        app.exit()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("target", choices=("overleg", "bare"))
    parser.add_argument("mode", choices=("keys", "idle"))
    parser.add_argument("--ready-fd", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--keys", type=int, default=50)
    args = parser.parse_args()
    data = Path(os.environ["OVERLEG_DATA_DIR"])
    app = make_overleg(data) if args.target == "overleg" else make_bare()
    task = asyncio.create_task(app.run_async())
    await until(lambda: app.is_running and app._driver is not None)
    driver = asyncio.create_task(drive(app, args, data))
    await task
    if app.return_code:
        Path(args.out).write_text(json.dumps({"error": f"the app failed ({app.return_code})"}))
        raise SystemExit(app.return_code)
    if not driver.done():
        driver.cancel()
    elif driver.exception() is not None:
        raise driver.exception()  # type: ignore[misc]


if __name__ == "__main__":
    asyncio.run(main())
