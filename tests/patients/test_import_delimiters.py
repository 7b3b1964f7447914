"""CSV import from European spreadsheets: semicolon (or tab) separated files import too."""

from __future__ import annotations

from sqlmodel import select

from coach.patients.models import Patient

SEMICOLON = (
    "\ufeffphone;first_name;timezone;language;channel;program;consent_given_at;consent_method\r\n"
    "+34 612 345 678;Lucía;Europe/Madrid;es;sms;neck-4wk;2026-06-01T10:00:00+02:00;"
    "firmado, en consulta\r\n"
    '+34 622 345 678;"Ana; María";Europe/Madrid;ES;SMS;neck-4wk;2026-06-01T10:00:00Z;verbal\r\n'
)


def _post(client, key, text: str):
    return client.post(
        "/v1/patients/import",
        content=text.encode(),
        headers={**key.headers, "Content-Type": "text/csv"},
    )


def test_a_semicolon_separated_file_imports(client, owner, db):
    response = _post(client, owner, SEMICOLON)
    assert response.status_code == 200, response.text
    assert response.json() == {"enrolled": 2, "unchanged": 0, "errors": []}
    patients = db.exec(select(Patient).order_by(Patient.phone)).all()
    assert [(p.phone, p.first_name, p.language, p.consent_method) for p in patients] == [
        ("+34612345678", "Lucía", "es", "firmado, en consulta"),
        ("+34622345678", "Ana; María", "es", "verbal"),
    ]
    again = _post(client, owner, SEMICOLON).json()
    assert again == {"enrolled": 0, "unchanged": 2, "errors": []}


def test_a_tab_separated_file_imports(client, owner):
    text = SEMICOLON.replace(";", "\t").replace('"Ana\t María"', "Ana")
    response = _post(client, owner, text)
    assert response.status_code == 200, response.text
    assert response.json()["enrolled"] == 2


def test_bad_rows_of_a_semicolon_file_are_reported_by_line(client, owner):
    text = SEMICOLON + "\r\n12345;Bo;Europe/Madrid;es;sms;neck-4wk;2026-06-01T10:00:00Z;v\r\n"
    body = _post(client, owner, text).json()
    assert body["enrolled"] == 2
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(5, "phone")]


def test_a_comma_file_with_semicolons_in_values_is_still_a_comma_file(client, owner, db):
    text = (
        "phone,first_name,timezone,language,channel,program,consent_given_at,consent_method\n"
        "+12125550101,Ana,America/New_York,en,sms,neck-4wk,2026-06-01T10:00:00Z,form; verbal\n"
    )
    assert _post(client, owner, text).json()["enrolled"] == 1
    assert db.exec(select(Patient)).one().consent_method == "form; verbal"


def test_a_header_no_separator_explains_is_a_clear_file_error(client, owner):
    response = _post(client, owner, "phone|language|channel\n+12125550101|en|sms\n")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "file"
    assert "semicolons" in error["message"] and "consent_given_at" in error["message"]
