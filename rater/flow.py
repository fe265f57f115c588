"""What the rater shows and does, as a plain state machine (no Qt, no I/O).

A ticket closed at this booth's counter asks its citizen "Bagaimana pelayanan kami?";
one press rates it, once. A press is never lost: it waits in the outbox until the hub
has said yes (or no) to it, however long the hub is away, and the citizen is thanked at
once either way. A new close replaces a question nobody answered: the citizen before
walked away, the one now at the desk is the one to ask.
"""

from __future__ import annotations

import collections
import dataclasses
import enum

# The four answers, worst to best: the score is the key a citizen may press too (1-4).
ANSWERS = ("Tidak baik", "Kurang baik", "Baik", "Sangat baik")
QUESTION = "Bagaimana pelayanan kami?"
THANKS = "Terima kasih atas penilaian Anda!"
ALREADY = "Nomor ini sudah dinilai. Terima kasih!"


class Screen(enum.Enum):
    IDLE = "idle"  # the office's greeting
    ASK = "ask"  # the four faces, for the ticket just closed here
    THANKS = "thanks"


@dataclasses.dataclass(frozen=True)
class Rating:
    ticket_id: str
    number: str
    score: int  # 1..4


@dataclasses.dataclass
class RaterState:
    screen: Screen = Screen.IDLE
    ticket_id: str | None = None  # the ticket asked about (ASK) or just rated (THANKS)
    number: str = ""
    message: str = ""  # the thanks page's words
    online: bool = False


# Replies after which a rating is settled, said yes or no to; anything else (the hub not
# reached, 503 while it starts) and it is sent again.
SETTLED = frozenset({201, 400, 403, 404, 409, 422})


class RaterFlow:
    def __init__(self, counter: int) -> None:
        self.counter = counter
        self.state = RaterState()
        self.outbox: collections.deque[Rating] = collections.deque()
        self.in_flight: Rating | None = None
        self._asked: set[str] = set()  # tickets asked about: a replayed close asks no more

    # ---- what the hub says ------------------------------------------------------------

    def hub_online(self, online: bool) -> None:
        self.state.online = online

    def closed(self, ticket_id: str, number: str, counter: int) -> bool:
        """A ticket was closed somewhere; True when this booth now asks about it."""
        if counter != self.counter or ticket_id in self._asked:
            return False
        self._asked.add(ticket_id)
        self.state.screen = Screen.ASK
        self.state.ticket_id, self.state.number = ticket_id, number
        return True

    # ---- what the citizen does --------------------------------------------------------

    def press(self, score: int) -> Rating | None:
        """A face (or key 1-4) pressed: the rating to send, once per ticket."""
        state = self.state
        if state.screen is not Screen.ASK or state.ticket_id is None or not 1 <= score <= 4:
            return None
        rating = Rating(state.ticket_id, state.number, score)
        self.outbox.append(rating)
        state.screen, state.message = Screen.THANKS, THANKS
        return rating

    def timed_out(self) -> None:
        """The question or the thanks has stood long enough: back to the greeting."""
        self.state.screen = Screen.IDLE
        self.state.ticket_id, self.state.number, self.state.message = None, "", ""

    # ---- sending ----------------------------------------------------------------------

    def next_to_send(self) -> Rating | None:
        """The oldest rating not yet settled, unless one is on its way already."""
        if self.in_flight is not None or not self.outbox:
            return None
        self.in_flight = self.outbox[0]
        return self.in_flight

    def answered(self, status: int) -> bool:
        """The hub's reply to the rating in flight; True when it is settled (else it
        stays first in the outbox, to be sent again)."""
        rating, self.in_flight = self.in_flight, None
        if rating is None or status not in SETTLED:
            return False
        self.outbox.popleft()
        state = self.state
        if status == 409 and state.screen is Screen.THANKS and state.ticket_id == rating.ticket_id:
            state.message = ALREADY
        return True
