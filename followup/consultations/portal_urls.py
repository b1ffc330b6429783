from django.urls import path

from . import portal_views

app_name = "portal_market"

urlpatterns = [
    path("", portal_views.event_list, name="list"),
    path("<uuid:public_id>/", portal_views.event_detail, name="detail"),
]
