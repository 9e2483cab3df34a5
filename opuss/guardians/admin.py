"""Read-only: requests and answers are evidence (kept ten years); the admin shows them and offers
neither change nor deletion."""

from django.contrib import admin

from opuss.guardians.models import CorrectionHandling, GuardianRequest, GuardianResponse


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GuardianRequest)
class GuardianRequestAdmin(ReadOnlyAdmin):
    list_display = ["licence", "email", "sent_at", "reminders", "last_reminder_at"]
    search_fields = ["email", "licence__number", "licence__pupil__last_name"]
    exclude = ["nonce"]


@admin.register(GuardianResponse)
class GuardianResponseAdmin(ReadOnlyAdmin):
    list_display = [
        "licence",
        "channel",
        "answered_at",
        "data_correct",
        "image_rights",
        "ia_sport_plus",
        "keep_until",
    ]
    list_filter = ["channel", "image_rights", "data_correct"]
    search_fields = ["licence__number", "licence__pupil__last_name", "guardian_name"]


@admin.register(CorrectionHandling)
class CorrectionHandlingAdmin(ReadOnlyAdmin):
    list_display = ["response", "handled_at", "handled_by"]
    search_fields = ["response__licence__number", "response__licence__pupil__last_name"]
