"""The FO desk: the day's recap on paper and in PDF, and the compensation ledger."""
