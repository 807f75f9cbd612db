"""Which glossary words a text leaves unexplained."""

from bot.content.terms import unexplained_terms

ENTRIES = [("everolimus", "Everolimus", []), ("prrt", "PRRT", ["lutathera"]),
           ("metastasis", "Metastasis", ["spread"]), ("ki_67", "Ki-67", ["ki67"])]


def test_words_with_a_gloss_are_explained() -> None:
    text = ("A drug called everolimus can help. PRRT (a radioactive drip) is another. "
            "Ki-67 is a lab measure.")
    assert unexplained_terms(text, ENTRIES) == []


def test_words_without_a_gloss_are_listed_in_text_order() -> None:
    text = "Options include Lutathera and everolimus. It has spread."
    assert unexplained_terms(text, ENTRIES) == [("prrt", "PRRT"), ("everolimus", "Everolimus")]


def test_plain_words_first_then_the_term_count_as_a_gloss() -> None:
    assert unexplained_terms("Blocking blood flow (embolization) helps.",
                             [("e", "Embolization", [])]) == []


def test_a_texts_own_subject_needs_no_gloss() -> None:
    assert unexplained_terms("Everolimus is taken by mouth.", ENTRIES) == []
    assert unexplained_terms("Take everolimus daily.", ENTRIES, {"everolimus"}) == []
    assert unexplained_terms("Take everolimus daily.", ENTRIES) == [("everolimus", "Everolimus")]
