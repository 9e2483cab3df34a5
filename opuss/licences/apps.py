from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "opuss.licences"
    verbose_name = "Licenciés et licences"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from opuss.licences.basket_checks import line_changed
        from opuss.licences.models import BasketLine

        # A line saved or deleted one by one (the forms, the admin) forgets its basket's kept
        # review; the services' bulk writes call `basket_checks.changed` themselves.
        post_save.connect(line_changed, sender=BasketLine, dispatch_uid="basket_line_saved")
        post_delete.connect(line_changed, sender=BasketLine, dispatch_uid="basket_line_deleted")
