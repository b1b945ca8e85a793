"""Admin views of the catalog that need more than a viewset attribute."""

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.snippets.views.snippets import CreateView

from catalog.services.stores import provision_store


class StoreCreateView(CreateView):
    """Creating a store in the admin also provisions it (group, collection, storefront page, permissions)."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)

    def save_instance(self):
        instance = super().save_instance()
        provision_store(instance)
        return instance
