"""Qt helpers every appliance shares: the application, scaled labels and header, Qt's
own wording in Indonesian."""
