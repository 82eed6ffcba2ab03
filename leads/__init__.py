"""Leads: the people we serve, their qualification, score and timeline."""
