"""Tests of the waiting-room caller (voice)."""
