"""The API's human-readable documentation (/api/v1/docs/), rendered on the server from the
same OpenAPI description as /api/v1/schema/. A plain page of the app: no third-party
script, so it keeps the strict Content-Security-Policy and reads well with a screen reader."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from oslo_procurement.accounts.access import public

from .permissions import STAFF, SUPPLIER
from .views import router

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


def _resolve(schema, components):
    """Follow a $ref (also inside allOf/oneOf of one plus null) to the component."""
    for key in ("allOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if not _is_null(s, components)]
            if len(options) == 1:
                resolved = _resolve(options[0], components)
                return {**resolved, "nullable": schema.get("nullable") or len(options) != len(schema[key])}
    if "$ref" in schema:
        return _resolve(components[_ref_name(schema["$ref"])], components)
    return schema


def _is_null(schema, components):
    if "$ref" in schema:
        schema = components[_ref_name(schema["$ref"])]
    return schema.get("enum") == [None]


def _type_text(schema):
    if "enum" in schema:
        return ", ".join(str(value) for value in schema["enum"] if value not in (None, ""))
    kind = schema.get("type", "object")
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    return kind


def _fields(schema, components, prefix="", depth=0):
    """Rows ``{"name", "type", "nullable", "description", "enum"}`` for an object's
    properties, nested objects and arrays of objects as dotted names."""
    rows = []
    for name, prop in (schema.get("properties") or {}).items():
        description = prop.get("description", "")
        resolved = _resolve(prop, components)
        nullable = bool(prop.get("nullable") or resolved.get("nullable"))
        full = f"{prefix}{name}"
        if resolved.get("type") == "array":
            item = _resolve(resolved.get("items", {}), components)
            if item.get("properties") and depth < NESTING:
                rows.append({"name": full, "type": "array", "nullable": nullable, "description": description})
                rows += _fields(item, components, f"{full}[].", depth + 1)
            else:
                rows.append(
                    {
                        "name": full,
                        "type": f"array of {_type_text(item)}",
                        "nullable": nullable,
                        "description": description or item.get("description", ""),
                    }
                )
        elif resolved.get("properties") and depth < NESTING:
            rows.append({"name": full, "type": "object", "nullable": nullable, "description": description})
            rows += _fields(resolved, components, f"{full}.", depth + 1)
        else:
            rows.append(
                {
                    "name": full,
                    "type": _type_text(resolved),
                    "nullable": nullable,
                    "description": description or resolved.get("description", "")
                    if "enum" not in resolved
                    else description,
                }
            )
    return rows


def _parameters(operation):
    return [
        {
            "name": p["name"],
            "where": p["in"],
            "type": _type_text(p.get("schema", {})),
            "required": p.get("required", False),
            "description": p.get("description", ""),
        }
        for p in operation.get("parameters", [])
    ]


def resources():
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
                "list_parameters": _parameters(list_op),
                "detail_parameters": _parameters(detail_op),
                "fields": _fields(item, components),
            }
        )
    return entries


@public
def api_docs(request):
    return render(
        request,
        "api/docs.html",
        {
            "resources": resources(),
            "title": openapi_schema()["info"]["title"],
            "version": openapi_schema()["info"]["version"],
            "example_url": request.build_absolute_uri(reverse("api:supplier-list")),
        },
    )
