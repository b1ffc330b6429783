"""Panels that higher apps add to the supplier page. suppliers imports no other domain
app; contracts and followup register a panel here from their AppConfig.ready()."""

_panels = []


def register(func):
    """``func(request, supplier)`` returns ``(template_name, context)`` or None."""
    _panels.append(func)
    return func


def render_panels(request, supplier):
    return [panel for panel in (func(request, supplier) for func in _panels) if panel is not None]


# Short panels shown under the supplier's facts at the top of the page (the buyer's
# responsible officer, for example); same signature as ``register``.
_summary_panels = []


def register_summary(func):
    _summary_panels.append(func)
    return func


def render_summary_panels(request, supplier):
    return [panel for panel in (func(request, supplier) for func in _summary_panels) if panel is not None]


# The supplier list asks the buyer's side which suppliers are the user's own ("my
# suppliers") and who is responsible for each; contracts registers both functions.
_responsibility = {}


def register_responsibility(*, mine, names):
    """``mine(request)`` returns a subquery of supplier ids (or None when the user has no
    buyer); ``names(request, supplier_ids)`` returns ``{supplier id: officer's name}``."""
    _responsibility.update(mine=mine, names=names)


def my_supplier_ids(request):
    func = _responsibility.get("mine")
    return func(request) if func else None


def responsible_names(request, supplier_ids):
    func = _responsibility.get("names")
    return func(request, supplier_ids) if func else {}


# Panels that higher apps add to the portal home (the supplier user's own company page).
_portal_panels = []


def register_portal(func):
    """``func(request, supplier)`` returns ``(template_name, context)`` or None."""
    _portal_panels.append(func)
    return func


def render_portal_panels(request, supplier):
    return [panel for panel in (func(request, supplier) for func in _portal_panels) if panel is not None]
