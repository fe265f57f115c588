"""The walks behind scripts/screenshots.py, one module per appliance (kiosk, display,
panel, fo, rater), each against a real hub; `common` has the waiting and the grabbing
they share. Qt must be set up (QT_QPA_PLATFORM, a QApplication) before they run."""
