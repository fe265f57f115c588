"""What a folder of recorded words must hold to call every ticket of an office.

The words are found the way the caller will say them: every service prefix at every
counter, called, recalled, in full and in the backlog form, and every number a ticket
can reach, each turned into segment names by `speech_words` (what `SegmentSynthesizer`
looks up). A phrase with one word missing is spoken whole by espeak-ng, so one missing
file silences the recorded voice for every call that needs it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from voice.audio import read_wav
from voice.errors import AudioError
from voice.phrase import Phrasebook, number_words, speech_words

HIGHEST_NUMBER = 999  # a service with no daily quota is checked up to A-999
_SILENT_PEAK = 1000  # of 32767: a recording this quiet was made with the microphone off


@dataclasses.dataclass(frozen=True)
class VoicePackCheck:
    folder: Path
    needed: tuple[str, ...]
    missing: tuple[str, ...]
    unusable: tuple[tuple[str, str], ...]  # (file name, why)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.unusable


def needed_words(
    phrasebook: Phrasebook, prefixes: Iterable[str], counters: Iterable[int], highest_number: int
) -> tuple[str, ...]:
    """Every word the caller can say for these services and counters, sorted."""
    words: set[str] = set()
    counter_numbers = list(counters)
    for prefix in prefixes:
        ticket = f"{prefix}-1"
        for counter in counter_numbers:
            for backlog in (False, True):
                words.update(speech_words(phrasebook.call(ticket, counter, backlog=backlog)))
                words.update(speech_words(phrasebook.recall(ticket, counter, backlog=backlog)))
    for number in range(1, highest_number + 1):
        words.update(number_words(number).split())
    return tuple(sorted(word for word in words if word.isalnum()))


def check_voice_pack(folder: Path, needed: Iterable[str]) -> VoicePackCheck:
    """Which needed words have no WAV in `folder`, and which WAVs cannot be used."""
    files = {path.stem.lower(): path for path in folder.glob("*.wav")} if folder.is_dir() else {}
    wanted = tuple(needed)
    missing = tuple(word for word in wanted if word not in files)
    unusable: list[tuple[str, str]] = []
    for word in wanted:
        path = files.get(word)
        if path is None:
            continue
        try:
            clip = read_wav(path)
        except AudioError as exc:
            detail = str(exc.__cause__ or "")
            unusable.append((path.name, f"not a PCM WAV file{f' ({detail})' if detail else ''}"))
            continue
        if clip.duration_s < 0.05:
            unusable.append((path.name, f"only {clip.duration_s * 1000:.0f} ms long"))
        elif clip.peak < _SILENT_PEAK:
            unusable.append((path.name, f"silent (loudest sample {clip.peak} of 32767)"))
    return VoicePackCheck(folder, wanted, missing, tuple(unusable))
