"""Render call turns as TwiML, only through `twilio.twiml.voice_response`."""

from __future__ import annotations

from urllib.parse import urlencode

from twilio.twiml.voice_response import Gather, VoiceResponse

from coach.voice.flows import Ask, Pause, Segment, Step, Turn
from coach.voice.spelling import spoken

# Twilio <Say> language and voice, and <Gather> speech-recognition language, per patient.
VOICES = {
    "en": ("en-US", "Polly.Joanna"),
    "es": ("es-US", "Polly.Lupe"),
}
SCORE_HINTS = {
    "en": "zero, one, two, three, four, five, six, seven, eight, nine, ten",
    "es": "cero, uno, dos, tres, cuatro, cinco, seis, siete, ocho, nueve, diez",
}


def voice_for(language: str) -> tuple[str, str]:
    """(language tag, voice) for a patient language; English when unknown."""
    return VOICES.get(language, VOICES["en"])


def _speak(target: VoiceResponse | Gather, segments: tuple[Segment, ...], language: str) -> None:
    tag, voice = voice_for(language)
    for segment in segments:
        if isinstance(segment, Pause):
            target.pause(length=segment.seconds)
        else:
            target.say(spoken(segment.text, language), voice=voice, language=tag)


def action_url(public_url: str, ask: Ask, *, turn: int, outbox_id: int | None = None) -> str:
    """Where Twilio posts the answer: the menu route for the menu, else the gather route."""
    menu = ask.step in (Step.menu, Step.menu_retry)
    path = "/twilio/voice/menu" if menu else "/twilio/voice/gather"
    query: dict[str, str | int] = {}
    if outbox_id is not None:
        query["outbox"] = outbox_id
    query["step"] = ask.step.value
    if ask.index is not None:
        query["i"] = ask.index
    query["t"] = turn
    return f"{public_url}{path}?{urlencode(query)}"


def render(
    turn: Turn, *, language: str, public_url: str, next_turn: int, outbox_id: int | None = None
) -> str:
    """The TwiML document for a turn; without a question it ends with <Hangup>."""
    response = VoiceResponse()
    _speak(response, turn.segments, language)
    ask = turn.ask
    if ask is None:
        response.hangup()
        return str(response)
    tag, _voice = voice_for(language)
    options: dict[str, str | int | bool] = {
        "input": "dtmf speech" if ask.speech else "dtmf",
        "action": action_url(public_url, ask, turn=next_turn, outbox_id=outbox_id),
        "method": "POST",
        "num_digits": ask.digits,
        "timeout": ask.timeout,
        # Post even on silence, so a missing answer is handled like a wrong one.
        "action_on_empty_result": True,
    }
    if ask.digits > 1:
        options["finish_on_key"] = "#"
    if ask.speech:
        options |= {"language": tag, "speech_timeout": "auto"}
        if ask.step in (Step.score, Step.score_retry):
            options["hints"] = SCORE_HINTS.get(language, SCORE_HINTS["en"])
    gather = Gather(**options)
    _speak(gather, ask.prompt, language)
    response.append(gather)
    return str(response)
