from django.urls import path

from opuss.competitions import association_views, pupil_views, views

app_name = "competitions"

urlpatterns = [
    # The licencié (seed 000): "Je peux m'inscrire", "J'ai participé".
    path("competitions/je-peux-m-inscrire/", pupil_views.pupil_open, name="pupil_open"),
    path("competitions/j-ai-participe/", pupil_views.pupil_participated, name="pupil_participated"),
    # The AS enters its pupils.
    path("competitions/as/<str:code>/", association_views.association_page, name="association"),
    path("competitions/as/<str:code>/<int:pk>/inscrire/", association_views.enter, name="enter"),
    path(
        "competitions/as/<str:code>/inscriptions/<int:pk>/retirer/",
        association_views.withdraw,
        name="withdraw",
    ),
    path(
        "competitions/as/<str:code>/equipes/<int:pk>/retirer/",
        association_views.withdraw_team,
        name="withdraw_team",
    ),
    # The services organise.
    path("competitions/", views.manage, name="manage"),
    path("competitions/nouvelle/", views.create, name="create"),
    path("competitions/<int:pk>/", views.detail, name="detail"),
    path("competitions/<int:pk>/modifier/", views.edit, name="edit"),
    path("competitions/<int:pk>/participation/", views.record, name="record"),
]
