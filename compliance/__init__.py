"""Compliance: Fair Housing guard, consent and quiet hours, TREC notices, DSRs, access log."""
