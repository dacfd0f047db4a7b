"""督办台账: turn policy documents into a supervision ledger (督办台账) and keep it."""

__version__ = "0.1.0"
APP_NAME = "督办台账"
