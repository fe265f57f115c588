"""The API's routes, one router per area: the queue, the counter desk, the office, events."""
