"""Additions to the OpenAPI description that hold for every operation, made once here (a
drf-spectacular postprocessing hook, SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]) rather
than repeated on each view: the error responses every operation can give, with their bodies.

- 400: a filter or ``page_size`` that cannot be read; the body names each parameter with
  its messages (``{"page_size": ["..."]}``).
- 401: no token, or a revoked, expired or unknown one (``WWW-Authenticate: Token``).
- 403: the token's role may not read this (a supplier user's token on risk, an open-data
  token on findings, an account without an organisation).
- 404: no such record, or not one the token may read (another buyer's or supplier's).
- 405: a method other than GET, HEAD or OPTIONS (the API is read-only).
- 429: the token's request budget is spent (``Retry-After``: seconds to wait).

Each of 401 to 429 has Django REST framework's ``{"detail": "..."}`` body."""

from django.utils.translation import gettext_lazy as _


def _error():
    return {
        "type": "object",
        "description": str(_("What went wrong, in the language of the request.")),
        "properties": {"detail": {"type": "string", "description": str(_("The message."))}},
        "required": ["detail"],
    }


def _validation_error():
    return {
        "type": "object",
        "description": str(_("Each query parameter that could not be read, with its messages.")),
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    }


ERRORS = {
    "400": (_("A query parameter could not be read (a filter value, page_size)."), "ValidationError"),
    "401": (_("No token, or the token is unknown, revoked or expired."), "Error"),
    "403": (_("The token's role may not read this."), "Error"),
    "404": (_("No such record, or not one this token may read."), "Error"),
    "405": (_("The API is read-only: only GET, HEAD and OPTIONS."), "Error"),
    "429": (_("Too many requests with this token; wait as long as Retry-After says."), "Error"),
}


def _response(status, description, schema_name):
    response = {
        "description": str(description),
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }
    if status == "401":
        response["headers"] = {
            "WWW-Authenticate": {"schema": {"type": "string"}, "description": str(_("Token"))},
        }
    if status == "429":
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": str(_("Seconds to wait."))},
        }
    return response


def add_error_responses(result, generator, request, public):
    """Every operation documents 400, 401, 403, 404, 405 and 429 with their bodies."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", _error())
    schemas.setdefault("ValidationError", _validation_error())
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "head", "options", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for status, (description, schema_name) in ERRORS.items():
                responses.setdefault(status, _response(status, description, schema_name))
    return result
