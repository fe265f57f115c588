"""What the caller says: a call turned into an Indonesian sentence. Pure functions, no I/O.

"A-012" at counter 3 becomes "Nomor antrean A dua belas, silakan menuju loket tiga" (KBBI
spells it *antrean*, as the screens and tickets do). While other calls wait to be said, the
backlog form "A dua belas ke loket tiga" keeps what a citizen listens for and takes a
third as long (1.4 s at the backlog rate of 200 words a minute, against 4.1 s in full at
150, espeak-ng's trailing silence dropped). It has no comma: espeak-ng pauses there and
lengthens the syllable before it, 0.21 s at 200 words a minute, 1.7 s over nine calls.

Letters of a ticket prefix stay single capitals, spaced ("A B"). Measured with espeak-ng
1.51's Indonesian voice (`poz/id`): a lone capital is read as its Indonesian letter name
with the close e of KBBI ("B" -> [be], "Q" -> [ki], "X" -> [eks]), while the written-out
names are read with an open e ("be" -> [bE]). Voices that misread capitals can be given
the names instead (`letters_as_names`). Pre-recorded segments always use the names
(`speech_words`), since their files are named by word: `be.wav`, `dua.wav`, ...
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Mapping

from num2words import num2words

from voice.errors import PhraseError

DEFAULT_TEMPLATE = "Nomor antrean {letters} {number}, silakan menuju {counter_name}"
DEFAULT_BACKLOG_TEMPLATE = "{letters} {number} ke {counter_name}"
DEFAULT_RECALL_PREFIX = "Panggilan ulang,"
TEMPLATE_FIELDS = frozenset({"letters", "number", "counter_name", "counter"})

# Indonesian names of the Latin letters (KBBI), as a citizen hears them spelled.
LETTER_NAMES: Mapping[str, str] = {
    "A": "a", "B": "be", "C": "ce", "D": "de", "E": "e", "F": "ef", "G": "ge",
    "H": "ha", "I": "i", "J": "je", "K": "ka", "L": "el", "M": "em", "N": "en",
    "O": "o", "P": "pe", "Q": "ki", "R": "er", "S": "es", "T": "te", "U": "u",
    "V": "fe", "W": "we", "X": "eks", "Y": "ye", "Z": "zet",
}  # fmt: skip

_TICKET_NUMBER = re.compile(r"^\s*([A-Za-z]*)[\s\-_./]*(\d+)\s*$")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NAME_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_SPEECH_TOKEN = re.compile(r"[^\W\d_]+|\d+|[,.;:!?]")


def number_words(value: int) -> str:
    """Indonesian words for a number: 115 -> "seratus lima belas"."""
    if value < 0:
        raise PhraseError(f"a queue number is never negative: {value}")
    return str(num2words(value, lang="id"))


def split_ticket_number(ticket_number: str) -> tuple[str, int]:
    """Split "A-012" into ("A", 12): service prefix and sequence, leading zeros dropped."""
    match = _TICKET_NUMBER.match(ticket_number)
    if match is None:
        raise PhraseError(f"cannot read ticket number {ticket_number!r}")
    return match.group(1).upper(), int(match.group(2))


def spoken_letters(letters: str, *, as_names: bool = False) -> str:
    """Space a prefix, "AB" -> "A B" (or "a be"), so no voice reads it as one word."""
    if as_names:
        return " ".join(LETTER_NAMES[letter] for letter in letters.upper())
    return " ".join(letters.upper())


def spoken_counter_name(counter_name: str) -> str:
    """Say "Loket 5 (Pengaduan)" as "loket lima": digits as words, brackets dropped.

    Bracketed remarks are for the screen; spoken, they make the call long and the
    counter's number, the thing a citizen listens for, comes before them anyway.
    """
    words = []
    for token in _NAME_TOKEN.findall(_BRACKETED.sub(" ", counter_name)):
        if token.isdigit():
            words.append(number_words(int(token)))
        elif len(token) == 1 and token.upper() in LETTER_NAMES:
            words.append(LETTER_NAMES[token.upper()])  # "Gerai B" -> "gerai be"
        else:
            words.append(token.lower())
    if not words:
        raise PhraseError(f"counter name {counter_name!r} has nothing to say")
    return " ".join(words)


def speech_words(text: str) -> list[str]:
    """The words a sentence is made of, as segment file names; punctuation kept as pauses.

    "Nomor antrean B 7, silakan" -> ["nomor", "antrean", "be", "tujuh", ",", "silakan"].
    """
    words: list[str] = []
    for token in _SPEECH_TOKEN.findall(text):
        if token.isdigit():
            words.extend(number_words(int(token)).split())
        elif len(token) == 1 and token.isupper() and token in LETTER_NAMES:
            words.append(LETTER_NAMES[token])
        else:
            words.append(token.lower())
    return words


def _tidy(text: str) -> str:
    """Collapse the gaps an empty field leaves ("antrean  dua") and spaces before commas."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:!?])", r"\1", text)


def check_template(template: str) -> str:
    """Fail at start-up, not at the first call, when a template names an unknown field."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError as exc:
        raise PhraseError(f"bad caller template {template!r}: {exc}") from None
    unknown = fields - TEMPLATE_FIELDS
    if unknown:
        raise PhraseError(
            f"caller template {template!r} names unknown field(s) {sorted(unknown)}; "
            f"known: {sorted(TEMPLATE_FIELDS)}"
        )
    return template


@dataclasses.dataclass(frozen=True)
class Phrasebook:
    """The office's way of calling: templates, counter names, recall prefix.

    `backlog_template` is said instead of `template` while other calls wait; empty means
    the full sentence, said once.
    """

    template: str = DEFAULT_TEMPLATE
    counter_names: Mapping[int, str] = dataclasses.field(default_factory=dict)
    recall_prefix: str = DEFAULT_RECALL_PREFIX
    letters_as_names: bool = False
    backlog_template: str = DEFAULT_BACKLOG_TEMPLATE

    def __post_init__(self) -> None:
        check_template(self.template)
        check_template(self.backlog_template)

    def counter_name(self, counter: int) -> str:
        return self.counter_names.get(counter) or f"Loket {counter}"

    def call(self, ticket_number: str, counter: int, *, backlog: bool = False) -> str:
        """The sentence for a call: "Nomor antrean A dua belas, silakan menuju loket tiga"."""
        letters, sequence = split_ticket_number(ticket_number)
        template = (self.backlog_template or self.template) if backlog else self.template
        text = template.format(
            letters=spoken_letters(letters, as_names=self.letters_as_names),
            number=number_words(sequence),
            counter_name=spoken_counter_name(self.counter_name(counter)),
            counter=number_words(counter),
        )
        return _tidy(text)

    def recall(self, ticket_number: str, counter: int, *, backlog: bool = False) -> str:
        """The same call again, after the recall prefix ("Panggilan ulang, nomor antrean ...")."""
        text = self.call(ticket_number, counter, backlog=backlog)
        if not self.recall_prefix.strip():
            return text
        if re.match(r"[A-Z][a-z]", text):  # "Nomor" -> "nomor", but a letter "A" stays
            text = text[:1].lower() + text[1:]
        return _tidy(f"{self.recall_prefix} {text}")

    def transfer(self, ticket_number: str, to_counter: int, *, backlog: bool = False) -> str:
        """A ticket sent to another counter is told where to go exactly like a call."""
        return self.call(ticket_number, to_counter, backlog=backlog)


def call_phrase(ticket_number: str, counter: int, template: str = DEFAULT_TEMPLATE) -> str:
    """Shortcut for the default phrasebook with a template."""
    return Phrasebook(template=template).call(ticket_number, counter)
