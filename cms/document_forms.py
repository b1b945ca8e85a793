"""Wagtail's document form as this project uses it (named by ``WAGTAILDOCS_DOCUMENT_FORM_BASE``; not imported by
``cms.models``, since Wagtail's document forms need the models loaded)."""

from wagtail.documents.forms import BaseDocumentForm


class ShopDocumentForm(BaseDocumentForm):
    """Wagtail's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``, so every upload path uses it) without a
    confusing second error: a file refused for its size reached the model's extension check empty and added
    "File extension “” is not allowed" under the size message."""

    def _post_clean(self):
        refused = list(self._errors.get("file") or []) if self._errors else []
        super()._post_clean()  # AbstractDocument.clean() checks the extension of the (empty) file again
        if refused:
            self._errors["file"] = self.error_class(refused)
