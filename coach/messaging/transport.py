"""The Twilio boundary: the only module that imports `twilio.rest`.

`Transport` is what the coach sends through. `TwilioTransport` uses the official client
(pointed at `TWILIO_API_BASE_URL` when set, e.g. a local mock), `ConsoleTransport` prints
what would be sent, and `RecordingTransport` keeps sends in memory for tests.
"""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from coach.errors import ConfigError, DeliveryError
from coach.settings import Settings

log = logging.getLogger(__name__)

# Twilio codes that mean "this number can't get texts"; see DESIGN.md.
UNREACHABLE_CODES = frozenset({21211, 21214, 21612, 21614, 21408, 21610})
OPTED_OUT_CODE = 21610


@dataclass(frozen=True)
class SendResult:
    """What the provider said when it accepted a message or call."""

    sid: str
    status: str


class Transport(Protocol):
    """Anything that can send a text or place a call."""

    def send_sms(self, *, to: str, body: str, status_callback: str | None = None) -> SendResult:
        """Send one text; raise `DeliveryError` on failure."""
        ...

    def place_call(
        self,
        *,
        to: str,
        url: str,
        status_callback: str | None = None,
        machine_detection: bool = False,
    ) -> SendResult:
        """Place one call that fetches TwiML from `url`; raise `DeliveryError` on failure."""
        ...

    def find_sms(self, *, to: str, body: str, since: datetime) -> str | None:
        """The SID of a text with this body that the provider took since then, if any."""
        ...


class _CapturingHttpClient(TwilioHttpClient):  # type: ignore[misc]
    """Keeps the last response per thread, so Retry-After survives a 429."""

    def __init__(self, timeout: float) -> None:
        super().__init__(timeout=timeout, max_retries=0)
        self.local = threading.local()

    def request(self, *args: Any, **kwargs: Any) -> Response:
        self.local.response = None
        response = super().request(*args, **kwargs)
        self.local.response = response
        return response


def _retry_after(http: _CapturingHttpClient) -> float | None:
    response = getattr(http.local, "response", None)
    if response is None or not response.headers:
        return None
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def map_twilio_error(exc: TwilioRestException, retry_after: float | None = None) -> DeliveryError:
    """Turn Twilio's exception into ours, deciding whether a retry is safe."""
    status = int(exc.status or 0)
    code = int(exc.code) if exc.code else None
    retryable = status == 429 or status >= 500 or code in {20429, 30001, 21611}
    # Twilio's message may echo the number; keep only its code and HTTP status.
    return DeliveryError(
        f"Twilio refused the request (HTTP {status}, code {code})",
        twilio_code=code,
        http_status=status,
        retryable=retryable,
        retry_after=retry_after,
    )


class TwilioTransport:
    """Sends through the official Twilio client; one client per thread."""

    def __init__(self, settings: Settings) -> None:
        if not (settings.twilio_account_sid and settings.twilio_auth_token):
            raise ConfigError("the twilio transport needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        self._settings = settings
        self._local = threading.local()

    def _client(self) -> tuple[Client, _CapturingHttpClient]:
        cached = getattr(self._local, "client", None)
        if cached is None:
            http = _CapturingHttpClient(timeout=self._settings.twilio_timeout)
            client = Client(
                self._settings.twilio_account_sid,
                self._settings.twilio_auth_token,
                http_client=http,
            )
            if self._settings.twilio_api_base_url:
                client.api.base_url = self._settings.twilio_api_base_url
            cached = (client, http)
            self._local.client = cached
        return cached

    def _sender(self) -> dict[str, str]:
        if self._settings.twilio_messaging_service_sid:
            return {"messaging_service_sid": self._settings.twilio_messaging_service_sid}
        assert self._settings.twilio_from_number is not None
        return {"from_": self._settings.twilio_from_number}

    def send_sms(self, *, to: str, body: str, status_callback: str | None = None) -> SendResult:
        """Send one text through Twilio."""
        client, http = self._client()
        extra: dict[str, Any] = {"status_callback": status_callback} if status_callback else {}
        try:
            message = client.messages.create(to=to, body=body, **self._sender(), **extra)
        except TwilioRestException as exc:
            raise map_twilio_error(exc, _retry_after(http)) from exc
        except requests.exceptions.RequestException as exc:
            raise _network_error(exc) from exc
        return SendResult(sid=str(message.sid), status=str(message.status))

    def place_call(
        self,
        *,
        to: str,
        url: str,
        status_callback: str | None = None,
        machine_detection: bool = False,
    ) -> SendResult:
        """Place one call through Twilio; it fetches TwiML from `url`."""
        client, http = self._client()
        extra: dict[str, Any] = {}
        if status_callback:
            extra["status_callback"] = status_callback
            extra["status_callback_event"] = ["completed"]
        if machine_detection:
            # Wait for the greeting to end, so a voicemail starts after the beep.
            extra["machine_detection"] = "DetectMessageEnd"
        sender = self._settings.twilio_from_number
        if sender is None:
            raise ConfigError("placing calls needs TWILIO_FROM_NUMBER")
        try:
            call = client.calls.create(to=to, from_=sender, url=url, **extra)
        except TwilioRestException as exc:
            raise map_twilio_error(exc, _retry_after(http)) from exc
        except requests.exceptions.RequestException as exc:
            raise _network_error(exc) from exc
        return SendResult(sid=str(call.sid), status=str(call.status))

    def find_sms(self, *, to: str, body: str, since: datetime) -> str | None:
        """Look a text up in Twilio's message log (after a send whose answer was lost)."""
        client, _ = self._client()
        try:
            found = client.messages.list(to=to, date_sent_after=since, limit=50)
        except (TwilioRestException, requests.exceptions.RequestException) as exc:
            log.warning("message lookup failed: %s", type(exc).__name__)
            return None
        return _find_in(list(found), body)


def _find_in(messages: list[Any], body: str) -> str | None:
    for message in messages:
        if message.body == body:
            return str(message.sid)
    return None


def _network_error(exc: requests.exceptions.RequestException) -> DeliveryError:
    # A connect failure never reached Twilio: safe to retry. A read timeout or a dropped
    # connection after sending may have been accepted: never resend automatically.
    if not isinstance(exc, requests.exceptions.ReadTimeout) and _before_send(exc):
        return DeliveryError(f"could not reach Twilio ({type(exc).__name__})", retryable=True)
    return DeliveryError(
        f"no answer from Twilio after sending ({type(exc).__name__})", ambiguous=True
    )


def _before_send(exc: requests.exceptions.RequestException) -> bool:
    """Whether the failure happened before any byte of the request went out."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    text = repr(exc)
    return any(
        marker in text
        for marker in ("NewConnectionError", "ConnectionRefused", "Failed to establish")
    )


_CONSOLE = threading.Lock()


def _console_line(line: str) -> None:
    """One whole line on stdout (the dry run's point), even from the dispatch threads:
    print() writes the text and its newline separately, so two sends could share a line."""
    with _CONSOLE:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class ConsoleTransport:
    """A dry run: prints each text or call instead of sending it."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def _next_sid(self, prefix: str) -> str:
        with self._lock:
            self._count += 1
            return f"{prefix}console{self._count:024d}"

    def send_sms(self, *, to: str, body: str, status_callback: str | None = None) -> SendResult:
        """Print the text that would be sent."""
        del status_callback
        _console_line(f"[console] SMS to {to}: {body}")
        return SendResult(sid=self._next_sid("SM"), status="sent")

    def place_call(
        self,
        *,
        to: str,
        url: str,
        status_callback: str | None = None,
        machine_detection: bool = False,
    ) -> SendResult:
        """Print the call that would be placed."""
        del status_callback, machine_detection
        _console_line(f"[console] call to {to}: TwiML from {url}")
        return SendResult(sid=self._next_sid("CA"), status="queued")

    def find_sms(self, *, to: str, body: str, since: datetime) -> str | None:
        """A dry run keeps no log to look in."""
        del to, body, since
        return None


@dataclass
class SentItem:
    """One send captured by `RecordingTransport`."""

    kind: str
    to: str
    body: str
    status_callback: str | None
    sid: str


@dataclass
class RecordingTransport:
    """Keeps every send in memory; `fail_with` makes the next sends raise (tests)."""

    sent: list[SentItem] = field(default_factory=list)
    fail_with: list[DeliveryError] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _record(self, kind: str, to: str, body: str, callback: str | None) -> SendResult:
        with self._lock:
            if self.fail_with:
                raise self.fail_with.pop(0)
            sid = f"{'SM' if kind == 'sms' else 'CA'}{len(self.sent) + 1:032x}"
            self.sent.append(SentItem(kind, to, body, callback, sid))
        return SendResult(sid=sid, status="queued")

    def send_sms(self, *, to: str, body: str, status_callback: str | None = None) -> SendResult:
        """Record a text."""
        return self._record("sms", to, body, status_callback)

    def place_call(
        self,
        *,
        to: str,
        url: str,
        status_callback: str | None = None,
        machine_detection: bool = False,
    ) -> SendResult:
        """Record a call (its TwiML URL stands in for the body)."""
        del machine_detection
        return self._record("call", to, url, status_callback)

    def find_sms(self, *, to: str, body: str, since: datetime) -> str | None:
        """The SID of a recorded text to `to` with this body."""
        del since
        with self._lock:
            return next(
                (i.sid for i in self.sent if i.kind == "sms" and i.to == to and i.body == body),
                None,
            )

    def texts_to(self, phone: str) -> list[str]:
        """Bodies of the texts sent to `phone`, oldest first."""
        return [item.body for item in self.sent if item.kind == "sms" and item.to == phone]


def build_transport(settings: Settings) -> Transport:
    """The transport the settings ask for."""
    if settings.transport_name == "twilio":
        return TwilioTransport(settings)
    return ConsoleTransport()
