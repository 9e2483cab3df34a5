from django.contrib import admin

from opuss.seasons.models import Season


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["label", "is_current"]
