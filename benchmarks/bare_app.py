"""The baseline for the webhook benchmark: a bare FastAPI form endpoint answering TwiML."""

from typing import Annotated

from fastapi import FastAPI, Form, Response

app = FastAPI()


@app.post("/twilio/sms")
def bare(From: Annotated[str, Form()], Body: Annotated[str, Form()]) -> Response:
    """Read the form and answer a fixed TwiML reply."""
    del From, Body
    xml = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>ok</Message></Response>'
    return Response(content=xml, media_type="application/xml")
