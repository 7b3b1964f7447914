"""Alerts for clinicians: red flags, persistent symptoms, silence, wrong numbers."""
