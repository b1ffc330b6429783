from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("drilldown/<slug:figure>/", views.drilldown, name="drilldown"),
    path("runs/new/", views.run_create, name="run_create"),
    path("runs/<uuid:public_id>/", views.run_detail, name="run_detail"),
    path("runs/<uuid:public_id>/status/", views.run_status, name="run_status"),
    path("runs/<uuid:public_id>/download/", views.run_download, name="run_download"),
    path("subscriptions/", views.subscription_list, name="subscription_list"),
    path("subscriptions/new/", views.subscription_create, name="subscription_create"),
    path("subscriptions/<uuid:public_id>/", views.subscription_detail, name="subscription_detail"),
    path("subscriptions/<uuid:public_id>/edit/", views.subscription_edit, name="subscription_edit"),
    path("subscriptions/<uuid:public_id>/preview/", views.subscription_preview, name="subscription_preview"),
    path("subscriptions/<uuid:public_id>/send-now/", views.subscription_send_now, name="subscription_send_now"),
    path("subscriptions/<uuid:public_id>/recipients/new/", views.recipient_add, name="recipient_add"),
    path("recipients/<uuid:public_id>/remove/", views.recipient_remove, name="recipient_remove"),
    path("deliveries/", views.delivery_log, name="delivery_log"),
    path("deliveries/<uuid:public_id>/resend/", views.delivery_resend, name="delivery_resend"),
]
