from __future__ import annotations

import pytest

from sitroom.language import REJECT_CONFIDENCE, detect_language, is_confident_non_english

ENGLISH = (
    "Russian warplanes struck a market in the town of Maarat al-Numan in Idlib province "
    "on Friday, killing at least 12 civilians, according to local rescue workers. The "
    "Syrian Observatory for Human Rights said the death toll was likely to rise."
)
FRENCH = (
    "Des frappes aériennes ont touché un marché de la ville de Maarat al-Noumane, dans la "
    "province d'Idleb, vendredi, tuant au moins douze civils, selon les secouristes locaux. "
    "L'Observatoire syrien des droits de l'homme a imputé l'attaque à l'aviation russe."
)
ARABIC = (
    "قُتل ما لا يقل عن اثني عشر مدنياً يوم الجمعة في غارات جوية استهدفت سوقاً شعبية في "
    "مدينة معرة النعمان بريف إدلب، بحسب ما أفاد الدفاع المدني السوري. وقال المرصد السوري "
    "لحقوق الإنسان إن طائرات روسية نفذت الغارات."
)
RUSSIAN = (
    "В пятницу в результате авиаудара по рынку в городе Маарет-эн-Нууман в провинции "
    "Идлиб погибли по меньшей мере двенадцать мирных жителей, сообщили местные спасатели. "
    "Министерство обороны России опровергло причастность своей авиации."
)
GERMAN = (
    "Bei Luftangriffen auf einen Markt in der Stadt Maarat al-Numan in der Provinz Idlib "
    "sind am Freitag nach Angaben örtlicher Rettungskräfte mindestens zwölf Zivilisten "
    "getötet worden. Die Beobachtungsstelle für Menschenrechte machte Russland verantwortlich."
)


@pytest.mark.parametrize(
    "text, code",
    [(FRENCH, "fr"), (ARABIC, "ar"), (RUSSIAN, "ru"), (GERMAN, "de")],
)
def test_foreign_languages_are_detected_confidently(text, code):
    lang, conf = detect_language(text)
    assert lang == code
    assert conf >= REJECT_CONFIDENCE
    assert is_confident_non_english(lang, conf)


@pytest.mark.parametrize(
    "text",
    [
        ENGLISH,
        "Police in Kampala arrested 30 opposition supporters on Sunday after clashes "
        "near the parliament building, a spokesman said.",
        "At least five soldiers were killed when their vehicle hit a roadside bomb in "
        "Helmand province, the Afghan defence ministry said on Tuesday.",
    ],
)
def test_english_is_english(text):
    lang, conf = detect_language(text)
    assert lang == "en"
    assert not is_confident_non_english(lang, conf)


@pytest.mark.parametrize("text", ["Kyiv, Ukraine", "Bomb", "Goma", "Idlib: 12 dead", "Maarat"])
def test_short_texts_are_never_rejected(text):
    lang, conf = detect_language(text)
    assert conf < REJECT_CONFIDENCE
    assert not is_confident_non_english(lang, conf)


def test_no_letters():
    assert detect_language("12 34 -- 2017") == ("en", 0.0)
    assert detect_language("") == ("en", 0.0)


def test_only_the_beginning_is_looked_at():
    # a long English article with a French appendix far beyond the sample stays English
    lang, _ = detect_language(ENGLISH * 20 + FRENCH * 50)
    assert lang == "en"
