"""Inbound replies: the deterministic parser, triage, the SMS webhook and its services."""
