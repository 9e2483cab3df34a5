from django.urls import path

from opuss.licences import import_views

app_name = "imports"

urlpatterns = [
    path("as/<str:code>/panier/import/", import_views.upload, name="upload"),
    path("as/<str:code>/panier/import/confirmer/", import_views.confirm, name="confirm"),
    path("as/<str:code>/panier/import/modele.csv", import_views.template, name="template"),
    path("as/<str:code>/panier/import/<int:job_id>/", import_views.job, name="job"),
]
