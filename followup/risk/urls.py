from django.urls import path

from . import views

app_name = "risk"

urlpatterns = [
    path("", views.risk_overview, name="overview"),
    path("recompute/", views.risk_recompute_all, name="recompute_all"),
    path("supplier/<uuid:public_id>/", views.supplier_risk, name="supplier"),
    path("supplier/<uuid:public_id>/recompute/", views.supplier_recompute, name="recompute"),
    path("agreement/<uuid:public_id>/", views.agreement_risk, name="agreement"),
    path("agreement/<uuid:public_id>/recompute/", views.agreement_recompute, name="agreement_recompute"),
    path("ratings/", views.ratings, name="ratings"),
    path("ratings/countries/", views.country_rating_edit, name="country_edit"),
    path("ratings/countries/remove/", views.country_rating_remove, name="country_remove"),
    path("ratings/categories/", views.category_ratings_edit, name="category_edit"),
]
