from django.urls import path

from opuss.register import views

app_name = "register"

urlpatterns = [
    # The licencié (seed 000): "Registre de mon AS".
    path("registre/mon-as/", views.pupil_register, name="pupil_register"),
    path("registre/as/<str:code>/", views.association_page, name="association"),
    path("registre/as/<str:code>/nouveau/", views.create, name="create"),
    path("registre/as/<str:code>/<int:pk>/modifier/", views.edit, name="edit"),
    path("registre/as/<str:code>/<int:pk>/supprimer/", views.delete, name="delete"),
]
