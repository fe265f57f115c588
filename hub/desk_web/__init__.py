"""The complaint desk's web back office (issue #14): officers with the complaint duty
sign in with NIP + PIN and record, follow and close complaints in the browser.

Served by the API (staff) listener under `/desk/`; server-rendered Jinja pages over the
same views the API returns (hub.complaint_service), no script, assets vendored.
"""
