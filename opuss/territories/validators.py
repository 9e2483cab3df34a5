from django.core.exceptions import ValidationError

from opuss.rules.identifiers import InvalidUAI, normalize_uai


def validate_uai(value: str) -> None:
    try:
        normalize_uai(value)
    except InvalidUAI as error:
        raise ValidationError(str(error), code="invalid_uai") from error
