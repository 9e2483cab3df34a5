import factory
from django.utils import timezone

from opuss.jo.models import Choice, Question
from opuss.sport.models import Activity
from tests.factories import UserFactory

DEFAULT_CHOICES = [("La bonne réponse", True), ("Une erreur", False), ("Une autre erreur", False)]


def activity(name: str = "Volley Ball") -> Activity:
    return Activity.objects.get(name=name)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A national question for Jeune arbitre, district, all activities, with three answers of
    which the first is right (`choices=[(text, correct), ...]` to change them)."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    role = "REFEREE"
    level = "DISTRICT"
    activity = None
    text = factory.Sequence(lambda n: f"Question {n} ?")
    explanation = "Parce que c'est la règle."
    academy = None
    created_by = factory.SubFactory(UserFactory)
    updated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        if not create:
            return
        for n, (text, correct) in enumerate(extracted or DEFAULT_CHOICES, start=1):
            Choice.objects.create(question=self, position=n, text=text, correct=correct)
