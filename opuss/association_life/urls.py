from django.urls import path

from opuss.association_life import views

app_name = "association_life"

urlpatterns = [
    path("as/<str:code>/vie/", views.association_page, name="association"),
    path("as/<str:code>/vie/<str:season>/", views.entry, name="entry"),
    path("vie-des-as/", views.staff_list, name="staff_list"),
]
