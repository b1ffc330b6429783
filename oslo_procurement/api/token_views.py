"""The API tokens page under My settings: every user makes and revokes their own tokens.
A new key is shown once, on the page the creation redirects to, and never again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from oslo_procurement.core import _add_errors

from . import services
from .forms import TokenForm
from .models import ApiToken

NEW_KEY_SESSION = "api_new_token_key"


def _user_view(view):
    """Any logged-in user, for their own tokens (marked for the URL walk)."""
    view = login_required(view)
    view.access = "user"
    return view


@_user_view
def token_list(request):
    """GET: the user's tokens; POST: make one and show its key once."""
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.scope_value(),
                expires_at=form.expires_at(),
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            # Kept in the server-side session (never a cookie) until the next page shows it.
            request.session[NEW_KEY_SESSION] = {"id": str(token.public_id), "key": key}
            return redirect("api_tokens:list")
    new_key = request.session.pop(NEW_KEY_SESSION, None) if request.method == "GET" else None
    tokens = ApiToken.objects.filter(user=request.user).select_related("revoked_by").order_by("-created_at")[:50]
    return render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": tokens, "new_key": new_key},
        status=400 if form.errors else 200,
    )


@_user_view
def token_revoke(request, public_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    token = get_object_or_404(ApiToken, public_id=public_id, user=request.user)
    if services.token_revoke(token=token, actor=request.user, request=request):
        messages.success(
            request, _("Token “%(name)s” revoked: programs using it are refused from now on.") % {"name": token.name}
        )
    return redirect("api_tokens:list")
