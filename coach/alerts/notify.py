"""Delivering alerts outside the app: the signed JSON webhook."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

import httpx

from coach.errors import DeliveryError

SIGNATURE_HEADER = "X-Coach-Signature"


def payload(*, alert_id: int, patient_id: int, kind: str, urgent: bool, at: datetime) -> str:
    """The JSON body sent for an alert: ids and kind only, never names or phone numbers."""
    data: dict[str, Any] = {
        "alert_id": alert_id,
        "patient_id": patient_id,
        "kind": kind,
        "urgent": urgent,
        "created_at": at.isoformat(),
    }
    return json.dumps(data, sort_keys=True)


def sign(body: str, secret: str) -> str:
    """HMAC-SHA256 of the body, as `sha256=<hex>`."""
    digest = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def post_alert(*, url: str, secret: str | None, body: str, timeout: float = 10.0) -> None:
    """POST one alert; raises `DeliveryError` (retryable for 5xx and network errors)."""
    headers = {"Content-Type": "application/json"}
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=timeout)
    except httpx.TransportError as exc:
        raise DeliveryError(
            f"alert webhook unreachable ({type(exc).__name__})", retryable=True
        ) from exc
    if response.status_code >= 300:
        raise DeliveryError(
            f"alert webhook answered {response.status_code}",
            http_status=response.status_code,
            retryable=response.status_code >= 500 or response.status_code == 429,
        )
