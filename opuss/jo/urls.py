from django.urls import path

from opuss.jo import question_views, staff_views, views

app_name = "jo"

urlpatterns = [
    # The pupil's own.
    path("jo/", views.pupil_jo, name="pupil_jo"),
    path("jo/questionnaire/", views.quiz, name="quiz"),
    path("jo/questionnaire/<int:pk>/", views.attempt, name="attempt"),
    # An AS's Jeunes Officiels.
    path("jo/as/<str:code>/", staff_views.association_certifications, name="association"),
    path(
        "jo/as/<str:code>/certifier/", staff_views.association_certify, name="association_certify"
    ),
    path(
        "jo/as/<str:code>/evenements/",
        staff_views.association_officiatings,
        name="association_events",
    ),
    path(
        "jo/as/<str:code>/evenements/saisir/",
        staff_views.association_record,
        name="association_record",
    ),
    # A territory's (SD, SR, DN).
    path("jo/services/", staff_views.staff_certifications, name="staff"),
    path("jo/services/certifier/", staff_views.staff_certify, name="staff_certify"),
    path("jo/services/evenements/", staff_views.staff_officiatings, name="staff_events"),
    path("jo/services/evenements/saisir/", staff_views.staff_record, name="staff_record"),
    # The question bank (SR, DN).
    path("jo/questions/", question_views.question_list, name="questions"),
    path("jo/questions/nouvelle/", question_views.question_create, name="question_create"),
    path("jo/questions/<int:pk>/", question_views.question_edit, name="question_edit"),
]
