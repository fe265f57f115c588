"""Tests of the waiting-room caller (display.caller)."""
