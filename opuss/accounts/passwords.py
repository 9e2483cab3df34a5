"""Passwords that resist someone who knows the person: zxcvbn is given what an attacker would try
first (the federation's words, the person's names, e-mail, AS and the season), and a password must
stay hard to guess once those words are taken out of it."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django_zxcvbn_password_validator import ZxcvbnPasswordValidator

from opuss.seasons.models import Season

MIN_WORD_LENGTH = 3
NOT_A_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]+")

CONTEXT_MESSAGE = (
    "Votre mot de passe est trop facile à deviner : une fois retirés les mots qu'un attaquant "
    "essaierait d'abord (UNSS, OPUSS, sport scolaire, votre nom, votre adresse mail, votre AS, la "
    "saison), il n'en reste presque rien. Ajoutez des mots sans rapport avec vous."
)


def fold(text: str) -> str:
    """Lower case without accents: "Héloïse" is typed "heloise"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def words_of(text: str | None) -> set[str]:
    """ "Jean-Pierre" gives "jean", "pierre" and "jeanpierre"; shorter words than three letters
    are noise."""
    parts = NOT_A_LETTER_OR_DIGIT.split(fold(text or ""))
    return {word for word in [*parts, "".join(parts)] if len(word) >= MIN_WORD_LENGTH}


def _association_texts(association) -> list[str]:
    establishment = association.establishment
    return [association.code, establishment.name, establishment.city]


def _role_texts(user) -> list[str]:
    texts: list[str] = []
    for assignment in user.role_assignments_cached:
        if assignment.association is not None:
            texts += _association_texts(assignment.association)
        if assignment.department is not None:
            texts += [assignment.department.code, assignment.department.name]
        if assignment.academy is not None:
            texts.append(assignment.academy.name)
    return texts


def _pupil_texts(user) -> list[str]:
    pupil = getattr(user, "pupil", None)
    if pupil is None:
        return []
    texts = [pupil.last_name, pupil.first_name, pupil.email]
    for licence in pupil.licences.select_related("association__establishment"):
        texts += [licence.number, *_association_texts(licence.association)]
    return texts


def context_words(user) -> set[str]:
    """What an attacker knows, or guesses, about this person and this site."""
    season = Season.objects.current_or_none()
    texts = [season.label if season else ""]
    if user is not None:
        texts += [user.last_name, user.first_name, *(user.email or "").split("@")]
        if user.pk is not None:
            texts += _role_texts(user) + _pupil_texts(user)
    return set().union(*(words_of(text) for text in texts))


def without_words(password: str, words) -> str:
    """The password, folded, with each word taken out (the longest first)."""
    rest = fold(password)
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word, "")
    return rest


class ContextualZxcvbnValidator(ZxcvbnPasswordValidator):
    """zxcvbn with the person's context. zxcvbn counts a separator as a brute-forced character and
    any three-part sequence as at least 10^8 guesses, so "unss-opuss-2025" scores well even when it
    knows both words: what is left once the context is removed ("--2025") is judged too."""

    def _get_user_inputs(self, user):
        return [*super()._get_user_inputs(user), *sorted(self._words(user))]

    def _words(self, user) -> set[str]:
        site_words = {word for term in self.extra_dictionary for word in words_of(term)}
        return site_words | context_words(user)

    def validate(self, password, user=None):
        super().validate(password, user)
        rest = without_words(password, self._words(user))
        if rest == fold(password):
            return
        # zxcvbn fails on an empty password: nothing left is as guessable as it gets.
        if not rest or self._run_zxcvbn(rest, user)["score"] < self.password_minimal_strength:
            raise ValidationError(CONTEXT_MESSAGE, code="password_from_context")
