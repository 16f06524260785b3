"""Loading: every read of request folders, registers and configuration happens here."""
