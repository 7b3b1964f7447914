"""Spanish read aloud with its accents, though the SMS texts leave them off."""

from coach.content.loader import get_library
from coach.voice.spelling import spoken


def test_spanish_sms_words_get_their_accents_back_for_the_voice() -> None:
    said = spoken("Hagase revisar por su medico. La clinica le llamara el sabado.", "es")
    assert said == "Hágase revisar por su médico. La clínica le llamará el sábado."
    assert spoken("Como esta hoy? Esta bien si duele mas o menos", "es") == (
        "Cómo está hoy? Está bien si duele más o menos"
    )


def test_english_and_already_accented_text_are_left_alone() -> None:
    assert spoken("medico clinica", "en") == "medico clinica"
    text = "Muévase despacio y pare si algo le duele más."
    assert spoken(text, "es") == text


def test_the_spanish_texts_a_call_speaks_are_read_with_full_spelling() -> None:
    library = get_library()
    advice = spoken(library.template("feedback.high_pain", "es").text, "es")
    assert "según su médico o farmacéutico" in advice and "calor o frío" in advice
    heat = spoken(library.template("faq.heat_or_ice", "es").text, "es")
    assert "primeros 2-3 días" in heat
