from .channels import get_channels


def channel(request):
    return {"channel": getattr(request, "channel", None), "channels": get_channels}
