from django.urls import path

from opuss.seasons import views

app_name = "seasons"

urlpatterns = [
    path("simuler-ma-cotisation/", views.fee_simulator, name="fee_simulator"),
    path("saisons/ouvrir/", views.season_open, name="open"),
    path("saisons/<str:label>/circulaire/", views.circular, name="circular"),
]
