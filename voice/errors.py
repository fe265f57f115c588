"""The caller's exceptions: one base, small named subclasses (turned into words at the edge)."""

from __future__ import annotations


class CallerError(Exception):
    """Base of every error the caller raises on purpose."""


class PhraseError(CallerError, ValueError):
    """A ticket number, counter or template cannot be turned into a spoken phrase."""


class AudioError(CallerError):
    """A WAV file cannot be read or written in a form the caller handles."""


class SpeechError(CallerError):
    """Text could not be synthesised (no speech engine, unknown voice, empty output)."""
