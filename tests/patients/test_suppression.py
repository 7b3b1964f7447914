"""An opt-out belongs to the number: no enrollment, phone change or import can text it
again until that number itself texts START."""

from __future__ import annotations

from sqlmodel import select

from coach.messaging.models import OutboxMessage
from coach.patients.models import SuppressedNumber
from tests.factories import enrollment
from tests.replies.conftest import Webhooks
from tests.signed_app import running_app

OLD = "+12125550123"
NEW = "+12125550177"


def _texts_to(app: Webhooks, phone: str) -> list[OutboxMessage]:
    with app.session() as s:
        return list(s.exec(select(OutboxMessage).where(OutboxMessage.to_phone == phone)).all())


def test_opt_out_survives_a_phone_change_and_a_new_enrollment(tmp_path):
    from coach.clinicians import service as clinicians
    from tests.factories import bearer

    with running_app(tmp_path) as (client, engine, settings, clock):
        app = Webhooks(client, engine, settings, clock)
        with app.session() as s:
            _, key = clinicians.create_clinician(
                session=s, name="Dr A", email="a@clinic.example", now=clock.now
            )
            _, other_key = clinicians.create_clinician(
                session=s, name="Dr B", email="b@clinic.example", now=clock.now
            )
        auth, other = bearer(key), bearer(other_key)
        first = client.post("/v1/patients", json=enrollment(phone=OLD), headers=auth).json()
        app.sms(OLD, "please stop texting me")
        before = len(_texts_to(app, OLD))

        # The clinician moves that patient to a new phone, then enrolls someone on the old one.
        moved = client.patch(f"/v1/patients/{first['id']}", json={"phone": NEW}, headers=auth)
        assert moved.status_code == 200
        again = client.post("/v1/patients", json=enrollment(phone=OLD), headers=other)
        assert again.status_code == 409
        assert "START" in again.json()["error"]["message"]
        csv = (
            "phone,language,channel,program,consent_given_at,consent_method\n"
            f"{OLD},en,sms,neck-4wk,2026-06-01T09:00:00-04:00,verbal\n"
        )
        imported = client.post(
            "/v1/patients/import", content=csv, headers=auth | {"Content-Type": "text/csv"}
        ).json()
        assert imported["enrolled"] == 0 and "START" in imported["errors"][0]["message"]
        assert len(_texts_to(app, OLD)) == before  # no welcome went to the opted-out number

        # START from the number lifts it; then the enrollment goes through.
        app.sms(OLD, "START")
        with app.session() as s:
            assert s.get(SuppressedNumber, OLD) is None
        assert (
            client.post("/v1/patients", json=enrollment(phone=OLD), headers=other).status_code
            == 201
        )


def test_a_stranger_who_texts_stop_cannot_be_enrolled_until_start(tmp_path):
    from coach.clinicians import service as clinicians
    from tests.factories import bearer

    with running_app(tmp_path) as (client, engine, settings, clock):
        app = Webhooks(client, engine, settings, clock)
        with app.session() as s:
            _, key = clinicians.create_clinician(
                session=s, name="Dr A", email="a@clinic.example", now=clock.now
            )
        app.sms(OLD, "STOP")
        response = client.post("/v1/patients", json=enrollment(phone=OLD), headers=bearer(key))
        assert response.status_code == 409
        app.sms(OLD, "START")
        response = client.post("/v1/patients", json=enrollment(phone=OLD), headers=bearer(key))
        assert response.status_code == 201
