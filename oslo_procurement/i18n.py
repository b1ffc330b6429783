"""Norwegian browsers ask for Bokmål under several names: ``nb``, ``no`` (Norwegian),
``nn`` (Nynorsk, which most Nynorsk readers prefer to English) and regional forms such as
``nb-NO`` or ``no-NO``. Django only knows ``nb``, so ``Accept-Language: nn, en;q=0.5``
would give English. This middleware rewrites those names to ``nb`` before Django's
LocaleMiddleware reads the header."""

import re

# Language tags to read as Bokmål: "no", "nn", "nb" and their regional forms ("nb-NO", "no_NO").
NORWEGIAN = re.compile(r"(?<![A-Za-z-])(?:no|nn|nb)(?:[-_][A-Za-z0-9]+)*(?=\s*(?:;|,|$))", re.IGNORECASE)


def norwegian_as_bokmal(header):
    return NORWEGIAN.sub("nb", header)


class NorwegianAcceptLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_ACCEPT_LANGUAGE")
        if header:
            request.META["HTTP_ACCEPT_LANGUAGE"] = norwegian_as_bokmal(header[:500])
        return self.get_response(request)
