"""Who a question is about: "my mum", "my husband"... carried through the conversation.

:func:`person_mentioned` finds the relative a message names; the answer action keeps it in the
``person`` slot, so that later answers ("is it cancer?", "how long does she have?") speak of
that person. "I" or "me" on its own does not reset it; "I have ...", "my own ..." and the
writer's own care ("should I stop my octreotide before my scan?") do.
"""

from __future__ import annotations

import re

# the words people use, mapped to how the reply names the person ("your mum")
RELATIVES = {
    "mum": "mum", "mom": "mom", "mother": "mother", "mam": "mum", "mommy": "mom",
    "dad": "dad", "father": "father", "daddy": "dad",
    "husband": "husband", "wife": "wife", "partner": "partner", "boyfriend": "boyfriend",
    "girlfriend": "girlfriend", "son": "son", "daughter": "daughter", "brother": "brother",
    "sister": "sister", "grandmother": "grandmother", "grandma": "grandma", "nan": "nan",
    "granny": "granny", "grandfather": "grandfather", "grandpa": "grandpa", "grandad": "grandad",
    "friend": "friend", "aunt": "aunt", "auntie": "aunt", "uncle": "uncle", "child": "child",
    "fiance": "fiancé", "fiancé": "fiancé", "fiancée": "fiancée",
}
_AGE_OR_KIND = r"(?:(?:little|older|younger|elderly|best|\d+\s*(?:yo|year old))\s+)?"
_RELATIVE = re.compile(r"\bmy\s+" + _AGE_OR_KIND + "("
                       + "|".join(sorted(map(re.escape, RELATIVES), key=len, reverse=True))
                       + r")(?:'s)?\b", re.IGNORECASE)
# the writer's own care ("my octreotide", "my scan") is about the writer too
_OWN_CARE = (r"my\s+(?:octreotide|lanreotide|sandostatin|somatuline|scans?|treatments?|injections?|"
             r"shots?|tumou?rs?|net|results?|biopsy|surgery|operation|diagnosis|symptoms|"
             r"medications?|medicines?|chemo|prrt)")
_SELF = re.compile(r"\b(?:i\s+(?:have|was|am|'m|got|had)|i'm|my\s+own|do\s+i|am\s+i|will\s+i|"
                   + _OWN_CARE + r")\b", re.IGNORECASE)
SELF = "self"


def person_mentioned(text: str) -> str | None:
    """The relative the message is about ("mum"), ``"self"`` when it is clearly about the
    writer, or ``None`` when it names nobody (a follow-up keeps the person)."""
    relative = _RELATIVE.search(text)
    if relative:
        return RELATIVES[relative.group(1).lower()]
    return SELF if _SELF.search(text.replace("\u2019", "'")) else None
