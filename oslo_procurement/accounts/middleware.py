from django.utils import translation


class UserLanguageMiddleware:
    """A logged-in user sees the app in the language they chose; others get what
    LocaleMiddleware negotiated (Bokmål by default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
