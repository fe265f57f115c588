"""The display appliance: the waiting-room TV window and its caller (chime + speech)."""
