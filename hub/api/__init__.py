"""The LAN API (contract in DESIGN.md): the only part of the hub that speaks HTTP."""

from hub.api.app import create_app

__all__ = ["create_app"]
