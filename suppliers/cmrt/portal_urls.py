from django.urls import path

from . import portal_views

app_name = "portal_cmrt"

urlpatterns = [
    path("", portal_views.report_list, name="list"),
    path("upload/", portal_views.upload, name="upload"),
    path("uploads/<uuid:public_id>/", portal_views.upload_status, name="upload_status"),
    path("<uuid:public_id>/", portal_views.report_detail, name="report_detail"),
]
