from django.urls import path

from . import token_views

app_name = "api_tokens"

urlpatterns = [
    path("", token_views.token_list, name="list"),
    path("<uuid:public_id>/revoke/", token_views.token_revoke, name="revoke"),
]
