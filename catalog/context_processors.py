def channel(request):
    from .channels import get_channels

    return {"channel": getattr(request, "channel", None), "channels": get_channels}
