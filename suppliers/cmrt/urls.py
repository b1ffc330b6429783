from django.urls import path

from . import views

app_name = "cmrt"

urlpatterns = [
    path("<uuid:public_id>/", views.report_detail, name="report_detail"),
    path("supplier/<uuid:public_id>/", views.supplier_reports, name="supplier_reports"),
    path("supplier/<uuid:public_id>/upload/", views.upload, name="upload"),
    path("uploads/<uuid:public_id>/", views.upload_status, name="upload_status"),
    path("smelters/", views.smelter_list, name="smelter_list"),
    path("smelters/import/", views.smelter_import, name="smelter_import"),
]
