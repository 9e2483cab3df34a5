from django.urls import path

from opuss.territories import views

app_name = "territories"

urlpatterns = [
    path("districts/", views.district_list, name="district_list"),
    path("districts/nouveau/", views.district_create, name="district_create"),
    path("districts/<int:pk>/", views.district_edit, name="district_edit"),
]
