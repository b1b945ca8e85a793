"""Signal wiring for the catalog (cache invalidation etc. is added here, never in model.save())."""
from django.db.models.signals import post_delete, post_save

from .channels import forget_channels
from .models import Channel

post_save.connect(forget_channels, sender=Channel, dispatch_uid="opop_forget_channels_on_save")
post_delete.connect(forget_channels, sender=Channel, dispatch_uid="opop_forget_channels_on_delete")
