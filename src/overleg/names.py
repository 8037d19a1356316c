"""Names as people type them: finding a participant by what the chair wrote, and "Name: text".

Pure: no Textual, no meeting state; the chair service (`overleg.chair.meeting`) and the console's
dialogs both use it, so a name resolves the same everywhere.

The rule of `match`: any case, with or without accents ("mehmet yilmaz" finds "Mehmet Yılmaz",
"soren" finds "Søren"), spaces squeezed. A query finds a name by, in this order,

1. the full name;
2. the first name, the surname with its particles ("van dijk"), or the surname without them
   ("dijk");
3. the start of any of those, of at least two letters and not only particles ("meh", "van d",
   "mehmet y"; not "van").

The first step that finds anyone decides: one name is found, several are ambiguous (the chair is
asked which), none goes on to the next step; after the last, the name is unknown. So "Jan" finds
Jan de Boer even when Janneke Smit is there too, and "Jan" with two Jans asks which one.

The rule of `addressed` ("Name: text"): the part before the first colon is meant as a name when it
is someone's full name exactly, or when it is shaped like one: one to three words not counting
particles ("Anouk de Vries" is two), made of letters (with "-", "'" or "." inside), no digits, at
most 40 characters, and not a word that commonly heads a line ("Afspraak:", "Let op:", "Vraag:",
see `LABELS`, unless it is someone's first name or surname). Anything else ("Om 10:00 belt school", "Afspraak: dinsdag", "Moeder zei dat het
thuis goed gaat: ...") is ordinary text, colon and all.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

#: Letters that Unicode does not decompose into an ASCII base letter plus accents.
_TRANSLITERATE = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "’": "'",
        "‘": "'",
    }
)

#: Words between a first name and a surname ("van", "de", "ter", "el", "bin"...), lowercase.
PARTICLES = frozenset(
    "van de der den het 't te ter ten in op aan bij uit vd v.d. "
    "la le les du da di del della dos das von zu zur am al el bin ben ibn d' l'".split()
)

#: Words (folded) that often head a line with a colon and are no one's name: a line that begins
#: with one of them is text, unless someone at the table is called so.
LABELS = frozenset(
    [
        # Dutch
        "aandachtspunt",
        "actie",
        "acties",
        "actiepunt",
        "adres",
        "advies",
        "afspraak",
        "afspraken",
        "agenda",
        "antwoord",
        "besluit",
        "conclusie",
        "datum",
        "doel",
        "hoe",
        "hulpvraag",
        "kans",
        "kansen",
        "kracht",
        "krachten",
        "perspectief",
        "sterk",
        "zorgpunt",
        "idee",
        "let op",
        "letop",
        "locatie",
        "mail",
        "e-mail",
        "email",
        "nb",
        "n.b.",
        "noot",
        "notitie",
        "opmerking",
        "overweging",
        "plaats",
        "ps",
        "p.s.",
        "punt",
        "risico",
        "samenvatting",
        "signaal",
        "situatie",
        "tel",
        "telefoon",
        "tijd",
        "tip",
        "update",
        "vervolg",
        "voorstel",
        "vraag",
        "vragen",
        "waar",
        "waarom",
        "wanneer",
        "wat",
        "wie",
        "zorg",
        "zorgen",
        # English
        "action",
        "agreed",
        "answer",
        "concern",
        "strength",
        "strengths",
        "decision",
        "follow up",
        "goal",
        "idea",
        "important",
        "note",
        "phone",
        "point",
        "proposal",
        "question",
        "risk",
        "status",
        "summary",
        "todo",
        "to do",
        "what",
        "when",
        "where",
        "who",
        "why",
    ]
)

#: A prefix shorter than this finds no one: "A:" and "B:" are options, not Anouk and Bram.
MIN_PREFIX = 2
#: Words of a name not counting particles, and its length, as `addressed` takes them.
MAX_WORDS = 3
MAX_LENGTH = 40


def fold(text: str) -> str:
    """`text` as names compare: lowercase, without accents, single spaces ("Yılmaz" -> "yilmaz")."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # Letters that appear only after decomposition, then what casefold adds ("ß" -> "ss").
    return " ".join(text.translate(_TRANSLITERATE).casefold().split())


@dataclass(frozen=True)
class Match:
    """What a typed name finds: one `name`, several `candidates`, or nobody (`unknown`)."""

    #: What was typed, as typed (stripped).
    query: str
    #: The one name found.
    name: str | None = None
    #: The names it may mean, in the order given, when there are several.
    candidates: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def unknown(self) -> bool:
        return self.name is None and not self.candidates


def keys(name: str) -> tuple[str, ...]:
    """The folded forms `name` is known by: full, first name, surname, surname without particles."""
    words = fold(name).split()
    if not words:
        return ()
    found = [" ".join(words), words[0]]
    rest = words[1:]
    if rest:
        found.append(" ".join(rest))
        while rest and rest[0] in PARTICLES:
            rest = rest[1:]
        if rest:
            found.append(" ".join(rest))
    return tuple(dict.fromkeys(found))


def match(query: str, names: Iterable[str]) -> Match:
    """The name(s) of `names` that `query` means (the module's rule)."""
    query = query.strip()
    typed = fold(query)
    names = list(names)
    if not typed:
        return Match(query)
    known = [(name, keys(name)) for name in names]
    # "van" or "de" alone starts half the surnames at the table: no one is found by a particle.
    prefix = len(typed) >= MIN_PREFIX and any(w not in PARTICLES for w in typed.split())
    steps = (
        lambda ks: bool(ks) and ks[0] == typed,
        lambda ks: typed in ks,
        lambda ks: prefix and any(k.startswith(typed) for k in ks),
    )
    for step in steps:
        hits = tuple(name for name, ks in known if step(ks))
        if len(hits) == 1:
            return Match(query, name=hits[0])
        if hits:
            return Match(query, candidates=hits)
    return Match(query)


def looks_like_name(text: str) -> bool:
    """Whether `text` is shaped like a name and is no label ("Afspraak", "Let op")."""
    return _shaped(text) and fold(text) not in LABELS


def _shaped(text: str) -> bool:
    """1-3 words of letters besides particles, at most 40 characters, at least two letters."""
    text = text.strip()
    words = fold(text).split()
    if not words or len(text) > MAX_LENGTH:
        return False
    for word in words:
        if not (word[0].isalpha() and all(ch.isalpha() or ch in "-'." for ch in word)):
            return False
    core = [w for w in words if w not in PARTICLES]
    return 1 <= len(core) <= MAX_WORDS and sum(ch.isalpha() for ch in text) >= MIN_PREFIX


def split_name(line: str) -> tuple[str, str] | None:
    """ "Name: text" as (name, text), both stripped; None without a colon, with either part
    empty, or for an address ("https://...")."""
    head, colon, rest = line.partition(":")
    if rest.startswith("//"):
        return None  # an address ("https://...")
    head, rest = head.strip(), rest.strip()
    if not colon or not head or not rest:
        return None
    return head, rest


def addressed(line: str, names: Iterable[str]) -> tuple[Match, str] | None:
    """Whom "Name: text" puts `text` against, and the text; None when the line is plain text.

    The match may still be ambiguous or unknown: the part before the colon is then meant as a name
    (the module's rule) that finds no one person.
    """
    parts = split_name(line)
    if parts is None:
        return None
    head, rest = parts
    names = list(names)
    typed = fold(head)
    if any(typed == fold(name) for name in names):
        return match(head, names), rest
    if not _shaped(head):
        return None
    found = match(head, names)
    if typed in LABELS and (found.name is None or typed not in keys(found.name)):
        return None  # "Vraag:" is text, though it starts "Vraagman"; "Tip:" is Tip, if he is here
    return found, rest
