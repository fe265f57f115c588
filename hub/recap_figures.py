"""A business day's recap figures in mergeable form: the pure model lives in
reports.recap_figures (the central service folds forwarded logs with it too)."""

from reports.recap_figures import FORMAT, DayFigures, Estimates, Settlement, Tally

__all__ = ["FORMAT", "DayFigures", "Estimates", "Settlement", "Tally"]
