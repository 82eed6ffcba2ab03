"""Compliance admin. DSR queue and access log: compliance.admin_dsr."""

from compliance import admin_dsr  # noqa: F401  (registers DataSubjectRequest and AccessLog)
