"""Alerts reach the clinician: an SMS to their phone and a signed JSON POST, at any hour."""

import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

from sqlmodel import Session, select

from coach.alerts.models import AlertKind
from coach.alerts.service import raise_alert
from coach.content.loader import get_library
from coach.messaging.dispatch import DispatchConfig, dispatch_due
from coach.messaging.models import OutboxMessage, OutboxStatus
from coach.messaging.transport import RecordingTransport
from coach.settings import load_settings
from tests.helpers import patient

THREE_AM = datetime(2026, 6, 10, 7, 0, tzinfo=UTC)  # 03:00 in New York


class Receiver(BaseHTTPRequestHandler):
    """Captures POSTed bodies and headers."""

    received: ClassVar[list[tuple[dict[str, str], bytes]]] = []

    def log_message(self, *_args):
        return

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()


def test_an_alert_is_texted_and_posted_signed_even_at_night(engine):
    Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hooks/coach"
    settings = load_settings(
        transport="console", alert_webhook_url=url, alert_webhook_secret="s3cret-key-for-tests"
    )
    try:
        with Session(engine) as s:
            p = patient(s)
            alert = raise_alert(
                session=s,
                library=get_library(),
                settings=settings,
                patient=p,
                kind=AlertKind.red_flag,
                reason="red flag in a reply (neuro)",
                now=THREE_AM,
                urgent=True,
            )
            s.commit()
            assert alert is not None
            alert_id, patient_id = alert.id, p.id
        transport = RecordingTransport()
        config = DispatchConfig(
            public_url="https://coach.example",
            webhook_url=url,
            webhook_secret="s3cret-key-for-tests",
        )
        report = dispatch_due(
            engine=engine, transport=transport, config=config, now=lambda: THREE_AM
        )
    finally:
        server.shutdown()
        server.server_close()
    # The alert's text and webhook, and the red flag's conversation opening (issue 12).
    assert report.sent == 3
    (text,) = transport.texts_to("+12125550999")
    assert f"#{patient_id}" in text and "+12125550123" not in text and "Sam" not in text
    ((headers, body),) = [(h, b) for h, b in Receiver.received if b"alert_id" in b]
    expected = hmac.new(b"s3cret-key-for-tests", body, hashlib.sha256).hexdigest()
    assert headers["X-Coach-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload == {
        "alert_id": alert_id,
        "patient_id": patient_id,
        "kind": "red_flag",
        "urgent": True,
        "created_at": THREE_AM.isoformat(),
    }
    with Session(engine) as s:
        rows = s.exec(select(OutboxMessage).where(OutboxMessage.kind == "alert")).all()
        assert {r.status for r in rows} == {OutboxStatus.sent}
