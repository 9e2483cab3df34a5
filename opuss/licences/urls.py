from django.urls import path

from opuss.licences import views

app_name = "licences"

urlpatterns = [
    path("mon-espace/", views.pupil_home, name="pupil_home"),
    path("<int:pk>/", views.pupil_detail, name="pupil_detail"),
]
