"""Prometheus counters for sends; gauges are computed from the outbox when scraped."""

from __future__ import annotations

from prometheus_client import Counter

SENDS = Counter("coach_sends_total", "Messages and calls accepted by Twilio", ["channel"])
FAILURES = Counter("coach_send_failures_total", "Failed send attempts by Twilio code", ["code"])
