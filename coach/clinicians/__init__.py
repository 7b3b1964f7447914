"""Clinicians: accounts, API keys, roles and the audit log."""
