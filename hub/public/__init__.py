"""The public listener: the pages citizens open on their phones, with no token.

See hub/public/app.py for the routes, hub/public/ticket.py for what a ticket shows.
"""
