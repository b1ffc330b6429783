"""Rendering many emails of one template at once, the same text as one by one.

The reminder sweep writes tens of thousands of emails in one run (58,000 on the first sweep
over 100,000 obligations), and Django renders one template in about half a millisecond: three
templates per email were most of the sweep's time. Yet those emails differ in few ways. A
reminder's context is a handful of free texts (the supplier's and the item's names, the
recipient's name, the link), which the templates only print, and a few values that choose the
wording (the number of days, the date, whether it is overdue).

So ``render_emails`` renders each *shape* once: the contexts that agree on every value that is
not a printed free text, with each free text replaced by a marker. The marker carries an "&",
so the output shows where it was HTML-escaped ("&amp;") and where not (the text parts and the
subject, under ``{% autoescape off %}``). Each email is then the shape's output with each
marker replaced by its text, escaped exactly as the template would have escaped it (Django's
``escape``).

That is only the same as rendering if a text is never transformed, compared, or used to
choose anything but "empty or not". ``template_plan`` reads the compiled templates (and the
templates they include) to find out, and allows only: printing a variable without filters
(``{{ title }}``, inside ``{% blocktranslate %}`` too, also through ``with name=title``), and
testing it for truth (``{% if invited %}``, with ``and``/``or``/``not``). A variable used any
other way (a filter, a comparison, ``{% translate var %}``) is part of the shape: its value is
compared, not replaced. A template with a tag outside a short list of known ones is rendered
one email at a time, as is a context with a value whose equality says nothing about how it
renders (a list, a model instance). Finally the first email of every shape is also rendered
the ordinary way and compared; if the two differ (a case this reasoning missed), the whole
shape is rendered one by one and a warning logged. tests/notifications/test_rendering.py
compares both ways for every reminder template with hostile texts.
"""

import datetime
import decimal
import logging
import re
import uuid
from dataclasses import dataclass
from html import escape as html_escape

from django.template import TemplateDoesNotExist
from django.template.base import TextNode as _TextNode
from django.template.base import TokenType, Variable, VariableNode
from django.template.defaulttags import AutoEscapeControlNode, CommentNode, IfNode, LoadNode, TemplateLiteral
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import IncludeNode
from django.templatetags.i18n import BlockTranslateNode, GetCurrentLanguageNode, TranslateNode
from django.utils.functional import Promise

logger = logging.getLogger(__name__)

PARTS = ("_subject.txt", ".txt", ".html")
MARK = re.compile("\ue000(\\d+)&(amp;)?\ue001")
MARK_CHARS = re.compile("[\ue000\ue001]")
# Values that choose a shape: equal values of one of these types render the same...
BY_VALUE = frozenset({type(None), bool, int, str, datetime.date, uuid.UUID})
# ...and of these, equal values may not (1.0 and 1.00, one moment in two time zones): their repr.
BY_REPR = frozenset({float, decimal.Decimal, datetime.datetime, datetime.time})
_MISSING = object()


class _Unfillable(Exception):
    """The template does something with its variables that the fill cannot reproduce."""


@dataclass(frozen=True)
class Plan:
    fillable: bool
    texts: frozenset = frozenset()  # names only printed or tested for truth: replaced by markers
    keys: frozenset = frozenset()  # names used in any other way: their values choose the shape

    @property
    def names(self):
        return tuple(sorted(self.texts | self.keys))


class _Uses:
    def __init__(self, engine):
        self.engine = engine
        self.plain = set()
        self.other = set()
        self.seen = set()

    # --- variables

    @staticmethod
    def root(var):
        if isinstance(var, Variable) and var.lookups:
            return var.lookups[0]
        return None

    def expression(self, fe):
        """A filter expression: its variable plainly printed, or every name in it used otherwise."""
        name = self.root(fe.var)
        if name is not None and not fe.filters and len(fe.var.lookups) == 1:
            return name
        self.other_in(fe)
        return None

    def other_in(self, fe):
        for var in [fe.var] + [arg for _func, args in fe.filters for _is_var, arg in args]:
            name = self.root(var)
            if name is not None:
                self.other.add(name)

    def condition(self, cond):
        if isinstance(cond, TemplateLiteral):
            name = self.expression(cond.value)
            if name is not None:
                self.plain.add(name)  # a truth test: the shape knows "empty or not"
            return
        if getattr(cond, "id", None) in ("and", "or", "not"):
            for operand in (cond.first, cond.second):
                if operand is not None:
                    self.condition(operand)
            return
        self.values(cond)

    def values(self, cond):
        """Operands of a comparison: their values matter, whatever they are."""
        if isinstance(cond, TemplateLiteral):
            self.other_in(cond.value)
            return
        for operand in (getattr(cond, "first", None), getattr(cond, "second", None)):
            if operand is not None:
                self.values(operand)

    # --- nodes

    def nodelist(self, nodes):
        for node in nodes:
            self.node(node)

    def node(self, node):  # noqa: C901  (one branch per known tag)
        kind = type(node)
        if kind in (_TextNode, CommentNode, LoadNode, GetCurrentLanguageNode):
            return
        if kind is VariableNode:
            name = self.expression(node.filter_expression)
            if name is not None:
                self.plain.add(name)
        elif kind is AutoEscapeControlNode:
            self.nodelist(node.nodelist)
        elif kind is IfNode:
            for cond, nodes in node.conditions_nodelists:
                if cond is not None:
                    self.condition(cond)
                self.nodelist(nodes)
        elif kind is TranslateNode:
            if node.asvar:
                raise _Unfillable("{% translate ... as %}")
            self.other_in(node.filter_expression)
            if node.message_context:
                self.other_in(node.message_context)
        elif kind is BlockTranslateNode:
            self.blocktranslate(node)
        elif kind is IncludeNode:
            fe = node.template
            if not isinstance(fe.var, str) or fe.filters or node.extra_context or node.isolated_context:
                raise _Unfillable("{% include %} of a variable, with or only")
            if fe.var not in self.seen:
                self.seen.add(fe.var)
                self.nodelist(self.engine.get_template(fe.var).nodelist)
        else:
            raise _Unfillable(kind.__name__)

    def blocktranslate(self, node):
        if node.asvar:
            raise _Unfillable("{% blocktranslate ... asvar %}")
        aliases = {}
        for alias, fe in node.extra_context.items():
            aliases[alias] = self.expression(fe)  # None: used otherwise, recorded
        if node.counter is not None:
            self.other_in(node.counter)
        if node.message_context:
            self.other_in(node.message_context)
        for token in list(node.singular) + list(node.plural or ()):
            if token.token_type != TokenType.VAR:
                continue
            name = token.contents
            if name == node.countervar and node.counter is not None:
                continue
            if name in aliases:
                if aliases[name] is not None:
                    self.plain.add(aliases[name])
                continue
            self.plain.add(name)


_plans = {}


def template_plan(template):
    """How the three templates ``<template>_subject.txt``, ``.txt`` and ``.html`` use their
    variables (see the module's docstring). Cached with the compiled templates: a template
    reloaded in development gets a new plan."""
    try:
        compiled = tuple(get_template(template + part).template for part in PARTS)
    except (TemplateDoesNotExist, AttributeError):  # missing, or not a Django template
        return Plan(False)
    cached = _plans.get(template)
    if cached is not None and all(a is b for a, b in zip(cached[0], compiled, strict=True)):
        return cached[1]
    uses = _Uses(compiled[0].engine)
    try:
        for part in compiled:
            uses.nodelist(part.nodelist)
    except _Unfillable as exc:
        logger.debug("%s is rendered one email at a time: %s", template, exc)
        plan = Plan(False)
    else:
        plan = Plan(True, texts=frozenset(uses.plain - uses.other), keys=frozenset(uses.other))
    _plans[template] = (compiled, plan)
    return plan


def _text(value):
    """Lazy translations (a choice's label) as the text they are in the active language: so a
    template renders them (``str()``, then escaped like any text)."""
    return str(value) if isinstance(value, Promise) else value


def _shape(plan, context):
    """The key of the shape ``context`` belongs to, the names replaced by markers and their
    values; (None, None, None) if a value's equality says nothing about its rendering. (Run
    for every email: kept plain and fast.)"""
    key, texts, values = [], [], []
    for name in plan.names:
        value = context.get(name, _MISSING)
        kind = value.__class__
        if kind is not str and isinstance(value, Promise):
            value = str(value)
            kind = str
        if kind is str and value and name in plan.texts:
            key.append(True)
            texts.append(name)
            values.append(value)
        elif kind in BY_VALUE:
            key.append((kind, value))
        elif value is _MISSING:
            key.append(None)
        elif kind in BY_REPR:
            key.append((kind, repr(value)))
        else:
            return None, None, None
    return tuple(key), tuple(texts), values


@dataclass(frozen=True)
class Shape:
    formats: tuple  # subject, text, html as str.format strings: {i} the text, {n + i} it escaped
    escaped: tuple  # for each text, whether it is printed escaped anywhere

    def fill(self, values, escapes):
        """The email for these texts; ``escapes`` caches each text escaped (a recipient's
        or a supplier's name comes back in many emails)."""
        args = list(values)
        for value, escaped in zip(values, self.escaped, strict=True):
            if escaped:
                done = escapes.get(value)
                if done is None:
                    # django.utils.html.escape's text, without its lazy wrapper and SafeString
                    done = escapes[value] = html_escape(value)
                args.append(done)
            else:
                args.append("")
        subject, text, html = (f.format(*args) for f in self.formats)
        return " ".join(subject.split()), text, html


def _format(output, count, escaped):
    """The shape's output as a str.format string; None if a marker came out transformed."""
    pieces = MARK.split(output)
    parts = []
    for index in range(0, len(pieces), 3):
        literal = pieces[index]
        if MARK_CHARS.search(literal):
            return None
        parts.append(literal.replace("{", "{{").replace("}", "}}"))
        if index + 1 < len(pieces):
            number, amp = int(pieces[index + 1]), pieces[index + 2]
            if amp is not None:
                escaped[number] = True
                number += count
            parts.append(f"{{{number}}}")
    return "".join(parts)


def render_one(template, context):
    """``<template>_subject.txt``, ``.txt`` and ``.html`` rendered with ``context`` in the
    active language and time zone; the subject on one line."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    return subject, text, html


def _render_raw(template, context):
    return tuple(render_to_string(template + part, context) for part in PARTS)


def render_emails(template, contexts):
    """[(subject, text, html)] for each of ``contexts``, in the active language and time
    zone, exactly as ``render_one`` renders each, rendering each shape once."""
    plan = template_plan(template)
    if not plan.fillable:
        return [render_one(template, context) for context in contexts]
    results = []
    shapes = {}  # key -> its Shape, or None: render one by one
    escapes = {}
    for context in contexts:
        key, texts, values = _shape(plan, context)
        if key is None:
            results.append(render_one(template, context))
            continue
        if key not in shapes:
            shapes[key] = _make_shape(template, context, texts, values)
        shape = shapes[key]
        results.append(render_one(template, context) if shape is None else shape.fill(values, escapes))
    return results


def _make_shape(template, context, texts, values):
    """Render the shape of ``context`` with markers and check it against the ordinary
    rendering of this first context. Returns the Shape, or None."""
    marked = {name: _text(value) for name, value in context.items()}
    for number, name in enumerate(texts):
        marked[name] = f"\ue000{number}&\ue001"
    escaped = [False] * len(texts)
    formats = tuple(_format(output, len(texts), escaped) for output in _render_raw(template, marked))
    shape = None if None in formats else Shape(formats, tuple(escaped))
    if shape is None or shape.fill(values, {}) != render_one(template, context):
        logger.warning("Email template %s: a shape could not be filled; its emails are rendered one by one", template)
        return None
    return shape
