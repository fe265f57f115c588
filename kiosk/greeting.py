"""The kiosk says the ticket number aloud, for citizens who cannot read the screen."""

from __future__ import annotations

import concurrent.futures
import logging

from voice import CommandPlayer, EspeakSynthesizer, Player, Synthesizer
from voice.errors import CallerError
from voice.phrase import number_words, split_ticket_number, spoken_letters

log = logging.getLogger(__name__)


def greeting_text(ticket_number: str) -> str:
    """'C-008' -> 'Nomor antrean Anda C delapan. Silakan menunggu panggilan.'"""
    letters, number = split_ticket_number(ticket_number)
    return (
        f"Nomor antrean Anda {spoken_letters(letters)} {number_words(number)}. "
        "Silakan menunggu panggilan."
    )


class Greeter:
    """Speaks on its own thread, one phrase at a time; a missing sound card is logged
    by the player once and never holds up the kiosk."""

    def __init__(self, synthesizer: Synthesizer | None = None, player: Player | None = None):
        self._synthesizer = synthesizer or EspeakSynthesizer()
        self._player = player or CommandPlayer()
        self._worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="greeting")

    def say_ticket(self, ticket_number: str) -> concurrent.futures.Future[None]:
        return self._worker.submit(self._say, greeting_text(ticket_number))

    def _say(self, text: str) -> None:
        try:
            self._player.play(self._synthesizer.synthesize(text))
        except CallerError as error:
            log.warning("greeting not spoken: %s", error)

    def close(self) -> None:
        self._worker.shutdown(wait=True)
