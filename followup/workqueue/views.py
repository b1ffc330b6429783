"""The staff start page, a work queue (``/``), and the lists of its lines that have no list
elsewhere (``/work/<line>/``). Everything is scoped to the user's buyer (contracts.access);
``?mine=1`` narrows it to the user's own suppliers."""

from django.http import Http404
from django.shortcuts import render

from contracts.access import get_user_buyer
from oslo_procurement.accounts.access import staff_required
from oslo_procurement.core import paginate

from . import selectors


def _context(request):
    return selectors.Context(buyer=get_user_buyer(request), user=request.user, mine=request.GET.get("mine") == "1")


@staff_required
def home(request):
    ctx = _context(request)
    return render(
        request,
        "followup/workqueue/home.html",
        {"buyer": ctx.buyer, "mine": ctx.mine, "lines": selectors.work_queue(ctx)},
    )


@staff_required
def line_list(request, line):
    """The records one line of the work queue counts."""
    the_line = selectors.LINES_BY_SLUG.get(line)
    if the_line is None or the_line.list_url is not None or the_line not in selectors.lines_for(request.user):
        raise Http404("No such line in the work queue.")
    ctx = _context(request)
    page = paginate(request, the_line.records(ctx))
    return render(
        request,
        "followup/workqueue/line_list.html",
        {"line": the_line, "page": page, "mine": ctx.mine, "today": ctx.today},
    )
