class PayoutError(Exception):
    """A payout action refused; ``message`` is shown to the person (Indonesian through the catalogue)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


class DisbursementError(Exception):
    """The disbursement provider refused or did not answer. ``code`` is safe to log (never a key)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail
