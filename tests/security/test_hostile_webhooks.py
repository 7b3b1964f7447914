"""Hostile input on the Twilio webhooks: never a 500, never a partial record.

With valid signatures: random and oversized bodies, invalid UTF-8, missing fields, SQL and
markup in text fields, phone numbers in every format, absurd query parameters; without
one: 403 on every webhook route, and nothing recorded. The TestClient re-raises any server
exception, so a 500 fails the test with its traceback.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect
from sqlmodel import func, select

from coach.alerts.models import Alert, AlertKind
from coach.messaging.models import InboundMessage, OutboxMessage
from coach.messaging.signature import MAX_BODY
from coach.patients.models import PainReport, Patient, PatientStatus
from tests.helpers import patient
from tests.replies.conftest import PUBLIC, TOKEN, webhooks  # noqa: F401  (the fixture)

PHONE = "+12125550123"
ROUTES = [
    "/twilio/sms",
    "/twilio/status",
    "/twilio/voice/call?outbox=1",
    "/twilio/voice/gather?step=score&t=1",
    "/twilio/voice/inbound",
    "/twilio/voice/menu?t=1",
    "/twilio/voice/status",
]
OK = {200, 204, 400, 404, 409, 413, 422}
HOSTILE_TEXT = [
    "'; DROP TABLE patient; --",
    "7' OR '1'='1",
    '" OR 1=1 --',
    "1; DELETE FROM inbound_message WHERE 1=1",
    "<Response><Redirect>http://evil.example/x</Redirect></Response>",
    "<script>alert(1)</script> pain 6",
    "]]><![CDATA[<Hangup/>",
    "&amp;&lt;&#0;&#x1F600;",
    "{{first_name}} {clinic_phone} %s %(x)s ${x}",
    "\u202e\u200b\ufeff 5",
    "\x00\x01\x07\x1b[31m 4",
    "9" * 5000,
    "🔟" * 300,
    "x" * 20_000,
    "\u00e9" * 6000,  # 36 KB once percent-encoded: over the limit
]
PHONES = [
    PHONE,
    "+1 212 555 0123",
    "(212) 555-0123",
    "2125550123",
    "12125550123",
    "0012125550123",
    "+44 20 7946 0958",
    "+442079460958",
    "tel:+12125550123",
    "whatsapp:+12125550123",
    "client:alice",
    "sip:alice@example.org",
    "12345",
    "+",
    "",
    "anonymous",
    "+1" + "9" * 60,
    "'; DROP TABLE patient; --",
    "<From/>",
    "\u0661\u0662\u0663",
]


def signed(webhooks, path: str, raw: bytes):  # noqa: F811
    """POST raw bytes with the signature Twilio would send for what the server will parse."""
    pairs = parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
    params: dict[str, str] = {}
    for key, value in pairs:
        params.setdefault(key, value)
    headers = {
        "X-Twilio-Signature": webhooks.sign(path, params),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return webhooks.client.post(path, content=raw, headers=headers)


def counts(webhooks) -> dict[str, int]:  # noqa: F811
    with webhooks.session() as s:
        return {
            model.__name__: s.exec(select(func.count()).select_from(model)).one()
            for model in (InboundMessage, PainReport, Alert, OutboxMessage, Patient)
        }


def assert_consistent(webhooks) -> None:  # noqa: F811
    """No partial records: every score has its text, every text its score and alert."""
    with webhooks.session() as s:
        assert set(inspect(s.get_bind()).get_table_names()) >= {"patient", "inbound_message"}
        texts = {m.id: m for m in s.exec(select(InboundMessage)).all()}
        reports = s.exec(select(PainReport).where(PainReport.source == "sms")).all()
        by_inbound = {r.inbound_id: r for r in reports}
        assert len(by_inbound) == len(reports)  # one score per text at most
        for report in reports:
            text = texts[report.inbound_id]
            assert text.patient_id == report.patient_id and text.pain == report.score
        unenrolled = set(
            s.exec(select(Patient.id).where(Patient.status == PatientStatus.unenrolled)).all()
        )
        flagged = set(
            s.exec(select(Alert.patient_id).where(Alert.kind == AlertKind.red_flag)).all()
        )
        for text in texts.values():
            assert text.message_sid and text.intent
            if text.patient_id is None:
                assert text.id not in by_inbound
                continue
            if text.pain is not None and text.patient_id not in unenrolled:
                assert text.id in by_inbound, f"score of text {text.id} was not recorded"
            if text.red_flag:
                assert text.patient_id in flagged


def xml_messages(response) -> list[str]:
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.text)
    assert root.tag == "Response"
    assert {child.tag for child in root} <= {"Message"}  # nothing injected
    return [m.text or "" for m in root]


@pytest.fixture
def patient_phone(webhooks):  # noqa: F811
    with webhooks.session() as s:
        patient(s, phone=PHONE)
    return PHONE


@pytest.mark.parametrize("path", ROUTES)
def test_unsigned_or_badly_signed_is_403_and_records_nothing(webhooks, patient_phone, path):  # noqa: F811
    before = counts(webhooks)
    params = {"MessageSid": "SM1", "CallSid": "CA1", "From": patient_phone, "Body": "7"}
    assert webhooks.client.post(path, data=params).status_code == 403
    assert webhooks.post(path, params, signature="bogus").status_code == 403
    wrong = webhooks.sign(path, {**params, "Body": "8"})
    assert webhooks.post(path, params, signature=wrong).status_code == 403
    # Missing query parameters are not an excuse to skip the check either.
    bare = path.split("?")[0]
    assert webhooks.client.post(bare, data=params).status_code == 403
    assert counts(webhooks) == before


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_sql_and_markup_in_the_text_are_data(webhooks, patient_phone, text):  # noqa: F811
    sid = f"SM{abs(hash(text)):032d}"[:34]
    raw = urlencode({"MessageSid": sid, "From": patient_phone, "Body": text}).encode()
    response = signed(webhooks, "/twilio/sms", raw)
    if len(raw) > MAX_BODY:
        assert response.status_code == 413
        assert counts(webhooks)["InboundMessage"] == 0
        return
    assert response.status_code == 200, response.text
    xml_messages(response)
    with webhooks.session() as s:
        stored = s.exec(select(InboundMessage).where(InboundMessage.message_sid == sid)).one()
        assert stored.body == text.replace("\x00", "")[:1600]  # PostgreSQL refuses NUL
    assert_consistent(webhooks)


@pytest.mark.parametrize("sender", PHONES)
def test_phone_numbers_in_every_format(webhooks, patient_phone, sender):  # noqa: F811
    for i, body in enumerate(["7", "numb arm and cant swallow", "STOP", "START"]):
        params = {"MessageSid": f"SM{i}{sender!r}"[:64], "From": sender, "Body": body}
        response = signed(webhooks, "/twilio/sms", urlencode(params).encode())
        if not sender:
            assert response.status_code == 400
            continue
        assert response.status_code == 200, response.text
        xml_messages(response)
    with webhooks.session() as s:
        mine = s.exec(select(Patient).where(Patient.phone == patient_phone)).one()
        matched = s.exec(select(InboundMessage).where(InboundMessage.patient_id == mine.id)).all()
    # Twilio sends E.164; only the exact number is the patient, never a look-alike.
    assert bool(matched) == (sender == patient_phone)
    assert_consistent(webhooks)


def test_oversized_bodies_are_413_and_record_nothing(webhooks, patient_phone):  # noqa: F811
    big = urlencode({"MessageSid": "SMbig", "From": patient_phone, "Body": "7" * MAX_BODY})
    assert signed(webhooks, "/twilio/sms", big.encode()).status_code == 413

    def chunks():
        for _ in range(100):  # streamed without a length: the limit still holds
            yield b"Body=" + b"8" * 1024

    response = webhooks.client.post(
        "/twilio/sms",
        content=chunks(),
        headers={"X-Twilio-Signature": "x", "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert counts(webhooks)["InboundMessage"] == 0


@pytest.mark.parametrize(
    "raw",
    [
        b"MessageSid=SM1&From=%2B12125550123&Body=\xff\xfe7",
        b"MessageSid=SM1&From=%2B12125550123&Body=%FF%FE7",
        b"MessageSid=SM1&From=%2B12125550123&Body=%ED%A0%80",  # an encoded surrogate
        b"MessageSid=SM1&From=%2B12125550123&Body=\xc3",
    ],
)
@pytest.mark.usefixtures("patient_phone")
def test_invalid_utf8_in_a_text_is_kept_as_replacement_characters_and_answered(
    webhooks,  # noqa: F811
    raw,
):
    """Nothing the patient wrote is lost to a bad byte: the text is stored with U+FFFD in
    place of what could not be read, classified and answered."""
    response = signed(webhooks, "/twilio/sms", raw)
    assert response.status_code == 200
    assert "<Response" in response.text
    with webhooks.session() as s:
        (body,) = s.exec(select(InboundMessage.body)).all()
    assert "\ufffd" in body


@pytest.mark.usefixtures("patient_phone")
def test_a_body_of_bytes_that_are_not_form_fields_is_400_and_records_nothing(webhooks):  # noqa: F811
    assert signed(webhooks, "/twilio/sms", b"\x80\x81\x82").status_code == 400
    for path in ROUTES[2:]:  # as for missing fields: a status callback is 400 or ignored
        assert signed(webhooks, path, b"\x80\x81\x82").status_code in {400, 204}
    assert counts(webhooks)["InboundMessage"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"Body": "7"},
        {"From": PHONE, "Body": "7"},
        {"MessageSid": "SM9", "Body": "7"},
        {"MessageSid": "", "From": "", "Body": ""},
    ],
)
@pytest.mark.usefixtures("patient_phone")
def test_missing_fields_are_400_and_record_nothing(webhooks, params):  # noqa: F811
    assert signed(webhooks, "/twilio/sms", urlencode(params).encode()).status_code == 400
    for path in ROUTES[2:]:
        assert signed(webhooks, path, urlencode(params).encode()).status_code in {400, 204}
    assert counts(webhooks)["InboundMessage"] == 0


@pytest.mark.parametrize(
    "query",
    [
        "outbox=99999999999999999999999999",
        "outbox=-1",
        "outbox=1e3",
        "step=score&t=99999999999999999999",
        "step=%00&t=1",
        "step=score&t=1&i=99999999999999999999",
        "step=menu&t=1",
        "outbox=9223372036854775807&step=score&t=1",
    ],
)
@pytest.mark.parametrize("route", ["call", "gather", "menu", "status"])
def test_absurd_query_parameters_are_4xx(webhooks, patient_phone, route, query):  # noqa: F811
    path = f"/twilio/voice/{route}?{query}"
    for form in (
        {"CallSid": "CA" + "1" * 32, "From": patient_phone, "Digits": "5", "CallStatus": "busy"},
        {"CallSid": "CA1", "From": patient_phone, "Digits": "9" * 500, "ErrorCode": "²"},
    ):
        response = signed(webhooks, path, urlencode(form).encode())
        assert response.status_code in OK, response.text


@pytest.mark.parametrize("path", ["/twilio/status", "/twilio/voice/status"])
@pytest.mark.parametrize("code", ["²", "9" * 5000, "99999999999999999999999", "-1", "٣"])
@pytest.mark.usefixtures("patient_phone")
def test_status_callbacks_with_absurd_error_codes(webhooks, path, code):  # noqa: F811
    form = {
        "MessageSid": "SM1",
        "CallSid": "CA1",
        "MessageStatus": "failed",
        "CallStatus": "failed",
        "ErrorCode": code,
    }
    assert signed(webhooks, path, urlencode(form).encode()).status_code == 204


def test_a_retried_delivery_answers_the_same_and_records_once(webhooks, patient_phone):  # noqa: F811
    raw = urlencode({"MessageSid": "SMdup", "From": patient_phone, "Body": "pain 9"}).encode()
    first = xml_messages(signed(webhooks, "/twilio/sms", raw))
    for _ in range(3):
        assert xml_messages(signed(webhooks, "/twilio/sms", raw)) == first
    assert counts(webhooks)["InboundMessage"] == 1
    assert counts(webhooks)["PainReport"] == 1


clean = st.characters(codec="utf-8")  # no lone surrogates: they cannot be sent
field_names = st.sampled_from(
    ["MessageSid", "SmsSid", "CallSid", "From", "To", "Body", "Digits", "SpeechResult",
     "CallStatus", "MessageStatus", "ErrorCode", "AnsweredBy", "AccountSid"]
)  # fmt: skip
values = st.one_of(
    st.text(clean, max_size=40),
    st.sampled_from(HOSTILE_TEXT[:-3] + PHONES + ["7", "STOP", "numb arm", "failed"]),
)
forms = st.dictionaries(st.one_of(field_names, st.text(clean, max_size=8)), values, max_size=8)
paths = st.sampled_from([*ROUTES, "/twilio/voice/gather?step=red_flag&t=2&outbox=3"])
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(path=paths, form=forms, sid=st.integers(0, 10**9))
def test_generated_forms_never_500_nor_leave_partial_records(
    webhooks,  # noqa: F811
    patient_phone,
    path,
    form,
    sid,
):
    form = {**form, "MessageSid": form.get("MessageSid", f"SM{sid}")}
    if form.get("From") == "" and path == "/twilio/sms":
        form["From"] = patient_phone
    response = signed(webhooks, path, urlencode(form).encode())
    assert response.status_code in OK, response.text
    if response.status_code == 200 and path == "/twilio/sms":
        xml_messages(response)
    assert_consistent(webhooks)


@SETTINGS
@given(path=paths, raw=st.binary(max_size=600))
@pytest.mark.usefixtures("patient_phone")
def test_generated_raw_bodies_never_500(webhooks, path, raw):  # noqa: F811
    response = signed(webhooks, path, raw)
    assert response.status_code in OK, response.text
    assert_consistent(webhooks)
