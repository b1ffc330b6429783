"""``{% page_panels panels %}``: the panels that other apps add to a page (suppliers/panels.py),
each as ``{% for template, context in panels %}{% include template with panel=context %}{% endfor %}``
showed it: a written panel (``panels.Written``) writes itself from its context and the page's,
a template panel is rendered with ``panel`` added to the page's context. Without the loop's and
the include's own steps for each panel (the loop's variables, resolving the include's name and
its ``with``): 2.2 % of the supplier page's instructions, bench/README.md, "What cut the CPU".
tests/suppliers/test_written_panels.py compares it with the loop."""

from django import template
from django.utils.safestring import mark_safe

from suppliers.panels import Written

register = template.Library()


@register.simple_tag(takes_context=True)
def page_panels(context, panels):
    parts = []
    for panel_template, panel in panels:
        if isinstance(panel_template, Written):
            parts.append(panel_template.write(panel, context))
            continue
        with context.push(panel=panel):
            parts.append(context.template.engine.get_template(panel_template).render(context))
    # A written panel escapes every value it writes (Written); a template panel's autoescaping
    # is the page's, as when it was included.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal
