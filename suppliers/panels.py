"""Panels that higher apps add to the supplier page. suppliers imports no other domain
app; contracts and followup register a panel here from their AppConfig.ready()."""

_panels = []


def register(func):
    """``func(request, supplier)`` returns ``(template_name, context)`` or None."""
    _panels.append(func)
    return func


def render_panels(request, supplier):
    return [panel for panel in (func(request, supplier) for func in _panels) if panel is not None]


# Panels that higher apps add to the portal home (the supplier user's own company page).
_portal_panels = []


def register_portal(func):
    """``func(request, supplier)`` returns ``(template_name, context)`` or None."""
    _portal_panels.append(func)
    return func


def render_portal_panels(request, supplier):
    return [panel for panel in (func(request, supplier) for func in _portal_panels) if panel is not None]
