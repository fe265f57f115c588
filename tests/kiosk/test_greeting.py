"""The spoken confirmation: the right words, really synthesised, never blocking."""

from __future__ import annotations

from kiosk.greeting import Greeter, greeting_text
from voice import EspeakSynthesizer, FakePlayer


def test_the_words() -> None:
    assert greeting_text("C-008") == "Nomor antrean Anda C delapan. Silakan menunggu panggilan."
    assert greeting_text("B-115") == (
        "Nomor antrean Anda B seratus lima belas. Silakan menunggu panggilan."
    )


def test_the_greeting_is_spoken_with_espeak(tmp_path) -> None:  # type: ignore[no-untyped-def]
    synthesizer = EspeakSynthesizer(work_dir=tmp_path)
    player = FakePlayer()
    greeter = Greeter(synthesizer, player)
    try:
        greeter.say_ticket("A-012").result(timeout=10)
    finally:
        greeter.close()
        synthesizer.close()
    (played,) = player.played
    assert 2.0 < played.clip.duration_s < 8.0
    assert max(abs(sample) for sample in played.clip.samples) > 3000  # a voice, not silence
