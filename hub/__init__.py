"""The hub: one store, the queue engine and the LAN API every appliance stands on."""
