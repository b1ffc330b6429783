"""The API's human-readable documentation (/api/v1/docs/), rendered on the server from the
same OpenAPI description as /api/v1/schema/. A plain page of the app: no third-party
script, so it keeps the strict Content-Security-Policy and reads well with a screen reader."""

import re

from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from oslo_procurement.accounts.access import public

from .permissions import STAFF, SUPPLIER

_SCHEMAS = {}
NESTING = 3


def openapi_schema():
    """The OpenAPI description in the active language, generated once per language."""
    language = translation.get_language() or "nb"
    if language not in _SCHEMAS:
        _SCHEMAS[language] = SchemaGenerator().get_schema(request=None, public=True)
    return _SCHEMAS[language]


def _ref_name(ref):
    return ref.rsplit("/", 1)[-1]


def _component(schema, components):
    return components[_ref_name(schema["$ref"])] if "$ref" in schema else schema


def _is_null(schema, components):
    return _component(schema, components).get("enum") == [None]


def _is_blank(schema, components):
    schema = _component(schema, components)
    return schema.get("enum") == [""] or schema.get("maxLength") == 0


def _resolve(schema, components):
    """Follow $refs, and reduce a oneOf/allOf of one type plus null or empty to that type,
    noting ``nullable`` and ``blank``."""
    for key in ("allOf", "oneOf"):
        if key in schema:
            options = schema[key]
            kept = [o for o in options if not _is_null(o, components) and not _is_blank(o, components)]
            if len(kept) == 1:
                resolved = _resolve(kept[0], components)
                return {
                    **resolved,
                    "nullable": bool(schema.get("nullable") or any(_is_null(o, components) for o in options)),
                    "blank": any(_is_blank(o, components) for o in options),
                }
    if "$ref" in schema:
        return _resolve(components[_ref_name(schema["$ref"])], components)
    return schema


ENUM_LINE = re.compile(r"^\* `(?P<value>[^`]*)` - (?P<label>.*)$")


def _split_enum_labels(description):
    """drf-spectacular writes an enum's labels into the description as "* `value` - label"
    lines: return the rest of the text and the (value, label) pairs."""
    text, labels = [], []
    for line in (description or "").splitlines():
        match = ENUM_LINE.match(line.strip())
        if match:
            labels.append((match["value"], match["label"]))
        else:
            text.append(line)
    return "\n".join(text).strip(), labels


def _type_text(schema):
    if "enum" in schema:
        return ""
    kind = schema.get("type", "object")
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    return kind


def _row(name, prop, resolved, **extra):
    description, labels = _split_enum_labels(prop.get("description") or "")
    if "enum" in resolved:
        _own, labels_of_type = _split_enum_labels(resolved.get("description", ""))
        labels = labels or labels_of_type or [(str(v), "") for v in resolved["enum"] if v not in (None, "")]
    return {
        "name": name,
        "type": _type_text(resolved),
        "values": labels,
        "nullable": bool(prop.get("nullable") or resolved.get("nullable")),
        "blank": bool(resolved.get("blank")),
        "description": description or prop.get("title", ""),
        **extra,
    }


def _fields(schema, components, prefix="", depth=0):
    """Rows for an object's properties; nested objects and arrays of objects get dotted
    names (``suppliers[].supplier.id``)."""
    rows = []
    for name, prop in (schema.get("properties") or {}).items():
        resolved = _resolve(prop, components)
        full = f"{prefix}{name}"
        if resolved.get("type") == "array":
            item = _resolve(resolved.get("items", {}), components)
            if item.get("properties") and depth < NESTING:
                rows.append(_row(full, prop, {**resolved, "type": "array"}))
                rows += _fields(item, components, f"{full}[].", depth + 1)
            else:
                row = _row(full, prop, item)
                row["type"] = f"array of {row['type'] or 'values'}"
                rows.append(row)
        elif resolved.get("properties") and depth < NESTING:
            rows.append(_row(full, prop, {**resolved, "type": "object"}))
            rows += _fields(resolved, components, f"{full}.", depth + 1)
        else:
            rows.append(_row(full, prop, resolved))
    return rows


def _parameters(operation, components):
    return [
        _row(p["name"], p, _resolve(p.get("schema", {}), components), where=p["in"], required=p.get("required", False))
        for p in operation.get("parameters", [])
    ]


def resources(router):
    """One entry per registered endpoint: paths, who may read it, parameters and fields."""
    schema = openapi_schema()
    components = schema["components"]["schemas"]
    entries = []
    for prefix, viewset, basename in router.registry:
        list_path = reverse(f"api:{basename}-list")
        detail_path = next(p for p in schema["paths"] if p.startswith(list_path) and p != list_path)
        list_op = schema["paths"][list_path]["get"]
        detail_op = schema["paths"][detail_path]["get"]
        page = _resolve(list_op["responses"]["200"]["content"]["application/json"]["schema"], components)
        item = _resolve(page["properties"]["results"]["items"], components)
        entries.append(
            {
                "slug": prefix,
                "description": list_op.get("description", ""),
                "list_path": list_path,
                "detail_path": detail_path,
                "staff": STAFF in viewset.audiences,
                "supplier": SUPPLIER in viewset.audiences,
                "open_data": viewset.open_data,
                "list_parameters": _parameters(list_op, components),
                "detail_parameters": _parameters(detail_op, components),
                "fields": _fields(item, components),
            }
        )
    return entries


@public
def api_docs(request, router):
    return render(
        request,
        "api/docs.html",
        {
            "resources": resources(router),
            "title": openapi_schema()["info"]["title"],
            "version": openapi_schema()["info"]["version"],
            "example_url": request.build_absolute_uri(reverse("api:supplier-list")),
        },
    )
