"""The rater: the citizen-facing satisfaction screen at a booth (issue #15)."""
