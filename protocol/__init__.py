"""The typed wire between the hub and the appliances: pydantic only (no Qt, no hub, no I/O)."""
