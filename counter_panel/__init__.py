"""The officer's counter panel: call, serve and close in one press."""
