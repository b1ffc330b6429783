"""The personal calendar feed (`/calendar/`): every user makes, replaces and revokes their own
secret feed URL under My settings; the feed itself (`/calendar/feed/<token>.ics`) needs no
session, so calendar programs can fetch it, and answers 404 to a revoked or unknown token."""

import datetime

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from followup.meetings.calendar import _domain
from followup.models import CalendarFeed
from oslo_procurement.accounts.access import public

from . import services
from .selectors import feed_deadlines

NEW_TOKEN_SESSION = "calendar_new_token"  # noqa: S105 (a session key name)


def _user_view(view):
    view = login_required(view)
    view.access = "user"
    return view


@_user_view
def feed_settings(request):
    """GET: the user's feed, and its URL once right after it was made; POST: make or revoke."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if services.calendar_feed_revoke(user=request.user):
                messages.success(request, _("Your calendar feed is switched off: its address no longer works."))
        else:
            request.session[NEW_TOKEN_SESSION] = services.calendar_feed_create(user=request.user)
            messages.success(request, _("Your calendar feed is ready. Copy its address now: it is shown only once."))
        return redirect("calendar:settings")
    token = request.session.pop(NEW_TOKEN_SESSION, None)
    feed_url = request.build_absolute_uri(reverse("calendar:feed", args=[token])) if token else ""
    active = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    return render(request, "followup/calendar/settings.html", {"active": active, "feed_url": feed_url})


_SUMMARY = {
    "assessment": lambda item: _("Self-assessment due: %(title)s") % {"title": item.title},
    "round": lambda item: _("Self-assessment round closes: %(title)s") % {"title": item.title},
    "action": lambda item: (
        _("Corrective action due: %(title)s (%(supplier)s)") % {"title": item.title, "supplier": item.supplier}
    ),
}


@public
@require_GET
def feed(request, token):
    """The iCalendar feed of one user's deadlines, in the user's language; all-day events."""
    user = services.calendar_feed_user(token)
    if user is None:
        raise Http404("No such calendar feed.")
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Oslo Procurement//Deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    stamp = timezone.now().astimezone(datetime.UTC)
    with translation.override(user.language):
        calendar.add("x-wr-calname", _("Follow-up deadlines"))
        for item in feed_deadlines(user):
            event = icalendar.Event()
            event.add("uid", f"{item.uid}@{_domain()}")
            event.add("dtstamp", stamp)
            event.add("dtstart", item.day)
            event.add("dtend", item.day + datetime.timedelta(days=1))
            event.add("summary", _SUMMARY[item.kind](item))
            event.add("url", item.url)
            event.add("description", item.url)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
