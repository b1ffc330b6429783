from django.urls import path

from . import portal_views

app_name = "portal_meetings"

urlpatterns = [
    path("", portal_views.meeting_list, name="list"),
    path("<uuid:public_id>/", portal_views.meeting_detail, name="detail"),
]
