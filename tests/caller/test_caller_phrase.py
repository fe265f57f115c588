"""The Indonesian sentence for a call: exact text, because that is what the hall hears."""

from __future__ import annotations

import pytest

from voice.errors import PhraseError
from voice.phrase import (
    Phrasebook,
    call_phrase,
    number_words,
    speech_words,
    split_ticket_number,
    spoken_counter_name,
)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1, "satu"),
        (11, "sebelas"),
        (12, "dua belas"),
        (100, "seratus"),
        (115, "seratus lima belas"),
        (999, "sembilan ratus sembilan puluh sembilan"),
    ],
)
def test_number_words(value: int, words: str) -> None:
    assert number_words(value) == words


def test_call_a012_at_counter_3() -> None:
    assert call_phrase("A-012", 3) == "Nomor antrean A dua belas, silakan menuju loket tiga"


def test_transfer_is_told_like_a_call() -> None:
    assert Phrasebook().transfer("B-007", 4) == "Nomor antrean B tujuh, silakan menuju loket empat"


def test_recall_is_prefixed() -> None:
    assert (
        Phrasebook().recall("A-012", 3)
        == "Panggilan ulang, nomor antrean A dua belas, silakan menuju loket tiga"
    )


def test_recall_without_prefix_is_the_call() -> None:
    book = Phrasebook(recall_prefix="")
    assert book.recall("A-012", 3) == book.call("A-012", 3)


@pytest.mark.parametrize(
    ("ticket", "expected"),
    [("A-012", ("A", 12)), ("a012", ("A", 12)), ("AB-100", ("AB", 100)), ("007", ("", 7))],
)
def test_ticket_numbers_lose_leading_zeros(ticket: str, expected: tuple[str, int]) -> None:
    assert split_ticket_number(ticket) == expected


@pytest.mark.parametrize("ticket", ["", "A-", "A-12x", "12-A", "A-1.5"])
def test_unreadable_ticket_numbers_are_refused(ticket: str) -> None:
    with pytest.raises(PhraseError):
        split_ticket_number(ticket)


def test_prefix_letters_are_spaced_and_a_missing_prefix_leaves_no_gap() -> None:
    book = Phrasebook()
    assert book.call("AB-100", 12) == "Nomor antrean A B seratus, silakan menuju loket dua belas"
    assert book.call("115", 1) == "Nomor antrean seratus lima belas, silakan menuju loket satu"


def test_letters_as_names_for_voices_that_misread_capitals() -> None:
    book = Phrasebook(letters_as_names=True)
    assert book.call("B-007", 4) == "Nomor antrean be tujuh, silakan menuju loket empat"


@pytest.mark.parametrize(
    ("name", "spoken"),
    [
        ("Loket 5 (Pengaduan)", "loket lima"),
        ("Loket 05", "loket lima"),
        ("Gerai B", "gerai be"),
        ("Meja Informasi [lantai 1]", "meja informasi"),
        ("Loket 12 - BPJS", "loket dua belas bpjs"),
    ],
)
def test_counter_names_are_spoken_sensibly(name: str, spoken: str) -> None:
    assert spoken_counter_name(name) == spoken


def test_configured_counter_name_is_used() -> None:
    book = Phrasebook(counter_names={5: "Loket 5 (Pengaduan)"})
    assert book.call("F-001", 5) == "Nomor antrean F satu, silakan menuju loket lima"


def test_custom_template() -> None:
    book = Phrasebook(template="Antrean {letters} {number}, ke {counter_name} ({counter})")
    assert book.call("C-020", 2) == "Antrean C dua puluh, ke loket dua (dua)"


@pytest.mark.parametrize("template", ["Nomor {ticket}", "Nomor {letters", "{0} {number}"])
def test_bad_templates_fail_at_start_up(template: str) -> None:
    with pytest.raises(PhraseError):
        Phrasebook(template=template)


def test_speech_words_name_the_segment_files() -> None:
    text = call_phrase("B-007", 4)
    assert speech_words(text) == [
        "nomor", "antrean", "be", "tujuh", ",", "silakan", "menuju", "loket", "empat",
    ]  # fmt: skip
    assert speech_words("Loket 12") == ["loket", "dua", "belas"]


def test_the_call_says_antrean_as_the_screens_and_tickets_do() -> None:
    # KBBI spells it antrean; the TV and the ticket say ANTREAN, so the voice does too.
    for text in (
        Phrasebook().call("A-012", 3),
        Phrasebook().recall("A-012", 3),
        Phrasebook().transfer("A-012", 3),
    ):
        assert "antrean" in text.lower().split()
        assert "antrian" not in text.lower()


def test_the_backlog_form_keeps_the_number_and_the_counter() -> None:
    book = Phrasebook(counter_names={5: "Loket 5 (Pengaduan)"})
    assert book.call("A-012", 3, backlog=True) == "A dua belas ke loket tiga"
    assert book.call("F-001", 5, backlog=True) == "F satu ke loket lima"
    assert book.recall("A-012", 3, backlog=True) == "Panggilan ulang, A dua belas ke loket tiga"
    assert book.transfer("B-007", 4, backlog=True) == "B tujuh ke loket empat"
    assert len(book.call("A-012", 3, backlog=True)) < len(book.call("A-012", 3)) / 2 + 1


def test_an_empty_backlog_template_says_the_full_call() -> None:
    book = Phrasebook(backlog_template="")
    assert book.call("A-012", 3, backlog=True) == book.call("A-012", 3)


def test_a_bad_backlog_template_fails_at_start_up() -> None:
    with pytest.raises(PhraseError, match="ticket"):
        Phrasebook(backlog_template="{ticket} ke {counter_name}")
