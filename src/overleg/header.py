"""A journal's header: the meeting as it was set up, so reading it never needs anything else.

From version 2 on, the header keeps the agenda *as it was expanded* when the meeting was made:
every item with every phase (kind, title, prompts in the meeting's language, timing, the rules of
the method), the participants with their roles. Reading the meeting never depends on today's
methods.toml, on the agenda file or on the reader's language. A version-1 header kept only the
agenda's TOML text; `agenda_of` parses that as version 1 did (upgraded when read).

docs/journal-format.md documents every field. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from overleg.agenda import (
    PHASE_KINDS,
    Agenda,
    AgendaError,
    Item,
    Participant,
    Phase,
    parse_agenda,
)
from overleg.events import MAX_TEXT, NOT_TEXT, ROLES, Damage, timestamp

LANGUAGES = ("nl", "en")


def header_fields(agenda: Agenda, created: datetime) -> dict[str, Any]:
    """The caller's fields of a version-2 header for a new meeting of `agenda`."""
    return {
        "title": agenda.title,
        "series": agenda.series,
        "language": agenda.language,
        "agenda_path": agenda.path,
        "created": created.isoformat(),
        "agenda": agenda_data(agenda),
        # The agenda file's text, for reference only: reading uses "agenda" above.
        "agenda_source": agenda.source,
    }


def agenda_data(agenda: Agenda) -> dict[str, Any]:
    """`agenda`, expanded, as the header's plain JSON data (no null: unknown is left out)."""
    data: dict[str, Any] = {
        "title": agenda.title,
        "kind": agenda.kind,
        "series": agenda.series,
        "language": agenda.language,
        "place": agenda.place,
        "participants": [_participant_data(p) for p in agenda.participants],
        "items": [_item_data(i) for i in agenda.items],
    }
    if agenda.duration is not None:
        data["duration"] = agenda.duration
    if agenda.date is not None:
        data["date"] = agenda.date.isoformat()
    return data


def _participant_data(p: Participant) -> dict[str, Any]:
    data: dict[str, Any] = {"name": p.name, "role": p.role, "discipline": p.discipline}
    if p.consent is not None:
        data["consent"] = p.consent
    if p.email:
        data["email"] = p.email
    return data


def _item_data(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": item.title,
        "duration": item.duration,
        "method": item.method or "",
        "presenter": item.presenter or "",
        "clients": list(item.clients),
        "direct_decision": item.direct_decision,
        "description": item.description,
        "phases": [_phase_data(p) for p in item.phases],
    }
    return data


def _phase_data(phase: Phase) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": phase.kind,
        "title": phase.title,
        "prompts": list(phase.prompts),
        "presenter_speaks": phase.presenter_speaks,
        "questions_only": phase.questions_only,
    }
    if phase.duration is not None:
        data["duration"] = phase.duration
    if phase.per_speaker is not None:
        data["per_speaker"] = phase.per_speaker
    if phase.rule_prompt is not None:
        data["rule_prompt"] = phase.rule_prompt
    return data


# ---------------------------------------------------------------------------------- reading


class _Reader:
    """Reads one JSON object of the header, saying where (a key path) anything does not fit."""

    def __init__(self, value: Any, where: str) -> None:
        if type(value) is not dict:
            raise Damage(f"{where}: is not an object")
        self.value = value
        self.where = where

    def _get(self, key: str, default: Any) -> Any:
        if key not in self.value:
            if default is _REQUIRED:
                raise Damage(f"{self.where}.{key}: is missing")
            return default
        return self.value[key]

    def text(self, key: str, default: Any = "", choices: tuple[str, ...] = ()) -> str:
        value = self._get(key, default)
        if type(value) is not str:
            raise Damage(f"{self.where}.{key}: is not a text")
        if NOT_TEXT.search(value) is not None or len(value) > 100_000:
            raise Damage(f"{self.where}.{key}: holds a control character or is too long")
        if choices and value not in choices:
            raise Damage(f"{self.where}.{key}: is not one of {', '.join(choices)}")
        return value

    def number(self, key: str, default: Any = None, least: int = 0) -> int | None:
        value = self._get(key, default)
        if value is None:
            return None
        if type(value) is not int or not least <= value <= 10**7:
            raise Damage(f"{self.where}.{key}: is not a whole number of seconds in range")
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self._get(key, default)
        if type(value) is not bool:
            raise Damage(f"{self.where}.{key}: is not true or false")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._get(key, [])
        if type(value) is not list:
            raise Damage(f"{self.where}.{key}: is not a list")
        holder = _Reader(dict(enumerate(value)), f"{self.where}.{key}")
        return tuple(holder.text(i) for i in range(len(value)))  # type: ignore[arg-type]

    def objects(self, key: str) -> list[_Reader]:
        value = self._get(key, [])
        if type(value) is not list:
            raise Damage(f"{self.where}.{key}: is not a list")
        return [_Reader(v, f"{self.where}.{key}[{i}]") for i, v in enumerate(value)]


_REQUIRED: Any = object()


def agenda_from_data(value: Any, path: str = "") -> Agenda:
    """The agenda a version-2 header keeps; `Damage` names the key path of what does not fit."""
    r = _Reader(value, "agenda")
    participants = tuple(
        Participant(
            name=p.text("name", _REQUIRED),
            role=p.text("role", "member", ROLES),
            discipline=p.text("discipline"),
            consent=_consent(p),
            email=p.text("email"),
        )
        for p in r.objects("participants")
    )
    items = []
    for i in r.objects("items"):
        phases = []
        for p in i.objects("phases"):
            rule = p.number("rule_prompt")
            prompts = p.texts("prompts")
            if rule is not None and rule >= len(prompts):
                raise Damage(f"{p.where}.rule_prompt: points past the prompts")
            phases.append(
                Phase(
                    kind=p.text("kind", _REQUIRED, PHASE_KINDS),
                    title=p.text("title", _REQUIRED),
                    duration=p.number("duration"),
                    per_speaker=p.number("per_speaker"),
                    prompts=prompts,
                    presenter_speaks=p.flag("presenter_speaks", True),
                    questions_only=p.flag("questions_only"),
                    rule_prompt=rule,
                )
            )
        items.append(
            Item(
                title=i.text("title", _REQUIRED),
                duration=i.number("duration", _REQUIRED) or 0,
                phases=tuple(phases),
                method=i.text("method") or None,
                presenter=i.text("presenter") or None,
                clients=i.texts("clients"),
                direct_decision=i.flag("direct_decision"),
                description=i.text("description"),
            )
        )
    day = r.text("date")
    try:
        planned = datetime.fromisoformat(day) if day else None
    except ValueError:
        raise Damage("agenda.date: is not a date and time") from None
    return Agenda(
        title=r.text("title", _REQUIRED),
        items=tuple(items),
        participants=participants,
        kind=r.text("kind"),
        series=r.text("series"),
        duration=r.number("duration"),
        language=r.text("language", "nl", LANGUAGES),
        date=planned,
        place=r.text("place"),
        path=path,
    )


def _consent(p: _Reader) -> bool | None:
    if "consent" not in p.value:
        return None
    return p.flag("consent")


#: The header's own text fields (beside format, version and the agenda), each optional: a
#: reader takes a missing one as "". Every one is a text without control characters.
HEADER_TEXTS = ("title", "series", "language", "agenda_path")


def check_header(header: dict[str, Any]) -> None:
    """`Damage` naming the first field of a journal's header that does not fit its type.

    The texts hold no control character (so a title never reaches a terminal as an escape),
    ``language`` is one overleg speaks, ``created`` is a timestamp with its UTC offset, and
    ``agenda_source`` is a text (kept for reference; version 1 parses it, see `agenda_of`).
    The agenda itself is checked as it is read (`agenda_from_data`).
    """
    for key in HEADER_TEXTS:
        value = header.get(key, "")
        if type(value) is not str:
            raise Damage(f"{key}: is not a text")
        if NOT_TEXT.search(value) is not None or len(value) > MAX_TEXT:
            raise Damage(f"{key}: holds a control character or is too long")
    if header.get("language", "nl") not in LANGUAGES:
        raise Damage(f"language: is not one of {', '.join(LANGUAGES)}")
    if "created" in header:
        timestamp(header["created"], "created")
    if type(header.get("agenda_source", "")) is not str:
        raise Damage("agenda_source: is not a text")


def agenda_of(header: dict[str, Any], language: str | None = None) -> Agenda:
    """The agenda of a meeting from its journal's header (`Damage` when it holds none).

    Version 2 keeps the agenda as it was held, whatever `language` asks; version 1 kept only
    the TOML text, which is parsed again (in `language`, else the meeting's).
    """
    check_header(header)
    path = header.get("agenda_path", "")
    if header.get("version", 1) >= 2:
        if "agenda" not in header:
            raise Damage("the header holds no agenda")
        agenda = agenda_from_data(header["agenda"], path)
        if language in LANGUAGES and language != agenda.language:
            # The minutes' own labels follow the reader; what was held keeps its words.
            agenda = dataclasses.replace(agenda, language=language)
        return agenda
    source = header.get("agenda_source")
    if not isinstance(source, str):
        raise Damage("the header holds no agenda")
    wanted = language or header.get("language")
    try:
        return parse_agenda(
            source, path or "<journal>", wanted if isinstance(wanted, str) else None
        )
    except AgendaError as exc:
        # Damage, said by its place only: the agenda's problems quote its names and texts.
        first = exc.problems[0] if exc.problems else None
        where = f" (its line {first.line})" if first is not None and first.line else ""
        raise Damage(f"agenda_source: the agenda kept is not a valid agenda{where}") from None
