"""Reports rendered from the typed wire (protocol): the recap as text and CSV. No Qt, no hub."""
