"""The touchscreen kiosk: pick a service, get a printed ticket."""
