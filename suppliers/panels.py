"""Panels that higher apps add to the supplier page. suppliers imports no other domain
app; contracts and followup register a panel here from their AppConfig.ready()."""

from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe

_panels = []


def register(func):
    """``func(request, supplier)`` returns ``(template, context)`` or None: ``template`` is a
    template's name or a ``Written`` panel."""
    _panels.append(func)
    return func


class Written:
    """A panel written in Python instead of a template: a panel function can return
    ``(Written(write), context)``. The pages show their panels with ``{% page_panels panels %}``
    (suppliers/templatetags/page_panels.py), which calls ``write(panel, context)`` with the
    panel's context and the page's (``can_edit``, ``user``, ``csrf_token``); it returns the
    panel's HTML, every value escaped with ``oslo_procurement.form_renderer.value_html`` as
    ``{{ value }}`` escapes it. ``render(context)`` lets ``{% include %}`` show it too, as the
    pages did before the tag.

    Eleven of the supplier page's panels are written so: a small template costs some 20 µs an
    include, 20 µs a ``blocktranslate`` and a few µs a variable, and the page took 9 % less CPU
    with them written (bench/README.md). Each writer's test renders the template it replaced
    (kept in tests/suppliers/panels_before/) beside it."""

    def __init__(self, write):
        self.write = write

    def render(self, context):
        # Every value is escaped by the writer (value_html), as the template escaped it.
        return mark_safe(self.write(context["panel"], context))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


_csrf_token = CsrfTokenNode()


def csrf_input(context):
    """``{% csrf_token %}`` for a written panel's form: Django's own tag rendered in the page's
    context (as the page header does, accounts/templatetags/chrome.py)."""
    return _csrf_token.render(context)


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


def register_responsibility(*, mine, names, followed, mine_of=None, followed_by=None):
    """``mine(request)`` returns a subquery of supplier ids (or None when the user has no
    buyer); ``names(request, supplier_ids)`` returns ``{supplier id: officer's name}``;
    ``followed(request)`` returns the buyer's rule for the suppliers its staff list (a Q on
    Supplier, or None for a user with no buyer: the whole registry). ``mine_of(buyer, user)``
    and ``followed_by(buyer)`` are the same two rules for a given buyer (a record or its id),
    which the list compiles once per process."""
    _responsibility.update(mine=mine, names=names, followed=followed, mine_of=mine_of, followed_by=followed_by)


def followed_scope(request):
    func = _responsibility.get("followed")
    return func(request) if func else None


def buyer_rules():
    """``(followed_by, mine_of)`` registered by the buyer's side, or None."""
    followed_by, mine_of = _responsibility.get("followed_by"), _responsibility.get("mine_of")
    return (followed_by, mine_of) if followed_by and mine_of else None


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


# A buyer's own notes and flags on smelters of the shared reference list (contracts keeps
# them, per buyer); the smelter list and the CMRT pages ask for the user's buyer's notes.
_smelter_notes = {}


def register_smelter_notes(func, *, url_name):
    """``func(request, cids)`` returns ``{cid: note}`` of the user's buyer (empty without one);
    ``url_name`` is the screen of one smelter's note (its argument: the smelter id, CID)."""
    _smelter_notes.update(func=func, url_name=url_name)
    return func


def smelter_note_url_name():
    return _smelter_notes.get("url_name")


def smelter_notes(request, cids):
    func = _smelter_notes.get("func")
    return func(request, list(cids)) if func and cids else {}
