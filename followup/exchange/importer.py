"""Reading a partner's exchange file: size, encoding, JSON, then the published schema
(schema/exchange-v1.schema.json, with the ``jsonschema`` package), then the dates. Every
problem becomes a message in the user's language that says where in the file it is; the
caller saves nothing unless this returns a document.

Hostile files are refused before they cost much: the size is capped
(``EXCHANGE_IMPORT_MAX_BYTES``), NaN/Infinity and duplicate keys are not JSON we accept,
nesting too deep for the parser is caught, every string and list in the schema has a
maximum length, and at most MAX_ERRORS messages are collected."""

import datetime
import functools
import itertools
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker

from .serializers import FORMAT, VERSION, load_schema

MAX_ERRORS = 10


class _Refused(ValueError):
    pass


def _no_constants(name):
    raise _Refused(_("The file contains %(value)s, which is not a number JSON allows.") % {"value": name})


def _no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise _Refused(_("The file names the field “%(field)s” twice in one object.") % {"field": key[:60]})
        seen[key] = value
    return seen


@functools.cache
def validator():
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def where(path):
    """``suppliers #3 › findings #1 › severity`` for ['suppliers', 2, 'findings', 0, 'severity']."""
    parts = []
    for part in path:
        if isinstance(part, int):
            if parts:
                parts[-1] = f"{parts[-1]} #{part + 1}"
            else:
                parts.append(f"#{part + 1}")
        else:
            parts.append(str(part)[:60])
    return " › ".join(parts) if parts else _("The file")


def _short(value):
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


TYPE_LABELS = {
    "string": lambda: _("text"),
    "number": lambda: _("a number"),
    "integer": lambda: _("a whole number"),
    "array": lambda: _("a list"),
    "object": lambda: _("an object"),
    "boolean": lambda: _("true or false"),
    "null": lambda: _("null"),
}


def error_message(error):
    """One jsonschema error as a sentence in the user's language."""
    place = where(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return _("%(where)s: the field “%(field)s” is missing.") % {"where": place, "field": ", ".join(missing)}
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - known) if isinstance(error.instance, dict) else []
        return _("%(where)s: unknown field “%(field)s”.") % {"where": place, "field": _short(", ".join(extra))}
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        labels = [str(TYPE_LABELS[t]()) for t in expected if t in TYPE_LABELS]
        return _("%(where)s: expected %(expected)s.") % {"where": place, "expected": " / ".join(labels)}
    if kind in ("enum", "const"):
        return _("%(where)s: “%(value)s” is not one of the allowed values.") % {
            "where": place,
            "value": _short(error.instance),
        }
    if kind == "maxLength":
        return _("%(where)s: the text is longer than %(limit)s characters.") % {
            "where": place,
            "limit": error.validator_value,
        }
    if kind == "minLength":
        return _("%(where)s: must not be empty.") % {"where": place}
    if kind == "maxItems":
        return _("%(where)s: more than %(limit)s entries.") % {"where": place, "limit": error.validator_value}
    if kind in ("pattern", "format"):
        return _("%(where)s: “%(value)s” is not in the expected format.") % {
            "where": place,
            "value": _short(error.instance),
        }
    if kind in ("minimum", "maximum"):
        return _("%(where)s: the number %(value)s is out of range.") % {"where": place, "value": _short(error.instance)}
    if kind == "anyOf" and error.absolute_path and error.absolute_path[0] == "suppliers":
        return _("%(where)s: a supplier needs an organisation number or a foreign registry id.") % {"where": place}
    return _("%(where)s: the value is not allowed.") % {"where": place}


def parse_datetime(value):
    moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(value)
    return moment


def _check_dates(document):
    """The schema checks the shape of each date; this checks it is a real one."""
    problems = []

    def check(path, value, *, moment=False):
        if value is None:
            return
        try:
            parse_datetime(value) if moment else datetime.date.fromisoformat(value)
        except ValueError:
            problems.append(
                _("%(where)s: “%(value)s” is not a real date.") % {"where": where(path), "value": _short(value)}
            )

    check(["export", "exported_at"], document["export"]["exported_at"], moment=True)
    for s, supplier in enumerate(document["suppliers"]):
        for key in ("findings", "assessments", "corrective_actions"):
            for i, item in enumerate(supplier[key]):
                base = ["suppliers", s, key, i]
                check([*base, "updated_at"], item["updated_at"], moment=True)
                for field in ("recorded_on", "raised_on", "deadline", "submitted_on", "accepted_on", "verified_on"):
                    check([*base, field], item.get(field))
                if key == "findings":
                    check([*base, "source", "date"], (item.get("source") or {}).get("date"))
    return problems


def _check_unique_ids(document):
    problems = []
    for key in ("findings", "assessments", "corrective_actions"):
        seen = set()
        for s, supplier in enumerate(document["suppliers"]):
            for i, item in enumerate(supplier[key]):
                if item["id"] in seen:
                    problems.append(
                        _("%(where)s: the id %(id)s appears twice in the file.")
                        % {"where": where(["suppliers", s, key, i]), "id": item["id"]}
                    )
                seen.add(item["id"])
    return problems


def parse_exchange_file(content):
    """The document of an exchange file, or ValidationError with every problem found (at
    most MAX_ERRORS), each saying where it is."""
    limit = settings.EXCHANGE_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s. Ask the partner for a smaller export.")
            % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    if not content.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not a JSON text file (it is not UTF-8)."), code="not_text") from None
    if "\x00" in text:
        raise ValidationError(_("The file is not a JSON text file."), code="not_text")
    try:
        document = json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_duplicates)
    except _Refused as exc:
        raise ValidationError(str(exc), code="bad_json") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("The file is not valid JSON: %(problem)s at line %(line)s, column %(column)s.")
            % {"problem": exc.msg, "line": exc.lineno, "column": exc.colno},
            code="bad_json",
        ) from None
    except (RecursionError, ValueError):
        raise ValidationError(
            _("The file is not valid JSON: it is nested too deeply or too large."), code="bad_json"
        ) from None
    if not isinstance(document, dict):
        raise ValidationError(_("The file is not an exchange file: it must hold one JSON object."), code="not_exchange")
    if document.get("format") != FORMAT:
        raise ValidationError(
            _("The file is not an exchange file from Oslo Procurement (its “format” is not “%(format)s”).")
            % {"format": FORMAT},
            code="not_exchange",
        )
    if document.get("version") != VERSION:
        raise ValidationError(
            _("The file uses version “%(version)s” of the exchange format; this installation reads version %(ours)s.")
            % {"version": _short(document.get("version")), "ours": VERSION},
            code="version",
        )
    messages = [error_message(error) for error in itertools.islice(validator().iter_errors(document), MAX_ERRORS)]
    if messages:
        raise ValidationError(messages, code="schema")
    problems = (_check_dates(document) + _check_unique_ids(document))[:MAX_ERRORS]
    if problems:
        raise ValidationError(problems, code="schema")
    return document
